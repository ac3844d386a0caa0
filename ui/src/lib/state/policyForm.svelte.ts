import type { FieldError, PolicyInput, PolicySettings } from "../api/types";
import { FieldErrors } from "./fieldErrors.svelte";
import { WeekEditor } from "./weekEditor.svelte";

export type PolicyNumberKey = Exclude<keyof PolicySettings, "weekly_windows">;

export type PolicyNumberField = { key: PolicyNumberKey; label: string; unit: string; min: number };

/** Every number of PolicySettings, in the order the screen shows them. */
export const POLICY_NUMBER_FIELDS: readonly PolicyNumberField[] = [
  { key: "guest_cap_in_person", label: "Batas tamu tatap muka", unit: "orang", min: 1 },
  { key: "guest_cap_video", label: "Batas peserta video conference", unit: "orang", min: 1 },
  { key: "lead_days_in_person", label: "Tenggang tatap muka", unit: "hari kerja", min: 0 },
  { key: "lead_days_video", label: "Tenggang video conference", unit: "hari kerja", min: 0 },
  { key: "daily_cap_in_person", label: "Kuota tatap muka per hari", unit: "konsultasi", min: 1 },
  { key: "default_duration_minutes", label: "Durasi baku", unit: "menit", min: 15 },
  { key: "buffer_minutes", label: "Jeda antarjadwal", unit: "menit", min: 0 },
];

const PLACED = new Set<string>(["effective_from", "note", ...POLICY_NUMBER_FIELDS.map((f) => f.key)]);

function numbersOf(settings: PolicySettings): Record<PolicyNumberKey, number | null> {
  return Object.fromEntries(POLICY_NUMBER_FIELDS.map(({ key }) => [key, settings[key]])) as Record<
    PolicyNumberKey,
    number | null
  >;
}

/** The "new policy version" form. The core checks the ranges; this only keeps the types whole. */
export class PolicyFormState {
  numbers = $state<Record<PolicyNumberKey, number | null>>({} as Record<PolicyNumberKey, number | null>);
  readonly week: WeekEditor;
  effectiveFrom = $state("");
  note = $state("");

  saving = $state(false);
  formError = $state<string | null>(null);
  readonly errors = new FieldErrors();

  readonly unplacedErrors = $derived(
    this.errors.entries().filter(([path]) => !PLACED.has(path) && !path.startsWith("weekly_windows")),
  );

  constructor(settings: PolicySettings, effectiveFrom: string) {
    this.numbers = numbersOf(settings);
    this.week = new WeekEditor(settings.weekly_windows);
    this.effectiveFrom = effectiveFrom;
  }

  /** Fills every setting (not the date or note) from `settings`, e.g. the shipped defaults. */
  fill(settings: PolicySettings): void {
    this.numbers = numbersOf(settings);
    this.week.reset(settings.weekly_windows);
    this.errors.deletePrefix("");
  }

  /**
   * Numbers the contract cannot carry (empty, fractional, negative) never leave the form;
   * everything else, ranges included, is for the core to judge.
   */
  localErrors(): FieldError[] {
    return POLICY_NUMBER_FIELDS.flatMap(({ key, label }) => {
      const value = this.numbers[key];
      return value === null || value === undefined || !Number.isInteger(value) || value < 0
        ? [{ field: key, message: `${label} wajib diisi dengan bilangan bulat 0 atau lebih.` }]
        : [];
    });
  }

  toInput(): PolicyInput {
    const settings = {
      ...Object.fromEntries(POLICY_NUMBER_FIELDS.map(({ key }) => [key, this.numbers[key] ?? 0])),
      weekly_windows: this.week.toSettings(),
    } as PolicySettings;
    const note = this.note.trim();
    return { effective_from: this.effectiveFrom, settings, note: note === "" ? null : note };
  }
}
