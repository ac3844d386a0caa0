import { ApiError, type Backend } from "../lib/api/backend";
import type {
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
  RoomView,
  SavedExport,
  ScheduleInput,
  SessionOverrideInput,
  SessionOverrideView,
  SlotSearch,
  SlotSuggestion,
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
    reason: "Hari kerja, dalam jam layanan, ruang dan unit kosong.",
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
    planned_guest_count: 2,
    letter_number: null,
    contact_name: "Budi",
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
    ...overrides,
  };
}

function summarize(detail: RequestDetail): RequestSummary {
  const first = detail.preferred_slots[0] ?? null;
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
    planned_guest_count: detail.planned_guest_count,
    letter_number: detail.letter?.number ?? null,
    contact_name: detail.contact.name,
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
  /** What suggestSlots answers (at most `count`). */
  suggestions: SlotSuggestion[] = [];
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
    const fromDetails = [...this.details.values()].map(summarize);
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

  async updateRequest(id: number, input: RequestInput): Promise<RequestDetail> {
    this.#record("updateRequest", [id, input]);
    const actor = this.#actor();
    const existing = this.#detail(id);
    const detail = this.#materialize(id, input, existing.status, existing.created_at, existing);
    this.details.set(id, detail);
    this.#log(actor, "update", id, existing, input, null);
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

  async suggestSlots(id: number, search: SlotSearch): Promise<SlotSuggestion[]> {
    this.#record("suggestSlots", [id, search]);
    if (!this.details.has(id)) throw new ApiError("not_found", `Permohonan #${id} tidak ditemukan.`);
    return structuredClone(this.suggestions.slice(0, search.count ?? 10));
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
    const name = input.name.trim().replace(/\s+/g, " ");
    const fields: FieldError[] = [
      ...(name ? [] : [{ field: "name", message: "Nama profil wajib diisi" }]),
      ...(input.role ? [] : [{ field: "role", message: "Pilih peran: agen contact center atau sekretariat" }]),
    ];
    if (fields.length) throw invalid(fields);
    if (this.users.some((u) => u.name.toLowerCase() === name.toLowerCase())) {
      throw invalid([{ field: "name", message: `Profil "${name}" sudah ada` }]);
    }
    const user: UserView = { id: Math.max(0, ...this.users.map((u) => u.id)) + 1, name, role: input.role!, active: true };
    this.users.push(user);
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
    const before = this.holidays.length;
    this.holidays = this.holidays.filter((h) => h.id !== id);
    if (this.holidays.length === before) throw new ApiError("not_found", `Hari libur #${id} tidak ditemukan.`);
  }

  /** Reads `DTSTART;VALUE=DATE:yyyymmdd` + `SUMMARY:` pairs: enough for tests. */
  async importHolidaysIcs(content: string): Promise<HolidayImport> {
    this.#record("importHolidaysIcs", [content]);
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
    this.overrides.push({ id: this.#nextRowId++, ...structuredClone(input) });
    return structuredClone(this.overrides);
  }

  async deleteSessionOverride(id: number): Promise<void> {
    this.#record("deleteSessionOverride", [id]);
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
    signatory_name: "Nama Penandatangan",
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

  async chooseSavePath(suggestedName: string, type: "ics" | "pdf"): Promise<string | null> {
    this.#record("chooseSavePath", [suggestedName, type]);
    return this.savePathAnswer === null ? null : `${this.savePathAnswer}/${suggestedName}`;
  }

  async saveExport(request: ExportRequest, path: string): Promise<SavedExport> {
    this.#record("saveExport", [request, path]);
    if (request.kind !== "calendar" && !this.details.get(request.request_id)?.booking && request.kind !== "invite") {
      throw new ApiError("conflict", `Permohonan #${request.request_id} belum pernah dijadwalkan`);
    }
    return { path, bytes: 2048 };
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
    if (!input.number_pattern.includes("{seq}")) {
      throw invalid([{ field: "number_pattern", message: "Pola nomor surat harus memuat {seq} tepat satu kali" }]);
    }
    this.exportSettingsData = structuredClone(input);
    return structuredClone(input);
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
    const updated: RequestDetail = { ...detail, status: "scheduled", booking, updated_at: new Date().toISOString() };
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

  #log(actor: UserView, action: string, requestId: number, before: unknown, after: unknown, note: string | null): void {
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
      regional_head_attends: input.regional_head_attends,
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
    };
  }
}
