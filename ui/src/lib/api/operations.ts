// Generated from the operation table (crates/contract/src/operations.rs) by
// tests/integration/bindings.rs. Do not edit: run
// `UPDATE_BINDINGS=1 cargo test -p konsultasi --test integration bindings`.

import type {
  AccountInput,
  AccountUpdate,
  AccountView,
  ArrivalsDay,
  AuditEntry,
  CalendarEntry,
  CalendarFilter,
  CheckInInput,
  CheckInPreview,
  CheckInView,
  ComplianceHistory,
  ConfirmInput,
  Dashboard,
  ExportSettings,
  Finding,
  HolidayImport,
  HolidayInput,
  HolidayView,
  ImportSummary,
  MailDeliveryView,
  MailSettingsInput,
  MailSettingsView,
  MailTestInput,
  MailTestResult,
  MonthlyReport,
  PasswordReset,
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
  ScheduleInput,
  SessionOverrideInput,
  SessionOverrideView,
  SetupStatus,
  SlotSearch,
  SlotSuggestions,
  Topic,
  UnitView,
  UserInput,
  UserView,
  VoidCheckInInput,
  WalkInInput
} from "./types";

/** Sends one operation of the table, by name, with the object of its named arguments. */
export type Call = <T>(operation: string, args: Record<string, unknown>) => Promise<T>;

/** The operations of the table that the window offers, each as the core declares it. */
export interface Operations {
  /** The requests a filter selects. */
  listRequests(filter: RequestFilter): Promise<RequestSummary[]>;
  getRequest(id: number): Promise<RequestDetail>;
  /** Only for: agent, secretariat, team_leader; any other role is refused with `policy`. */
  createRequest(input: RequestInput): Promise<RequestDetail>;
  /**
   * Replaces the fields of request `id` if it is still at `version`, the one the form loaded;
   * a request changed since (by anyone, fields or status) is refused with `conflict`, whose
   * message names who changed it and when.
   *
   * Only for: agent, secretariat, team_leader; any other role is refused with `policy`.
   */
  updateRequest(id: number, version: number, input: RequestInput): Promise<RequestDetail>;
  /** Requesters matching `query`; `limit` defaults to 20 and is at most 200. */
  searchRequesters(query: string, limit: number | null): Promise<RequesterOption[]>;
  listTopics(): Promise<Topic[]>;
  /** The rules' findings for a form as it stands; `id` is null for a new request. */
  checkRequestInput(id: number | null, input: RequestInput): Promise<Finding[]>;
  suggestSlots(id: number, search: SlotSearch): Promise<SlotSuggestions>;
  /**
   * Refusals come back as ApiError `policy`/`conflict` with `details.findings`. A tatap muka
   * is the secretariat's to schedule, a video conference anyone's (the workflow decides).
   *
   * Only for: agent, secretariat, team_leader; any other role is refused with `policy`.
   */
  scheduleRequest(id: number, input: ScheduleInput): Promise<RequestDetail>;
  /**
   * Moves a Dijadwalkan/Dikonfirmasi request to a new slot; the Pemda confirms again.
   *
   * Only for: agent, secretariat, team_leader; any other role is refused with `policy`.
   */
  rescheduleRequest(id: number, input: ScheduleInput): Promise<RequestDetail>;
  /** Only for: secretariat, team_leader; any other role is refused with `policy`. */
  verifyRequest(id: number): Promise<RequestDetail>;
  /** Only for: agent, secretariat, team_leader; any other role is refused with `policy`. */
  confirmRequest(id: number, input: ConfirmInput): Promise<RequestDetail>;
  /** Only for: agent, secretariat, team_leader; any other role is refused with `policy`. */
  cancelRequest(id: number, input: ReasonInput): Promise<RequestDetail>;
  /** Only for: secretariat, team_leader; any other role is refused with `policy`. */
  rejectRequest(id: number, input: ReasonInput): Promise<RequestDetail>;
  /** One request's history, oldest first. */
  auditTrail(id: number): Promise<AuditEntry[]>;
  /** Entries whose action, actor, note or values contain `text`, newest first. */
  searchAudit(text: string): Promise<AuditEntry[]>;
  listUsers(): Promise<UserView[]>;
  /** Only for: admin; any other role is refused with `policy`. */
  listAccounts(): Promise<AccountView[]>;
  /**
   * The account signs in with `input.password` once and must then set its own.
   *
   * Only for: admin; any other role is refused with `policy`.
   */
  createAccount(input: AccountInput): Promise<AccountView>;
  /**
   * A role change or a deactivation ends the account's sessions at once.
   *
   * Only for: admin; any other role is refused with `policy`.
   */
  updateAccount(id: number, input: AccountUpdate): Promise<AccountView>;
  /**
   * Sets a password the user must replace at the next sign-in; their sessions end.
   *
   * Only for: admin; any other role is refused with `policy`.
   */
  resetPassword(id: number, input: PasswordReset): Promise<AccountView>;
  /**
   * Adds a profile: the desk's very first one without a selected profile (it must be a
   * secretariat), every later one only by a selected secretariat (else `policy`).
   *
   * Only for: team_leader, admin; any other role is refused with `policy`.
   */
  createUser(input: UserInput): Promise<UserView>;
  policyOverview(): Promise<PolicyOverview>;
  /** Only for: team_leader; any other role is refused with `policy`. */
  setPolicy(input: PolicyInput): Promise<PolicyVersionView>;
  listHolidays(year: number | null): Promise<HolidayView[]>;
  /**
   * Returns the holidays of the added one's year.
   *
   * Only for: secretariat, team_leader; any other role is refused with `policy`.
   */
  addHoliday(input: HolidayInput): Promise<HolidayView[]>;
  /** Only for: secretariat, team_leader; any other role is refused with `policy`. */
  deleteHoliday(id: number): Promise<void>;
  /**
   * `content` is the text of an .ics file, read by the UI (the window has no file access).
   *
   * Only for: secretariat, team_leader; any other role is refused with `policy`.
   */
  importHolidaysIcs(content: string): Promise<HolidayImport>;
  listSessionOverrides(): Promise<SessionOverrideView[]>;
  /** Only for: secretariat, team_leader; any other role is refused with `policy`. */
  addSessionOverride(input: SessionOverrideInput): Promise<SessionOverrideView[]>;
  /** Only for: secretariat, team_leader; any other role is refused with `policy`. */
  deleteSessionOverride(id: number): Promise<void>;
  listRooms(): Promise<RoomView[]>;
  /**
   * Adds or changes a room (by code); answers every room.
   *
   * Only for: secretariat, team_leader; any other role is refused with `policy`.
   */
  saveRoom(input: RoomInput): Promise<RoomView[]>;
  listUnits(): Promise<UnitView[]>;
  /** DJPK's resource persons of every unit, active or not. */
  listResourcePersons(): Promise<ResourcePersonView[]>;
  /**
   * Adds or changes one; answers the whole list.
   *
   * Only for: secretariat, team_leader; any other role is refused with `policy`.
   */
  saveResourcePerson(input: ResourcePersonInput): Promise<ResourcePersonView[]>;
  /** Bookings between two WIB dates (inclusive, at most 400 days apart). */
  calendar(filter: CalendarFilter): Promise<CalendarEntry[]>;
  /**
   * The start screen of the day: today's and this week's bookings, the queues, broken
   * bookings.
   */
  dashboard(): Promise<Dashboard>;
  /** The confirmation text for WhatsApp, with its *bold* markup. */
  whatsappMessage(id: number): Promise<string>;
  exportSettings(): Promise<ExportSettings>;
  /** Only for: secretariat, team_leader; any other role is refused with `policy`. */
  saveExportSettings(input: ExportSettings): Promise<ExportSettings>;
  mailSettings(): Promise<MailSettingsView>;
  /** Only for: secretariat, team_leader; any other role is refused with `policy`. */
  saveMailSettings(input: MailSettingsInput): Promise<MailSettingsView>;
  /**
   * Sends one message now, past the outbox, and answers what the server said.
   *
   * Only for: secretariat, team_leader; any other role is refused with `policy`.
   */
  sendTestMail(input: MailTestInput): Promise<MailTestResult>;
  /** Every message of a request, to each recipient, oldest first. */
  mailOfRequest(id: number): Promise<MailDeliveryView[]>;
  /**
   * Queues a failed or uncertain message again.
   *
   * Only for: secretariat, team_leader; any other role is refused with `policy`.
   */
  resendMail(id: number): Promise<MailDeliveryView>;
  /**
   * What the desk still has to set: placeholders that letters and invites would print (they
   * are refused with `policy` meanwhile), an active room; and whether the database is
   * read-only.
   */
  setupStatus(): Promise<SetupStatus>;
  /** Delegations of one WIB day (`YYYY-MM-DD`): booked ones by start, then walk-ins. */
  arrivals(date: string): Promise<ArrivalsDay>;
  /** Only for: secretariat, team_leader; any other role is refused with `policy`. */
  checkIn(id: number, input: CheckInInput): Promise<RequestDetail>;
  /**
   * A delegation without booking: registered as a tatap muka request and checked in at once.
   *
   * Only for: secretariat, team_leader; any other role is refused with `policy`.
   */
  walkIn(input: WalkInInput): Promise<RequestDetail>;
  /** Only for: secretariat, team_leader; any other role is refused with `policy`. */
  completeRequest(id: number): Promise<RequestDetail>;
  /**
   * Refused (`conflict`) until the slot has ended.
   *
   * Only for: secretariat, team_leader; any other role is refused with `policy`.
   */
  markNoShow(id: number): Promise<RequestDetail>;
  checkInOf(id: number): Promise<CheckInView | null>;
  /**
   * What `checkIn` would record now and the violations it would write; refused as it would
   * be.
   *
   * Only for: secretariat, team_leader; any other role is refused with `policy`.
   */
  checkInPreview(id: number, input: CheckInInput): Promise<CheckInPreview>;
  walkInPreview(input: WalkInInput): Promise<CheckInPreview>;
  /**
   * The secretariat voids a check-in with a reason: its violations leave every report and
   * the request returns to where it stood, to be checked in again.
   *
   * Only for: secretariat, team_leader; any other role is refused with `policy`.
   */
  voidCheckIn(checkInId: number, input: VoidCheckInInput): Promise<RequestDetail>;
  /** Every check-in of a request, voided ones included, newest first. */
  checkInsOf(id: number): Promise<CheckInView[]>;
  /** The video conferences of one WIB day and who joined them (not desk arrivals). */
  videoAttendance(date: string): Promise<ArrivalsDay>;
  /** A Pemda's (and its DPRD's) requests, visits and violations, by region code. */
  complianceHistory(regionCode: string): Promise<ComplianceHistory>;
  /**
   * The report of `month` (`YYYY-MM`); save it with `saveExport({ kind: "monthly_report" … })`.
   *
   * Only for: team_leader; any other role is refused with `policy`.
   */
  monthlyReport(month: string): Promise<MonthlyReport>;
  /**
   * Imports the desk's earlier records (CSV: saluran, tanggal, pengguna_layanan, topik): every
   * row, or none — then `validation` with one field `rows[LINE]` per row it could not match.
   *
   * Only for: team_leader; any other role is refused with `policy`.
   */
  importHistory(fileName: string, content: string): Promise<ImportSummary>;
}

/** The typed client of the table over one `call`. */
export function operations(call: Call): Operations {
  return {
    listRequests: (filter) => call("list_requests", { filter }),
    getRequest: (id) => call("get_request", { id }),
    createRequest: (input) => call("create_request", { input }),
    updateRequest: (id, version, input) => call("update_request", { id, version, input }),
    searchRequesters: (query, limit) => call("search_requesters", { query, limit }),
    listTopics: () => call("list_topics", {}),
    checkRequestInput: (id, input) => call("check_request_input", { id, input }),
    suggestSlots: (id, search) => call("suggest_slots", { id, search }),
    scheduleRequest: (id, input) => call("schedule_request", { id, input }),
    rescheduleRequest: (id, input) => call("reschedule_request", { id, input }),
    verifyRequest: (id) => call("verify_request", { id }),
    confirmRequest: (id, input) => call("confirm_request", { id, input }),
    cancelRequest: (id, input) => call("cancel_request", { id, input }),
    rejectRequest: (id, input) => call("reject_request", { id, input }),
    auditTrail: (id) => call("audit_trail", { id }),
    searchAudit: (text) => call("search_audit", { text }),
    listUsers: () => call("list_users", {}),
    listAccounts: () => call("list_accounts", {}),
    createAccount: (input) => call("create_account", { input }),
    updateAccount: (id, input) => call("update_account", { id, input }),
    resetPassword: (id, input) => call("reset_password", { id, input }),
    createUser: (input) => call("create_user", { input }),
    policyOverview: () => call("policy_overview", {}),
    setPolicy: (input) => call("set_policy", { input }),
    listHolidays: (year) => call("list_holidays", { year }),
    addHoliday: (input) => call("add_holiday", { input }),
    deleteHoliday: (id) => call("delete_holiday", { id }),
    importHolidaysIcs: (content) => call("import_holidays_ics", { content }),
    listSessionOverrides: () => call("list_session_overrides", {}),
    addSessionOverride: (input) => call("add_session_override", { input }),
    deleteSessionOverride: (id) => call("delete_session_override", { id }),
    listRooms: () => call("list_rooms", {}),
    saveRoom: (input) => call("save_room", { input }),
    listUnits: () => call("list_units", {}),
    listResourcePersons: () => call("list_resource_persons", {}),
    saveResourcePerson: (input) => call("save_resource_person", { input }),
    calendar: (filter) => call("calendar", { filter }),
    dashboard: () => call("dashboard", {}),
    whatsappMessage: (id) => call("whatsapp_message", { id }),
    exportSettings: () => call("export_settings", {}),
    saveExportSettings: (input) => call("save_export_settings", { input }),
    mailSettings: () => call("mail_settings", {}),
    saveMailSettings: (input) => call("save_mail_settings", { input }),
    sendTestMail: (input) => call("send_test_mail", { input }),
    mailOfRequest: (id) => call("mail_of_request", { id }),
    resendMail: (id) => call("resend_mail", { id }),
    setupStatus: () => call("setup_status", {}),
    arrivals: (date) => call("arrivals", { date }),
    checkIn: (id, input) => call("check_in", { id, input }),
    walkIn: (input) => call("walk_in", { input }),
    completeRequest: (id) => call("complete_request", { id }),
    markNoShow: (id) => call("mark_no_show", { id }),
    checkInOf: (id) => call("check_in_of", { id }),
    checkInPreview: (id, input) => call("check_in_preview", { id, input }),
    walkInPreview: (input) => call("walk_in_preview", { input }),
    voidCheckIn: (checkInId, input) => call("void_check_in", { checkInId, input }),
    checkInsOf: (id) => call("check_ins_of", { id }),
    videoAttendance: (date) => call("video_attendance", { date }),
    complianceHistory: (regionCode) => call("compliance_history", { regionCode }),
    monthlyReport: (month) => call("monthly_report", { month }),
    importHistory: (fileName, content) => call("import_history", { fileName, content }),
  };
}
