import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { CalendarEntry, CalendarFilter, Channel, RoomView, UnitView } from "../api/types";
import type { Refusal } from "./schedule.svelte";

/** The range the calendar shows, as WIB dates (inclusive). */
export type CalendarRange = { from: string; to: string };

/**
 * The Kalender screen: the bookings of the visible range under the room/unit/channel filters,
 * and moving one booking to a new slot (drag and drop). Only the answer to the latest load is
 * kept; a refused move leaves the bookings as they were and keeps the core's reasons.
 */
export class CalendarBoard {
  readonly #backend: Backend;

  /** The back end the board reads from; its exports go to the same one. */
  get backend(): Backend {
    return this.#backend;
  }
  #loadSequence = 0;

  roomCode = $state("");
  unitCode = $state("");
  channel = $state<Channel | "">("");
  range = $state.raw<CalendarRange | null>(null);

  entries = $state.raw<CalendarEntry[]>([]);
  phase = $state<"idle" | "loading" | "done" | "error">("idle");
  loadError = $state<string | null>(null);

  rooms = $state.raw<RoomView[]>([]);
  units = $state.raw<UnitView[]>([]);
  catalogError = $state<string | null>(null);

  /** A move is on its way to the core. */
  moving = $state(false);
  refusal = $state.raw<Refusal | null>(null);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  get filter(): CalendarFilter | null {
    if (!this.range) return null;
    return {
      from: this.range.from,
      to: this.range.to,
      room_code: this.roomCode || null,
      unit_code: this.unitCode || null,
      channel: this.channel || null,
    };
  }

  async loadCatalog(): Promise<void> {
    try {
      const [rooms, units] = await Promise.all([this.#backend.listRooms(), this.#backend.listUnits()]);
      this.rooms = rooms;
      this.units = units;
      this.catalogError = null;
    } catch (error) {
      this.catalogError = toApiError(error).message;
    }
  }

  /** The calendar moved to another week or month (or another view): load it unless unchanged. */
  setRange(range: CalendarRange): Promise<void> {
    if (this.range && this.range.from === range.from && this.range.to === range.to) return Promise.resolve();
    this.range = range;
    return this.load();
  }

  setRoom(code: string): Promise<void> {
    this.roomCode = code;
    return this.load();
  }

  setUnit(code: string): Promise<void> {
    this.unitCode = code;
    return this.load();
  }

  setChannel(channel: Channel | ""): Promise<void> {
    this.channel = channel;
    return this.load();
  }

  /** `quiet`: a refetch after another desk's change, which keeps the grid shown meanwhile. */
  async load(quiet = false): Promise<void> {
    const filter = this.filter;
    if (!filter) return;
    const sequence = ++this.#loadSequence;
    if (!quiet) this.phase = "loading";
    try {
      const entries = await this.#backend.calendar(filter);
      if (sequence !== this.#loadSequence) return;
      this.entries = entries;
      this.loadError = null;
      this.phase = "done";
    } catch (error) {
      if (sequence !== this.#loadSequence) return;
      this.loadError = toApiError(error).message;
      this.phase = "error";
    }
  }

  entry(requestId: number): CalendarEntry | undefined {
    return this.entries.find((e) => e.request_id === requestId);
  }

  /**
   * Moves a booking so that it starts on the WIB `date` at `time`, keeping its length, room and
   * unit. True when the core agreed (the range is then reloaded); false leaves it where it was.
   */
  async reschedule(requestId: number, { date, time }: { date: string; time: string }): Promise<boolean> {
    const entry = this.entry(requestId);
    if (!entry || this.moving) return false;
    this.moving = true;
    this.refusal = null;
    try {
      await this.#backend.rescheduleRequest(requestId, {
        date,
        time,
        duration_minutes: entry.duration_minutes,
        room_code: entry.room_code,
        unit_code: entry.unit_code,
        meeting_url: null,
        // The booking keeps its resource persons: the core takes "not given" as "unchanged".
        resource_person_ids: null,
      });
    } catch (error) {
      const apiError = toApiError(error);
      const fields = apiError.details.fields.map((f) => f.message);
      this.refusal = {
        message: [apiError.message, ...fields].join(" "),
        findings: apiError.details.findings,
      };
      return false;
    } finally {
      this.moving = false;
    }
    await this.load();
    return true;
  }

  dismissRefusal(): void {
    this.refusal = null;
  }
}
