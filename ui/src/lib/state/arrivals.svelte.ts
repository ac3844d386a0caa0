import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type {
  ArrivalView,
  ArrivalsDay,
  CheckInInput,
  CheckInPreview,
  FieldError,
  GuestView,
  RequestDetail,
  RoomView,
  WalkInInput,
} from "../api/types";
import { todayInOffice } from "../format";
import { FieldErrors } from "./fieldErrors.svelte";
import { RequestFormState } from "./requestForm.svelte";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A guest typed in at the desk: an unannounced one at check-in, or one of a walk-in delegation. */
export type GuestEntryRow = {
  key: number;
  name: string;
  position: string;
  institution: string;
  is_regional_head: boolean;
};

let nextKey = 1;
const newGuestEntry = (): GuestEntryRow => ({ key: nextKey++, name: "", position: "", institution: "", is_regional_head: false });

const orNull = (value: string): string | null => (value.trim() === "" ? null : value.trim());

/** Whether a delegation is still expected: booked, not yet checked in. */
export function awaitsArrival(arrival: Pick<ArrivalView, "status" | "check_in">): boolean {
  return arrival.check_in === null && (arrival.status === "scheduled" || arrival.status === "confirmed");
}

/**
 * The Kedatangan screen: the delegations of one WIB day (`arrivals(date)`), reloaded after every
 * change. Only the answer to the latest load counts; while reloading, the previous day stays on
 * screen so the cards (and what is typed in them) are not torn down.
 */
export class ArrivalsState {
  readonly #backend: Backend;
  #sequence = 0;
  #roomsLoaded = false;

  /** `YYYY-MM-DD` (WIB) shown. */
  date = $state(todayInOffice());
  day = $state.raw<ArrivalsDay | null>(null);
  /** The same day's video conferences: their attendance is kept apart from the desk's arrivals. */
  videoDay = $state.raw<ArrivalsDay | null>(null);
  phase = $state<"idle" | "loading" | "done" | "error">("idle");
  error = $state<string | null>(null);
  rooms = $state.raw<RoomView[]>([]);
  /** The form of a delegation that came without booking, while open. */
  walkIn = $state<WalkInForm | null>(null);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  get isToday(): boolean {
    return this.date === todayInOffice();
  }

  /** `quiet`: a refetch after another desk's change, which keeps the day shown meanwhile. */
  async load(quiet = false): Promise<void> {
    void this.#loadRooms();
    const date = this.date;
    if (!ISO_DAY.test(date)) return;
    const sequence = ++this.#sequence;
    if (!quiet) this.phase = "loading";
    try {
      const [day, videoDay] = await Promise.all([this.#backend.arrivals(date), this.#backend.videoAttendance(date)]);
      if (sequence !== this.#sequence) return;
      this.day = day;
      this.videoDay = videoDay;
      this.error = null;
      this.phase = "done";
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.error = toApiError(error).message;
      this.phase = "error";
    }
  }

  /** Shows another day; a half-typed date is ignored until it is whole. */
  goTo(date: string): Promise<void> {
    if (!ISO_DAY.test(date)) return Promise.resolve();
    this.date = date;
    return this.load();
  }

  /** The day before or after the one shown, as the core counts days. */
  step(direction: "previous" | "next"): Promise<void> {
    const day = this.day;
    if (!day) return Promise.resolve();
    return this.goTo(direction === "previous" ? day.previous_date : day.next_date);
  }

  today(): Promise<void> {
    return this.goTo(todayInOffice());
  }

  roomName(code: string | null): string | null {
    if (code === null) return null;
    return this.rooms.find((room) => room.code === code)?.name ?? code;
  }

  openWalkIn(): void {
    this.walkIn ??= new WalkInForm(this.#backend);
  }

  closeWalkIn(): void {
    this.walkIn = null;
  }

  /** Room names are a nicety: without them the card shows the room's code. */
  async #loadRooms(): Promise<void> {
    if (this.#roomsLoaded) return;
    this.#roomsLoaded = true;
    try {
      this.rooms = await this.#backend.listRooms();
    } catch {
      this.#roomsLoaded = false;
    }
  }
}

/** Field paths of the attendance inputs that have a place on screen. */
const ATTENDANCE_PATHS = ["present", "arrived_time"];
const GUEST_PARTS = ["", ".name", ".position", ".institution", ".is_regional_head"];

/**
 * The attendance inputs both forms share (the arrival time), and the summary shown before
 * recording: `review()` asks the core what would be recorded and which violations it would
 * write; only `submit()` after that records it. The Kepala Daerah came when the guest marked as
 * such is ticked present; there is no separate checkbox.
 */
export abstract class Attendance {
  /** `HH:MM` WIB; empty means now. */
  arrivedTime = $state("");
  saving = $state(false);
  /** What recording would write, while the desk confirms it; null while editing. */
  preview = $state.raw<CheckInPreview | null>(null);
  formError = $state<string | null>(null);
  /** The check-in's field errors, by the core's path (without the walk-in's `check_in.` prefix). */
  readonly errors = new FieldErrors();

  protected attendance(present: number[], extra: GuestEntryRow[]): CheckInInput {
    return {
      present,
      extra_guests: extra.map((g) => ({
        name: g.name.trim(),
        position: g.position.trim(),
        institution: g.institution.trim(),
        contact: null,
        is_regional_head: g.is_regional_head,
      })),
      arrived_time: orNull(this.arrivedTime),
      note: null,
    };
  }

  protected abstract askPreview(): Promise<CheckInPreview>;
  protected abstract keepErrors(fields: readonly FieldError[]): void;

  /** Asks the core for the summary; true when it is shown, false with the refusal kept. */
  async review(): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    this.formError = null;
    this.clearErrors();
    try {
      this.preview = await this.askPreview();
      return true;
    } catch (error) {
      const apiError = toApiError(error);
      this.formError = apiError.message;
      this.keepErrors(apiError.details.fields);
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Back to the inputs, to change what will be recorded. */
  edit(): void {
    this.preview = null;
  }

  protected clearErrors(): void {
    this.errors.clear();
  }
}

/**
 * Check-in of one booked delegation: which registered guests came (none ticked at first, so
 * nobody is recorded by accident), who came unannounced, whether the Kepala Daerah came, and when.
 * The core decides the violations; this only holds the inputs and places the core's complaints.
 */
export class CheckInForm extends Attendance {
  readonly #backend: Backend;
  readonly requestId: number;
  readonly guests: readonly GuestView[];
  readonly cap: number;
  /** A video conference: who joined, with no arrival time (attendance counts from the start). */
  readonly video: boolean;

  present = $state<boolean[]>([]);
  extras = $state<GuestEntryRow[]>([]);
  /** The `present` list last sent: the core's `present[k]` names its k-th entry, not guest k. */
  #sentPresent = $state.raw<number[]>([]);

  readonly attending = $derived(this.present.filter(Boolean).length + this.extras.length);
  readonly allPresent = $derived(this.present.length > 0 && this.present.every(Boolean));
  /** Complaints with no input beside them; the banner lists them so none is lost. */
  readonly unplacedErrors = $derived.by(() => {
    const placed = new Set(ATTENDANCE_PATHS);
    this.#sentPresent.forEach((_, k) => placed.add(`present[${k}]`));
    placed.add("extra_guests");
    this.extras.forEach((_, i) => GUEST_PARTS.forEach((part) => placed.add(`extra_guests[${i}]${part}`)));
    return this.errors.entries().filter(([path]) => !placed.has(path));
  });

  get overCap(): boolean {
    return this.attending > this.cap;
  }

  constructor(backend: Backend, arrival: Pick<ArrivalView, "request_id" | "guests" | "guest_cap" | "channel">) {
    super();
    this.#backend = backend;
    this.requestId = arrival.request_id;
    this.guests = arrival.guests;
    this.cap = arrival.guest_cap;
    this.video = arrival.channel === "video_conference";
    this.present = arrival.guests.map(() => false);
  }

  setPresent(index: number, on: boolean): void {
    this.present[index] = on;
    this.#clearPresentErrors();
  }

  checkAll(): void {
    this.guests.forEach((_, index) => this.setPresent(index, true));
  }

  addExtra(): void {
    this.extras.push(newGuestEntry());
    this.errors.delete("present");
  }

  removeExtra(index: number): void {
    this.extras.splice(index, 1);
    this.errors.deletePrefix("extra_guests");
  }

  /** At most one unannounced guest can be the Kepala Daerah. */
  setExtraHead(index: number, on: boolean): void {
    this.extras.forEach((guest, i) => (guest.is_regional_head = on && i === index));
  }

  /** The core's complaint about guest `index`'s tick, if any. */
  presentError(index: number): { path: string; message: string } | null {
    const k = this.#sentPresent.indexOf(index);
    if (k < 0) return null;
    const path = `present[${k}]`;
    const message = this.errors.get(path);
    return message ? { path, message } : null;
  }

  toInput(): CheckInInput {
    const present = this.present.flatMap((on, index) => (on ? [index] : []));
    const input = this.attendance(present, this.extras);
    return this.video ? { ...input, arrived_time: null } : input;
  }

  protected askPreview(): Promise<CheckInPreview> {
    const input = this.toInput();
    this.#sentPresent = input.present;
    return this.#backend.checkInPreview(this.requestId, input);
  }

  protected keepErrors(fields: readonly FieldError[]): void {
    this.errors.replace([...fields]);
  }

  /** Sends the check-in; the updated request, or null with the core's answer kept for display. */
  async submit(): Promise<RequestDetail | null> {
    if (this.saving) return null;
    const input = this.toInput();
    this.saving = true;
    this.formError = null;
    this.errors.clear();
    this.#sentPresent = input.present;
    try {
      const detail = await this.#backend.checkIn(this.requestId, input);
      // Recorded: should it be voided later, the form starts afresh, nobody ticked.
      this.preview = null;
      this.present = this.guests.map(() => false);
      this.extras = [];
      this.arrivedTime = "";
      return detail;
    } catch (error) {
      const apiError = toApiError(error);
      this.formError = apiError.message;
      this.errors.replace(apiError.details.fields);
      this.preview = null;
      return null;
    } finally {
      this.saving = false;
    }
  }

  #clearPresentErrors(): void {
    this.errors.delete("present");
    this.errors.deletePrefix("present[");
  }
}

/** Request paths the walk-in form has no input for (the core fills them). */
const WALK_IN_HIDDEN = ["channel", "preferred_slots", "received_on"];

/**
 * A delegation that came without booking: registered as a tatap muka request and checked in at
 * once (`walkIn`). Everyone listed came; the request part reuses the request form's state, so its
 * sections (requester, contact, topics, letter) work as they do there. The core answers field
 * errors as `request.…` and `check_in.…`; each half keeps its own without the prefix.
 */
export class WalkInForm extends Attendance {
  readonly #backend: Backend;
  readonly request = new RequestFormState();

  readonly unplacedErrors = $derived.by(() => {
    const visible = this.request.visibleErrorPaths();
    const request = this.request.errors
      .entries()
      .filter(([path]) => !visible.has(path) || WALK_IN_HIDDEN.some((hidden) => path.startsWith(hidden)));
    const attendance = this.errors.entries().filter(([path]) => !ATTENDANCE_PATHS.includes(path));
    return [...request, ...attendance];
  });

  constructor(backend: Backend) {
    super();
    this.#backend = backend;
    this.request.channel = "in_person";
    // Recorded as it came: a letter only when the delegation brings one.
    this.request.hasLetter = false;
    this.request.addGuest();
    this.request.markClean();
  }

  addGuest(): void {
    this.request.addGuest();
    this.errors.delete("present");
    const count = this.request.guests.length;
    if ((this.request.plannedGuestCount ?? 0) < count) this.request.plannedGuestCount = count;
  }

  removeGuest(index: number): void {
    this.request.removeGuest(index);
  }

  setGuestHead(index: number, on: boolean): void {
    this.request.setRegionalHead(index, on);
  }

  toInput(): WalkInInput {
    const request = this.request.toInput();
    return {
      request: {
        ...request,
        channel: "in_person",
        // The core proposes the day and hour of arrival as the slot, and today as received.
        preferred_slots: [],
        received_on: null,
      },
      check_in: this.attendance(
        request.guests.map((_, index) => index),
        [],
      ),
    };
  }

  protected askPreview(): Promise<CheckInPreview> {
    return this.#backend.walkInPreview(this.toInput());
  }

  protected keepErrors(fields: readonly FieldError[]): void {
    const { request, checkIn } = splitWalkInErrors(fields);
    this.request.errors.replace(request);
    this.errors.replace(checkIn);
  }

  protected clearErrors(): void {
    this.errors.clear();
    this.request.errors.clear();
  }

  async submit(): Promise<RequestDetail | null> {
    if (this.saving || this.request.readingScan) return null;
    this.saving = true;
    this.formError = null;
    this.errors.clear();
    this.request.errors.clear();
    try {
      return await this.#backend.walkIn(this.toInput());
    } catch (error) {
      const apiError = toApiError(error);
      this.formError = apiError.message;
      this.keepErrors(apiError.details.fields);
      this.preview = null;
      return null;
    } finally {
      this.saving = false;
    }
  }
}

/** Splits the core's `request.…` and `check_in.…` paths; anything else stays with the check-in. */
export function splitWalkInErrors(fields: readonly FieldError[]): { request: FieldError[]; checkIn: FieldError[] } {
  const request: FieldError[] = [];
  const checkIn: FieldError[] = [];
  for (const { field, message } of fields) {
    if (field.startsWith("request.")) request.push({ field: field.slice("request.".length), message });
    else if (field.startsWith("check_in.")) checkIn.push({ field: field.slice("check_in.".length), message });
    else checkIn.push({ field, message });
  }
  return { request, checkIn };
}

/** One-off actions on a delegation (complete, no-show), with the core's refusal kept for display. */
export class ArrivalActions {
  readonly #backend: Backend;
  readonly requestId: number;
  busy = $state<"complete" | "no_show" | null>(null);
  error = $state<string | null>(null);

  constructor(backend: Backend, requestId: number) {
    this.#backend = backend;
    this.requestId = requestId;
  }

  complete(): Promise<RequestDetail | null> {
    return this.#run("complete", () => this.#backend.completeRequest(this.requestId));
  }

  markNoShow(): Promise<RequestDetail | null> {
    return this.#run("no_show", () => this.#backend.markNoShow(this.requestId));
  }

  async #run(action: "complete" | "no_show", send: () => Promise<RequestDetail>): Promise<RequestDetail | null> {
    if (this.busy) return null;
    this.busy = action;
    this.error = null;
    try {
      return await send();
    } catch (error) {
      this.error = toApiError(error).message;
      return null;
    } finally {
      this.busy = null;
    }
  }
}

/**
 * Voiding a check-in recorded by mistake (the secretariat's; the core refuses anyone else): the
 * reason is required, the check-in stays in the request's history as "dibatalkan", and its
 * violations leave the reports.
 */
export class VoidCheckInForm {
  readonly #backend: Backend;
  readonly checkInId: number;
  open = $state(false);
  reason = $state("");
  saving = $state(false);
  error = $state<string | null>(null);
  readonly errors = new FieldErrors();

  constructor(backend: Backend, checkInId: number) {
    this.#backend = backend;
    this.checkInId = checkInId;
  }

  start(): void {
    this.open = true;
    this.error = null;
    this.errors.clear();
  }

  cancel(): void {
    this.open = false;
    this.reason = "";
    this.error = null;
    this.errors.clear();
  }

  async submit(): Promise<RequestDetail | null> {
    if (this.saving) return null;
    this.saving = true;
    this.error = null;
    this.errors.clear();
    try {
      const detail = await this.#backend.voidCheckIn(this.checkInId, { reason: this.reason });
      this.open = false;
      this.reason = "";
      return detail;
    } catch (error) {
      const apiError = toApiError(error);
      this.error = apiError.message;
      this.errors.replace(apiError.details.fields);
      return null;
    } finally {
      this.saving = false;
    }
  }
}
