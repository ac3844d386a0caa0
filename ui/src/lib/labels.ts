import type {
  Channel,
  ConfirmationChannel,
  HolidayKind,
  RequestStatus,
  RequesterKind,
  Role,
  RuleId,
  Severity,
  ZoneLabel,
} from "./api/types";

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

export const SEVERITIES: readonly Severity[] = ["block", "warn", "info"];

export const SEVERITY_LABELS: Record<Severity, string> = {
  block: "Menghalangi penjadwalan",
  warn: "Perlu diperhatikan",
  info: "Informasi",
};

/** Short names of the rules, shown beside each finding. */
export const RULE_LABELS: Record<RuleId, string> = {
  "letter-required": "Surat permintaan",
  "letter-addressee": "Alamat surat",
  "guest-limit": "Batas tamu",
  "regional-head": "Kepala Daerah",
  "lead-time": "Tenggang waktu",
  "service-hours": "Jam layanan",
  "room-conflict": "Bentrok ruang",
  "unit-conflict": "Bentrok unit",
  "daily-cap": "Kuota harian",
  duplicate: "Permohonan ganda",
  "prefer-video": "Utamakan video conference",
};

export const HOLIDAY_KINDS: readonly HolidayKind[] = ["national", "cuti_bersama", "office"];

export const HOLIDAY_KIND_LABELS: Record<HolidayKind, string> = {
  national: "Libur nasional",
  cuti_bersama: "Cuti bersama",
  office: "Libur kantor",
};

const HOLIDAY_SOURCE_LABELS: Record<string, string> = {
  shipped: "Bawaan (SKB 2023–2027)",
  manual: "Dicatat manual",
  import: "Impor .ics",
};

export function holidaySourceLabel(source: string): string {
  return HOLIDAY_SOURCE_LABELS[source] ?? source;
}

/** Monday first, like `weekly_windows`. */
export const WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"] as const;

export const ROLES: readonly Role[] = ["agent", "secretariat", "team_leader", "admin"];

export const ROLE_LABELS: Record<Role, string> = {
  agent: "Agen contact center",
  secretariat: "Sekretariat",
  team_leader: "Ketua tim",
  admin: "Admin",
};

/** Order of the "Melalui" select: the contact centre's usual channels first. */
export const CONFIRMATION_CHANNELS: readonly ConfirmationChannel[] = [
  "whatsapp",
  "telephone",
  "email",
  "letter",
  "hai_kemenkeu",
  "live_chat",
];

export const CONFIRMATION_CHANNEL_LABELS: Record<ConfirmationChannel, string> = {
  whatsapp: "WhatsApp",
  telephone: "Telepon",
  email: "E-mail",
  letter: "Surat",
  hai_kemenkeu: "Hai Kemenkeu",
  live_chat: "Live chat",
};

/** Audit log actions (the core's `action` strings). Unknown ones are shown as they come. */
const AUDIT_ACTION_LABELS: Record<string, string> = {
  create: "Dibuat",
  update: "Diubah",
  submit: "Diajukan",
  verify: "Diverifikasi",
  schedule: "Dijadwalkan",
  confirm: "Dikonfirmasi",
  reschedule: "Dijadwalkan ulang",
  cancel: "Dibatalkan",
  reject: "Ditolak",
  check_in: "Kehadiran dicatat",
  void_check_in: "Kehadiran dibatalkan",
  complete: "Diselesaikan",
  no_show: "Ditandai tidak hadir",
  walk_in: "Kedatangan tanpa jadwal",
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** Where a held consultation was recorded (`HeldVisitView.source`). */
const HELD_SOURCE_LABELS: Record<string, string> = {
  desk: "Meja layanan",
  import: "Impor",
};

export function heldSourceLabel(source: string): string {
  return HELD_SOURCE_LABELS[source] ?? source;
}
