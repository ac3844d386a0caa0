import type { Channel, RequestStatus, RequesterKind, ZoneLabel } from "./api/types";

export const CHANNEL_LABELS: Record<Channel, string> = {
  video_conference: "Video conference",
  in_person: "Tatap muka",
};

export const CHANNELS: readonly Channel[] = ["video_conference", "in_person"];

export const STATUS_LABELS: Record<RequestStatus, string> = {
  draft: "Draf",
  submitted: "Diajukan",
  verified: "Terverifikasi",
  scheduled: "Dijadwalkan",
  confirmed: "Dikonfirmasi",
  checked_in: "Hadir",
  completed: "Selesai",
  rejected: "Ditolak",
  cancelled: "Dibatalkan",
  no_show: "Tidak hadir",
};

/** Workflow order; also used to sort the Status column meaningfully rather than alphabetically. */
export const STATUSES: readonly RequestStatus[] = [
  "draft",
  "submitted",
  "verified",
  "scheduled",
  "confirmed",
  "checked_in",
  "completed",
  "rejected",
  "cancelled",
  "no_show",
];

export const REQUESTER_KIND_LABELS: Record<RequesterKind, string> = {
  regional_government: "Pemda",
  regional_council: "DPRD",
  ministry_agency: "Kementerian/Lembaga",
  academic: "Akademisi",
  association: "Asosiasi",
  other: "Lainnya",
};

export const REQUESTER_KINDS: readonly RequesterKind[] = [
  "regional_government",
  "regional_council",
  "ministry_agency",
  "academic",
  "association",
  "other",
];

/** Pemda and DPRD are picked from the region register; the others are typed by name. */
export function isRegionalKind(kind: RequesterKind): boolean {
  return kind === "regional_government" || kind === "regional_council";
}

export const ZONE_LABELS: Record<ZoneLabel, string> = {
  WIB: "Waktu Indonesia Barat",
  WITA: "Waktu Indonesia Tengah",
  WIT: "Waktu Indonesia Timur",
};

export const DEFAULT_ADDRESSEE = "Direktur Jenderal Perimbangan Keuangan";
