import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type {
  Channel,
  Finding,
  PreferenceVerdict,
  RequestDetail,
  ResourcePersonView,
  Permissions,
  RoomView,
  ScheduleInput,
  SlotSearch,
  SlotSuggestion,
  UnitView,
} from "../api/types";
import { FieldErrors } from "./fieldErrors.svelte";

export const SUGGESTION_COUNT = 10;

/** Prefix of the panel's field error ids, apart from the request form's fields of the same path. */
export const SCHEDULE_SCOPE = "schedule";

/** Field paths of the core's answers that have an input in the panel. */
const PANEL_PATHS = [
  "from",
  "to",
  "unit_code",
  "duration_minutes",
  "date",
  "time",
  "room_code",
  "meeting_url",
  "resource_person_ids",
];

export type Refusal = { message: string; findings: Finding[] };

/** First booking of a request, or moving its active booking to a new slot. */
export type ScheduleMode = "schedule" | "reschedule";

const orNull = (value: string): string | null => (value.trim() === "" ? null : value.trim());

/**
 * The "Jadwalkan" panel of one stored request: looks for free slots, lets staff pick or type
 * one, and books it. The core judges every slot again on booking; a refusal leaves the
 * request (and what staff typed) as it was.
 */
export class SchedulePlanner {
  readonly #backend: Backend;
  readonly id: number;
  readonly channel: Channel;
  readonly mode: ScheduleMode;
  #searchSequence = 0;

  from = $state("");
  to = $state("");
  unitCode = $state("");
  duration = $state<number | null>(null);
  date = $state("");
  time = $state("");
  roomCode = $state("");
  meetingUrl = $state("");
  /** The suggestion the fields were last filled from, for highlighting it. */
  pickedKey = $state<string | null>(null);

  rooms = $state.raw<RoomView[]>([]);
  units = $state.raw<UnitView[]>([]);
  persons = $state.raw<ResourcePersonView[]>([]);
  /** The resource persons chosen for the booking; none means the unit as a whole. */
  personIds = $state<number[]>([]);
  catalogError = $state<string | null>(null);

  /** Each preferred slot of the request as the rules judge it, in the Pemda's order. */
  preferences = $state.raw<PreferenceVerdict[]>([]);
  suggestions = $state.raw<SlotSuggestion[]>([]);
  /** Faults of the request itself that refuse every slot until resolved. */
  requestBlocks = $state.raw<Finding[]>([]);
  searchPhase = $state<"idle" | "loading" | "done" | "error">("idle");
  searchError = $state<string | null>(null);

  saving = $state(false);
  formError = $state<string | null>(null);
  refusal = $state.raw<Refusal | null>(null);
  readonly errors = new FieldErrors();

  readonly inPerson = $derived.by(() => this.channel === "in_person");
  readonly activeRooms = $derived(this.rooms.filter((room) => room.active));
  /** The active resource persons of the chosen unit (once a unit is chosen or a slot picked). */
  readonly unitPersons = $derived(this.persons.filter((p) => p.active && p.unit_code === this.unitCode));
  /** Errors with no input in the panel; shown in its error area so none is lost. */
  readonly unplacedErrors = $derived(this.errors.entries().filter(([path]) => !PANEL_PATHS.includes(path)));

  constructor(
    backend: Backend,
    detail: Pick<RequestDetail, "id" | "channel" | "booking">,
    mode: ScheduleMode = "schedule",
  ) {
    this.#backend = backend;
    this.id = detail.id;
    this.channel = detail.channel;
    this.mode = mode;
    // A new slot usually keeps the unit, room, length and link of the one it replaces.
    const booking = mode === "reschedule" ? detail.booking : null;
    if (booking) {
      this.unitCode = booking.unit_code;
      this.roomCode = booking.room_code ?? "";
      this.meetingUrl = booking.meeting_url ?? "";
      this.personIds = [...booking.resource_person_ids];
      if (booking.duration_minutes > 0) this.duration = booking.duration_minutes;
    }
  }

  async loadCatalog(): Promise<void> {
    try {
      const [rooms, units, persons] = await Promise.all([
        this.#backend.listRooms(),
        this.#backend.listUnits(),
        this.#backend.listResourcePersons(),
      ]);
      this.rooms = rooms;
      this.units = units;
      this.persons = persons;
      this.catalogError = null;
    } catch (error) {
      this.catalogError = toApiError(error).message;
    }
  }

  roomName(code: string | null): string | null {
    if (!code) return null;
    return this.rooms.find((room) => room.code === code)?.name ?? code;
  }

  unitName(code: string): string {
    return this.units.find((unit) => unit.code === code)?.name ?? code;
  }

  searchInput(): SlotSearch {
    return {
      from: orNull(this.from),
      to: orNull(this.to),
      count: SUGGESTION_COUNT,
      unit_code: orNull(this.unitCode),
      duration_minutes: this.#durationOrNull(),
      // With persons named, another person of the unit may be busy at the same time.
      resource_person_ids: this.#chosenOfUnit(),
    };
  }

  /** The chosen persons who belong to the unit being booked; a unit change leaves others behind. */
  #chosenOfUnit(): number[] {
    const ofUnit = new Set(this.unitPersons.map((p) => p.id));
    return this.personIds.filter((id) => ofUnit.has(id));
  }

  async search(): Promise<void> {
    const mine = ++this.#searchSequence;
    this.searchPhase = "loading";
    this.searchError = null;
    this.#clearProblems();
    try {
      const found = await this.#backend.suggestSlots(this.id, this.searchInput());
      if (mine !== this.#searchSequence) return;
      this.preferences = found.preferences;
      this.suggestions = found.suggestions;
      this.requestBlocks = found.request_blocks;
      this.searchPhase = "done";
    } catch (error) {
      if (mine !== this.#searchSequence) return;
      const apiError = toApiError(error);
      this.preferences = [];
      this.suggestions = [];
      this.requestBlocks = [];
      this.searchPhase = "error";
      this.searchError = apiError.message;
      this.errors.replace(apiError.details.fields);
    }
  }

  static keyOf(suggestion: SlotSuggestion): string {
    return `${suggestion.starts_at}|${suggestion.room_code ?? ""}|${suggestion.unit_code}`;
  }

  /** Copies a suggestion into the schedule fields; staff may still change them. */
  pick(suggestion: SlotSuggestion): void {
    this.date = suggestion.date;
    this.time = suggestion.time;
    this.unitCode = suggestion.unit_code;
    if (this.inPerson) this.roomCode = suggestion.room_code ?? "";
    if (suggestion.duration_minutes > 0) this.duration = suggestion.duration_minutes;
    this.pickedKey = SchedulePlanner.keyOf(suggestion);
    this.#clearProblems();
  }

  togglePerson(id: number, chosen: boolean): void {
    this.personIds = chosen ? [...new Set([...this.personIds, id])] : this.personIds.filter((p) => p !== id);
  }

  toInput(): ScheduleInput {
    return {
      date: this.date,
      time: this.time,
      duration_minutes: this.#durationOrNull(),
      room_code: this.inPerson ? orNull(this.roomCode) : null,
      unit_code: orNull(this.unitCode),
      meeting_url: this.inPerson ? null : orNull(this.meetingUrl),
      resource_person_ids: this.#chosenOfUnit(),
    };
  }

  /** Books (or moves to) the slot; returns the updated request, or null when the core refused. */
  async submit(): Promise<RequestDetail | null> {
    if (this.saving) return null;
    this.#clearProblems();
    if (this.duration !== null && !Number.isInteger(this.duration)) {
      this.errors.replace([{ field: "duration_minutes", message: "Durasi harus bilangan bulat (menit)." }]);
      this.formError = "Jadwal belum tersimpan.";
      return null;
    }
    this.saving = true;
    try {
      const input = this.toInput();
      return this.mode === "reschedule"
        ? await this.#backend.rescheduleRequest(this.id, input)
        : await this.#backend.scheduleRequest(this.id, input);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === "policy" || apiError.code === "conflict") {
        this.refusal = { message: apiError.message, findings: apiError.details.findings };
      } else {
        this.formError = apiError.message;
        this.errors.replace(apiError.details.fields);
      }
      return null;
    } finally {
      this.saving = false;
    }
  }

  #durationOrNull(): number | null {
    return this.duration === null || Number.isNaN(this.duration) ? null : this.duration;
  }

  #clearProblems(): void {
    this.formError = null;
    this.refusal = null;
    this.errors.clear();
  }
}

/** What the schedule panel is shown for; read on every use, so it follows the form's props. */
export interface ScheduleContext {
  readonly detail: RequestDetail;
  /** What the acting profile may do, for hints only: the core decides. */
  readonly may: Permissions | null;
  /** The request form has unsaved edits: the core would judge the stored version. */
  readonly formDirty: boolean;
}

/** How a press of "Simpan jadwal" ended: booked, refused (problems kept), or not sent. */
export type ScheduleOutcome = "booked" | "refused" | "skipped";

/**
 * The schedule panel of the request form: the booking it describes (with the names of its
 * room, unit and resource persons), the hints on who may book and when, and the planner while
 * one is open.
 */
export class SchedulePanelState {
  readonly #backend: Backend;
  readonly #context: ScheduleContext;
  readonly #onscheduled: (detail: RequestDetail, mode: ScheduleMode) => void;

  planner = $state<SchedulePlanner | null>(null);
  // Names for the booking summary, loaded once there is a booking to describe.
  rooms = $state.raw<RoomView[]>([]);
  units = $state.raw<UnitView[]>([]);
  persons = $state.raw<ResourcePersonView[]>([]);

  readonly booking = $derived.by(() => this.#context.detail.booking);
  readonly rescheduling = $derived(this.planner?.mode === "reschedule");
  /** The booking step the status allows (a first booking or a new slot), as the core lists it. */
  readonly #bookingStep = $derived.by(
    () => this.#context.detail.actions.find((a) => a.action === "schedule" || a.action === "reschedule") ?? null,
  );
  /** What the booking still waits for (a tatap muka's letter verified), as the core says it. */
  readonly waitsFor = $derived(this.booking ? null : (this.#bookingStep?.waits_for ?? null));
  readonly secretariatOnly = $derived.by(
    () => !this.#context.may?.secretariat && (this.#bookingStep?.secretariat_only ?? false),
  );
  /** The blocking findings of the last refusal, listed under its message. */
  readonly blocking = $derived(this.planner?.refusal?.findings.filter((f) => f.severity === "block") ?? []);

  constructor(
    backend: Backend,
    context: ScheduleContext,
    onscheduled: (detail: RequestDetail, mode: ScheduleMode) => void,
  ) {
    this.#backend = backend;
    this.#context = context;
    this.#onscheduled = onscheduled;
  }

  /** Loads the names the booking summary shows, when there is a booking. */
  async describeBooking(): Promise<void> {
    if (!this.#context.detail.booking) return;
    try {
      [this.rooms, this.units, this.persons] = await Promise.all([
        this.#backend.listRooms(),
        this.#backend.listUnits(),
        this.#backend.listResourcePersons(),
      ]);
    } catch {
      // Codes are shown instead of names; nothing else depends on them.
    }
  }

  /** Opens a fresh planner and starts its first search. */
  open(mode: ScheduleMode = "schedule"): void {
    const next = new SchedulePlanner(this.#backend, this.#context.detail, mode);
    this.planner = next;
    void next.loadCatalog();
    void next.search();
  }

  close(): void {
    this.planner = null;
  }

  async submit(): Promise<ScheduleOutcome> {
    const current = this.planner;
    if (!current || this.#context.formDirty) return "skipped";
    const updated = await current.submit();
    if (!updated) return "refused";
    this.planner = null;
    this.rooms = current.rooms;
    this.units = current.units;
    this.persons = current.persons;
    this.#onscheduled(updated, current.mode);
    return "booked";
  }

  /** Edited fields lose their (now stale) error; inputs are named after their error path. */
  clearFieldError(name: string): void {
    this.planner?.errors.delete(name);
  }

  roomLabel(code: string | null): string | null {
    return code ? (this.rooms.find((r) => r.code === code)?.name ?? code) : null;
  }

  unitLabel(code: string): string {
    const unit = this.units.find((u) => u.code === code);
    return unit ? unit.short_name || unit.name : code;
  }

  personNames(ids: readonly number[]): string {
    return ids.map((id) => this.persons.find((person) => person.id === id)?.name ?? `#${id}`).join(", ");
  }
}
