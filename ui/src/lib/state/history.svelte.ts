import type { Backend } from "../api/backend";
import { toApiError } from "../api/backend";
import type { AuditEntry, RequestStatus } from "../api/types";
import { STATUS_LABELS, auditActionLabel } from "../labels";

/** What the timeline shows of one audit entry, read defensively from its JSON snapshots. */
export type EntryView = {
  id: number;
  action: string;
  label: string;
  actor: string;
  at: string;
  when: string;
  note: string | null;
  /** "Diajukan → Terverifikasi", when the entry moved the status. */
  statusChange: string | null;
  /** The slot a (re)scheduling booked, and the one it replaced. */
  slot: string | null;
  previousSlot: string | null;
};

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function statusOf(snapshot: unknown): RequestStatus | null {
  const status = field(snapshot, "status");
  return typeof status === "string" && Object.hasOwn(STATUS_LABELS, status) ? (status as RequestStatus) : null;
}

export function describeEntry(entry: AuditEntry): EntryView {
  const from = statusOf(entry.before);
  const to = statusOf(entry.after);
  return {
    id: entry.id,
    action: entry.action,
    label: auditActionLabel(entry.action),
    actor: entry.actor_name,
    at: entry.at,
    when: entry.at_label,
    note: entry.note,
    statusChange: from && to && from !== to ? `${STATUS_LABELS[from]} → ${STATUS_LABELS[to]}` : null,
    slot: entry.slot_label,
    previousSlot: entry.previous_slot_label,
  };
}

/** The timeline of one request from `audit_trail`; only the answer to the latest load counts. */
export class AuditHistory {
  readonly #backend: Backend;
  #sequence = 0;

  entries = $state.raw<EntryView[]>([]);
  phase = $state<"idle" | "loading" | "done" | "error">("idle");
  error = $state<string | null>(null);

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  async load(requestId: number): Promise<void> {
    const mine = ++this.#sequence;
    this.phase = "loading";
    this.error = null;
    try {
      const entries = await this.#backend.auditTrail(requestId);
      if (mine !== this.#sequence) return;
      this.entries = entries.map(describeEntry);
      this.phase = "done";
    } catch (error) {
      if (mine !== this.#sequence) return;
      this.error = toApiError(error).message;
      this.phase = "error";
    }
  }
}
