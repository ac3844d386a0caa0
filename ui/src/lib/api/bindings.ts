// Generated from the Rust types of the core (src/api.rs, src/error.rs, src/domain) by
// tests/integration/bindings.rs. Do not edit: run
// `UPDATE_BINDINGS=1 cargo test -p konsultasi --test integration bindings`.

/**
 * How the consultation takes place (S-38/PK/2023 prefers video conference).
 */
export type Channel = "video_conference" | "in_person";

/**
 * Where a request stands in the workflow of DESIGN §3.
 */
export type RequestStatus = "draft" | "submitted" | "verified" | "scheduled" | "confirmed" | "checked_in" | "completed" | "rejected" | "cancelled" | "no_show";

/**
 * Who asks (*pengguna layanan*). The first two are tied to an official region.
 */
export type RequesterKind = "regional_government" | "regional_council" | "ministry_agency" | "academic" | "association" | "other";

/**
 * Indonesia's three civil time zones. None observes daylight saving.
 */
export type ZoneLabel = "WIB" | "WITA" | "WIT";

/**
 * The level of a region in Kemendagri's list.
 */
export type RegionKind = "province" | "regency" | "city";

/**
 * The closed set of error kinds that crosses the IPC boundary.
 */
export type ErrorCode = "validation" | "policy" | "conflict" | "not_found" | "unauthenticated" | "throttled" | "unavailable" | "internal";

/**
 * One field's complaint, with a dotted path such as `guests[1].name`.
 */
export type FieldError = { field: string, message: string, };

export type ErrorDetails = { 
/**
 * For `validation`: each field's complaint.
 */
fields: Array<FieldError>, 
/**
 * For `policy` and `conflict`: the findings that refused the action.
 */
findings: Array<Finding>, };

/**
 * What the UI and the CLI receive for any failed call: `{ code, message, details }`.
 */
export type ErrorPayload = { code: ErrorCode, message: string, details: ErrorDetails, };

/**
 * Who asks. A Pemda or DPRD is named by `region_code`; anyone else by `name`.
 */
export type RequesterInput = { kind: RequesterKind | null, region_code: string | null, name: string | null, };

export type ContactInput = { name: string, whatsapp: string, email: string | null, };

/**
 * A preferred date and start time, in WIB as staff type them.
 */
export type PreferredSlotInput = { 
/**
 * `YYYY-MM-DD`
 */
date: string, 
/**
 * `HH:MM`, WIB
 */
time: string, };

export type GuestInput = { name: string, 
/**
 * The guest's position (*jabatan*).
 */
position: string, institution: string, contact: string | null, is_regional_head: boolean, };

/**
 * A scanned letter as uploaded: the original file name and its bytes in base64.
 */
export type ScanUpload = { file_name: string, content_base64: string, };

export type LetterInput = { number: string, 
/**
 * `YYYY-MM-DD`
 */
date: string, subject: string, addressee: string, signer: string, 
/**
 * A new scan to store. On update, `null` keeps the scan already stored.
 */
scan: ScanUpload | null, };

/**
 * Everything a new or edited request carries.
 */
export type RequestInput = { channel: Channel | null, requester: RequesterInput, contact: ContactInput, topics: Array<string>, description: string, preferred_slots: Array<PreferredSlotInput>, 
/**
 * Any JSON number arrives here; the service refuses what is not a whole number 1–100.
 */
planned_guest_count: number, 
/**
 * The guest flagged `is_regional_head` is the claim that the Kepala Daerah attends.
 */
guests: Array<GuestInput>, letter: LetterInput | null, 
/**
 * `YYYY-MM-DD` the request reached the desk; lead times count from it. Default: today
 * (new requests) or the stored date (edits).
 */
received_on: string | null, };

/**
 * Filters of the request list; `None` means "any".
 */
export type RequestFilter = { status: RequestStatus | null, channel: Channel | null, region_code: string | null, 
/**
 * Words to find in the requester, contact, description, letter number or guest names.
 */
text: string | null, 
/**
 * The DJPK unit: the booked one, or before booking the unit of the first topic.
 */
unit_code: string | null, 
/**
 * `YYYY-MM-DD` in WIB, inclusive: the consultation's date (the booking, or before booking
 * the earliest preferred slot) falls on or after it.
 */
from: string | null, 
/**
 * `YYYY-MM-DD` in WIB, inclusive.
 */
to: string | null, };

/**
 * One match of the requester search: a Pemda or its DPRD.
 */
export type RequesterOption = { kind: RequesterKind, region_code: string, label: string, province_name: string, zone: ZoneLabel, region_kind: RegionKind, };

/**
 * A region of the official list, as the CLI's `regions search` prints it.
 */
export type RegionView = { code: string, name: string, kind: RegionKind, province_code: string, province_name: string, zone: ZoneLabel, time_zone: string, };

/**
 * A consultation topic and the DJPK unit it belongs to.
 */
export type Topic = { code: string, name: string, unit_code: string, unit_name: string, };

export type RequesterView = { kind: RequesterKind, region_code: string | null, label: string, province_name: string | null, zone: ZoneLabel, };

export type ContactView = { name: string, 
/**
 * E.164, e.g. `+6281234567890`.
 */
whatsapp: string, email: string | null, };

export type TopicRef = { code: string, name: string, };

export type SlotView = { 
/**
 * RFC 3339, UTC.
 */
starts_at: string, 
/**
 * `YYYY-MM-DD` in WIB.
 */
date: string, 
/**
 * `HH:MM` in WIB.
 */
time: string, 
/**
 * "Kamis, 3 Desember 2026 09.00 WIB (11.00 WIT)"
 */
label: string, };

export type GuestView = { name: string, position: string, institution: string, contact: string | null, is_regional_head: boolean, };

export type ScanInfo = { file_name: string, mime_type: string, size_bytes: number, sha256: string, };

export type LetterView = { number: string, date: string, subject: string, addressee: string, signer: string, scan: ScanInfo | null, };

/**
 * The steps staff start from an opened request, in the order its buttons stand: forward
 * steps first, the exits last. Check-in, completion and no-show belong to the day of the
 * visit and are started from the arrivals.
 */
export type DeskAction = "verify" | "schedule" | "confirm" | "reschedule" | "reject" | "cancel";

/**
 * A step the workflow allows from a request's status, as the request screen offers it.
 */
export type ActionView = { action: DeskAction, label: string, 
/**
 * What the request became, for "Permohonan #7 *diverifikasi*".
 */
done_label: string, 
/**
 * Only the secretariat may take it; others still see it, and the core refuses them.
 */
secretariat_only: boolean, 
/**
 * Why the step must still wait although the status allows it ("Konsultasi tatap muka
 * dijadwalkan setelah surat permintaannya diverifikasi"); empty when it may be taken now.
 */
waits_for: string | null, };

export type RequestDetail = { id: number, status: RequestStatus, channel: Channel, requester: RequesterView, contact: ContactView, topics: Array<TopicRef>, description: string, preferred_slots: Array<SlotView>, planned_guest_count: number, regional_head_attends: boolean, guests: Array<GuestView>, letter: LetterView | null, 
/**
 * `YYYY-MM-DD`
 */
received_on: string, 
/**
 * The active booking, once scheduled.
 */
booking: BookingView | null, 
/**
 * RFC 3339, UTC.
 */
created_at: string, updated_at: string, 
/**
 * "Sabtu, 28 November 2026 10.00 WIB": when it was entered.
 */
created_label: string, 
/**
 * Raised by every change to the request; an edit sends back the version it was based on,
 * and one based on an older version is refused as a `conflict`.
 */
version: number, 
/**
 * The steps the workflow allows from the status, in button order (`workflow::actions_view`).
 */
actions: Array<ActionView>, 
/**
 * Whether the request's own data may still change (`workflow::editable`).
 */
editable: boolean, };

/**
 * One row of the request list.
 */
export type RequestSummary = { id: number, status: RequestStatus, channel: Channel, requester_label: string, requester_kind: RequesterKind, region_code: string | null, zone: ZoneLabel, 
/**
 * Topic names, in the configured order.
 */
topics: Array<string>, 
/**
 * The earliest preferred start, RFC 3339 UTC: what the requester asked for, not the
 * booking.
 */
first_slot: string | null, first_slot_label: string | null, 
/**
 * The active booking, once scheduled: the time the desk quotes.
 */
booking: SummaryBooking | null, planned_guest_count: number, letter_number: string | null, contact_name: string, 
/**
 * `YYYY-MM-DD`: the day the request was received ("Diterima"), from which lead times count.
 */
received_on: string, 
/**
 * RFC 3339 UTC: when it was entered ("Dicatat").
 */
created_at: string, 
/**
 * The same instant as the office reads it: "Sabtu, 28 November 2026 10.00 WIB".
 */
created_label: string, };

/**
 * A list row's booking: its start and where.
 */
export type SummaryBooking = { 
/**
 * RFC 3339 UTC.
 */
starts_at: string, 
/**
 * As `time::slot_label` writes it, in the requester's zone too.
 */
label: string, room_code: string | null, room_name: string | null, };

export type RuleId = "letter-required" | "letter-addressee" | "guest-limit" | "regional-head" | "lead-time" | "service-hours" | "room-conflict" | "unit-conflict" | "daily-cap" | "duplicate" | "prefer-video";

export type Severity = "block" | "warn" | "info";

export type Finding = { rule: RuleId, severity: Severity, message: string, 
/**
 * Where the rule comes from, e.g. "S-38/PK/2023 angka 3".
 */
clause: string, suggestion: string | null, 
/**
 * Which preferred slot (0-based) the finding is about, if any.
 */
slot_index: number | null, };

/**
 * Where to look for free slots. Every field may be left out.
 */
export type SlotSearch = { 
/**
 * `YYYY-MM-DD`; default: tomorrow.
 */
from: string | null, 
/**
 * `YYYY-MM-DD`, inclusive; default: 90 days after `from`.
 */
to: string | null, 
/**
 * Default 10, at most 50.
 */
count: number | null, 
/**
 * Default: the unit the first topic routes to.
 */
unit_code: string | null, 
/**
 * Default: the policy's default duration.
 */
duration_minutes: number | null, 
/**
 * The unit's resource persons who will lead it: another of the unit's persons may then
 * be busy at the same time. Empty plans for the unit as a whole.
 */
resource_person_ids: number[], };

/**
 * A slot that passes every Block rule, with why it fits.
 */
export type SlotSuggestion = { starts_at: string, ends_at: string, 
/**
 * `YYYY-MM-DD` and `HH:MM` in WIB, ready for a schedule input.
 */
date: string, time: string, duration_minutes: number, label: string, room_code: string | null, room_name: string | null, unit_code: string, unit_name: string, 
/**
 * Why this card is offered, its own words ("Sesuai usulan ke-1", "Terdekat dari usulan
 * ke-2 (2 jam lebih awal, ruang lain)").
 */
reason: string, source: SuggestionSource, };

/**
 * Where a suggested slot comes from.
 */
export type SuggestionSource = { "kind": "preference", index: number, } | { "kind": "near_preference", index: number, } | { "kind": "earliest" };

/**
 * One preferred slot of the request, judged by the rules scheduling would apply, for the
 * unit, duration and resource persons of the search.
 */
export type PreferenceVerdict = { 
/**
 * 0-based, in the Pemda's order.
 */
index: number, starts_at: string, date: string, time: string, label: string, 
/**
 * The slot as it would be booked, when it passes (the first free room for a tatap muka).
 */
suggestion: SlotSuggestion | null, 
/**
 * The Block findings that refuse it; empty when it passes.
 */
refusals: Array<Finding>, };

/**
 * The answer of a slot search: the Pemda's preferences judged, then the slots to offer.
 */
export type SlotSuggestions = { preferences: Array<PreferenceVerdict>, 
/**
 * Passing preferences first (in the Pemda's order), then the nearest free slots around
 * the preferences, then the earliest free slots of the range; each passes every slot rule.
 */
suggestions: Array<SlotSuggestion>, 
/**
 * Block findings about the request itself (letter, guests): while any stands, no slot can
 * be booked, however free.
 */
request_blocks: Array<Finding>, };

/**
 * A slot chosen by staff for a request.
 */
export type ScheduleInput = { 
/**
 * `YYYY-MM-DD`, WIB
 */
date: string, 
/**
 * `HH:MM`, WIB
 */
time: string, duration_minutes: number | null, 
/**
 * Required for a tatap muka.
 */
room_code: string | null, 
/**
 * Default: the unit the first topic routes to.
 */
unit_code: string | null, 
/**
 * The MS Teams link of a video conference.
 */
meeting_url: string | null, 
/**
 * DJPK's resource persons for the consultation, of the booking's unit; empty names the
 * unit as a whole. Absent on a reschedule keeps those of the booking (if the unit stays).
 */
resource_person_ids: number[] | null, };

export type BookingView = { id: number, channel: Channel, starts_at: string, ends_at: string, duration_minutes: number, label: string, room_code: string | null, meeting_url: string | null, unit_code: string, ical_uid: string, 
/**
 * The named resource persons (ids of `ResourcePersonView`).
 */
resource_person_ids: number[], sequence: number, };

/**
 * A session window in WIB, as settings store and show it ("08:00"–"16:00").
 */
export type SessionWindowSettings = { start: string, end: string, };

/**
 * The editable numbers of the policy, as stored (JSON) and as the Settings screen edits them.
 */
export type PolicySettings = { 
/**
 * Most guests a tatap muka delegation may bring.
 */
guest_cap_in_person: number, 
/**
 * Most participants of a video conference.
 */
guest_cap_video: number, 
/**
 * Working days between receiving the request and a tatap muka slot.
 */
lead_days_in_person: number, 
/**
 * Working days between receiving the request and a video conference slot.
 */
lead_days_video: number, 
/**
 * Session windows per weekday in WIB, Monday first (seven entries; empty = closed).
 */
weekly_windows: Array<Array<SessionWindowSettings>>, 
/**
 * Minutes kept free between two bookings of one room or one resource person.
 */
buffer_minutes: number, 
/**
 * Most tatap muka consultations on one day.
 */
daily_cap_in_person: number, 
/**
 * Length of a consultation unless staff choose otherwise.
 */
default_duration_minutes: number, };

export type PolicyVersionView = { id: number, effective_from: string, settings: PolicySettings, note: string | null, created_at: string, 
/**
 * "Sabtu, 28 November 2026 10.00 WIB"
 */
created_label: string, };

/**
 * The policy screen: what is in force today, every version, and the shipped defaults.
 */
export type PolicyOverview = { in_force: PolicyVersionView, versions: Array<PolicyVersionView>, defaults: PolicySettings, };

/**
 * A new policy version.
 */
export type PolicyInput = { 
/**
 * `YYYY-MM-DD`
 */
effective_from: string, settings: PolicySettings, note: string | null, };

/**
 * Why a day is closed.
 */
export type HolidayKind = "national" | "cuti_bersama" | "office";

export type HolidayView = { id: number, date: string, 
/**
 * "Jumat, 17 Maret 2023"
 */
label: string, name: string, kind: HolidayKind, source: string, };

export type HolidayInput = { date: string, name: string, kind: HolidayKind | null, };

export type HolidayImport = { added: number, 
/**
 * Already present (same date and name).
 */
skipped: number, 
/**
 * Events that could not be read as a holiday, with the reason.
 */
problems: Array<string>, };

export type SessionOverrideView = { id: number, label: string, from: string, to: string, weekly_windows: Array<Array<SessionWindowSettings>>, };

export type SessionOverrideInput = { label: string, from: string, to: string, weekly_windows: Array<Array<SessionWindowSettings>>, };

export type RoomView = { code: string, name: string, capacity: number, active: boolean, };

/**
 * A DJPK unit (directorate) that holds consultations.
 */
export type UnitView = { code: string, name: string, short_name: string, };

export type RoomInput = { code: string, name: string, capacity: number, active: boolean, };

export type UnitInput = { code: string, name: string, short_name: string, };

/**
 * Sends a topic's requests to another unit by default.
 */
export type TopicRouting = { topic_code: string, unit_code: string, };

/**
 * What a user may do: a local profile's role, or a team account's.
 */
export type Role = "agent" | "secretariat" | "team_leader" | "admin";

export type UserView = { id: number, name: string, role: Role, active: boolean, 
/**
 * What the role may do, from the core's matrix: the screens offer by it and never decide.
 */
may: Permissions, };

/**
 * The capabilities of one role (`Role::may`), spelled out for the window.
 */
export type Permissions = { 
/**
 * Register and edit requests, record confirmations, schedule video conferences.
 */
register: boolean, 
/**
 * Verify, reject, schedule tatap muka, check in, letters, the desk's calendar and rooms.
 */
secretariat: boolean, 
/**
 * The monthly report, the import of earlier records, the policy.
 */
lead: boolean, 
/**
 * Add local profiles.
 */
manage_profiles: boolean, 
/**
 * Team accounts.
 */
manage_accounts: boolean, };

export type UserInput = { name: string, role: Role | null, };

/**
 * An account as the admin's list shows it.
 */
export type AccountView = { id: number, username: string, 
/**
 * The display name the audit log and the screens show.
 */
name: string, role: Role, role_label: string, active: boolean, 
/**
 * A reset password waits to be replaced at the next sign-in.
 */
must_change_password: boolean, 
/**
 * "Dikunci sampai 10.20 WIB" while failed sign-ins lock it.
 */
locked_label: string | null, };

/**
 * A new account, made by an admin (or the first admin, on the command line).
 */
export type AccountInput = { username: string, name: string, role: Role | null, 
/**
 * The first password; its holder sets their own at the first sign-in.
 */
password: string, };

/**
 * A change an admin makes to an account: its name, role and whether it may sign in. A role
 * change or a deactivation ends the account's sessions.
 */
export type AccountUpdate = { name: string, role: Role | null, active: boolean, };

/**
 * A password an admin sets for someone who forgot theirs; they must replace it at the next
 * sign-in, and their sessions end.
 */
export type PasswordReset = { password: string, };

/**
 * Signing in to the team server from a desk.
 */
export type SignInInput = { username: string, password: string, 
/**
 * The desk's name (its computer's), recorded with every change made in the session.
 */
desk: string, };

/**
 * A user changing their own password.
 */
export type PasswordChange = { current: string, new: string, };

/**
 * Who is signed in, as the desk shows it.
 */
export type SessionView = { id: number, username: string, name: string, role: Role, role_label: string, desk: string, 
/**
 * Until the password is changed, every operation is refused.
 */
must_change_password: boolean, 
/**
 * What the role may do, from the core's matrix, as a local profile's `UserView` says it.
 */
may: Permissions, };

/**
 * A change some desk made, as the team server pushes it to every desk: the audit entry that
 * recorded it. Screens refetch what they show.
 */
export type ChangeEvent = { 
/**
 * The audit entry's id; 0 for a step of the desk's own mail worker, which may record none
 * (a message put off for later).
 */
id: number, action: string, request_id: number | null, };

/**
 * A desk signing in to a team server from its start screen. The password goes to the server
 * and nowhere else; the address is remembered for the next start.
 */
export type ServerSignIn = { 
/**
 * `https://host:port`, or `http://127.0.0.1:port` for a server on this computer.
 */
address: string, username: string, password: string, 
/**
 * The certificate fingerprint the user compared with the one their admin gave them; the
 * server's certificate is trusted (and pinned) only when it is this one.
 */
trusted_fingerprint: string | null, };

/**
 * What a sign-in to a team server came to.
 */
export type ServerSignInOutcome = { "outcome": "compare_fingerprint", address: string, 
/**
 * SHA-256 of the certificate, as `konsultasi serve` prints it ("AB:CD:…").
 */
fingerprint: string, 
/**
 * A different certificate was pinned for this address before.
 */
changed: boolean, } | { "outcome": "signed_in", session: SessionView, };

/**
 * Where the window's data lives: this computer's database, or a team server it signed in to.
 */
export type ConnectionView = { 
/**
 * The local database ("/home/…/konsultasi.db" or "postgres://host/db"), always open.
 */
local_database: string, 
/**
 * The team server's address once signed in to it; every operation then goes there.
 */
server: string | null, 
/**
 * Who is signed in to the server.
 */
session: SessionView | null, 
/**
 * The server address used last, offered on the start screen (the password never is).
 */
remembered_address: string | null, };

/**
 * What the shell tells the window about the data it shows, as the `konsultasi://live` event.
 */
export type LiveEvent = { "kind": "change", change: ChangeEvent, } | { "kind": "resync" } | { "kind": "offline", message: string, 
/**
 * Seconds until the next attempt.
 */
retry_in_seconds: number, } | { "kind": "online" } | { "kind": "signed_out", message: string, };

/**
 * How the Pemda confirmed a slot.
 */
export type ConfirmationChannel = "whatsapp" | "telephone" | "email" | "letter" | "hai_kemenkeu" | "live_chat";

/**
 * The Pemda's confirmation of a scheduled slot: when (WIB), by whom, through which channel.
 */
export type ConfirmInput = { 
/**
 * `YYYY-MM-DD`
 */
date: string, 
/**
 * `HH:MM`, WIB
 */
time: string, confirmed_by: string, via: ConfirmationChannel | null, };

/**
 * A reason for cancelling or rejecting.
 */
export type ReasonInput = { reason: string, };

/**
 * One entry of the append-only audit log.
 */
export type AuditEntry = { id: number, 
/**
 * RFC 3339, UTC.
 */
at: string, 
/**
 * "Selasa, 8 Desember 2026 10.15 WIB"
 */
at_label: string, actor_name: string, action: string, request_id: number | null, before: unknown, after: unknown, note: string | null, 
/**
 * The desk a team account worked from ("MEJA-3"); null for a local profile.
 */
desk: string | null, 
/**
 * For a (re)scheduling: the slot it booked, in WIB ("Kamis, 10 Desember 2026 13.00 WIB").
 */
slot_label: string | null, 
/**
 * For a rescheduling: the slot it replaced.
 */
previous_slot_label: string | null, };

/**
 * Bookings to show on the calendar.
 */
export type CalendarFilter = { 
/**
 * `YYYY-MM-DD` (WIB), inclusive.
 */
from: string, 
/**
 * `YYYY-MM-DD` (WIB), inclusive.
 */
to: string, room_code: string | null, unit_code: string | null, channel: Channel | null, };

/**
 * One booking on the calendar or the dashboard.
 */
export type CalendarEntry = { request_id: number, booking_id: number, status: RequestStatus, channel: Channel, starts_at: string, ends_at: string, 
/**
 * `YYYY-MM-DD` and `HH:MM` of the start in WIB, where the calendar places it.
 */
date: string, time: string, duration_minutes: number, 
/**
 * "Senin, 7 Desember 2026 09.00 WIB (11.00 WIT)"
 */
label: string, 
/**
 * The requester's own time ("11.00 WIT"); absent for a requester in WIB.
 */
local_time: string | null, requester_label: string, room_code: string | null, unit_code: string, topics: Array<string>, planned_guest_count: number, };

/**
 * A booking that a rule now refuses (e.g. a holiday added after it was scheduled).
 */
export type BrokenBooking = { entry: CalendarEntry, findings: Array<Finding>, };

/**
 * The start screen of the day.
 */
export type Dashboard = { 
/**
 * `YYYY-MM-DD`, WIB.
 */
today: string, today_entries: Array<CalendarEntry>, 
/**
 * Monday to Sunday of this week.
 */
week_entries: Array<CalendarEntry>, 
/**
 * The first few submitted requests, newest entry first; `awaiting_verification_total` says
 * how many wait in all (the list, filtered by status, shows them).
 */
awaiting_verification: Array<RequestSummary>, awaiting_verification_total: number, 
/**
 * The first few scheduled requests the Pemda has still to confirm, soonest booking first.
 */
awaiting_confirmation: Array<RequestSummary>, awaiting_confirmation_total: number, now_breaking: Array<BrokenBooking>, };

/**
 * What letters and invites print: the letterhead, the signatory, the invites' organizer and the
 * numbering of outgoing letters (Settings → Surat & undangan).
 */
export type ExportSettings = { 
/**
 * The letterhead, one entry per line.
 */
letterhead: Array<string>, 
/**
 * Where letters are signed: "Jakarta".
 */
place: string, signatory_position: string, signatory_name: string, signatory_nip: string | null, 
/**
 * Tembusan of the confirmation letter.
 */
copies: Array<string>, organizer_name: string, organizer_email: string, 
/**
 * E.g. `S-{seq}/PK.1/{year}`; tokens `{seq}`, `{year}`, `{month}`, `{roman_month}`.
 */
number_pattern: string, 
/**
 * Minutes before the start that invites remind; 0 for none.
 */
reminder_minutes: number, };

/**
 * The settings as the form shows them. The password itself never leaves the desk's secret
 * file: the view says only whether one is kept.
 */
export type MailSettingsView = { 
/**
 * Whether bookings queue invitations at all.
 */
enabled: boolean, host: string, port: number, security: MailSecurity, 
/**
 * Empty: the server takes mail without signing in.
 */
username: string, password_kept: boolean, sender_name: string, sender_address: string, 
/**
 * The Pemda's reminder: so many working days before the day (0: none) …
 */
reminder_working_days: number, 
/**
 * … at this time on the Pemda's own clock (`HH:MM`).
 */
reminder_pemda_time: string, 
/**
 * The resource persons' reminder on the day, at this WIB time (`HH:MM`); none if absent.
 */
reminder_staff_time: string | null, 
/**
 * The certificate (PEM) of an authority trusted for the server beside the system's own.
 */
trusted_certificate: string | null, 
/**
 * The SHA-256 of each certificate in it ("AB:CD:…"), for staff to compare with what the
 * server's administrator gave them.
 */
trusted_certificate_fingerprints: Array<string>, 
/**
 * Whether the Pemda's invitation waits for the confirmation letter and carries it.
 */
attach_confirmation: boolean, };

/**
 * What the form sends. `password`: absent keeps the kept one, `""` forgets it, any other text
 * replaces it.
 */
export type MailSettingsInput = { enabled: boolean, host: string, port: number, security: MailSecurity | null, username: string, password: string | null, sender_name: string, sender_address: string, reminder_working_days: number, reminder_pemda_time: string, reminder_staff_time: string | null, 
/**
 * Absent or empty: the system's certificate store alone.
 */
trusted_certificate: string | null, attach_confirmation: boolean, };

/**
 * Where to send a test message.
 */
export type MailTestInput = { to: string, };

/**
 * What became of a test message: the server's own answer, or why it could not be reached, in
 * Indonesian. Not reaching the server is an answer, not an error of the form.
 */
export type MailTestResult = { delivered: boolean, answer: string, };

/**
 * One message to one recipient, as the request's panel lists it.
 */
export type MailDeliveryView = { id: number, kind: MailKind, 
/**
 * "Undangan", "Pembatalan", "Pengingat".
 */
kind_label: string, 
/**
 * The booking's SEQUENCE it speaks of.
 */
sequence: number, audience: MailAudience, recipient_name: string, recipient_address: string, state: DeliveryState, 
/**
 * "Dalam antrean", "Terkirim", …
 */
state_label: string, attempts: number, 
/**
 * When it is (or was) due, RFC 3339, and as the desk reads it ("Jumat, 4 Desember 2026
 * 10.00 WIB").
 */
due_at: string, due_label: string, 
/**
 * The server's answer, or why it is not sent.
 */
answer: string | null, sent_at: string | null, 
/**
 * Whether staff may send it again (failed, or uncertain).
 */
can_resend: boolean, 
/**
 * The number of the confirmation letter the sent message carried.
 */
attached_letter: string | null, };

/**
 * How the desk reaches its SMTP server.
 */
export type MailSecurity = "starttls" | "tls" | "plain";

/**
 * What a queued message says.
 */
export type MailKind = "invite" | "cancel" | "reminder";

/**
 * Who a message goes to: the Pemda's delegation (its own clock) or DJPK's staff (WIB).
 */
export type MailAudience = "pemda" | "staff";

/**
 * Where one message to one recipient stands.
 */
export type DeliveryState = "queued" | "sending" | "sent" | "failed" | "uncertain" | "withdrawn";

/**
 * The PDF documents of a consultation.
 */
export type LetterKind = "confirmation" | "attendance_sheet" | "certificate";

/**
 * A file to produce and save (the desktop's "Unduh …" actions).
 */
export type ExportRequest = { "kind": "invite", request_id: number, cancel: boolean, } | { "kind": "calendar", filter: CalendarFilter, } | { "kind": "letter", request_id: number, letter: LetterKind, } | { "kind": "monthly_report", month: string, format: ReportFormat, };

/**
 * Where an export was written.
 */
export type SavedExport = { path: string, bytes: number, 
/**
 * What the user should be told about the file, in Indonesian (e.g. characters a PDF could
 * not print and drew as □); empty when all went well.
 */
warnings: Array<string>, };

/**
 * A step of the desk's setup (the first-start wizard), in the order it walks them.
 */
export type SetupStep = "letterhead" | "signatory" | "organizer" | "rooms" | "units";

/**
 * One setting that is still a placeholder or missing.
 */
export type SetupItem = { step: SetupStep, 
/**
 * The settings field it concerns (`signatory_name`, `organizer_email`, `letterhead[0]`),
 * as `save_export_settings` names it; empty for rooms and units.
 */
field: string, 
/**
 * What is wrong and what to do, in Indonesian.
 */
message: string, };

/**
 * What the desk still has to set before letters and invites go out, and how the database was
 * opened.
 */
export type SetupStatus = { 
/**
 * Nothing is missing.
 */
complete: boolean, 
/**
 * The numbered letters (confirmation, certificate) can be made.
 */
letters_ready: boolean, 
/**
 * Invites (.ics) can be made.
 */
invites_ready: boolean, 
/**
 * Why letters are refused, as the refusal says it; null when they are not.
 */
letters_refusal: string | null, items: Array<SetupItem>, 
/**
 * The database was opened read-only: nothing can be changed, the wizard included.
 */
read_only: boolean, 
/**
 * The database file, for the read-only notice.
 */
database_path: string, };

/**
 * One of DJPK's resource persons (narasumber), who leads consultations of their unit.
 */
export type ResourcePersonView = { id: number, unit_code: string, name: string, position: string | null, 
/**
 * Invites name them as attendees when they have an address.
 */
email: string | null, active: boolean, };

/**
 * Adds (`id` absent) or changes a resource person.
 */
export type ResourcePersonInput = { id: number | null, unit_code: string, name: string, position: string | null, email: string | null, active: boolean, };

/**
 * The files the monthly report is written to.
 */
export type ReportFormat = "csv" | "pdf";

/**
 * A recorded non-compliance (*pelanggaran*), as the seed report lists them.
 */
export type ViolationKind = "not_confirmed" | "no_letter" | "over_guest_cap" | "regional_head_absent" | "no_booking" | "no_show";

/**
 * What the desk records when a delegation arrives (Kedatangan hari ini).
 */
export type CheckInInput = { 
/**
 * Which registered guests came: indexes into the request's `guests`.
 */
present: Array<number>, 
/**
 * Guests who came unannounced. The Kepala Daerah came when the guest flagged as such is
 * among `present` (or, if none was registered, among these).
 */
extra_guests: Array<GuestInput>, 
/**
 * `HH:MM` WIB on the booking's day; absent means now. A video conference has none: its
 * attendance is recorded at the slot's start.
 */
arrived_time: string | null, note: string | null, };

/**
 * A delegation that turned up with no booking: registered as a request and checked in at once.
 */
export type WalkInInput = { request: RequestInput, check_in: CheckInInput, };

export type AttendeeView = { name: string, position: string, institution: string, 
/**
 * Came without being registered.
 */
extra: boolean, is_regional_head: boolean, };

export type ViolationView = { id: number, request_id: number, kind: ViolationKind, 
/**
 * "Tamu melebihi batas"
 */
label: string, 
/**
 * "S-38/PK/2023 angka 4"
 */
clause: string, evidence: string, 
/**
 * `YYYY-MM-DD` (WIB)
 */
occurred_on: string, 
/**
 * "Rabu, 2 Desember 2026"
 */
occurred_label: string, channel: Channel, 
/**
 * "Kab. Mukomuko"
 */
requester_label: string, };

export type CheckInView = { id: number, request_id: number, channel: Channel, 
/**
 * Set once the check-in was voided; its violations then count nowhere.
 */
voided: CheckInVoidView | null, 
/**
 * RFC 3339, UTC.
 */
arrived_at: string, 
/**
 * "09.12 WIB"
 */
arrived_label: string, walk_in: boolean, regional_head_present: boolean, attendees: Array<AttendeeView>, violations: Array<ViolationView>, recorded_by: string, note: string | null, };

/**
 * Why a check-in is voided (it was recorded by mistake).
 */
export type VoidCheckInInput = { reason: string, };

/**
 * The correction of a check-in: it stays in the request's history, its violations are withdrawn.
 */
export type CheckInVoidView = { reason: string, voided_by: string, 
/**
 * RFC 3339, UTC.
 */
voided_at: string, 
/**
 * "Rabu, 2 Desember 2026 10.15 WIB"
 */
voided_label: string, };

/**
 * What a check-in would record, shown for confirmation before it is written.
 */
export type CheckInPreview = { 
/**
 * RFC 3339, UTC.
 */
arrived_at: string, 
/**
 * "09.12 WIB"; for a video conference, the slot's start.
 */
arrived_label: string, 
/**
 * Names of the registered guests who came, in their order.
 */
present: Array<string>, 
/**
 * Names of the guests who came unannounced.
 */
extra: Array<string>, regional_head_present: boolean, attended: number, guest_cap: number, 
/**
 * The violations recording this would write.
 */
violations: Array<PreviewViolation>, };

export type PreviewViolation = { kind: ViolationKind, label: string, clause: string, evidence: string, };

/**
 * One delegation of the day: expected, arrived, or a walk-in.
 */
export type ArrivalView = { request_id: number, status: RequestStatus, channel: Channel, requester_label: string, region_code: string | null, contact: ContactView, 
/**
 * Absent for a walk-in.
 */
booking: BookingView | null, 
/**
 * When the booking runs: "08.00–09.00 WIB (10.00–11.00 WIT)"; absent for a walk-in.
 */
time_label: string | null, confirmed: boolean, has_letter: boolean, guest_cap: number, regional_head_claimed: boolean, guests: Array<GuestView>, check_in: CheckInView | null, 
/**
 * The slot is over: a delegation not checked in may be marked a no-show.
 */
slot_ended: boolean, 
/**
 * Violations this requester (region) had before today.
 */
earlier_violations: number, };

export type ArrivalsDay = { 
/**
 * `YYYY-MM-DD` (WIB)
 */
date: string, 
/**
 * "Rabu, 2 Desember 2026"
 */
date_label: string, 
/**
 * The days before and after (`YYYY-MM-DD`), for stepping through days.
 */
previous_date: string, next_date: string, 
/**
 * Ordered by start; walk-ins after the booked ones, by arrival.
 */
arrivals: Array<ArrivalView>, };

/**
 * A consultation that took place, as the history lists it.
 */
export type HeldVisitView = { 
/**
 * `YYYY-MM-DD`
 */
held_on: string, 
/**
 * "2 Maret 2023"
 */
date_label: string, channel: Channel, requester_label: string, topics: string, 
/**
 * Absent for an imported record.
 */
request_id: number | null, 
/**
 * "desk" or "import".
 */
source: string, };

/**
 * What a requester (keyed by region code; the Pemda and its DPRD together) did before.
 */
export type ComplianceHistory = { region_code: string, 
/**
 * "Kabupaten Mukomuko"
 */
region_name: string, province_name: string, 
/**
 * Requests registered at the desk, any status.
 */
requests: number, 
/**
 * Consultations held (desk and imported records).
 */
held: number, no_shows: number, 
/**
 * Newest first.
 */
violations: Array<ViolationView>, 
/**
 * Newest first, at most 100.
 */
visits: Array<HeldVisitView>, };

export type ReportRow = { no: number, 
/**
 * `YYYY-MM-DD`
 */
date: string, 
/**
 * "2 Maret 2023"
 */
date_label: string, requester: string, topics: string, };

export type ChannelSection = { channel: Channel, rows: Array<ReportRow>, count: number, 
/**
 * The most frequent topics (more than one on a tie), in the configured order.
 */
top_topics: Array<string>, 
/**
 * The report's sentence, e.g. "Selama bulan Maret 2023, telah dilaksanakan …".
 */
sentence: string, };

export type MonthCount = { 
/**
 * `YYYY-MM`
 */
month: string, 
/**
 * "Mar 2023"
 */
label: string, video_conference: number, in_person: number, };

export type LabelCount = { label: string, count: number, };

export type KindCount = { kind: ViolationKind, label: string, count: number, };

export type ViolationRow = { no: number, 
/**
 * `YYYY-MM-DD`
 */
date: string, date_label: string, requester: string, label: string, evidence: string, };

/**
 * How delegations kept to S-38/PK/2023 and SE-1/PK.1/2023 during the month.
 */
export type ComplianceFigures = { 
/**
 * Delegations checked in at the desk (walk-ins included).
 */
arrivals: number, violations: number, 
/**
 * Delegations (requests) with at least one violation.
 */
delegations_with_violations: number, 
/**
 * Every kind, in a fixed order, zero counts included.
 */
by_kind: Array<KindCount>, 
/**
 * Ordered by date.
 */
rows: Array<ViolationRow>, 
/**
 * "Selama bulan Maret 2023 tercatat 10 kedatangan dan 3 pelanggaran oleh 2 delegasi: …"
 */
sentence: string, };

export type MonthlyReport = { 
/**
 * `YYYY-MM`
 */
month: string, 
/**
 * "Maret 2023"
 */
month_label: string, video_conference: ChannelSection, in_person: ChannelSection, 
/**
 * Oldest first, ending with the reported month.
 */
last_six_months: Array<MonthCount>, by_requester_kind: Array<LabelCount>, by_province: Array<LabelCount>, compliance: ComplianceFigures, };

/**
 * What became of one row of the file.
 */
export type RowReport = { 
/**
 * The line number in the file (the header is line 1).
 */
line: number, written_as: string, 
/**
 * How it was read, or why not.
 */
notes: Array<string>, };

/**
 * What an import stored, and the rows it had to read generously.
 */
export type ImportSummary = { imported: number, guessed: Array<RowReport>, };
