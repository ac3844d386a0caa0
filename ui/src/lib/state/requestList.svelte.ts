import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { Channel, RequestFilter, RequestStatus, RequestSummary } from "../api/types";
import { CHANNEL_LABELS, STATUSES } from "../labels";
import { debounce } from "../debounce";

export type SortKey = "id" | "received_on" | "channel" | "requester" | "schedule" | "guests" | "status";
export type SortDirection = "asc" | "desc";
export type Sort = { key: SortKey; direction: SortDirection };

/** Long enough that a typist's keys (80–120 ms apart) do not each reload the list, short enough
 * to leave the list half of the 300 ms the desk may wait after the last key. */
export const TEXT_DEBOUNCE_MS = 150;

const collator = new Intl.Collator("id-ID", { sensitivity: "base", numeric: true });
const statusRank = new Map(STATUSES.map((s, i) => [s, i]));

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

type Comparator = (a: RequestSummary, b: RequestSummary) => number;

/** The "Jadwal" column's instant: the booking once booked, else the first preference. */
function scheduleOf(s: RequestSummary): string | null {
  return s.booking?.starts_at ?? s.first_slot;
}

const comparators: Record<SortKey, Comparator> = {
  id: (a, b) => a.id - b.id,
  // YYYY-MM-DD sorts as text; the entry instant breaks ties within a day.
  received_on: (a, b) => a.received_on.localeCompare(b.received_on) || time(a.created_at) - time(b.created_at),
  channel: (a, b) => collator.compare(CHANNEL_LABELS[a.channel], CHANNEL_LABELS[b.channel]),
  requester: (a, b) => collator.compare(a.requester_label, b.requester_label),
  schedule: (a, b) => time(scheduleOf(a) ?? "") - time(scheduleOf(b) ?? ""),
  guests: (a, b) => a.planned_guest_count - b.planned_guest_count,
  status: (a, b) => (statusRank.get(a.status) ?? 0) - (statusRank.get(b.status) ?? 0),
};

export function sortSummaries(items: readonly RequestSummary[], sort: Sort): RequestSummary[] {
  const compare = comparators[sort.key];
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...items].sort((a, b) => {
    // Requests with neither a booking nor a proposed slot stay at the bottom whichever way the
    // column is sorted.
    if (sort.key === "schedule" && (scheduleOf(a) === null) !== (scheduleOf(b) === null)) {
      return scheduleOf(a) === null ? 1 : -1;
    }
    return sign * compare(a, b) || b.id - a.id;
  });
}

/** The list screen's state. Survives navigation to the form so filters and selection are kept. */
export class RequestListState {
  readonly #backend: Backend;
  #sequence = 0;

  // Raw: thousands of plain rows that are replaced wholesale, never mutated.
  items = $state.raw<RequestSummary[]>([]);
  loading = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);

  text = $state("");
  status = $state<RequestStatus | null>(null);
  channel = $state<Channel | null>(null);
  unitCode = $state<string | null>(null);
  /** `YYYY-MM-DD` bounds of the consultation date, inclusive; "" when open. */
  from = $state("");
  to = $state("");

  sort = $state<Sort>({ key: "id", direction: "desc" });
  selectedId = $state<number | null>(null);

  readonly rows = $derived(sortSummaries(this.items, this.sort));
  readonly selectedIndex = $derived(
    this.selectedId === null ? -1 : this.rows.findIndex((r) => r.id === this.selectedId),
  );
  readonly hasFilter = $derived(
    this.text.trim() !== "" ||
      this.status !== null ||
      this.channel !== null ||
      this.unitCode !== null ||
      this.from !== "" ||
      this.to !== "",
  );

  readonly #reloadSoon = debounce(() => void this.load(), TEXT_DEBOUNCE_MS);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  get filter(): RequestFilter {
    const text = this.text.trim();
    return {
      status: this.status,
      channel: this.channel,
      region_code: null,
      text: text === "" ? null : text,
      unit_code: this.unitCode,
      from: this.from === "" ? null : this.from,
      to: this.to === "" ? null : this.to,
    };
  }

  async load(): Promise<void> {
    this.#reloadSoon.cancel();
    const sequence = ++this.#sequence;
    this.loading = true;
    try {
      const items = await this.#backend.listRequests(this.filter);
      // A slower, older response must not overwrite the answer to a newer filter.
      if (sequence !== this.#sequence) return;
      this.items = items;
      this.error = null;
      this.loaded = true;
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.error = toApiError(error).message;
    } finally {
      if (sequence === this.#sequence) this.loading = false;
    }
  }

  setText(text: string): void {
    this.text = text;
    this.#reloadSoon();
  }

  setStatus(status: RequestStatus | null): void {
    this.status = status;
    void this.load();
  }

  setChannel(channel: Channel | null): void {
    this.channel = channel;
    void this.load();
  }

  setUnit(unitCode: string | null): void {
    this.unitCode = unitCode;
    void this.load();
  }

  /** Sets one bound of the date range; a half-typed date waits for the other half. */
  setDateRange(from: string, to: string): void {
    this.from = from;
    this.to = to;
    void this.load();
  }

  /** Only the requests in one status, every other filter cleared; the list loads when shown. */
  showOnlyStatus(status: RequestStatus): void {
    this.text = "";
    this.status = status;
    this.channel = null;
    this.unitCode = null;
    this.from = "";
    this.to = "";
  }

  clearFilters(): void {
    this.text = "";
    this.status = null;
    this.channel = null;
    this.unitCode = null;
    this.from = "";
    this.to = "";
    void this.load();
  }

  toggleSort(key: SortKey): void {
    this.sort =
      this.sort.key === key
        ? { key, direction: this.sort.direction === "asc" ? "desc" : "asc" }
        : { key, direction: "asc" };
  }

  select(id: number | null): void {
    this.selectedId = id;
  }

  /** Moves the selection by `delta` rows (clamped); with nothing selected, starts at the top. */
  moveSelection(delta: number): void {
    const rows = this.rows;
    if (rows.length === 0) return;
    const from = this.selectedIndex;
    const to = from === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, from + delta));
    this.selectedId = rows[to]?.id ?? null;
  }

  selectEdge(edge: "first" | "last"): void {
    const row = edge === "first" ? this.rows[0] : this.rows[this.rows.length - 1];
    if (row) this.selectedId = row.id;
  }

  dispose(): void {
    this.#reloadSoon.cancel();
  }
}
