import type {
  ArrivalsDay,
  AuditEntry,
  CheckInInput,
  CheckInPreview,
  CheckInView,
  ComplianceHistory,
  MonthlyReport,
  VoidCheckInInput,
  WalkInInput,
  CalendarEntry,
  CalendarFilter,
  ConfirmInput,
  Dashboard,
  ErrorCode,
  ExportRequest,
  ExportSettings,
  ErrorDetails,
  ImportSummary,
  Finding,
  HolidayImport,
  HolidayInput,
  HolidayView,
  PolicyInput,
  PolicyOverview,
  PolicyVersionView,
  ReasonInput,
  RequestDetail,
  RequestFilter,
  RequestInput,
  RequestSummary,
  RequesterOption,
  ResourcePersonInput,
  ResourcePersonView,
  RoomInput,
  RoomView,
  SavedExport,
  SetupStatus,
  ScheduleInput,
  SessionOverrideInput,
  SessionOverrideView,
  Severity,
  SlotSearch,
  SlotSuggestions,
  Topic,
  UnitView,
  UserInput,
  UserView,
} from "./types";

/** Everything the UI may ask of the core. Views only ever see this interface. */
export interface Backend {
  listRequests(filter: RequestFilter): Promise<RequestSummary[]>;
  getRequest(id: number): Promise<RequestDetail>;
  createRequest(input: RequestInput): Promise<RequestDetail>;
  /**
   * Replaces the fields of request `id` if it is still at `version`, the one the form loaded;
   * a request changed since (by anyone, fields or status) is refused with `conflict`, whose
   * message names who changed it and when.
   */
  updateRequest(id: number, version: number, input: RequestInput): Promise<RequestDetail>;
  searchRequesters(query: string, limit: number): Promise<RequesterOption[]>;
  listTopics(): Promise<Topic[]>;

  /** The rules' findings for a form as it stands; `id` is null for a new request. */
  checkRequestInput(id: number | null, input: RequestInput): Promise<Finding[]>;
  suggestSlots(id: number, search: SlotSearch): Promise<SlotSuggestions>;
  /** Refusals come back as ApiError `policy`/`conflict` with `details.findings`. */
  scheduleRequest(id: number, input: ScheduleInput): Promise<RequestDetail>;

  // Workflow. Every write above and below is made in the name of the selected profile: without
  // one the core answers `validation` on the field `actor`. An illegal transition is refused with
  // `conflict`, a role that may not make it with `policy` (verify adds the letter findings).
  verifyRequest(id: number): Promise<RequestDetail>;
  confirmRequest(id: number, input: ConfirmInput): Promise<RequestDetail>;
  /** Moves a Dijadwalkan/Dikonfirmasi request to a new slot; the Pemda confirms again. */
  rescheduleRequest(id: number, input: ScheduleInput): Promise<RequestDetail>;
  cancelRequest(id: number, input: ReasonInput): Promise<RequestDetail>;
  rejectRequest(id: number, input: ReasonInput): Promise<RequestDetail>;

  /** One request's history, oldest first. */
  auditTrail(id: number): Promise<AuditEntry[]>;
  /** Entries whose action, actor, note or values contain `text`, newest first. */
  searchAudit(text: string): Promise<AuditEntry[]>;

  // Local user profiles; the shell remembers the selected one for the session.
  listUsers(): Promise<UserView[]>;
  /**
   * Adds a profile: the desk's very first one without a selected profile (it must be a
   * secretariat), every later one only by a selected secretariat (else `policy`).
   */
  createUser(input: UserInput): Promise<UserView>;
  selectUser(id: number): Promise<UserView>;
  currentUser(): Promise<UserView | null>;

  // Settings. Every change below is the secretariat's: another role is refused with `policy`
  // (the core's message says so), and each change is written to the audit log.
  policyOverview(): Promise<PolicyOverview>;
  setPolicy(input: PolicyInput): Promise<PolicyVersionView>;
  listHolidays(year: number | null): Promise<HolidayView[]>;
  /** Returns the holidays of the added one's year. */
  addHoliday(input: HolidayInput): Promise<HolidayView[]>;
  deleteHoliday(id: number): Promise<void>;
  /** `content` is the text of an .ics file, read by the UI (the window has no file access). */
  importHolidaysIcs(content: string): Promise<HolidayImport>;
  listSessionOverrides(): Promise<SessionOverrideView[]>;
  addSessionOverride(input: SessionOverrideInput): Promise<SessionOverrideView[]>;
  deleteSessionOverride(id: number): Promise<void>;
  listRooms(): Promise<RoomView[]>;
  listUnits(): Promise<UnitView[]>;
  /** DJPK's resource persons of every unit, active or not. */
  listResourcePersons(): Promise<ResourcePersonView[]>;
  /** Adds or changes one; answers the whole list. */
  saveResourcePerson(input: ResourcePersonInput): Promise<ResourcePersonView[]>;

  /** Bookings between two WIB dates (inclusive, at most 400 days apart). */
  calendar(filter: CalendarFilter): Promise<CalendarEntry[]>;
  /** The start screen of the day: today's and this week's bookings, the queues, broken bookings. */
  dashboard(): Promise<Dashboard>;

  // Exports. The window has no file access: the native save dialog names a file, and the core
  // writes there only the export it produced.
  /** Asks where to save; null when the user closes the dialog. Starts in the last folder used. */
  chooseSavePath(suggestedName: string, type: "ics" | "pdf" | "csv"): Promise<string | null>;
  saveExport(request: ExportRequest, path: string): Promise<SavedExport>;
  /** The confirmation text for WhatsApp, with its *bold* markup. */
  whatsappMessage(id: number): Promise<string>;
  exportSettings(): Promise<ExportSettings>;
  saveExportSettings(input: ExportSettings): Promise<ExportSettings>;
  /**
   * What the desk still has to set: placeholders that letters and invites would print (they are
   * refused with `policy` meanwhile), an active room; and whether the database is read-only.
   */
  setupStatus(): Promise<SetupStatus>;
  /** Adds or changes a room (by code); answers every room. The secretariat's, else `policy`. */
  saveRoom(input: RoomInput): Promise<RoomView[]>;

  // The day of the visit. Check-in records who came and the violations that follow by
  // themselves; it is refused (`conflict`) on any day but the booking's.
  /** Delegations of one WIB day (`YYYY-MM-DD`): booked ones by start, then walk-ins. */
  arrivals(date: string): Promise<ArrivalsDay>;
  checkIn(id: number, input: CheckInInput): Promise<RequestDetail>;
  /** A delegation without booking: registered as a tatap muka request and checked in at once. */
  walkIn(input: WalkInInput): Promise<RequestDetail>;
  completeRequest(id: number): Promise<RequestDetail>;
  /** Refused (`conflict`) until the slot has ended. */
  markNoShow(id: number): Promise<RequestDetail>;
  checkInOf(id: number): Promise<CheckInView | null>;
  /** What `checkIn` would record now and the violations it would write; refused as it would be. */
  checkInPreview(id: number, input: CheckInInput): Promise<CheckInPreview>;
  walkInPreview(input: WalkInInput): Promise<CheckInPreview>;
  /**
   * The secretariat voids a check-in with a reason: its violations leave every report and the
   * request returns to where it stood, to be checked in again.
   */
  voidCheckIn(checkInId: number, input: VoidCheckInInput): Promise<RequestDetail>;
  /** Every check-in of a request, voided ones included, newest first. */
  checkInsOf(id: number): Promise<CheckInView[]>;
  /** The video conferences of one WIB day and who joined them (not desk arrivals). */
  videoAttendance(date: string): Promise<ArrivalsDay>;
  /** A Pemda's (and its DPRD's) requests, visits and violations, by region code. */
  complianceHistory(regionCode: string): Promise<ComplianceHistory>;
  /** The report of `month` (`YYYY-MM`); save it with `saveExport({ kind: "monthly_report" … })`. */
  monthlyReport(month: string): Promise<MonthlyReport>;
  /**
   * Imports the desk's earlier records (CSV: saluran, tanggal, pengguna_layanan, topik): every
   * row, or none — then `validation` with one field `rows[LINE]` per row it could not match.
   */
  importHistory(fileName: string, content: string): Promise<ImportSummary>;
}

export const noDetails = (): ErrorDetails => ({ fields: [], findings: [] });

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: Partial<ErrorDetails> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = "ApiError";
    this.code = code;
    this.details = { fields: details.fields ?? [], findings: details.findings ?? [] };
  }
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "validation",
  "policy",
  "conflict",
  "not_found",
  "internal",
]);

const SEVERITIES: ReadonlySet<string> = new Set<Severity>(["block", "warn", "info"]);

const FALLBACK_MESSAGE = "Terjadi kesalahan tak terduga. Silakan coba lagi.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

function toFinding(value: unknown): Finding[] {
  if (
    !isRecord(value) ||
    typeof value.rule !== "string" ||
    typeof value.severity !== "string" ||
    !SEVERITIES.has(value.severity) ||
    typeof value.message !== "string"
  ) {
    return [];
  }
  return [
    {
      // A rule id the UI does not know yet is still shown; only its label would be missing.
      rule: value.rule as Finding["rule"],
      severity: value.severity as Severity,
      message: value.message,
      clause: typeof value.clause === "string" ? value.clause : "",
      suggestion: stringOrNull(value.suggestion),
      slot_index: typeof value.slot_index === "number" ? value.slot_index : null,
    },
  ];
}

function toDetails(value: unknown): ErrorDetails {
  if (!isRecord(value)) return noDetails();
  const fields = Array.isArray(value.fields)
    ? value.fields.flatMap((f: unknown) =>
        isRecord(f) && typeof f.field === "string" && typeof f.message === "string"
          ? [{ field: f.field, message: f.message }]
          : [],
      )
    : [];
  const findings = Array.isArray(value.findings) ? value.findings.flatMap(toFinding) : [];
  return { fields, findings };
}

/**
 * Normalises anything thrown across the IPC boundary. The core rejects with an
 * ErrorPayload object; anything else (a bare string from Tauri, a JS exception)
 * is treated as an internal error so callers handle a single shape.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isRecord(error) && typeof error.code === "string" && ERROR_CODES.has(error.code)) {
    const message = typeof error.message === "string" && error.message ? error.message : FALLBACK_MESSAGE;
    return new ApiError(error.code as ErrorCode, message, toDetails(error.details));
  }
  // Raw strings/exceptions are technical English text; keep them as the cause
  // for debugging but show staff an Indonesian message.
  return new ApiError("internal", FALLBACK_MESSAGE, noDetails(), { cause: error });
}
