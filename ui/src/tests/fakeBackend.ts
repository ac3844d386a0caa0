import { ApiError, type Backend } from "../lib/api/backend";
import { canonical, lookUp, replayed, WORKFLOW, type Replay } from "./recordings";
import rolesJson from "./fixtures/roles.json";
import { ROLE_LABELS, ROLES } from "../lib/labels";
import type {
  MailDeliveryView,
  MailSettingsInput,
  MailSettingsView,
  MailTestInput,
  MailTestResult,
  ConnectionView,
  LiveEvent,
  PasswordChange,
  ServerSignIn,
  ServerSignInOutcome,
  SessionView,
  ImportSummary,
  ArrivalsDay,
  CheckInInput,
  CheckInPreview,
  CheckInView,
  ComplianceHistory,
  HeldVisitView,
  MonthlyReport,
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
  DeskAction,
  ErrorPayload,
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
  Topic,
  UnitView,
  UserInput,
  UserView,
  Permissions,
  Role,
  AccountInput,
  AccountUpdate,
  AccountView,
  PasswordReset,
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

/** What each role may do, as the core's matrix says (recorded by tests/integration/bindings.rs). */
export const MAY = rolesJson as Record<Role, Permissions>;

/** A profile as the core views it. */
export function profile(id: number, name: string, role: Role, active = true): UserView {
  return { id, name, role, active, may: structuredClone(MAY[role]) };
}

/** A team account as the core lists it: active, its own password, not locked, unless told otherwise. */
export function account(id: number, username: string, name: string, role: Role, overrides: Partial<AccountView> = {}): AccountView {
  return {
    id,
    username,
    name,
    role,
    role_label: ROLE_LABELS[role],
    active: true,
    must_change_password: false,
    locked_label: null,
    ...overrides,
  };
}

/** Sari (Ketua tim, the desk's first profile, id 1) is selected unless a test says otherwise; Andi is an agent. */
export const USERS: UserView[] = [profile(1, "Sari", "team_leader"), profile(2, "Andi", "agent"), profile(3, "Lama", "agent", false)];

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
    duration_minutes: 60,
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

/** The WIB clock ("HH:MM") of an instant. */
function wibTime(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(11, 16);
}

const officeLabelParts = new Intl.DateTimeFormat("id-ID", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "Asia/Jakarta",
});

/**
 * "Selasa, 8 Desember 2026 10.15 WIB": the label the core's views give an instant, for what this
 * fake stores itself (its audit entries, the requests it makes). The core's own is tested in
 * crates/core/src/time.rs.
 */
export function officeLabel(iso: string): string {
  const p = Object.fromEntries(officeLabelParts.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${p.weekday}, ${p.day} ${p.month} ${p.year} ${p.hour}.${p.minute} WIB`;
}

type Offered = Pick<RequestDetail, "actions" | "editable">;
const OFFERED = WORKFLOW.seed.offered as Record<RequestStatus, Record<Channel, Offered>>;

/** What the core's detail offers for a status and channel (`workflow::actions_view`, `editable`), as recorded. */
export function offeredFor(status: RequestStatus, channel: Channel): Offered {
  return structuredClone(OFFERED[status][channel]);
}

/** The core's `authorise` for every status, channel, role and step, as recorded. */
const TRANSITIONS = WORKFLOW.seed.transitions as Array<{
  status: RequestStatus;
  channel: Channel;
  role: UserView["role"];
  action: DeskAction;
  to?: RequestStatus;
  error?: ErrorPayload;
}>;

/** Builds a calendar entry; tests override only what they care about. */
export function makeEntry(requestId: number, startsAt: string, overrides: Partial<CalendarEntry> = {}): CalendarEntry {
  const start = new Date(startsAt);
  const starts = overrides.starts_at ?? start.toISOString().replace(/\.\d{3}Z$/, "Z");
  const ends = overrides.ends_at ?? new Date(start.getTime() + 60 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    date: wibDate(starts),
    time: wibTime(starts),
    duration_minutes: Math.round((Date.parse(ends) - Date.parse(starts)) / 60_000),
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
    created_label: overrides.created_label ?? officeLabel(overrides.created_at ?? `2026-11-${String((id % 28) + 1).padStart(2, "0")}T03:00:00Z`),
  };
}

export function makeDetail(id: number, overrides: Partial<RequestDetail> = {}): RequestDetail {
  const status = overrides.status ?? "submitted";
  const channel = overrides.channel ?? "video_conference";
  return {
    ...offeredFor(status, channel),
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
    created_label: "Jumat, 20 November 2026 10.00 WIB",
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
    created_label: detail.created_label,
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

const ROLE_NAMES = ROLE_LABELS;

function invalid(fields: FieldError[]): ApiError {
  const [first, ...rest] = fields;
  const summary = rest.length ? `${first?.message}, dan ${rest.length} kesalahan lain` : `${first?.message}`;
  return new ApiError("validation", `Data tidak valid: ${summary}`, { fields });
}

/** The core's first password check (`NewPassword::parse`), the only one the tests meet. */
function shortPassword(password: string): FieldError[] {
  return [...password].length < 10 ? [{ field: "password", message: "Kata sandi sekurang-kurangnya 10 karakter" }] : [];
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

/** "Rabu, 2 Desember 2026" of a "YYYY-MM-DD". */
export const dayLabel = (date: string) => dayLabelFormat.format(new Date(`${date}T00:00:00Z`));

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
/** What the shell answers itself, or the server answers before a reset password is replaced. */
const SESSION_METHODS: ReadonlySet<keyof Backend> = new Set<keyof Backend>([
  "connection",
  "currentUser",
  "signInToServer",
  "signOutOfServer",
  "changePassword",
  "reconnect",
  "onLive",
  "chooseSavePath",
]);

export class FakeBackend implements Backend {
  readonly calls: Call[] = [];
  readonly details = new Map<number, RequestDetail>();
  summaries: RequestSummary[] = [];
  #failures = new Map<keyof Backend, unknown>();
  #nextId = 1;
  #nextRowId = 100;

  /** What checkRequestInput answers when no recorded scenario does; tests replace it. */
  findingsFor: (id: number | null, input: RequestInput) => Finding[] = () => [];
  /** What suggestSlots answers when no recorded scenario does (at most `count` suggestions). */
  suggestions: SlotSuggestion[] = [];
  rooms: RoomView[] = structuredClone(ROOMS);
  units: UnitView[] = structuredClone(UNITS);
  policyVersions: PolicyVersionView[] = [
    {
      id: 1,
      effective_from: "2023-01-01",
      settings: defaultSettings(),
      note: "Bawaan aplikasi",
      created_at: "2026-11-01T01:00:00Z",
      created_label: "Minggu, 1 November 2026 08.00 WIB",
    },
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
  /**
   * The recorded scenario the day of the visit, the monthly report and (when recorded) the
   * compliance history are answered from; without one those calls fail.
   */
  readonly replay: Replay | null;
  /** Check-ins by request id, for the compliance panel of a stored request. */
  readonly checkIns = new Map<number, CheckInView>();
  /** Violations and held consultations the compliance history lists when nothing is replayed. */
  violations: ViolationView[] = [];
  held: HeldRecord[] = [];
  /**
   * The team server the fake shell can reach: the certificate it presents and its accounts,
   * each with its password and the session a sign-in opens. Null: no server answers.
   */
  server: {
    address: string;
    fingerprint: string;
    accounts: Record<string, { password: string; session: SessionView }>;
  } | null = null;
  /** Certificates pinned per address, as the shell's file keeps them. */
  readonly pinned = new Map<string, string>();
  rememberedAddress: string | null = null;
  /** The team session, once signed in; every call then "goes to the server". */
  teamSession: SessionView | null = null;
  readonly #live = new Set<(event: LiveEvent) => void>();
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
      replay?: Replay;
    } = {},
  ) {
    this.replay = seed.replay ?? null;
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
    // The team server answers nothing but the password change until a reset one is replaced.
    if (this.teamSession?.must_change_password && !SESSION_METHODS.has(method)) {
      throw new ApiError("policy", "Ganti kata sandi sementara Anda dulu sebelum bekerja");
    }
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
    // A scenario that recorded the rule check answers it; otherwise the test says what to answer.
    if (this.replay?.records("checkRequestInput")) return this.#replayed("checkRequestInput", [id, input]);
    return structuredClone(this.findingsFor(id, input));
  }

  async suggestSlots(id: number, search: SlotSearch): Promise<SlotSuggestions> {
    this.#record("suggestSlots", [id, search]);
    // A scenario that recorded the slot finder answers it; otherwise the test says what to answer.
    if (this.replay?.records("suggestSlots")) return this.#replayed("suggestSlots", [id, search]);
    if (!this.details.has(id)) throw new ApiError("not_found", `Permohonan #${id} tidak ditemukan.`);
    return structuredClone({
      preferences: [],
      suggestions: this.suggestions.slice(0, search.count ?? 10),
      request_blocks: [],
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
    this.#letterVerdict(detail);
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
    // What the core logged of the writes it replayed, where the scenario recorded it.
    const recorded = this.replay && lookUp(this.replay.fixture, this.replay.state, "auditTrail", [id]);
    if (recorded) return replayed(recorded);
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
    // Like the core: the desk's first profile makes itself (and must be its team leader); after
    // that only a team leader or an admin adds profiles.
    const first = this.users.length === 0;
    const maker = first ? null : this.users.find((u) => u.id === this.currentUserId && u.active);
    if (!first && !maker) {
      throw new ApiError(
        "policy",
        "Profil baru hanya dapat dibuat oleh ketua tim: pilih profil ketua tim, lalu tambahkan profil di Pengaturan",
      );
    }
    if (maker) this.#require("manage_profiles", "menambah profil pengguna");
    const name = input.name.trim().replace(/\s+/g, " ");
    const fields: FieldError[] = [
      ...(name ? [] : [{ field: "name", message: "Nama profil wajib diisi" }]),
      ...(input.role ? [] : [{ field: "role", message: "Pilih peran: agen contact center, sekretariat, ketua tim atau admin" }]),
    ];
    if (fields.length) throw invalid(fields);
    if (this.users.some((u) => u.name.toLowerCase() === name.toLowerCase())) {
      throw invalid([{ field: "name", message: `Profil "${name}" sudah ada` }]);
    }
    if (first && input.role !== "team_leader") {
      throw invalid([{ field: "role", message: "Profil pertama harus ketua tim, agar ada yang dapat menambah profil lain dan mengatur meja" }]);
    }
    const user = profile(Math.max(0, ...this.users.map((u) => u.id)) + 1, name, input.role!);
    this.users.push(user);
    this.#log(maker ?? user, "user.create", null, null, user, null);
    return structuredClone(user);
  }

  /**
   * Team accounts: the admin's, kept in memory. The fake answers only the refusals the tests
   * need, in the core's words (src/service/accounts.rs, crates/core/src/accounts.rs): a missing
   * role, a password shorter than the core's minimum, a username taken, the last active admin.
   */
  accounts: AccountView[] = [];

  async listAccounts(): Promise<AccountView[]> {
    this.#record("listAccounts", []);
    this.#require("manage_accounts", "mengelola akun");
    return structuredClone([...this.accounts].sort((a, b) => a.username.localeCompare(b.username)));
  }

  async createAccount(input: AccountInput): Promise<AccountView> {
    this.#record("createAccount", [input]);
    this.#require("manage_accounts", "mengelola akun");
    const username = input.username.trim().toLowerCase();
    const fields: FieldError[] = [
      ...(input.role ? [] : [{ field: "role", message: "Pilih peran akun" }]),
      ...shortPassword(input.password),
    ];
    if (fields.length) throw invalid(fields);
    if (this.accounts.some((a) => a.username === username)) {
      throw invalid([{ field: "username", message: `Nama pengguna "${username}" sudah dipakai` }]);
    }
    const created = account(Math.max(99, ...this.accounts.map((a) => a.id)) + 1, username, input.name.trim(), input.role!, {
      must_change_password: true,
    });
    this.accounts.push(created);
    return structuredClone(created);
  }

  async updateAccount(id: number, input: AccountUpdate): Promise<AccountView> {
    this.#record("updateAccount", [id, input]);
    this.#require("manage_accounts", "mengelola akun");
    const found = this.#account(id);
    const role = input.role ?? found.role;
    const othersAdmin = this.accounts.some((a) => a.id !== id && a.active && a.role === "admin");
    if (found.active && found.role === "admin" && !(input.active && role === "admin") && !othersAdmin) {
      throw new ApiError("policy", "Akun ini admin aktif terakhir: angkat admin lain dulu");
    }
    Object.assign(found, { name: input.name.trim(), role, role_label: ROLE_LABELS[role], active: input.active });
    return structuredClone(found);
  }

  async resetPassword(id: number, input: PasswordReset): Promise<AccountView> {
    this.#record("resetPassword", [id, input]);
    this.#require("manage_accounts", "mengelola akun");
    const found = this.#account(id);
    const fields = shortPassword(input.password);
    if (fields.length) throw invalid(fields);
    found.must_change_password = true;
    return structuredClone(found);
  }

  #account(id: number): AccountView {
    const found = this.accounts.find((a) => a.id === id);
    if (!found) throw new ApiError("not_found", `Akun #${id} tidak ditemukan`);
    return found;
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
    const team = this.teamSession;
    if (team) return { id: team.id, name: team.name, role: team.role, active: true, may: team.may };
    return structuredClone(this.users.find((u) => u.id === this.currentUserId) ?? null);
  }

  async connection(): Promise<ConnectionView> {
    this.#record("connection", []);
    return {
      local_database: "/home/meja/.local/share/konsultasi/konsultasi.db",
      server: this.teamSession ? (this.server?.address ?? null) : null,
      session: structuredClone(this.teamSession),
      remembered_address: this.rememberedAddress,
    };
  }

  async signInToServer(input: ServerSignIn): Promise<ServerSignInOutcome> {
    this.#record("signInToServer", [{ ...input, password: "(tersembunyi)" }]);
    const server = this.server;
    if (!server || server.address !== input.address) {
      throw new ApiError("unavailable", `Server tim ${input.address} tidak dapat dihubungi.`);
    }
    const trusted = input.trusted_fingerprint ?? this.pinned.get(server.address) ?? null;
    if (trusted !== server.fingerprint) {
      return {
        outcome: "compare_fingerprint",
        address: server.address,
        fingerprint: server.fingerprint,
        changed: this.pinned.has(server.address),
      };
    }
    const account = server.accounts[input.username];
    if (!account || account.password !== input.password) {
      throw new ApiError("unauthenticated", "Nama pengguna atau kata sandi salah");
    }
    this.pinned.set(server.address, server.fingerprint);
    this.rememberedAddress = server.address;
    this.teamSession = structuredClone(account.session);
    return { outcome: "signed_in", session: structuredClone(account.session) };
  }

  async signOutOfServer(): Promise<void> {
    this.#record("signOutOfServer", []);
    this.teamSession = null;
  }

  async changePassword(input: PasswordChange): Promise<SessionView> {
    this.#record("changePassword", [{}]);
    const session = this.teamSession;
    const account = session ? this.server?.accounts[session.username] : undefined;
    if (!session || !account) throw new ApiError("unauthenticated", "Belum masuk: silakan masuk dengan akun Anda");
    if (account.password !== input.current) {
      throw invalid([{ field: "current", message: "Kata sandi sekarang salah" }]);
    }
    account.password = input.new;
    this.teamSession = { ...session, must_change_password: false };
    return structuredClone(this.teamSession);
  }

  async reconnect(): Promise<void> {
    this.#record("reconnect", []);
  }

  onLive(listener: (event: LiveEvent) => void): () => void {
    this.#live.add(listener);
    return () => this.#live.delete(listener);
  }

  /** What the shell would relay: another desk's change, the connection dropping, … */
  emitLive(event: LiveEvent): void {
    for (const listener of this.#live) listener(event);
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
    this.#require("lead", "mengubah kebijakan layanan");
    const version: PolicyVersionView = {
      id: this.#nextRowId++,
      effective_from: input.effective_from,
      settings: structuredClone(input.settings),
      note: input.note,
      created_at: new Date().toISOString(),
      created_label: officeLabel(new Date().toISOString()),
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
    this.#require("secretariat", "mengubah hari libur");
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
    this.#require("secretariat", "mengubah hari libur");
    const before = this.holidays.length;
    this.holidays = this.holidays.filter((h) => h.id !== id);
    if (this.holidays.length === before) throw new ApiError("not_found", `Hari libur #${id} tidak ditemukan.`);
  }

  /** Reads `DTSTART;VALUE=DATE:yyyymmdd` + `SUMMARY:` pairs: enough for tests. */
  async importHolidaysIcs(content: string): Promise<HolidayImport> {
    this.#record("importHolidaysIcs", [content]);
    this.#require("secretariat", "mengubah hari libur");
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
    this.#require("secretariat", "mengubah jam layanan khusus");
    this.overrides.push({ id: this.#nextRowId++, ...structuredClone(input) });
    return structuredClone(this.overrides);
  }

  async deleteSessionOverride(id: number): Promise<void> {
    this.#record("deleteSessionOverride", [id]);
    this.#require("secretariat", "mengubah jam layanan khusus");
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
    this.#require("secretariat", "mengubah daftar narasumber");
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
    this.#require("secretariat", "mengubah pengaturan surat dan undangan");
    if (!input.number_pattern.includes("{seq}")) {
      throw invalid([{ field: "number_pattern", message: "Pola nomor surat harus memuat {seq} tepat satu kali" }]);
    }
    this.exportSettingsData = structuredClone(input);
    return structuredClone(input);
  }

  /** The SMTP settings as the last save left them; the rules that check them are the core's. */
  mailSettingsData: MailSettingsView = {
    enabled: false,
    host: "",
    port: 587,
    security: "starttls",
    username: "",
    password_kept: false,
    sender_name: "",
    sender_address: "",
    reminder_working_days: 1,
    reminder_pemda_time: "10:00",
    reminder_staff_time: "07:30",
    trusted_certificate: null,
    trusted_certificate_fingerprints: [],
    attach_confirmation: false,
  };
  /** The fingerprints the core would answer for a saved certificate, as a test sets them. */
  fingerprintsOfSaved: string[] = [];
  /** The outbox's messages per request, as a test sets them. */
  mailByRequest = new Map<number, MailDeliveryView[]>();

  async mailSettings(): Promise<MailSettingsView> {
    this.#record("mailSettings", []);
    return structuredClone(this.mailSettingsData);
  }

  async saveMailSettings(input: MailSettingsInput): Promise<MailSettingsView> {
    this.#record("saveMailSettings", [input]);
    this.#require("secretariat", "mengubah pengaturan surel");
    const { password, ...rest } = input;
    this.mailSettingsData = {
      ...this.mailSettingsData,
      ...rest,
      security: input.security ?? this.mailSettingsData.security,
      port: input.port,
      reminder_working_days: input.reminder_working_days,
      reminder_staff_time: input.reminder_staff_time ?? null,
      trusted_certificate: input.trusted_certificate ?? null,
      trusted_certificate_fingerprints: input.trusted_certificate ? [...this.fingerprintsOfSaved] : [],
      attach_confirmation: input.attach_confirmation ?? false,
      password_kept: password === undefined || password === null ? this.mailSettingsData.password_kept : password !== "",
    };
    return structuredClone(this.mailSettingsData);
  }

  async sendTestMail(input: MailTestInput): Promise<MailTestResult> {
    this.#record("sendTestMail", [input]);
    this.#require("secretariat", "mengirim surel uji");
    return { delivered: true, answer: "250 2.0.0 Diterima" };
  }

  async mailOfRequest(id: number): Promise<MailDeliveryView[]> {
    this.#record("mailOfRequest", [id]);
    return structuredClone(this.mailByRequest.get(id) ?? []);
  }

  async resendMail(id: number): Promise<MailDeliveryView> {
    this.#record("resendMail", [id]);
    this.#require("secretariat", "mengirim ulang surel");
    for (const list of this.mailByRequest.values()) {
      const found = list.find((m) => m.id === id);
      if (found) {
        Object.assign(found, { state: "queued", state_label: "Dalam antrean", can_resend: false });
        return structuredClone(found);
      }
    }
    throw new ApiError("not_found", `Surel #${id} tidak ditemukan`);
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
    this.#require("secretariat", "mengubah daftar ruang");
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
      // The core sends the first five of each queue and how many wait in all.
      awaiting_verification: all.filter((s) => s.status === "submitted").slice(0, 5),
      awaiting_verification_total: all.filter((s) => s.status === "submitted").length,
      awaiting_confirmation: all.filter((s) => s.status === "scheduled").slice(0, 5),
      awaiting_confirmation_total: all.filter((s) => s.status === "scheduled").length,
      now_breaking: this.brokenBookings,
    });
  }

  // The day of the visit is the core's: its recorded answers (tests/ui_fixtures.rs), never
  // worked out here. A write's answer is stored, so the request list and form show it too.

  async arrivals(date: string): Promise<ArrivalsDay> {
    this.#record("arrivals", [date]);
    return this.#replayed("arrivals", [date]);
  }

  async videoAttendance(date: string): Promise<ArrivalsDay> {
    this.#record("videoAttendance", [date]);
    return this.#replayed("videoAttendance", [date]);
  }

  async checkInPreview(id: number, input: CheckInInput): Promise<CheckInPreview> {
    this.#record("checkInPreview", [id, input]);
    return this.#replayed("checkInPreview", [id, input]);
  }

  async checkIn(id: number, input: CheckInInput): Promise<RequestDetail> {
    this.#record("checkIn", [id, input]);
    return this.#replayedDetail("checkIn", [id, input]);
  }

  async walkInPreview(input: WalkInInput): Promise<CheckInPreview> {
    this.#record("walkInPreview", [input]);
    return this.#replayed("walkInPreview", [input]);
  }

  async walkIn(input: WalkInInput): Promise<RequestDetail> {
    this.#record("walkIn", [input]);
    return this.#replayedDetail("walkIn", [input]);
  }

  async voidCheckIn(checkInId: number, input: VoidCheckInInput): Promise<RequestDetail> {
    this.#record("voidCheckIn", [checkInId, input]);
    return this.#replayedDetail("voidCheckIn", [checkInId, input]);
  }

  async completeRequest(id: number): Promise<RequestDetail> {
    this.#record("completeRequest", [id]);
    return this.#replayedDetail("completeRequest", [id]);
  }

  async markNoShow(id: number): Promise<RequestDetail> {
    this.#record("markNoShow", [id]);
    return this.#replayedDetail("markNoShow", [id]);
  }

  async checkInsOf(id: number): Promise<CheckInView[]> {
    this.#record("checkInsOf", [id]);
    if (this.replay?.records("checkInsOf")) return this.#replayed("checkInsOf", [id]);
    this.#detail(id);
    const standing = this.checkIns.get(id);
    return structuredClone(standing ? [standing] : []);
  }

  async checkInOf(id: number): Promise<CheckInView | null> {
    this.#record("checkInOf", [id]);
    this.#detail(id);
    return structuredClone(this.checkIns.get(id) ?? null);
  }

  async complianceHistory(regionCode: string): Promise<ComplianceHistory> {
    this.#record("complianceHistory", [regionCode]);
    if (this.replay?.records("complianceHistory")) return this.#replayed("complianceHistory", [regionCode]);
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
    return this.#replayed("monthlyReport", [month]);
  }

  async importHistory(fileName: string, content: string): Promise<ImportSummary> {
    this.#record("importHistory", [fileName, content]);
    if (this.importAnswer instanceof ApiError) throw this.importAnswer;
    return structuredClone(this.importAnswer);
  }

  /** The core's recorded answer in the scenario this fake replays. */
  #replayed<T>(op: keyof Backend, args: unknown[]): T {
    if (!this.replay) {
      throw new Error(`${op} answers only what the core answered: give the fake a recorded scenario (replay)`);
    }
    return this.replay.answer<T>(op, args);
  }

  #replayedDetail(op: keyof Backend, args: unknown[]): RequestDetail {
    const detail = this.#replayed<RequestDetail>(op, args);
    this.details.set(detail.id, structuredClone(detail));
    return detail;
  }

  #regionOf(requestId: number): string | null {
    return this.details.get(requestId)?.requester.region_code ?? null;
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
              date: wibDate(d.booking.starts_at),
              time: wibTime(d.booking.starts_at),
              duration_minutes: d.booking.duration_minutes,
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

  /** Settings and profiles: the roles holding the capability, refused as the core refuses (`policy`). */
  #require(capability: keyof Permissions, what: string): void {
    const actor = this.#actor();
    if (!actor.may[capability]) {
      const holders = ROLES.filter((role) => MAY[role][capability]).map((role) => ROLE_NAMES[role]);
      const who = holders.length > 1 ? `${holders.slice(0, -1).join(", ")} atau ${holders.at(-1)}` : holders[0];
      throw new ApiError("policy", `Hanya ${who} yang dapat ${what}; ${actor.name} masuk sebagai ${ROLE_NAMES[actor.role].toLowerCase()}`);
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

  /** The workflow and the role, as the core's `authorise` answered for this status, channel and role. */
  #authorise(detail: RequestDetail, action: DeskAction, actor: UserView): RequestStatus {
    const outcome = TRANSITIONS.find(
      (t) => t.status === detail.status && t.channel === detail.channel && t.role === actor.role && t.action === action,
    );
    if (!outcome) throw new Error(`tests/ui_fixtures.rs recorded no ${action} from ${detail.status}`);
    if (outcome.error) throw new ApiError(outcome.error.code, outcome.error.message, outcome.error.details);
    return outcome.to!;
  }

  /** What the core's verification said of this letter (its letter rules), recorded per channel and letter. */
  #letterVerdict(detail: RequestDetail): void {
    const letter = detail.letter && {
      number: detail.letter.number,
      date: detail.letter.date,
      subject: detail.letter.subject,
      addressee: detail.letter.addressee,
      signer: detail.letter.signer,
      scan: null,
    };
    const args = [{ channel: detail.channel, letter }];
    const recording = lookUp(WORKFLOW, "start", "verifyLetter", args);
    if (!recording) throw new Error(`tests/ui_fixtures.rs recorded no verifyLetter(${canonical(args)})`);
    replayed(recording);
  }

  #transition(
    actor: UserView,
    detail: RequestDetail,
    transition: Exclude<DeskAction, "schedule" | "reschedule">,
    reason: string | null,
    note: string | null = reason,
  ): RequestDetail {
    const status = this.#authorise(detail, transition, actor);
    const updated: RequestDetail = {
      ...detail,
      status,
      ...offeredFor(status, detail.channel),
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
      duration_minutes: minutes,
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
      ...offeredFor("scheduled", detail.channel),
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
    this.#log(actor, transition, id, snapshot(detail), after, null, {
      slot_label: officeLabel(booking.starts_at),
      previous_slot_label: old ? officeLabel(old.starts_at) : null,
    });
    return structuredClone(updated);
  }

  #log(
    actor: UserView,
    action: string,
    requestId: number | null,
    before: unknown,
    after: unknown,
    note: string | null,
    slots: Pick<AuditEntry, "slot_label" | "previous_slot_label"> = { slot_label: null, previous_slot_label: null },
  ): void {
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    this.audit.push({
      id: this.#nextRowId++,
      at,
      at_label: officeLabel(at),
      ...slots,
      actor_name: actor.name,
      desk: null,
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
      created_label: officeLabel(createdAt),
      updated_at: new Date().toISOString(),
      version: existing ? existing.version + 1 : 1,
      ...offeredFor(status, channel),
    };
  }
}
