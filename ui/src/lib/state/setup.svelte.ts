import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { ExportSettings, SetupItem, SetupStatus, SetupStep } from "../api/types";
import { FieldErrors } from "./fieldErrors.svelte";

/** The wizard's steps, in order; "done" is the closing page. */
export const SETUP_STEPS: ReadonlyArray<{ step: SetupStep | "done"; label: string }> = [
  { step: "letterhead", label: "Kop surat" },
  { step: "signatory", label: "Penandatangan" },
  { step: "organizer", label: "Penyelenggara undangan" },
  { step: "rooms", label: "Ruang rapat" },
  { step: "done", label: "Selesai" },
];

/**
 * What the core says is still missing from the desk's setup (placeholders letters and invites
 * would print, an active room) and whether the database is read-only. Kept by the app so the
 * banner, the wizard and the letter buttons agree.
 */
export class SetupState {
  readonly #backend: Backend;

  status = $state.raw<SetupStatus | null>(null);
  loadError = $state<string | null>(null);
  /**
   * The wizard opened by itself once this session: left ("Lewati untuk sekarang", or any other
   * screen), it is reached again from the banner only.
   */
  offered = $state(false);
  /** The wizard opens at its first step (the first start) rather than at the first step open. */
  walkFromStart = $state(false);

  readonly incomplete = $derived(this.status !== null && !this.status.complete);
  readonly readOnly = $derived(this.status?.read_only ?? false);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  async load(): Promise<SetupStatus | null> {
    try {
      this.status = await this.#backend.setupStatus();
      this.loadError = null;
    } catch (error) {
      this.loadError = toApiError(error).message;
    }
    return this.status;
  }

  /** The items of one step. */
  itemsOf(step: SetupStep | "done"): SetupItem[] {
    return (this.status?.items ?? []).filter((item) => item.step === step);
  }

  /** Where the wizard resumes: the first step with something missing, else the last. */
  firstOpenStep(): number {
    if (this.walkFromStart) return 0;
    const at = SETUP_STEPS.findIndex(({ step }) => this.itemsOf(step).length > 0);
    return at < 0 ? SETUP_STEPS.length - 1 : at;
  }
}

/** Text fields of the export settings form; multi-line settings are edited one entry per line. */
export type ExportSettingsFields = {
  letterhead: string;
  copies: string;
  place: string;
  signatory_position: string;
  signatory_name: string;
  signatory_nip: string;
  organizer_name: string;
  organizer_email: string;
  number_pattern: string;
  reminder_minutes: number;
};

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");

/**
 * The letter and invite settings as a form (Pengaturan › Surat & undangan and the wizard):
 * loaded from and saved through the core, whose field errors land beside the fields
 * ("letterhead[2]" beside the letterhead box).
 */
export class ExportSettingsForm {
  readonly #backend: Backend;

  fields = $state<ExportSettingsFields>({
    letterhead: "",
    copies: "",
    place: "",
    signatory_position: "",
    signatory_name: "",
    signatory_nip: "",
    organizer_name: "",
    organizer_email: "",
    number_pattern: "",
    reminder_minutes: 60,
  });
  loaded = $state(false);
  loadError = $state<string | null>(null);
  saving = $state(false);
  saved = $state(false);
  formError = $state<string | null>(null);
  readonly errors = new FieldErrors();

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  fill(settings: ExportSettings) {
    this.fields = {
      letterhead: settings.letterhead.join("\n"),
      copies: settings.copies.join("\n"),
      place: settings.place,
      signatory_position: settings.signatory_position,
      signatory_name: settings.signatory_name,
      signatory_nip: settings.signatory_nip ?? "",
      organizer_name: settings.organizer_name,
      organizer_email: settings.organizer_email,
      number_pattern: settings.number_pattern,
      reminder_minutes: settings.reminder_minutes,
    };
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      this.fill(await this.#backend.exportSettings());
      this.loaded = true;
    } catch (error) {
      this.loadError = toApiError(error).message;
    }
  }

  toInput(): ExportSettings {
    const f = this.fields;
    return {
      letterhead: lines(f.letterhead),
      copies: lines(f.copies),
      place: f.place,
      signatory_position: f.signatory_position,
      signatory_name: f.signatory_name,
      signatory_nip: f.signatory_nip.trim() === "" ? null : f.signatory_nip,
      organizer_name: f.organizer_name,
      organizer_email: f.organizer_email,
      number_pattern: f.number_pattern,
      reminder_minutes: Number(f.reminder_minutes) || 0,
    };
  }

  /** Saves the form; true when the core accepted it. */
  async save(): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    this.saved = false;
    this.formError = null;
    this.errors.clear();
    try {
      this.fill(await this.#backend.saveExportSettings(this.toInput()));
      this.saved = true;
      return true;
    } catch (error) {
      const apiError = toApiError(error);
      this.formError = apiError.message;
      // "letterhead[2]" belongs to the letterhead box, and so on.
      this.errors.replace(apiError.details.fields.map((f) => ({ ...f, field: f.field.replace(/\[\d+\]$/, "") })));
      return false;
    } finally {
      this.saving = false;
    }
  }
}
