import type { Channel, RequestStatus, Role } from "./api/types";

/** The transitions staff start from an opened request (scheduling has its own panel). */
export type WorkflowAction = "verify" | "confirm" | "reschedule" | "reject" | "cancel";

/** Button order: forward steps first, the exits last. */
export const WORKFLOW_ACTIONS: readonly WorkflowAction[] = ["verify", "confirm", "reschedule", "reject", "cancel"];

/**
 * The statuses each transition leaves from (the core's workflow, DESIGN §3). The UI only uses
 * this to decide which buttons to show; the core judges every transition again.
 */
const FROM: Record<WorkflowAction | "schedule", readonly RequestStatus[]> = {
  verify: ["submitted"],
  schedule: ["submitted", "verified"],
  confirm: ["scheduled"],
  reschedule: ["scheduled", "confirmed"],
  reject: ["submitted", "verified"],
  cancel: ["draft", "submitted", "verified", "scheduled", "confirmed"],
};

export function isLegal(action: WorkflowAction | "schedule", status: RequestStatus): boolean {
  return FROM[action].includes(status);
}

/** Whether the request's data may still be edited (the core's `workflow::editable`). */
export function editable(status: RequestStatus): boolean {
  return ["draft", "submitted", "verified", "scheduled", "confirmed"].includes(status);
}

/** The actions legal from `status`, in button order. */
export function legalActions(status: RequestStatus): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) => isLegal(action, status));
}

/**
 * Whether only the secretariat may take the action: letters and refusals are theirs, and so is
 * booking a tatap muka (it brings a delegation into the building).
 */
export function secretariatOnly(action: WorkflowAction | "schedule", channel: Channel): boolean {
  if (action === "verify" || action === "reject") return true;
  if (action === "schedule" || action === "reschedule") return channel === "in_person";
  return false;
}

/** Whether `role` lacks the right; the button still shows (the core's refusal explains). */
export function roleLacks(role: Role | null, action: WorkflowAction | "schedule", channel: Channel): boolean {
  return role !== "secretariat" && secretariatOnly(action, channel);
}

export const ACTION_LABELS: Record<WorkflowAction, string> = {
  verify: "Verifikasi surat",
  confirm: "Catat konfirmasi…",
  reschedule: "Jadwalkan ulang…",
  reject: "Tolak…",
  cancel: "Batalkan…",
};

/** "Permohonan #7 …" in the notice after success. */
export const ACTION_DONE: Record<WorkflowAction | "schedule", string> = {
  verify: "diverifikasi",
  schedule: "dijadwalkan",
  confirm: "dikonfirmasi",
  reschedule: "dijadwalkan ulang",
  reject: "ditolak",
  cancel: "dibatalkan",
};
