import { ApiError, type Backend } from "../lib/api/backend";
import { clockInOffice } from "../lib/format";
import type {
  ImportSummary,
  ArrivalView,
  ArrivalsDay,
  AttendeeView,
  CheckInInput,
  CheckInPreview,
  CheckInView,
  ComplianceHistory,
  GuestInput,
  GuestView,
  HeldVisitView,
  KindCount,
  LabelCount,
  MonthCount,
  MonthlyReport,
  ReportRow,
  ViolationKind,
  ViolationView,
  VoidCheckInInput,
  WalkInInput,
  AuditEntry,
  BookingView,
  BrokenBooking,
  CalendarEntry,
  CalendarFilter,
  Channel,
  ConfirmInput,
  Dashboard,
  FieldError,
  Finding,
  HolidayImport,
  HolidayInput,
  HolidayView,
  PolicyInput,
  PolicyOverview,
  PolicySettings,
  PolicyVersionView,
  ExportRequest,
  ExportSettings,
  ReasonInput,
  RequestDetail,
  RequestFilter,
  RequestInput,
  RequestStatus,
  RequestSummary,
  RequesterKind,
  RequesterOption,
  ResourcePersonInput,
  ResourcePersonView,
  RoomInput,
  RoomView,
  SavedExport,
  SetupItem,
  SetupStatus,
  ScheduleInput,
  SessionOverrideInput,
  SessionOverrideView,
  SlotSearch,
  SlotSuggestion,
  SlotSuggestions,
  PreferenceVerdict,
  Topic,
  UnitView,
  UserInput,
  UserView,
  ZoneLabel,
} from "../lib/api/types";

export const TOPICS: Topic[] = [
  { code: "DAU", name: "Dana Alokasi Umum", unit_code: "DTU", unit_name: "Direktorat Dana Transfer Umum" },
  { code: "DBH", name: "Dana Bagi Hasil", unit_code: "DTU", unit_name: "Direktorat Dana Transfer Umum" },
  { code: "DAK", name: "Dana Alokasi Khusus", unit_code: "DTK", unit_name: "Direktorat Dana Transfer Khusus" },
  { code: "PDRD", name: "Pajak dan Retribusi Daerah", unit_code: "PKD", unit_name: "Direktorat Pajak Daerah dan Retribusi Daerah" },
];

export const REQUESTERS: RequesterOption[] = [
  { kind: "regional_government", region_code: "32.01", label: "Kabupaten Bogor", province_name: "Jawa Barat", zone: "WIB", region_kind: "regency" },
  { kind: "regional_council", region_code: "32.01", label: "DPRD Kabupaten Bogor", province_name: "Jawa Barat", zone: "WIB", region_kind: "regency" },
  { kind: "regional_government", region_code: "32.71", label: "Kota Bogor", province_name: "Jawa Barat", zone: "WIB", region_kind: "city" },
  { kind: "regional_council", region_code: "32.71", label: "DPRD Kota Bogor", province_name: "Jawa Barat", zone: "WIB", region_kind: "city" },
  { kind: "regional_government", region_code: "94.71", label: "Kota Jayapura", province_name: "Papua", zone: "WIT", region_kind: "city" },
  { kind: "regional_government", region_code: "51", label: "Provinsi Bali", province_name: "Bali", zone: "WITA", region_kind: "province" },
];

export const ROOMS: RoomView[] = [
  { code: "R1", name: "Ruang Rapat DJPK Lt. 2", capacity: 12, active: true },
  { code: "R2", name: "Ruang Konsultasi Lt. 5", capacity: 6, active: true },
  { code: "R9", name: "Ruang Lama", capacity: 4, active: false },
];

export const UNITS: UnitView[] = [
  { code: "DTU", name: "Direktorat Dana Transfer Umum", short_name: "Dit. DTU" },
  { code: "DTK", name: "Direktorat Dana Transfer Khusus", short_name: "Dit. DTK" },
  { code: "PKD", name: "Direktorat Pajak Daerah dan Retribusi Daerah", short_name: "Dit. PDRD" },
];

/** Sari (Sekretariat, id 1) is selected unless a test says otherwise; Andi is an agent. */
export const USERS: UserView[] = [
  { id: 1, name: "Sari", role: "secretariat", active: true },
  { id: 2, name: "Andi", role: "agent", active: true },
  { id: 3, name: "Lama", role: "agent", active: false },
];

const officeDay = () => [{ start: "08:00", end: "16:00" }];

export function defaultSettings(): PolicySettings {
  return {
    guest_cap_in_person: 5,
    guest_cap_video: 20,
    lead_days_in_person: 5,
    lead_days_video: 2,
    weekly_windows: [officeDay(), officeDay(), officeDay(), officeDay(), officeDay(), [], []],
    buffer_minutes: 15,
    daily_cap_in_person: 4,
    default_duration_minutes: 60,
  };
}

export function makeFinding(rule: Finding["rule"], severity: Finding["severity"], overrides: Partial<Finding> = {}): Finding {
  return {
    rule,
    severity,
    message: `Temuan ${rule}`,
    clause: "S-38/PK/2023 angka 3",
    suggestion: null,
    slot_index: null,
    ...overrides,
  };
}

export function makeSuggestion(date: string, time: string, overrides: Partial<SlotSuggestion> = {}): SlotSuggestion {
  const start = new Date(`${date}T${time}:00+07:00`);
  return {
    starts_at: start.toISOString(),
    ends_at: new Date(start.getTime() + 60 * 60_000).toISOString(),
    date,
    time,
    label: `${date} ${time.replace(":", ".")} WIB`,
    room_code: "R1",
    room_name: "Ruang Rapat DJPK Lt. 2",
    unit_code: "DTU",
    unit_name: "Dit. DTU",
    reason: "Waktu kosong paling awal dalam rentang pencarian",
    source: { kind: "earliest" },
    ...overrides,
  };
}

type Call = { method: keyof Backend; args: unknown[] };

const zoneOf = (code: string | null): ZoneLabel => REQUESTERS.find((r) => r.region_code === code)?.zone ?? "WIB";

/** The WIB date of an instant. */
function wibDate(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** Builds a calendar entry; tests override only what they care about. */
export function makeEntry(requestId: number, startsAt: string, overrides: Partial<CalendarEntry> = {}): CalendarEntry {
  const start = new Date(startsAt);
  return {
    request_id: requestId,
    booking_id: requestId + 500,
    status: "scheduled",
    channel: "video_conference",
    starts_at: start.toISOString().replace(/\.\d{3}Z$/, "Z"),
    ends_at: new Date(start.getTime() + 60 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    label: `Entri ${requestId}`,
    local_time: null,
    requester_label: `Kabupaten Contoh ${requestId}`,
    room_code: null,
    unit_code: "DTU",
    topics: ["DAU"],
    planned_guest_count: 2,
    ...overrides,
  };
}

function slotLabel(date: string, time: string): string {
  return `${date} ${time.replace(":", ".")} WIB`;
}

/** Builds a summary row; tests override only what they care about. */
export function makeSummary(id: number, overrides: Partial<RequestSummary> = {}): RequestSummary {
  return {
    id,
    status: "submitted",
    channel: "video_conference",
    requester_label: `Kabupaten Contoh ${id}`,
    requester_kind: "regional_government",
    region_code: "32.01",
    zone: "WIB",
    topics: ["DAU"],
    first_slot: "2026-12-03T02:00:00Z",
    first_slot_label: "Kamis, 3 Desember 2026 09.00 WIB",
    booking: null,
    planned_guest_count: 2,
    letter_number: null,
    contact_name: "Budi",
    received_on: `2026-11-${String((id % 28) + 1).padStart(2, "0")}`,
    created_at: `2026-11-${String((id % 28) + 1).padStart(2, "0")}T03:00:00Z`,
    ...overrides,
  };
}

export function makeDetail(id: number, overrides: Partial<RequestDetail> = {}): RequestDetail {
  return {
    id,
    status: "submitted",
    channel: "video_conference",
    requester: { kind: "regional_government", region_code: "32.01", label: "Kabupaten Bogor", province_name: "Jawa Barat", zone: "WIB" },
    contact: { name: "Siti Aminah", whatsapp: "081234567890", email: null },
    topics: [{ code: "DAU", name: "Dana Alokasi Umum" }],
    description: "Konsultasi penggunaan DAU.",
    preferred_slots: [{ starts_at: "2026-12-03T02:00:00Z", date: "2026-12-03", time: "09:00", label: slotLabel("2026-12-03", "09:00") }],
    planned_guest_count: 2,
    regional_head_attends: false,
    guests: [],
    letter: null,
    received_on: "2026-11-20",
    booking: null,
    created_at: "2026-11-20T03:00:00Z",
    updated_at: "2026-11-20T03:00:00Z",
    version: 1,
    ...overrides,
  };
}

function summarize(detail: RequestDetail, rooms: readonly RoomView[]): RequestSummary {
  const first = detail.preferred_slots[0] ?? null;
  const booking = detail.booking;
  return {
    id: detail.id,
    status: detail.status,
    channel: detail.channel,
    requester_label: detail.requester.label,
    requester_kind: detail.requester.kind,
    region_code: detail.requester.region_code,
    zone: detail.requester.zone,
    topics: detail.topics.map((t) => t.code),
    first_slot: first?.starts_at ?? null,
    first_slot_label: first?.label ?? null,
    booking: booking && {
      starts_at: booking.starts_at,
      label: booking.label,
      room_code: booking.room_code,
      room_name: rooms.find((room) => room.code === booking.room_code)?.name ?? null,
    },
    planned_guest_count: detail.planned_guest_count,
    letter_number: detail.letter?.number ?? null,
    contact_name: detail.contact.name,
    received_on: detail.received_on,
    created_at: detail.created_at,
  };
}

const LABELS: Record<RequesterKind, string> = {
  regional_government: "",
  regional_council: "",
  ministry_agency: "K/L",
  academic: "Akademisi",
  association: "Asosiasi",
  other: "Lainnya",
};

type Transition = "verify" | "schedule" | "confirm" | "reschedule" | "cancel" | "reject";

/** The core's workflow (src/workflow.rs), kept separately from the UI's copy on purpose. */
const WORKFLOW: Record<Transition, { from: RequestStatus[]; to: RequestStatus; passive: string }> = {
  verify: { from: ["submitted"], to: "verified", passive: "diverifikasi" },
  schedule: { from: ["submitted", "verified"], to: "scheduled", passive: "dijadwalkan" },
  confirm: { from: ["scheduled"], to: "confirmed", passive: "dikonfirmasi" },
  reschedule: { from: ["scheduled", "confirmed"], to: "scheduled", passive: "dijadwalkan ulang" },
  cancel: { from: ["draft", "submitted", "verified", "scheduled", "confirmed"], to: "cancelled", passive: "dibatalkan" },
  reject: { from: ["submitted", "verified"], to: "rejected", passive: "ditolak" },
};

const STATUS_NAMES: Record<RequestStatus, string> = {
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

const REQUESTER_KIND_NAMES: Record<RequesterKind, string> = {
  regional_government: "Pemda",
  regional_council: "DPRD",
  ministry_agency: "Kementerian/Lembaga",
  academic: "Akademisi",
  association: "Asosiasi",
  other: "Lainnya",
};

const ROLE_NAMES: Record<UserView["role"], string> = { agent: "Agen contact center", secretariat: "Sekretariat" };

function invalid(fields: FieldError[]): ApiError {
  const [first, ...rest] = fields;
  const summary = rest.length ? `${first?.message}, dan ${rest.length} kesalahan lain` : `${first?.message}`;
  return new ApiError("validation", `Data tidak valid: ${summary}`, { fields });
}

/** What the core's audit log keeps of a status change. */
function snapshot(detail: RequestDetail, reason: string | null = null): Record<string, unknown> {
  return {
    status: detail.status,
    ...(detail.booking ? { booking: structuredClone(detail.booking) } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** The core's violation kinds (src/checkin.rs), in its fixed order. */
const VIOLATION_KINDS: Record<ViolationKind, { label: string; clause: string }> = {
  not_confirmed: { label: "Datang tanpa konfirmasi", clause: "S-38/PK/2023 angka 3" },
  no_letter: { label: "Tanpa surat permintaan", clause: "S-38/PK/2023 angka 2" },
  over_guest_cap: { label: "Tamu melebihi batas", clause: "S-38/PK/2023 angka 4" },
  regional_head_absent: { label: "Kepala Daerah tidak hadir", clause: "SE-1/PK.1/2023" },
  no_booking: { label: "Datang tanpa jadwal", clause: "S-38/PK/2023 angka 3" },
  no_show: { label: "Tidak hadir", clause: "SE-1/PK.1/2023" },
};

const dayLabelFormat = new Intl.DateTimeFormat("id-ID", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const shortDateFormat = new Intl.DateTimeFormat("id-ID", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const monthFormat = new Intl.DateTimeFormat("id-ID", { month: "long", year: "numeric", timeZone: "UTC" });
const shortMonthFormat = new Intl.DateTimeFormat("id-ID", { month: "short", year: "numeric", timeZone: "UTC" });

/** "Rabu, 2 Desember 2026" of a "YYYY-MM-DD". */
export const dayLabel = (date: string) => dayLabelFormat.format(new Date(`${date}T00:00:00Z`));
const monthLabel = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));

/** "HH.MM WIB" of an instant. */
function clockLabel(iso: string): string {
  return `${new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(11, 16).replace(":", ".")} WIB`;
}

/** The month `back` months before "YYYY-MM". */
function monthBefore(month: string, back: number): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - back);
  return date.toISOString().slice(0, 7);
}

/** A consultation that took place, with what the report and history group it by. */
export type HeldRecord = {
  visit: HeldVisitView;
  region_code: string | null;
  requester_kind: RequesterKind;
  province: string | null;
};

/** Builds a held consultation; tests override only what they care about. */
export function makeHeld(heldOn: string, overrides: Partial<HeldVisitView> = {}, record: Partial<Omit<HeldRecord, "visit">> = {}): HeldRecord {
  return {
    visit: {
      held_on: heldOn,
      date_label: shortDateFormat.format(new Date(`${heldOn}T00:00:00Z`)),
      channel: "video_conference",
      requester_label: "Kab. Bogor",
      topics: "Dana Alokasi Umum",
      request_id: null,
      source: "import",
      ...overrides,
    },
    region_code: "32.01",
    requester_kind: "regional_government",
    province: "Jawa Barat",
    ...record,
  };
}

/** Builds an arrived delegation's record; tests override only what they care about. */
export function makeViolation(id: number, kind: ViolationKind, overrides: Partial<ViolationView> = {}): ViolationView {
  return {
    id,
    request_id: 1,
    kind,
    label: VIOLATION_KINDS[kind].label,
    clause: VIOLATION_KINDS[kind].clause,
    evidence: `Bukti ${kind}`,
    occurred_on: "2026-11-02",
    occurred_label: dayLabel("2026-11-02"),
    channel: "in_person",
    requester_label: "Kab. Bogor",
    ...overrides,
  };
}

type Arrival = {
  channel: Channel;
  booked: boolean;
  confirmed: boolean;
  has_letter: boolean;
  cap: number;
  present: number;
  extra: number;
  head_claimed: boolean;
  head_present: boolean;
};

/** The core's `violations_at_arrival`, kept separately from anything in the UI. */
function violationsAtArrival(facts: Arrival): Array<{ kind: ViolationKind; evidence: string }> {
  const found: Array<{ kind: ViolationKind; evidence: string }> = [];
  if (!facts.booked) found.push({ kind: "no_booking", evidence: "Delegasi datang tanpa jadwal konsultasi yang ditetapkan DJPK" });
  else if (!facts.confirmed) {
    found.push({ kind: "not_confirmed", evidence: "Jadwal belum dikonfirmasi oleh pemohon sebelum kedatangan" });
  }
  if (facts.channel === "in_person" && !facts.has_letter) {
    found.push({ kind: "no_letter", evidence: "Tidak ada surat permintaan konsultasi yang bernomor dan bertanggal" });
  }
  const attended = facts.present + facts.extra;
  if (attended > facts.cap) {
    const channel = facts.channel === "in_person" ? "tatap muka" : "video conference";
    found.push({
      kind: "over_guest_cap",
      evidence: `Hadir ${attended} orang (${facts.present} terdaftar, ${facts.extra} tambahan); batas ${channel} ${facts.cap} orang`,
    });
  }
  if (facts.head_claimed && !facts.head_present) {
    found.push({ kind: "regional_head_absent", evidence: "Permohonan menyatakan Kepala Daerah hadir, tetapi Kepala Daerah tidak datang" });
  }
  return found;
}

function guestErrors(guests: readonly GuestInput[], list: string): FieldError[] {
  const errors: FieldError[] = [];
  const heads = guests.filter((g) => g.is_regional_head).length;
  if (heads > 1) errors.push({ field: list, message: `Hanya satu tamu yang dapat ditandai sebagai Kepala Daerah (ada ${heads})` });
  guests.forEach((guest, index) => {
    const ordinal = index + 1;
    if (!guest.name.trim()) errors.push({ field: `${list}[${index}].name`, message: `Nama tamu ke-${ordinal} wajib diisi` });
    if (!guest.position.trim()) errors.push({ field: `${list}[${index}].position`, message: `Jabatan tamu ke-${ordinal} wajib diisi` });
    if (!guest.institution.trim()) {
      errors.push({ field: `${list}[${index}].institution`, message: `Instansi tamu ke-${ordinal} wajib diisi` });
    }
  });
  return errors;
}

/** The core's `parse_check_in`: every complaint, by path. */
function checkInErrors(input: CheckInInput, registered: readonly Pick<GuestView, "name" | "is_regional_head">[]): FieldError[] {
  const errors: FieldError[] = [];
  const present: number[] = [];
  input.present.forEach((guest, k) => {
    if (guest >= registered.length) {
      errors.push({ field: `present[${k}]`, message: `Tamu ke-${guest + 1} tidak terdaftar pada permohonan ini` });
    } else if (present.includes(guest)) {
      errors.push({ field: `present[${k}]`, message: `${registered[guest]!.name} tercatat hadir dua kali` });
    } else present.push(guest);
  });
  errors.push(...guestErrors(input.extra_guests, "extra_guests"));
  if (input.present.length === 0 && input.extra_guests.length === 0) {
    errors.push({ field: "present", message: "Centang tamu yang hadir atau tambahkan tamu yang datang tanpa terdaftar" });
  }
  if (input.extra_guests.some((g) => g.is_regional_head) && registered.some((g) => g.is_regional_head)) {
    errors.push({ field: "extra_guests", message: "Kepala Daerah sudah terdaftar sebagai tamu; centang namanya di daftar tamu" });
  }
  const time = input.arrived_time?.trim() ?? "";
  if (time !== "" && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(time)) {
    errors.push({ field: "arrived_time", message: `Jam kedatangan "${time}" tidak valid; gunakan format JJ:MM` });
  }
  return errors;
}

/** Ticking the guest marked Kepala Daerah is the Kepala Daerah coming. */
function headCame(input: CheckInInput, registered: readonly Pick<GuestView, "is_regional_head">[]): boolean {
  return input.present.some((g) => registered[g]?.is_regional_head) || input.extra_guests.some((g) => g.is_regional_head);
}

function previewOf(
  registered: readonly Pick<GuestView, "name" | "is_regional_head">[],
  input: CheckInInput,
  arrivedAt: string,
  cap: number,
  found: Array<{ kind: ViolationKind; evidence: string }>,
): CheckInPreview {
  return {
    arrived_at: arrivedAt,
    arrived_label: clockLabel(arrivedAt),
    present: input.present.map((g) => registered[g]!.name.trim()),
    extra: input.extra_guests.map((g) => g.name.trim()),
    regional_head_present: headCame(input, registered),
    attended: input.present.length + input.extra_guests.length,
    guest_cap: cap,
    violations: found.map((f) => ({ kind: f.kind, label: VIOLATION_KINDS[f.kind].label, clause: VIOLATION_KINDS[f.kind].clause, evidence: f.evidence })),
  };
}

/** What the core's `NewRequest::parse` refuses most often, by path. */
function requestErrors(input: RequestInput): FieldError[] {
  const errors: FieldError[] = [];
  const regional = input.requester.kind === "regional_government" || input.requester.kind === "regional_council";
  if (!input.requester.kind) errors.push({ field: "requester.kind", message: "Pilih jenis pengguna layanan" });
  else if (regional && !REQUESTERS.some((r) => r.region_code === input.requester.region_code && r.kind === input.requester.kind)) {
    errors.push({ field: "requester.region_code", message: "Pilih daerah dari daftar" });
  } else if (!regional && !input.requester.name?.trim()) {
    errors.push({ field: "requester.name", message: "Nama pengguna layanan wajib diisi" });
  }
  if (!input.contact.name.trim()) errors.push({ field: "contact.name", message: "Nama narahubung wajib diisi" });
  if (!/^(\+62|0)8\d{7,12}$/.test(input.contact.whatsapp.replace(/[\s-]/g, ""))) {
    errors.push({ field: "contact.whatsapp", message: "Nomor WhatsApp tidak valid" });
  }
  if (input.topics.length === 0) errors.push({ field: "topics", message: "Pilih minimal satu topik" });
  if (!input.description.trim()) errors.push({ field: "description", message: "Uraian permasalahan wajib diisi" });
  if (!Number.isInteger(input.planned_guest_count) || input.planned_guest_count < 1 || input.planned_guest_count > 100) {
    errors.push({ field: "planned_guest_count", message: "Jumlah tamu harus bilangan bulat 1–100" });
  }
  errors.push(...guestErrors(input.guests, "guests"));
  if (input.letter) {
    if (!input.letter.number.trim()) errors.push({ field: "letter.number", message: "Nomor surat wajib diisi" });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.letter.date)) errors.push({ field: "letter.date", message: "Tanggal surat wajib diisi" });
  }
  return errors;
}

const prefixed = (prefix: string, errors: FieldError[]): FieldError[] =>
  errors.map((e) => ({ field: `${prefix}.${e.field}`, message: e.message }));

/** The calendar day `days` after a "YYYY-MM-DD" date, as the core's `ArrivalsDay` steps. */
export function shiftDay(isoDate: string, days: number): string {
  const start = new Date(`${isoDate}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() + days);
  return start.toISOString().slice(0, 10);
}

/**
 * In-memory Backend for component tests. Records every call, can hold rows as
 * summaries only (for big lists) or as full details, and can be told to fail.
 */
export class FakeBackend implements Backend {
  readonly calls: Call[] = [];
  readonly details = new Map<number, RequestDetail>();
  summaries: RequestSummary[] = [];
  #failures = new Map<keyof Backend, unknown>();
  #nextId = 1;
  #nextRowId = 100;

  /** What checkRequestInput answers; tests replace it. */
  findingsFor: (id: number | null, input: RequestInput) => Finding[] = () => [];
  /** What suggestSlots answers (at most `count` suggestions). */
  suggestions: SlotSuggestion[] = [];
  preferenceVerdicts: PreferenceVerdict[] = [];
  requestBlocks: Finding[] = [];
  rooms: RoomView[] = structuredClone(ROOMS);
  units: UnitView[] = structuredClone(UNITS);
  policyVersions: PolicyVersionView[] = [
    { id: 1, effective_from: "2023-01-01", settings: defaultSettings(), note: "Bawaan aplikasi", created_at: "2026-11-01T01:00:00Z" },
  ];
  holidays: HolidayView[] = [];
  overrides: SessionOverrideView[] = [];
  users: UserView[];
  /** The profile the "shell" acts as; every write needs one. */
  currentUserId: number | null;
  /** The audit log, oldest first, like the core's table. */
  audit: AuditEntry[];
  /** Bookings the calendar shows besides those of the stored details (tests add them directly). */
  calendarEntries: CalendarEntry[] = [];
  /** What dashboard() answers; null derives one from the stored requests. */
  dashboardData: Dashboard | null = null;
  /** Broken bookings of the derived dashboard. */
  brokenBookings: BrokenBooking[] = [];
  /** The fake's clock for the day of visits (arrivals, check-in, no-show); null is the real now. */
  now: Date | null = null;
  /** Check-ins by request id. */
  readonly checkIns = new Map<number, CheckInView>();
  /** Check-ins voided, oldest first (with their violations, withdrawn from `violations`). */
  readonly voidedCheckIns: CheckInView[] = [];
  /** Every recorded violation that counts, oldest first. */
  violations: ViolationView[] = [];
  /** Consultations held: imported records, and requests completed at the desk. */
  held: HeldRecord[] = [];
  /** What monthlyReport answers for a month; a month not here is derived from the records. */
  readonly reports = new Map<string, MonthlyReport>();
  /** What importHistory answers: the core's summary, or its refusal (thrown). */
  importAnswer: ImportSummary | ApiError = { imported: 0, guessed: [] };

  constructor(
    seed: {
      summaries?: RequestSummary[];
      details?: RequestDetail[];
      users?: UserView[];
      /** Default 1 (Sari, Sekretariat); null starts without a profile, like a fresh app. */
      currentUser?: number | null;
      audit?: AuditEntry[];
    } = {},
  ) {
    for (const detail of seed.details ?? []) this.details.set(detail.id, detail);
    this.summaries = seed.summaries ?? [];
    const ids = [...this.details.keys(), ...this.summaries.map((s) => s.id)];
    this.#nextId = Math.max(0, ...ids) + 1;
    this.users = structuredClone(seed.users ?? USERS);
    this.currentUserId = seed.currentUser === undefined ? 1 : seed.currentUser;
    this.audit = structuredClone(seed.audit ?? []);
  }

  /** The next call to `method` rejects with `error`. */
  failNext(method: keyof Backend, error: unknown): void {
    this.#failures.set(method, error);
  }

  callsTo(method: keyof Backend): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  get size(): number {
    return this.#all().length;
  }

  #record(method: keyof Backend, args: unknown[]): void {
    this.calls.push({ method, args: structuredClone(args) });
    if (this.#failures.has(method)) {
      const error = this.#failures.get(method);
      this.#failures.delete(method);
      throw error;
    }
  }

  #all(): RequestSummary[] {
    const fromDetails = [...this.details.values()].map((detail) => summarize(detail, this.rooms));
    const ids = new Set(fromDetails.map((s) => s.id));
    return [...this.summaries.filter((s) => !ids.has(s.id)), ...fromDetails];
  }

  async listRequests(filter: RequestFilter): Promise<RequestSummary[]> {
    this.#record("listRequests", [filter]);
    const text = filter.text?.toLowerCase() ?? null;
    return this.#all().filter(
      (s) =>
        (filter.status === null || s.status === filter.status) &&
        (filter.channel === null || s.channel === filter.channel) &&
        (filter.region_code === null || s.region_code === filter.region_code) &&
        (text === null ||
          [s.requester_label, s.contact_name, s.letter_number ?? ""].some((v) => v.toLowerCase().includes(text))),
    );
  }

  async getRequest(id: number): Promise<RequestDetail> {
    this.#record("getRequest", [id]);
    const detail = this.details.get(id);
    if (!detail) throw new ApiError("not_found", `Permohonan #${id} tidak ditemukan.`);
    return structuredClone(detail);
  }

  async createRequest(input: RequestInput): Promise<RequestDetail> {
    this.#record("createRequest", [input]);
    const actor = this.#actor();
    const detail = this.#materialize(this.#nextId++, input, "submitted", new Date().toISOString(), null);
    this.details.set(detail.id, detail);
    this.#log(actor, "create", detail.id, null, input, null);
    return structuredClone(detail);
  }

  async updateRequest(id: number, version: number, input: RequestInput): Promise<RequestDetail> {
    this.#record("updateRequest", [id, version, input]);
    const actor = this.#actor();
    const existing = this.#detail(id);
    if (existing.version !== version) {
      // Like the core: an edit based on an older version is refused, naming the last change.
      const last = this.audit.filter((e) => e.request_id === id).at(-1);
      throw new ApiError(
        "conflict",
        `Permohonan #${id} sudah diubah oleh ${last?.actor_name ?? "pengguna lain"} setelah Anda membukanya; muat ulang untuk melihat perubahannya`,
      );
    }
    const detail = this.#materialize(id, input, existing.status, existing.created_at, existing);
    this.details.set(id, detail);
    this.#log(actor, "update", id, existing, detail, null);
    return structuredClone(detail);
  }

  async searchRequesters(query: string, limit: number): Promise<RequesterOption[]> {
    this.#record("searchRequesters", [query, limit]);
    const q = query.toLowerCase();
    return REQUESTERS.filter((r) => r.label.toLowerCase().includes(q)).slice(0, limit);
  }

  async listTopics(): Promise<Topic[]> {
    this.#record("listTopics", []);
    return structuredClone(TOPICS);
  }

  async checkRequestInput(id: number | null, input: RequestInput): Promise<Finding[]> {
    this.#record("checkRequestInput", [id, input]);
    return structuredClone(this.findingsFor(id, input));
  }

  async suggestSlots(id: number, search: SlotSearch): Promise<SlotSuggestions> {
    this.#record("suggestSlots", [id, search]);
    if (!this.details.has(id)) throw new ApiError("not_found", `Permohonan #${id} tidak ditemukan.`);
    return structuredClone({
      preferences: this.preferenceVerdicts,
      suggestions: this.suggestions.slice(0, search.count ?? 10),
      request_blocks: this.requestBlocks,
    });
  }

  async scheduleRequest(id: number, input: ScheduleInput): Promise<RequestDetail> {
    this.#record("scheduleRequest", [id, input]);
    return this.#book(id, input, "schedule");
  }

  async rescheduleRequest(id: number, input: ScheduleInput): Promise<RequestDetail> {
    this.#record("rescheduleRequest", [id, input]);
    return this.#book(id, input, "reschedule");
  }

  async verifyRequest(id: number): Promise<RequestDetail> {
    this.#record("verifyRequest", [id]);
    const actor = this.#actor();
    const detail = this.#detail(id);
    // Like the core: the letter rules first, then the workflow and the role.
    const faults = this.#letterFaults(detail);
    if (faults.length) {
      throw new ApiError("policy", `Surat tidak dapat diverifikasi: ${faults[0]!.message}`, { findings: faults });
    }
    return this.#transition(actor, detail, "verify", null);
  }

  async confirmRequest(id: number, input: ConfirmInput): Promise<RequestDetail> {
    this.#record("confirmRequest", [id, input]);
    const actor = this.#actor();
    const fields: FieldError[] = [
      ...(/^\d{4}-\d{2}-\d{2}$/.test(input.date) ? [] : [{ field: "date", message: "Tanggal konfirmasi wajib diisi" }]),
      ...(/^\d{2}:\d{2}$/.test(input.time) ? [] : [{ field: "time", message: "Jam konfirmasi wajib diisi" }]),
      ...(input.confirmed_by.trim() ? [] : [{ field: "confirmed_by", message: "Nama yang mengonfirmasi wajib diisi" }]),
      ...(input.via ? [] : [{ field: "via", message: "Pilih saluran konfirmasi" }]),
    ];
    if (fields.length) throw invalid(fields);
    if (new Date(`${input.date}T${input.time}:00+07:00`).getTime() > Date.now() + 5 * 60_000) {
      throw invalid([{ field: "date", message: "Waktu konfirmasi tidak boleh di masa depan" }]);
    }
    const note = `Dikonfirmasi oleh ${input.confirmed_by.trim()} melalui ${input.via}`;
    return this.#transition(actor, this.#detail(id), "confirm", null, note);
  }

  async cancelRequest(id: number, input: ReasonInput): Promise<RequestDetail> {
    this.#record("cancelRequest", [id, input]);
    const actor = this.#actor();
    return this.#transition(actor, this.#detail(id), "cancel", this.#reason(input));
  }

  async rejectRequest(id: number, input: ReasonInput): Promise<RequestDetail> {
    this.#record("rejectRequest", [id, input]);
    const actor = this.#actor();
    return this.#transition(actor, this.#detail(id), "reject", this.#reason(input));
  }

  async auditTrail(id: number): Promise<AuditEntry[]> {
    this.#record("auditTrail", [id]);
    return structuredClone(this.audit.filter((e) => e.request_id === id));
  }

  async searchAudit(text: string): Promise<AuditEntry[]> {
    this.#record("searchAudit", [text]);
    const needle = text.toLowerCase();
    const matches = (e: AuditEntry) =>
      [e.actor_name, e.action, e.note ?? "", JSON.stringify(e.before ?? ""), JSON.stringify(e.after ?? "")].some((v) =>
        v.toLowerCase().includes(needle),
      );
    return structuredClone(this.audit.filter(matches).reverse());
  }

  async listUsers(): Promise<UserView[]> {
    this.#record("listUsers", []);
    return structuredClone([...this.users].sort((a, b) => a.name.localeCompare(b.name)));
  }

  async createUser(input: UserInput): Promise<UserView> {
    this.#record("createUser", [input]);
    // Like the core: the desk's first profile makes itself (and must be a secretariat); after
    // that only a secretariat adds profiles.
    const first = this.users.length === 0;
    const maker = first ? null : this.users.find((u) => u.id === this.currentUserId && u.active);
    if (!first && !maker) {
      throw new ApiError(
        "policy",
        "Profil baru hanya dapat dibuat oleh sekretariat: pilih profil sekretariat, lalu tambahkan profil di Pengaturan",
      );
    }
    if (maker) this.#requireSecretariat("menambah profil pengguna");
    const name = input.name.trim().replace(/\s+/g, " ");
    const fields: FieldError[] = [
      ...(name ? [] : [{ field: "name", message: "Nama profil wajib diisi" }]),
      ...(input.role ? [] : [{ field: "role", message: "Pilih peran: agen contact center atau sekretariat" }]),
    ];
    if (fields.length) throw invalid(fields);
    if (this.users.some((u) => u.name.toLowerCase() === name.toLowerCase())) {
      throw invalid([{ field: "name", message: `Profil "${name}" sudah ada` }]);
    }
    if (first && input.role !== "secretariat") {
      throw invalid([{ field: "role", message: "Profil pertama harus sekretariat, agar ada yang dapat menambah profil lain dan mengatur meja" }]);
    }
    const user: UserView = { id: Math.max(0, ...this.users.map((u) => u.id)) + 1, name, role: input.role!, active: true };
    this.users.push(user);
    this.#log(maker ?? user, "user.create", null, null, user, null);
    return structuredClone(user);
  }

  async selectUser(id: number): Promise<UserView> {
    this.#record("selectUser", [id]);
    const user = this.users.find((u) => u.id === id && u.active);
    if (!user) throw invalid([{ field: "actor", message: `Profil pengguna "${id}" tidak ada atau tidak aktif` }]);
    this.currentUserId = id;
    return structuredClone(user);
  }

  async currentUser(): Promise<UserView | null> {
    this.#record("currentUser", []);
    return structuredClone(this.users.find((u) => u.id === this.currentUserId) ?? null);
  }

  async policyOverview(): Promise<PolicyOverview> {
    this.#record("policyOverview", []);
    const today = new Date().toISOString().slice(0, 10);
    const sorted = [...this.policyVersions].sort((a, b) => a.effective_from.localeCompare(b.effective_from) || a.id - b.id);
    const inForce = sorted.filter((v) => v.effective_from <= today).at(-1) ?? sorted[0]!;
    return structuredClone({ in_force: inForce, versions: this.policyVersions, defaults: defaultSettings() });
  }

  async setPolicy(input: PolicyInput): Promise<PolicyVersionView> {
    this.#record("setPolicy", [input]);
    this.#requireSecretariat("mengubah kebijakan layanan");
    const version: PolicyVersionView = {
      id: this.#nextRowId++,
      effective_from: input.effective_from,
      settings: structuredClone(input.settings),
      note: input.note,
      created_at: new Date().toISOString(),
    };
    this.policyVersions.push(version);
    return structuredClone(version);
  }

  async listHolidays(year: number | null): Promise<HolidayView[]> {
    this.#record("listHolidays", [year]);
    return structuredClone(
      this.holidays
        .filter((h) => year === null || h.date.startsWith(`${year}-`))
        .sort((a, b) => a.date.localeCompare(b.date)),
    );
  }

  async addHoliday(input: HolidayInput): Promise<HolidayView[]> {
    this.#record("addHoliday", [input]);
    this.#requireSecretariat("mengubah hari libur");
    const fields = [
      ...(/^\d{4}-\d{2}-\d{2}$/.test(input.date) ? [] : [{ field: "date", message: "Tanggal libur wajib diisi" }]),
      ...(input.name.trim() ? [] : [{ field: "name", message: "Nama hari libur wajib diisi" }]),
    ];
    if (fields.length) throw new ApiError("validation", "Data hari libur belum lengkap.", { fields });
    this.#addHoliday(input.date, input.name, input.kind ?? "national", "manual");
    return this.listHolidays(Number(input.date.slice(0, 4)));
  }

  async deleteHoliday(id: number): Promise<void> {
    this.#record("deleteHoliday", [id]);
    this.#requireSecretariat("mengubah hari libur");
    const before = this.holidays.length;
    this.holidays = this.holidays.filter((h) => h.id !== id);
    if (this.holidays.length === before) throw new ApiError("not_found", `Hari libur #${id} tidak ditemukan.`);
  }

  /** Reads `DTSTART;VALUE=DATE:yyyymmdd` + `SUMMARY:` pairs: enough for tests. */
  async importHolidaysIcs(content: string): Promise<HolidayImport> {
    this.#record("importHolidaysIcs", [content]);
    this.#requireSecretariat("mengubah hari libur");
    if (!content.includes("BEGIN:VCALENDAR")) {
      throw new ApiError("validation", "Berkas tidak dapat diimpor.", {
        fields: [{ field: "file", message: "Berkas bukan iCalendar yang valid" }],
      });
    }
    const result: HolidayImport = { added: 0, skipped: 0, problems: [] };
    for (const event of content.split("BEGIN:VEVENT").slice(1)) {
      const name = /SUMMARY:(.*)/.exec(event)?.[1]?.trim() ?? "";
      const day = /DTSTART;VALUE=DATE:(\d{4})(\d{2})(\d{2})/.exec(event);
      if (!day) {
        result.problems.push(`"${name}" bukan acara sehari penuh (DTSTART tanpa VALUE=DATE)`);
        continue;
      }
      const date = `${day[1]}-${day[2]}-${day[3]}`;
      if (this.holidays.some((h) => h.date === date && h.name === name)) result.skipped++;
      else {
        this.#addHoliday(date, name, name.toLowerCase().startsWith("cuti bersama") ? "cuti_bersama" : "national", "import");
        result.added++;
      }
    }
    return result;
  }

  async listSessionOverrides(): Promise<SessionOverrideView[]> {
    this.#record("listSessionOverrides", []);
    return structuredClone(this.overrides);
  }

  async addSessionOverride(input: SessionOverrideInput): Promise<SessionOverrideView[]> {
    this.#record("addSessionOverride", [input]);
    this.#requireSecretariat("mengubah jam layanan khusus");
    this.overrides.push({ id: this.#nextRowId++, ...structuredClone(input) });
    return structuredClone(this.overrides);
  }

  async deleteSessionOverride(id: number): Promise<void> {
    this.#record("deleteSessionOverride", [id]);
    this.#requireSecretariat("mengubah jam layanan khusus");
    this.overrides = this.overrides.filter((o) => o.id !== id);
  }

  async listRooms(): Promise<RoomView[]> {
    this.#record("listRooms", []);
    return structuredClone(this.rooms);
  }

  async listUnits(): Promise<UnitView[]> {
    this.#record("listUnits", []);
    return structuredClone(this.units);
  }

  async calendar(filter: CalendarFilter): Promise<CalendarEntry[]> {
    this.#record("calendar", [filter]);
    const days = (Date.parse(filter.to) - Date.parse(filter.from)) / 86_400_000;
    if (!(days >= 0)) throw invalid([{ field: "to", message: "Tanggal akhir sebelum tanggal awal" }]);
    if (days > 400) throw invalid([{ field: "to", message: "Rentang paling lama 400 hari" }]);
    return structuredClone(
      this.#calendarEntries().filter(
        (e) =>
          wibDate(e.starts_at) >= filter.from &&
          wibDate(e.starts_at) <= filter.to &&
          (filter.room_code === null || e.room_code === filter.room_code) &&
          (filter.unit_code === null || e.unit_code === filter.unit_code) &&
          (filter.channel === null || e.channel === filter.channel),
      ),
    );
  }

  /** What the save dialog answers: a path, or null as if the user closed it. */
  savePathAnswer: string | null = "/home/staf/Dokumen/berkas";
  exportSettingsData: ExportSettings = {
    letterhead: ["KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", "DIREKTORAT JENDERAL PERIMBANGAN KEUANGAN"],
    place: "Jakarta",
    signatory_position: "Sekretaris Direktorat Jenderal",
    signatory_name: "Dr. Adriyanto, S.E., M.A.",
    signatory_nip: null,
    copies: ["Direktur Jenderal Perimbangan Keuangan"],
    organizer_name: "Contact Center DJPK",
    organizer_email: "callcenter.djpk@kemenkeu.go.id",
    number_pattern: "S-{seq}/PK.1/{year}",
    reminder_minutes: 60,
  };

  resourcePersons: ResourcePersonView[] = [
    { id: 1, unit_code: "DTU", name: "Andi Wijaya", position: "Kepala Seksi DAU", email: "andi@kemenkeu.go.id", active: true },
    { id: 2, unit_code: "DTU", name: "Budi Santoso", position: null, email: null, active: true },
    { id: 3, unit_code: "DTK", name: "Citra Lestari", position: null, email: null, active: true },
  ];

  async listResourcePersons(): Promise<ResourcePersonView[]> {
    this.#record("listResourcePersons", []);
    return structuredClone(this.resourcePersons);
  }

  async saveResourcePerson(input: ResourcePersonInput): Promise<ResourcePersonView[]> {
    this.#record("saveResourcePerson", [input]);
    this.#requireSecretariat("mengubah daftar narasumber");
    if (input.name.trim() === "") throw invalid([{ field: "name", message: "Nama narasumber wajib diisi" }]);
    const id = input.id ?? Math.max(0, ...this.resourcePersons.map((p) => p.id)) + 1;
    const saved: ResourcePersonView = {
      id,
      unit_code: input.unit_code,
      name: input.name.trim(),
      position: input.position ?? null,
      email: input.email ?? null,
      active: input.active,
    };
    this.resourcePersons = [...this.resourcePersons.filter((p) => p.id !== id), saved];
    return structuredClone(this.resourcePersons);
  }

  /** Warnings the next saved letter or invite reports, as the core does for characters a PDF lacks. */
  exportWarnings: string[] = [];

  async chooseSavePath(suggestedName: string, type: "ics" | "pdf" | "csv"): Promise<string | null> {
    this.#record("chooseSavePath", [suggestedName, type]);
    return this.savePathAnswer === null ? null : `${this.savePathAnswer}/${suggestedName}`;
  }

  async saveExport(request: ExportRequest, path: string): Promise<SavedExport> {
    this.#record("saveExport", [request, path]);
    if (request.kind === "monthly_report") {
      if (!/^\d{4}-\d{2}$/.test(request.month)) {
        throw invalid([{ field: "month", message: `Bulan harus berformat TTTT-BB, bukan "${request.month}"` }]);
      }
      return { path, bytes: request.format === "pdf" ? 40_960 : 1024, warnings: [] };
    }
    if (request.kind !== "calendar" && !this.details.get(request.request_id)?.booking && request.kind !== "invite") {
      throw new ApiError("conflict", `Permohonan #${request.request_id} belum pernah dijadwalkan`);
    }
    if (request.kind === "letter" || request.kind === "invite") {
      const refusal = this.#letterRefusal(request.kind === "letter" ? request.letter : "invite");
      if (refusal) throw new ApiError("policy", refusal);
    }
    return { path, bytes: 2048, warnings: [...this.exportWarnings] };
  }

  async whatsappMessage(id: number): Promise<string> {
    this.#record("whatsappMessage", [id]);
    const detail = this.details.get(id);
    if (!detail?.booking) throw new ApiError("conflict", `Permohonan #${id} belum pernah dijadwalkan`);
    return `*Konfirmasi Jadwal Konsultasi DJPK*\n\nYth. Bapak/Ibu ${detail.contact.name},\n*Waktu:* ${detail.booking.label}`;
  }

  async exportSettings(): Promise<ExportSettings> {
    this.#record("exportSettings", []);
    return structuredClone(this.exportSettingsData);
  }

  async saveExportSettings(input: ExportSettings): Promise<ExportSettings> {
    this.#record("saveExportSettings", [input]);
    this.#requireSecretariat("mengubah pengaturan surat dan undangan");
    if (!input.number_pattern.includes("{seq}")) {
      throw invalid([{ field: "number_pattern", message: "Pola nomor surat harus memuat {seq} tepat satu kali" }]);
    }
    this.exportSettingsData = structuredClone(input);
    return structuredClone(input);
  }

  /** Whether the database was opened read-only, as setupStatus() reports it. */
  readOnly = false;

  /** The core's placeholder checks, for the seeded values the tests use. */
  #setupItems(): SetupItem[] {
    const s = this.exportSettingsData;
    const stand = (v: string) => ["", "nama penandatangan", "jabatan", "contoh", "xxx"].includes(v.trim().toLowerCase());
    const items: SetupItem[] = [];
    const line = s.letterhead.findIndex(stand);
    if (s.letterhead.length === 0 || line >= 0) {
      items.push({ step: "letterhead", field: `letterhead[${Math.max(line, 0)}]`, message: "Kop surat masih contoh." });
    }
    if (stand(s.signatory_name)) {
      items.push({ step: "signatory", field: "signatory_name", message: "Nama penandatangan masih contoh; isi nama pejabat yang menandatangani surat." });
    }
    if (stand(s.signatory_position)) {
      items.push({ step: "signatory", field: "signatory_position", message: "Jabatan penandatangan masih contoh." });
    }
    if (stand(s.organizer_name)) {
      items.push({ step: "organizer", field: "organizer_name", message: "Nama penyelenggara undangan masih contoh." });
    }
    if (/@(example\.(com|org|net)|[^@]*\.(test|invalid|example))$/i.test(s.organizer_email.trim())) {
      items.push({ step: "organizer", field: "organizer_email", message: "Surel penyelenggara undangan masih alamat contoh." });
    }
    if (!this.rooms.some((r) => r.active)) {
      items.push({ step: "rooms", field: "", message: "Belum ada ruang rapat aktif." });
    }
    return items;
  }

  #letterRefusal(kind: "confirmation" | "certificate" | "attendance_sheet" | "invite"): string | null {
    const blocks = (step: SetupItem["step"]) =>
      step === "letterhead"
        ? kind !== "invite"
        : step === "signatory"
          ? kind === "confirmation" || kind === "certificate"
          : step === "organizer"
            ? kind === "confirmation" || kind === "invite"
            : false;
    const reasons = this.#setupItems()
      .filter((item) => blocks(item.step))
      .map((item) => item.message.split(";")[0]!.replace(/\.$/, "").toLowerCase());
    if (reasons.length === 0) return null;
    const noun = kind === "invite" ? "Undangan" : "Surat";
    return `${noun} belum dapat dibuat: ${reasons.join("; ")}. Isi di Pengaturan → Surat & undangan.`;
  }

  async setupStatus(): Promise<SetupStatus> {
    this.#record("setupStatus", []);
    const items = this.#setupItems();
    const letters = this.#letterRefusal("confirmation");
    return {
      complete: items.length === 0,
      letters_ready: letters === null,
      invites_ready: this.#letterRefusal("invite") === null,
      letters_refusal: letters,
      items,
      read_only: this.readOnly,
      database_path: "/home/staf/.local/share/id.go.kemenkeu.djpk.konsultasi/konsultasi.db",
    };
  }

  async saveRoom(input: RoomInput): Promise<RoomView[]> {
    this.#record("saveRoom", [input]);
    this.#requireSecretariat("mengubah daftar ruang");
    if (input.name.trim() === "") throw invalid([{ field: "name", message: "Nama ruang wajib diisi" }]);
    this.rooms = [...this.rooms.filter((r) => r.code !== input.code), structuredClone(input)].sort((a, b) =>
      a.code.localeCompare(b.code),
    );
    return structuredClone(this.rooms);
  }

  async dashboard(): Promise<Dashboard> {
    this.#record("dashboard", []);
    if (this.dashboardData) return structuredClone(this.dashboardData);
    const all = this.#all();
    return structuredClone({
      today: "2026-11-28",
      today_entries: [],
      week_entries: [],
      awaiting_verification: all.filter((s) => s.status === "submitted"),
      awaiting_confirmation: all.filter((s) => s.status === "scheduled"),
      now_breaking: this.brokenBookings,
    });
  }

  // The day of the visit, as the core does it (src/service/checkin.rs), in memory.

  async arrivals(date: string): Promise<ArrivalsDay> {
    this.#record("arrivals", [date]);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw invalid([{ field: "date", message: "Tanggal wajib diisi" }]);
    return this.#dayOf(date, "in_person");
  }

  async videoAttendance(date: string): Promise<ArrivalsDay> {
    this.#record("videoAttendance", [date]);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw invalid([{ field: "date", message: "Tanggal wajib diisi" }]);
    return this.#dayOf(date, "video_conference");
  }

  #dayOf(date: string, channel: Channel): ArrivalsDay {
    const shown: RequestStatus[] = ["scheduled", "confirmed", "checked_in", "completed", "no_show"];
    const booked = [...this.details.values()]
      .filter((d) => d.channel === channel && d.booking && shown.includes(d.status) && wibDate(d.booking.starts_at) === date)
      .sort((a, b) => a.booking!.starts_at.localeCompare(b.booking!.starts_at) || a.id - b.id);
    const walkIns = [...this.checkIns.entries()]
      .filter(([, c]) => c.walk_in && wibDate(c.arrived_at) === date)
      .sort(([, a], [, b]) => a.arrived_at.localeCompare(b.arrived_at))
      .flatMap(([id]) => (this.details.has(id) && this.details.get(id)!.channel === channel ? [this.details.get(id)!] : []));
    const now = this.#now().getTime();
    const arrivals = [...booked, ...walkIns].map((detail): ArrivalView => {
      const checkIn = this.checkIns.get(detail.id) ?? null;
      const code = detail.requester.region_code;
      return {
        request_id: detail.id,
        status: detail.status,
        channel: detail.channel,
        requester_label: detail.requester.label,
        region_code: code,
        contact: structuredClone(detail.contact),
        booking: structuredClone(detail.booking),
        // The core adds the requester's own clock in brackets; the fake's requesters are in WIB.
        time_label: detail.booking
          ? `${clockInOffice(new Date(detail.booking.starts_at)).replace(":", ".")}–${clockInOffice(new Date(detail.booking.ends_at)).replace(":", ".")} WIB`
          : null,
        confirmed:
          detail.status === "confirmed" ||
          (checkIn !== null && !checkIn.walk_in && !checkIn.violations.some((v) => v.kind === "not_confirmed")),
        has_letter: detail.letter !== null,
        guest_cap: this.#guestCap(detail),
        regional_head_claimed: detail.guests.some((g) => g.is_regional_head),
        guests: structuredClone(detail.guests),
        check_in: structuredClone(checkIn),
        slot_ended: detail.booking ? Date.parse(detail.booking.ends_at) <= now : true,
        earlier_violations:
          code === null ? 0 : this.violations.filter((v) => this.#regionOf(v.request_id) === code && v.occurred_on < date).length,
      };
    });
    return { date, date_label: dayLabel(date), previous_date: shiftDay(date, -1), next_date: shiftDay(date, 1), arrivals };
  }

  async checkInPreview(id: number, input: CheckInInput): Promise<CheckInPreview> {
    this.#record("checkInPreview", [id, input]);
    this.#actor();
    const { detail, arrivedAt, found } = this.#prepareCheckIn(id, input);
    return previewOf(detail.guests, input, arrivedAt, this.#guestCap(detail), found);
  }

  async checkIn(id: number, input: CheckInInput): Promise<RequestDetail> {
    this.#record("checkIn", [id, input]);
    const actor = this.#actor();
    const { detail, arrivedAt, found } = this.#prepareCheckIn(id, input);
    const attendees: AttendeeView[] = [
      ...input.present.map((g) => ({ ...this.#attendee(detail.guests[g]!), extra: false })),
      ...input.extra_guests.map((g) => ({ ...this.#attendee(g), extra: true })),
    ];
    this.#storeCheckIn(actor, detail, arrivedAt, false, input, attendees, found);
    const updated: RequestDetail = {
      ...detail,
      status: "checked_in",
      updated_at: new Date().toISOString(),
      version: detail.version + 1,
    };
    this.details.set(id, updated);
    this.#log(actor, "check_in", id, snapshot(detail), { status: "checked_in", violations: found.map((f) => f.kind) }, null);
    return structuredClone(updated);
  }

  #prepareCheckIn(id: number, input: CheckInInput) {
    const detail = this.#detail(id);
    const errors = checkInErrors(input, detail.guests);
    if (errors.length) throw invalid(errors);
    if (detail.status !== "scheduled" && detail.status !== "confirmed") {
      throw new ApiError("conflict", `Permohonan berstatus ${STATUS_NAMES[detail.status]} tidak dapat dicatat kehadirannya`);
    }
    const day = wibDate(detail.booking!.starts_at);
    if (day !== this.#today()) {
      throw new ApiError(
        "conflict",
        `Jadwal permohonan #${id} adalah ${dayLabel(day)}; kedatangan hanya dicatat pada hari jadwal. Delegasi yang datang di hari lain dicatat sebagai kedatangan tanpa jadwal.`,
      );
    }
    const arrivedAt =
      detail.channel === "video_conference" ? detail.booking!.starts_at : this.#arrivalInstant(day, input.arrived_time);
    const found = violationsAtArrival({
      channel: detail.channel,
      booked: true,
      confirmed: detail.status === "confirmed",
      has_letter: detail.letter !== null,
      cap: this.#guestCap(detail),
      present: input.present.length,
      extra: input.extra_guests.length,
      head_claimed: detail.guests.some((g) => g.is_regional_head),
      head_present: headCame(input, detail.guests),
    });
    return { detail, arrivedAt, found };
  }

  async walkInPreview(input: WalkInInput): Promise<CheckInPreview> {
    this.#record("walkInPreview", [input]);
    const errors = [
      ...prefixed("request", requestErrors(input.request)),
      ...prefixed("check_in", checkInErrors(input.check_in, input.request.guests)),
    ];
    if (errors.length) throw invalid(errors);
    const arrivedAt = this.#arrivalInstant(this.#today(), input.check_in.arrived_time);
    const cap = this.#guestCap({ channel: "in_person", received_on: input.request.received_on ?? this.#today() });
    const found = violationsAtArrival({
      channel: "in_person",
      booked: false,
      confirmed: false,
      has_letter: input.request.letter !== null,
      cap,
      present: input.check_in.present.length,
      extra: input.check_in.extra_guests.length,
      head_claimed: input.request.guests.some((g) => g.is_regional_head),
      head_present: headCame(input.check_in, input.request.guests),
    });
    return previewOf(input.request.guests, input.check_in, arrivedAt, cap, found);
  }

  async voidCheckIn(checkInId: number, input: VoidCheckInInput): Promise<RequestDetail> {
    this.#record("voidCheckIn", [checkInId, input]);
    const actor = this.#actor();
    if (actor.role !== "secretariat") {
      throw new ApiError("policy", `Hanya sekretariat yang dapat membatalkan kedatangan; ${actor.name} masuk sebagai agen`);
    }
    const reason = input.reason.trim();
    if (!reason) throw invalid([{ field: "reason", message: "Alasan pembatalan wajib diisi" }]);
    if (reason.length > 300) throw invalid([{ field: "reason", message: "Alasan pembatalan paling banyak 300 karakter" }]);
    const voided = this.voidedCheckIns.find((c) => c.id === checkInId);
    if (voided) throw new ApiError("conflict", `Kedatangan #${checkInId} sudah dibatalkan sebelumnya`);
    const standing = [...this.checkIns.values()].find((c) => c.id === checkInId);
    if (!standing) throw new ApiError("not_found", `Kedatangan #${checkInId} tidak ditemukan`);
    const detail = this.#detail(standing.request_id);
    if (detail.status !== "checked_in") {
      throw new ApiError("conflict", `Permohonan #${detail.id} berstatus ${STATUS_NAMES[detail.status]}; hanya kedatangan yang belum diselesaikan yang dapat dibatalkan`);
    }
    const now = this.#now().toISOString();
    this.checkIns.delete(detail.id);
    this.voidedCheckIns.push({ ...standing, voided: { reason, voided_by: actor.name, voided_at: now, voided_label: clockLabel(now) } });
    const withdrawn = new Set(standing.violations.map((v) => v.id));
    this.violations = this.violations.filter((v) => !withdrawn.has(v.id));
    const status: RequestStatus = standing.walk_in
      ? "submitted"
      : standing.violations.some((v) => v.kind === "not_confirmed")
        ? "scheduled"
        : "confirmed";
    const updated: RequestDetail = { ...detail, status, updated_at: now, version: detail.version + 1 };
    this.details.set(detail.id, updated);
    this.#log(actor, "void_check_in", detail.id, snapshot(detail), { check_in_id: checkInId, reason, status }, reason);
    return structuredClone(updated);
  }

  async checkInsOf(id: number): Promise<CheckInView[]> {
    this.#record("checkInsOf", [id]);
    this.#detail(id);
    const standing = this.checkIns.get(id);
    const voided = this.voidedCheckIns.filter((c) => c.request_id === id).reverse();
    return structuredClone([...(standing ? [standing] : []), ...voided]);
  }

  async walkIn(input: WalkInInput): Promise<RequestDetail> {
    this.#record("walkIn", [input]);
    const actor = this.#actor();
    const errors = [
      ...prefixed("request", requestErrors(input.request)),
      ...prefixed("check_in", checkInErrors(input.check_in, input.request.guests)),
    ];
    if (errors.length) throw invalid(errors);
    if (input.request.channel !== null && input.request.channel !== "in_person") {
      throw invalid([{ field: "request.channel", message: "Kedatangan tanpa jadwal selalu tatap muka" }]);
    }
    const today = this.#today();
    const arrivedAt = this.#arrivalInstant(today, input.check_in.arrived_time);
    const time = input.check_in.arrived_time?.trim() || clockLabel(arrivedAt).slice(0, 5).replace(".", ":");
    const request: RequestInput = {
      ...input.request,
      channel: "in_person",
      preferred_slots: input.request.preferred_slots.length ? input.request.preferred_slots : [{ date: today, time }],
      received_on: input.request.received_on ?? today,
    };
    const detail = this.#materialize(this.#nextId++, request, "checked_in", new Date().toISOString(), null);
    this.details.set(detail.id, detail);
    const found = violationsAtArrival({
      channel: "in_person",
      booked: false,
      confirmed: false,
      has_letter: detail.letter !== null,
      cap: this.#guestCap(detail),
      present: input.check_in.present.length,
      extra: input.check_in.extra_guests.length,
      head_claimed: detail.guests.some((g) => g.is_regional_head),
      head_present: headCame(input.check_in, detail.guests),
    });
    const attendees: AttendeeView[] = [
      ...input.check_in.present.map((g) => ({ ...this.#attendee(detail.guests[g]!), extra: false })),
      ...input.check_in.extra_guests.map((g) => ({ ...this.#attendee(g), extra: true })),
    ];
    this.#storeCheckIn(actor, detail, arrivedAt, true, input.check_in, attendees, found);
    this.#log(actor, "walk_in", detail.id, null, { status: "checked_in", violations: found.map((f) => f.kind) }, null);
    return structuredClone(detail);
  }

  async completeRequest(id: number): Promise<RequestDetail> {
    this.#record("completeRequest", [id]);
    const actor = this.#actor();
    const detail = this.#detail(id);
    const checkIn = this.checkIns.get(id);
    if (detail.status !== "checked_in" || !checkIn) {
      throw new ApiError("conflict", `Permohonan berstatus ${STATUS_NAMES[detail.status]} tidak dapat diselesaikan`);
    }
    const updated: RequestDetail = {
      ...detail,
      status: "completed",
      updated_at: new Date().toISOString(),
      version: detail.version + 1,
    };
    this.details.set(id, updated);
    const heldOn = wibDate(checkIn.arrived_at);
    this.held.push(
      makeHeld(
        heldOn,
        {
          channel: detail.channel,
          requester_label: detail.requester.label,
          topics: detail.topics.map((t) => t.name).join(", "),
          request_id: id,
          source: "desk",
        },
        { region_code: detail.requester.region_code, requester_kind: detail.requester.kind, province: detail.requester.province_name },
      ),
    );
    this.#log(actor, "complete", id, snapshot(detail), snapshot(updated), null);
    return structuredClone(updated);
  }

  async markNoShow(id: number): Promise<RequestDetail> {
    this.#record("markNoShow", [id]);
    const actor = this.#actor();
    const detail = this.#detail(id);
    if (detail.status !== "scheduled" && detail.status !== "confirmed") {
      throw new ApiError("conflict", `Permohonan berstatus ${STATUS_NAMES[detail.status]} tidak dapat ditandai tidak hadir`);
    }
    const booking = detail.booking!;
    if (Date.parse(booking.ends_at) > this.#now().getTime()) {
      throw new ApiError("conflict", `Jadwal ${booking.label} belum berakhir; tunggu sampai jadwal selesai.`);
    }
    const updated: RequestDetail = {
      ...detail,
      status: "no_show",
      updated_at: new Date().toISOString(),
      version: detail.version + 1,
    };
    this.details.set(id, updated);
    this.#addViolation(detail, wibDate(booking.starts_at), "no_show", `Tidak ada yang hadir pada jadwal ${booking.label}`);
    this.#log(actor, "no_show", id, snapshot(detail), snapshot(updated), null);
    return structuredClone(updated);
  }

  async checkInOf(id: number): Promise<CheckInView | null> {
    this.#record("checkInOf", [id]);
    this.#detail(id);
    return structuredClone(this.checkIns.get(id) ?? null);
  }

  async complianceHistory(regionCode: string): Promise<ComplianceHistory> {
    this.#record("complianceHistory", [regionCode]);
    const code = regionCode.trim();
    const region = REQUESTERS.find((r) => r.region_code === code && r.kind === "regional_government");
    if (!region) throw invalid([{ field: "region_code", message: `Kode wilayah "${code}" tidak dikenal` }]);
    const violations = this.violations
      .filter((v) => this.#regionOf(v.request_id) === code)
      .sort((a, b) => b.occurred_on.localeCompare(a.occurred_on) || b.id - a.id);
    const held = this.held.filter((h) => h.region_code === code);
    return structuredClone({
      region_code: code,
      region_name: region.label,
      province_name: region.province_name,
      requests: this.#all().filter((s) => s.region_code === code).length,
      held: held.length,
      no_shows: violations.filter((v) => v.kind === "no_show").length,
      violations,
      visits: held
        .map((h) => h.visit)
        .sort((a, b) => b.held_on.localeCompare(a.held_on))
        .slice(0, 100),
    });
  }

  async monthlyReport(month: string): Promise<MonthlyReport> {
    this.#record("monthlyReport", [month]);
    if (!/^\d{4}-\d{2}$/.test(month)) {
      throw invalid([{ field: "month", message: `Bulan harus berformat TTTT-BB, bukan "${month}"` }]);
    }
    return structuredClone(this.reports.get(month) ?? this.#deriveReport(month));
  }

  async importHistory(fileName: string, content: string): Promise<ImportSummary> {
    this.#record("importHistory", [fileName, content]);
    if (this.importAnswer instanceof ApiError) throw this.importAnswer;
    return structuredClone(this.importAnswer);
  }

  #now(): Date {
    return this.now ?? new Date();
  }

  #today(): string {
    return wibDate(this.#now().toISOString());
  }

  #regionOf(requestId: number): string | null {
    return this.details.get(requestId)?.requester.region_code ?? null;
  }

  /** The guest cap of the policy in force on the request's receipt date. */
  #guestCap(detail: Pick<RequestDetail, "channel" | "received_on">): number {
    const inForce = [...this.policyVersions]
      .filter((v) => v.effective_from <= detail.received_on)
      .sort((a, b) => a.effective_from.localeCompare(b.effective_from) || a.id - b.id)
      .at(-1);
    const settings = inForce?.settings ?? defaultSettings();
    return detail.channel === "in_person" ? settings.guest_cap_in_person : settings.guest_cap_video;
  }

  #arrivalInstant(day: string, time: string | null): string {
    const now = this.#now();
    if (!time?.trim()) return now.toISOString();
    const [hours, minutes] = time.trim().split(":");
    const at = new Date(`${day}T${hours!.padStart(2, "0")}:${minutes}:00+07:00`);
    if (at.getTime() > now.getTime() + 5 * 60_000) {
      throw invalid([{ field: "arrived_time", message: "Jam kedatangan tidak boleh di masa depan" }]);
    }
    return at.toISOString();
  }

  #attendee(guest: Pick<GuestInput, "name" | "position" | "institution" | "is_regional_head">): Omit<AttendeeView, "extra"> {
    return {
      name: guest.name.trim(),
      position: guest.position.trim(),
      institution: guest.institution.trim(),
      is_regional_head: guest.is_regional_head,
    };
  }

  #addViolation(detail: RequestDetail, day: string, kind: ViolationKind, evidence: string): ViolationView {
    const violation: ViolationView = {
      id: this.#nextRowId++,
      request_id: detail.id,
      kind,
      label: VIOLATION_KINDS[kind].label,
      clause: VIOLATION_KINDS[kind].clause,
      evidence,
      occurred_on: day,
      occurred_label: dayLabel(day),
      channel: detail.channel,
      requester_label: detail.requester.label,
    };
    this.violations.push(violation);
    return violation;
  }

  #storeCheckIn(
    actor: UserView,
    detail: RequestDetail,
    arrivedAt: string,
    walkIn: boolean,
    input: CheckInInput,
    attendees: AttendeeView[],
    found: Array<{ kind: ViolationKind; evidence: string }>,
  ): void {
    const day = wibDate(arrivedAt);
    this.checkIns.set(detail.id, {
      id: this.#nextRowId++,
      request_id: detail.id,
      channel: detail.channel,
      voided: null,
      arrived_at: arrivedAt,
      arrived_label: clockLabel(arrivedAt),
      walk_in: walkIn,
      regional_head_present: headCame(input, detail.guests),
      attendees,
      violations: found.map((f) => this.#addViolation(detail, day, f.kind, f.evidence)),
      recorded_by: actor.name,
      note: input.note?.trim() || null,
    });
  }

  /** The report the core would write from the held consultations and the violations. */
  #deriveReport(month: string): MonthlyReport {
    const label = monthLabel(month);
    const inMonth = this.held.filter((h) => h.visit.held_on.startsWith(month));
    const section = (channel: Channel) => {
      const rows: ReportRow[] = inMonth
        .filter((h) => h.visit.channel === channel)
        .sort((a, b) => a.visit.held_on.localeCompare(b.visit.held_on))
        .map((h, index) => ({
          no: index + 1,
          date: h.visit.held_on,
          date_label: h.visit.date_label,
          requester: h.visit.requester_label,
          topics: h.visit.topics,
        }));
      const name = channel === "in_person" ? "konsultasi tatap muka" : "konsultasi melalui video conference";
      return {
        channel,
        rows,
        count: rows.length,
        top_topics: [],
        sentence: `Selama bulan ${label}, telah dilaksanakan ${rows.length} ${name}.`,
      };
    };
    const countBy = (key: (h: HeldRecord) => string): LabelCount[] => {
      const counts = new Map<string, number>();
      for (const h of inMonth) counts.set(key(h), (counts.get(key(h)) ?? 0) + 1);
      return [...counts].map(([l, count]) => ({ label: l, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    };
    const months: MonthCount[] = [5, 4, 3, 2, 1, 0].map((back) => {
      const m = monthBefore(month, back);
      const of = this.held.filter((h) => h.visit.held_on.startsWith(m));
      return {
        month: m,
        label: shortMonthFormat.format(new Date(`${m}-01T00:00:00Z`)),
        video_conference: of.filter((h) => h.visit.channel === "video_conference").length,
        in_person: of.filter((h) => h.visit.channel === "in_person").length,
      };
    });
    const violations = this.violations
      .filter((v) => v.occurred_on.startsWith(month))
      .sort((a, b) => a.occurred_on.localeCompare(b.occurred_on) || a.id - b.id);
    const arrivals = [...this.checkIns.values()].filter((c) => wibDate(c.arrived_at).startsWith(month)).length;
    const delegations = new Set(violations.map((v) => v.request_id)).size;
    const byKind: KindCount[] = (Object.keys(VIOLATION_KINDS) as ViolationKind[]).map((kind) => ({
      kind,
      label: VIOLATION_KINDS[kind].label,
      count: violations.filter((v) => v.kind === kind).length,
    }));
    return {
      month,
      month_label: label,
      video_conference: section("video_conference"),
      in_person: section("in_person"),
      last_six_months: months,
      by_requester_kind: countBy((h) => REQUESTER_KIND_NAMES[h.requester_kind]),
      by_province: countBy((h) => h.province ?? "Lainnya"),
      compliance: {
        arrivals,
        violations: violations.length,
        delegations_with_violations: delegations,
        by_kind: byKind,
        rows: violations.map((v, index) => ({
          no: index + 1,
          date: v.occurred_on,
          date_label: v.occurred_label,
          requester: v.requester_label,
          label: v.label,
          evidence: v.evidence,
        })),
        sentence: `Selama bulan ${label} tercatat ${arrivals} kedatangan dan ${violations.length} pelanggaran oleh ${delegations} delegasi.`,
      },
    };
  }

  /** The active bookings of the stored details, then the ones a test added. */
  #calendarEntries(): CalendarEntry[] {
    const fromDetails = [...this.details.values()].flatMap((d): CalendarEntry[] =>
      d.booking && (d.status === "scheduled" || d.status === "confirmed")
        ? [
            {
              request_id: d.id,
              booking_id: d.booking.id,
              status: d.status,
              channel: d.channel,
              starts_at: d.booking.starts_at,
              ends_at: d.booking.ends_at,
              label: d.booking.label,
              local_time: null,
              requester_label: d.requester.label,
              room_code: d.booking.room_code,
              unit_code: d.booking.unit_code,
              topics: d.topics.map((t) => t.code),
              planned_guest_count: d.planned_guest_count,
            },
          ]
        : [],
    );
    const ids = new Set(fromDetails.map((e) => e.request_id));
    return [...fromDetails, ...this.calendarEntries.filter((e) => !ids.has(e.request_id))];
  }

  /** Settings and profiles: the secretariat only, refused as the core refuses (`policy`). */
  #requireSecretariat(what: string): void {
    const actor = this.#actor();
    if (actor.role !== "secretariat") {
      throw new ApiError(
        "policy",
        `Hanya sekretariat yang dapat ${what}; ${actor.name} masuk sebagai ${ROLE_NAMES[actor.role].toLowerCase()}`,
      );
    }
  }

  #actor(): UserView {
    const user = this.users.find((u) => u.id === this.currentUserId && u.active);
    if (!user) throw invalid([{ field: "actor", message: "Pilih profil pengguna terlebih dahulu" }]);
    return user;
  }

  #detail(id: number): RequestDetail {
    const detail = this.details.get(id);
    if (!detail) throw new ApiError("not_found", `Permohonan #${id} tidak ditemukan.`);
    return detail;
  }

  #reason(input: ReasonInput): string {
    const reason = input.reason.trim();
    if (!reason) throw invalid([{ field: "reason", message: "Alasan wajib diisi" }]);
    return reason;
  }

  /** The workflow and the role, as the core checks them: `conflict` for the status, `policy` for the role. */
  #authorise(detail: RequestDetail, transition: Transition, actor: UserView): RequestStatus {
    const step = WORKFLOW[transition];
    if (!step.from.includes(detail.status)) {
      throw new ApiError("conflict", `Permohonan berstatus ${STATUS_NAMES[detail.status]} tidak dapat ${step.passive}`);
    }
    const booking = transition === "schedule" || transition === "reschedule";
    if (actor.role !== "secretariat") {
      if (booking && detail.channel === "in_person") {
        throw new ApiError("policy", "Konsultasi tatap muka hanya dapat dijadwalkan oleh Sekretariat");
      }
      if (transition === "verify" || transition === "reject") {
        throw new ApiError(
          "policy",
          `Peran ${ROLE_NAMES[actor.role]} tidak berwenang: permohonan hanya dapat ${step.passive} oleh Sekretariat`,
        );
      }
    }
    if (transition === "schedule" && detail.channel === "in_person" && detail.status !== "verified") {
      throw new ApiError("conflict", "Konsultasi tatap muka dijadwalkan setelah surat permintaannya diverifikasi");
    }
    return step.to;
  }

  /** The letter rules verification runs: a tatap muka needs a letter, addressed to the DJPK. */
  #letterFaults(detail: RequestDetail): Finding[] {
    if (!detail.letter) {
      return detail.channel === "in_person"
        ? [makeFinding("letter-required", "block", { message: "Konsultasi tatap muka memerlukan surat permintaan" })]
        : [];
    }
    return /direktur jenderal perimbangan keuangan/i.test(detail.letter.addressee)
      ? []
      : [
          makeFinding("letter-addressee", "block", {
            message: `Surat ditujukan kepada "${detail.letter.addressee}", bukan Direktur Jenderal Perimbangan Keuangan`,
          }),
        ];
  }

  #transition(
    actor: UserView,
    detail: RequestDetail,
    transition: Exclude<Transition, "schedule" | "reschedule">,
    reason: string | null,
    note: string | null = reason,
  ): RequestDetail {
    const status = this.#authorise(detail, transition, actor);
    const updated: RequestDetail = {
      ...detail,
      status,
      booking: transition === "cancel" ? null : detail.booking,
      updated_at: new Date().toISOString(),
      version: detail.version + 1,
    };
    this.details.set(detail.id, updated);
    this.#log(actor, transition, detail.id, snapshot(detail), snapshot({ ...updated, booking: null }, reason), note);
    return structuredClone(updated);
  }

  #book(id: number, input: ScheduleInput, transition: "schedule" | "reschedule"): RequestDetail {
    const actor = this.#actor();
    const detail = this.#detail(id);
    this.#authorise(detail, transition, actor);
    if (detail.channel === "in_person" && !input.room_code) {
      throw invalid([{ field: "room_code", message: "Pilih ruang untuk konsultasi tatap muka" }]);
    }
    const start = new Date(`${input.date}T${input.time}:00+07:00`);
    const minutes = input.duration_minutes ?? 60;
    const old = transition === "reschedule" ? detail.booking : null;
    const booking: BookingView = {
      id: old?.id ?? this.#nextRowId++,
      channel: detail.channel,
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + minutes * 60_000).toISOString(),
      label: slotLabel(input.date, input.time),
      room_code: input.room_code,
      meeting_url: input.meeting_url,
      unit_code: input.unit_code ?? "DTU",
      ical_uid: old?.ical_uid ?? `permohonan-${id}@test`,
      resource_person_ids: input.resource_person_ids ?? old?.resource_person_ids ?? [],
      sequence: old ? old.sequence + 1 : 0,
    };
    const updated: RequestDetail = {
      ...detail,
      status: "scheduled",
      booking,
      updated_at: new Date().toISOString(),
      version: detail.version + 1,
    };
    this.details.set(id, updated);
    const after = {
      status: "scheduled",
      starts_at: booking.starts_at,
      ends_at: booking.ends_at,
      room_code: booking.room_code,
      unit_code: booking.unit_code,
      meeting_url: booking.meeting_url,
    };
    this.#log(actor, transition, id, snapshot(detail), after, null);
    return structuredClone(updated);
  }

  #log(actor: UserView, action: string, requestId: number | null, before: unknown, after: unknown, note: string | null): void {
    this.audit.push({
      id: this.#nextRowId++,
      at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      actor_name: actor.name,
      action,
      request_id: requestId,
      before: structuredClone(before),
      after: structuredClone(after),
      note,
    });
  }

  #addHoliday(date: string, name: string, kind: HolidayView["kind"], source: string): void {
    this.holidays.push({ id: this.#nextRowId++, date, label: date, name, kind, source });
  }

  #materialize(
    id: number,
    input: RequestInput,
    status: RequestStatus,
    createdAt: string,
    existing: RequestDetail | null,
  ): RequestDetail {
    const option = REQUESTERS.find((r) => r.region_code === input.requester.region_code && r.kind === input.requester.kind);
    // `??` keeps the fake compiling if the generated types make these nullable.
    const channel: Channel = input.channel ?? "video_conference";
    const kind: RequesterKind = input.requester.kind ?? "other";
    const storedScan = existing?.letter?.scan ?? null;
    return {
      id,
      status,
      channel,
      requester: {
        kind,
        region_code: input.requester.region_code,
        label: option?.label ?? input.requester.name ?? LABELS[kind],
        province_name: option?.province_name ?? null,
        zone: zoneOf(input.requester.region_code),
      },
      contact: { ...input.contact },
      topics: input.topics.map((code) => ({ code, name: TOPICS.find((t) => t.code === code)?.name ?? code })),
      description: input.description,
      preferred_slots: input.preferred_slots.map((s) => ({
        starts_at: `${s.date}T${s.time}:00+07:00`,
        date: s.date,
        time: s.time,
        label: slotLabel(s.date, s.time),
      })),
      planned_guest_count: input.planned_guest_count,
      regional_head_attends: input.guests.some((g) => g.is_regional_head),
      guests: input.guests.map((g) => ({ ...g })),
      received_on: input.received_on ?? existing?.received_on ?? new Date().toISOString().slice(0, 10),
      booking: existing?.booking ?? null,
      letter: input.letter && {
        number: input.letter.number,
        date: input.letter.date,
        subject: input.letter.subject,
        addressee: input.letter.addressee,
        signer: input.letter.signer,
        scan: input.letter.scan
          ? {
              file_name: input.letter.scan.file_name,
              mime_type: "application/pdf",
              size_bytes: Math.floor((input.letter.scan.content_base64.length * 3) / 4),
              sha256: "0".repeat(64),
            }
          : storedScan,
      },
      created_at: createdAt,
      updated_at: new Date().toISOString(),
      version: existing ? existing.version + 1 : 1,
    };
  }
}
