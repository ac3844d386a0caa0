import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { CheckInView, ComplianceHistory, RequestStatus, RequesterOption } from "../api/types";

/** A region found by the search: the Pemda and its DPRD share one history. */
export type RegionChoice = { region_code: string; label: string; province_name: string; zone: RequesterOption["zone"] };

/**
 * One option per region code, labelled by the Pemda (the DPRD of the same region shares its
 * history); the search's order is kept.
 */
export function regionChoices(options: readonly RequesterOption[]): RegionChoice[] {
  const byCode = new Map<string, RegionChoice>();
  for (const option of options) {
    const existing = byCode.get(option.region_code);
    if (!existing || option.kind === "regional_government") {
      byCode.set(option.region_code, {
        region_code: option.region_code,
        label: option.label,
        province_name: option.province_name,
        zone: option.zone,
      });
    }
  }
  return [...byCode.values()];
}

/**
 * The Riwayat Pemda screen: search a region, then its `complianceHistory`. Only the answer to the
 * latest pick counts. Kept by the app between visits, so going back shows the same region.
 */
export class RequesterHistoryState {
  readonly #backend: Backend;
  #sequence = 0;

  query = $state("");
  picked = $state.raw<RegionChoice | null>(null);
  history = $state.raw<ComplianceHistory | null>(null);
  phase = $state<"idle" | "loading" | "done" | "error">("idle");
  error = $state<string | null>(null);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  readonly search = async (query: string): Promise<RegionChoice[]> =>
    regionChoices(await this.#backend.searchRequesters(query, 20));

  queryEdited(text: string): void {
    this.query = text;
  }

  pick(choice: RegionChoice): Promise<void> {
    this.picked = choice;
    this.query = choice.label;
    return this.load();
  }

  async load(): Promise<void> {
    const choice = this.picked;
    if (!choice) return;
    const sequence = ++this.#sequence;
    this.phase = "loading";
    try {
      const history = await this.#backend.complianceHistory(choice.region_code);
      if (sequence !== this.#sequence) return;
      this.history = history;
      this.error = null;
      this.phase = "done";
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.history = null;
      this.error = toApiError(error).message;
      this.phase = "error";
    }
  }
}

/** Statuses after which a request has a check-in to show. */
const ARRIVED: readonly RequestStatus[] = ["checked_in", "completed"];

/**
 * The request form's small "Riwayat kepatuhan" panel: the requester's record (by region) and,
 * once the delegation came, this request's own check-in.
 */
export class ComplianceSummary {
  readonly #backend: Backend;
  #sequence = 0;

  history = $state.raw<ComplianceHistory | null>(null);
  checkIn = $state.raw<CheckInView | null>(null);
  phase = $state<"idle" | "loading" | "done" | "error">("idle");
  error = $state<string | null>(null);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** `requestId` and `status` are null for a request not saved yet: only its region's history. */
  async load(requestId: number | null, regionCode: string | null, status: RequestStatus | null): Promise<void> {
    const sequence = ++this.#sequence;
    this.phase = "loading";
    try {
      const [history, checkIn] = await Promise.all([
        regionCode ? this.#backend.complianceHistory(regionCode) : Promise.resolve(null),
        requestId !== null && status !== null && ARRIVED.includes(status)
          ? this.#backend.checkInOf(requestId)
          : Promise.resolve(null),
      ]);
      if (sequence !== this.#sequence) return;
      this.history = history;
      this.checkIn = checkIn;
      this.error = null;
      this.phase = "done";
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.error = toApiError(error).message;
      this.phase = "error";
    }
  }
}
