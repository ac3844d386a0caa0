//! The service contract: what the desktop shell and the CLI send in and get back.
//!
//! These are deliberately plain, serialisable shapes: inputs are untrusted and are parsed into
//! domain types by the services; views are what screens and scripts display. TypeScript
//! declarations for the UI are generated from this module (`tests/bindings.rs` keeps
//! `ui/src/lib/api/bindings.ts` in step and fails when it is stale).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::region::{RegionKind, ZoneLabel};
use crate::domain::{Channel, RequestStatus, RequesterKind};

/// Who asks. A Pemda or DPRD is named by `region_code`; anyone else by `name`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RequesterInput {
    pub kind: Option<RequesterKind>,
    #[serde(default)]
    pub region_code: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub name: String,
    pub whatsapp: String,
    #[serde(default)]
    pub email: Option<String>,
}

/// A preferred date and start time, in WIB as staff type them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PreferredSlotInput {
    /// `YYYY-MM-DD`
    pub date: String,
    /// `HH:MM`, WIB
    pub time: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct GuestInput {
    pub name: String,
    /// The guest's position (*jabatan*).
    pub position: String,
    pub institution: String,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub is_regional_head: bool,
}

/// A scanned letter as uploaded: the original file name and its bytes in base64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ScanUpload {
    pub file_name: String,
    pub content_base64: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LetterInput {
    pub number: String,
    /// `YYYY-MM-DD`
    pub date: String,
    pub subject: String,
    pub addressee: String,
    pub signer: String,
    /// A new scan to store. On update, `null` keeps the scan already stored.
    #[serde(default)]
    pub scan: Option<ScanUpload>,
}

/// Everything a new or edited request carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RequestInput {
    pub channel: Option<Channel>,
    pub requester: RequesterInput,
    pub contact: ContactInput,
    pub topics: Vec<String>,
    pub description: String,
    pub preferred_slots: Vec<PreferredSlotInput>,
    /// Any JSON number arrives here; the service refuses what is not a whole number 1–100.
    #[ts(type = "number")]
    pub planned_guest_count: i64,
    /// The guest flagged `is_regional_head` is the claim that the Kepala Daerah attends.
    #[serde(default)]
    pub guests: Vec<GuestInput>,
    #[serde(default)]
    pub letter: Option<LetterInput>,
    /// `YYYY-MM-DD` the request reached the desk; lead times count from it. Default: today
    /// (new requests) or the stored date (edits).
    #[serde(default)]
    pub received_on: Option<String>,
}

/// Filters of the request list; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RequestFilter {
    #[serde(default)]
    pub status: Option<RequestStatus>,
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub region_code: Option<String>,
    /// Words to find in the requester, contact, description, letter number or guest names.
    #[serde(default)]
    pub text: Option<String>,
    /// The DJPK unit: the booked one, or before booking the unit of the first topic.
    #[serde(default)]
    pub unit_code: Option<String>,
    /// `YYYY-MM-DD` in WIB, inclusive: the consultation's date (the booking, or before booking
    /// the earliest preferred slot) falls on or after it.
    #[serde(default)]
    pub from: Option<String>,
    /// `YYYY-MM-DD` in WIB, inclusive.
    #[serde(default)]
    pub to: Option<String>,
}

/// One match of the requester search: a Pemda or its DPRD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RequesterOption {
    pub kind: RequesterKind,
    pub region_code: String,
    pub label: String,
    pub province_name: String,
    pub zone: ZoneLabel,
    pub region_kind: RegionKind,
}

/// A region of the official list, as the CLI's `regions search` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RegionView {
    pub code: String,
    pub name: String,
    pub kind: RegionKind,
    pub province_code: String,
    pub province_name: String,
    pub zone: ZoneLabel,
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Topic {
    pub code: String,
    pub name: String,
    pub unit_code: String,
    pub unit_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RequesterView {
    pub kind: RequesterKind,
    pub region_code: Option<String>,
    pub label: String,
    pub province_name: Option<String>,
    pub zone: ZoneLabel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ContactView {
    pub name: String,
    /// E.164, e.g. `+6281234567890`.
    pub whatsapp: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TopicRef {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SlotView {
    /// RFC 3339, UTC.
    pub starts_at: String,
    /// `YYYY-MM-DD` in WIB.
    pub date: String,
    /// `HH:MM` in WIB.
    pub time: String,
    /// "Kamis, 3 Desember 2026 09.00 WIB (11.00 WIT)"
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GuestView {
    pub name: String,
    pub position: String,
    pub institution: String,
    pub contact: Option<String>,
    pub is_regional_head: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ScanInfo {
    pub file_name: String,
    pub mime_type: String,
    #[ts(type = "number")]
    pub size_bytes: i64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LetterView {
    pub number: String,
    pub date: String,
    pub subject: String,
    pub addressee: String,
    pub signer: String,
    pub scan: Option<ScanInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RequestDetail {
    #[ts(type = "number")]
    pub id: i64,
    pub status: RequestStatus,
    pub channel: Channel,
    pub requester: RequesterView,
    pub contact: ContactView,
    pub topics: Vec<TopicRef>,
    pub description: String,
    pub preferred_slots: Vec<SlotView>,
    pub planned_guest_count: u32,
    pub regional_head_attends: bool,
    pub guests: Vec<GuestView>,
    pub letter: Option<LetterView>,
    /// `YYYY-MM-DD`
    pub received_on: String,
    /// The active booking, once scheduled.
    pub booking: Option<BookingView>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    /// Raised by every change to the request; an edit sends back the version it was based on,
    /// and one based on an older version is refused as a `conflict`.
    #[ts(type = "number")]
    pub version: i64,
}

/// One row of the request list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RequestSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub status: RequestStatus,
    pub channel: Channel,
    pub requester_label: String,
    pub requester_kind: RequesterKind,
    pub region_code: Option<String>,
    pub zone: ZoneLabel,
    /// Topic names, in the configured order.
    pub topics: Vec<String>,
    /// The earliest preferred start, RFC 3339 UTC: what the requester asked for, not the
    /// booking.
    pub first_slot: Option<String>,
    pub first_slot_label: Option<String>,
    /// The active booking, once scheduled: the time the desk quotes.
    pub booking: Option<SummaryBooking>,
    pub planned_guest_count: u32,
    pub letter_number: Option<String>,
    pub contact_name: String,
    /// `YYYY-MM-DD`: the day the request was received ("Diterima"), from which lead times count.
    pub received_on: String,
    /// RFC 3339 UTC: when it was entered ("Dicatat").
    pub created_at: String,
}

/// A list row's booking: its start and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SummaryBooking {
    /// RFC 3339 UTC.
    pub starts_at: String,
    /// As [`crate::time::slot_label`] writes it, in the requester's zone too.
    pub label: String,
    pub room_code: Option<String>,
    pub room_name: Option<String>,
}

/// Where to look for free slots. Every field may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SlotSearch {
    /// `YYYY-MM-DD`; default: tomorrow.
    #[serde(default)]
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive; default: 90 days after `from`.
    #[serde(default)]
    pub to: Option<String>,
    /// Default 10, at most 50.
    #[serde(default)]
    pub count: Option<u32>,
    /// Default: the unit the first topic routes to.
    #[serde(default)]
    pub unit_code: Option<String>,
    /// Default: the policy's default duration.
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// The unit's resource persons who will lead it: another of the unit's persons may then
    /// be busy at the same time. Empty plans for the unit as a whole.
    #[serde(default)]
    #[ts(type = "number[]")]
    pub resource_person_ids: Vec<i64>,
}

/// A slot that passes every Block rule, with why it fits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SlotSuggestion {
    pub starts_at: String,
    pub ends_at: String,
    /// `YYYY-MM-DD` and `HH:MM` in WIB, ready for a schedule input.
    pub date: String,
    pub time: String,
    pub label: String,
    pub room_code: Option<String>,
    pub room_name: Option<String>,
    pub unit_code: String,
    pub unit_name: String,
    /// Why this card is offered, its own words ("Sesuai usulan ke-1", "Terdekat dari usulan
    /// ke-2 (2 jam lebih awal, ruang lain)").
    pub reason: String,
    pub source: SuggestionSource,
}

/// Where a suggested slot comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SuggestionSource {
    /// A preferred slot of the request that passes every rule (`index` is 0-based).
    Preference { index: u32 },
    /// A free slot near the preferred slot `index`: the same day first, then the working days
    /// around it.
    NearPreference { index: u32 },
    /// One of the earliest free slots of the search range.
    Earliest,
}

/// One preferred slot of the request, judged by the rules scheduling would apply, for the
/// unit, duration and resource persons of the search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreferenceVerdict {
    /// 0-based, in the Pemda's order.
    pub index: u32,
    pub starts_at: String,
    pub date: String,
    pub time: String,
    pub label: String,
    /// The slot as it would be booked, when it passes (the first free room for a tatap muka).
    pub suggestion: Option<SlotSuggestion>,
    /// The Block findings that refuse it; empty when it passes.
    pub refusals: Vec<crate::policy::rules::Finding>,
}

/// The answer of a slot search: the Pemda's preferences judged, then the slots to offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SlotSuggestions {
    pub preferences: Vec<PreferenceVerdict>,
    /// Passing preferences first (in the Pemda's order), then the nearest free slots around
    /// the preferences, then the earliest free slots of the range; each passes every slot rule.
    pub suggestions: Vec<SlotSuggestion>,
    /// Block findings about the request itself (letter, guests): while any stands, no slot can
    /// be booked, however free.
    pub request_blocks: Vec<crate::policy::rules::Finding>,
}

/// A slot chosen by staff for a request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    /// `YYYY-MM-DD`, WIB
    pub date: String,
    /// `HH:MM`, WIB
    pub time: String,
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// Required for a tatap muka.
    #[serde(default)]
    pub room_code: Option<String>,
    /// Default: the unit the first topic routes to.
    #[serde(default)]
    pub unit_code: Option<String>,
    /// The MS Teams link of a video conference.
    #[serde(default)]
    pub meeting_url: Option<String>,
    /// DJPK's resource persons for the consultation, of the booking's unit; empty names the
    /// unit as a whole. Absent on a reschedule keeps those of the booking (if the unit stays).
    #[serde(default)]
    #[ts(type = "number[] | null")]
    pub resource_person_ids: Option<Vec<i64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BookingView {
    #[ts(type = "number")]
    pub id: i64,
    pub channel: Channel,
    pub starts_at: String,
    pub ends_at: String,
    pub label: String,
    pub room_code: Option<String>,
    pub meeting_url: Option<String>,
    pub unit_code: String,
    pub ical_uid: String,
    /// The named resource persons (ids of `ResourcePersonView`).
    #[ts(type = "number[]")]
    pub resource_person_ids: Vec<i64>,
    #[ts(type = "number")]
    pub sequence: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PolicyVersionView {
    #[ts(type = "number")]
    pub id: i64,
    pub effective_from: String,
    pub settings: crate::policy::PolicySettings,
    pub note: Option<String>,
    pub created_at: String,
}

/// The policy screen: what is in force today, every version, and the shipped defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PolicyOverview {
    pub in_force: PolicyVersionView,
    pub versions: Vec<PolicyVersionView>,
    pub defaults: crate::policy::PolicySettings,
}

/// A new policy version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    /// `YYYY-MM-DD`
    pub effective_from: String,
    pub settings: crate::policy::PolicySettings,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HolidayView {
    #[ts(type = "number")]
    pub id: i64,
    pub date: String,
    /// "Jumat, 17 Maret 2023"
    pub label: String,
    pub name: String,
    pub kind: crate::policy::calendar::HolidayKind,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct HolidayInput {
    pub date: String,
    pub name: String,
    pub kind: Option<crate::policy::calendar::HolidayKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HolidayImport {
    pub added: u32,
    /// Already present (same date and name).
    pub skipped: u32,
    /// Events that could not be read as a holiday, with the reason.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionOverrideView {
    #[ts(type = "number")]
    pub id: i64,
    pub label: String,
    pub from: String,
    pub to: String,
    pub weekly_windows: Vec<Vec<crate::policy::SessionWindowSettings>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SessionOverrideInput {
    pub label: String,
    pub from: String,
    pub to: String,
    pub weekly_windows: Vec<Vec<crate::policy::SessionWindowSettings>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RoomView {
    pub code: String,
    pub name: String,
    pub capacity: u32,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnitView {
    pub code: String,
    pub name: String,
    pub short_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RoomInput {
    pub code: String,
    pub name: String,
    pub capacity: u32,
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    pub code: String,
    pub name: String,
    pub short_name: String,
}

/// Sends a topic's requests to another unit by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TopicRouting {
    pub topic_code: String,
    pub unit_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UserView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub role: crate::workflow::Role,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UserInput {
    pub name: String,
    pub role: Option<crate::workflow::Role>,
}

/// The Pemda's confirmation of a scheduled slot: when (WIB), by whom, through which channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ConfirmInput {
    /// `YYYY-MM-DD`
    pub date: String,
    /// `HH:MM`, WIB
    pub time: String,
    pub confirmed_by: String,
    pub via: Option<crate::service::workflow::ConfirmationChannel>,
}

/// A reason for cancelling or rejecting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReasonInput {
    pub reason: String,
}

/// One entry of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor_name: String,
    pub action: String,
    #[ts(type = "number | null")]
    pub request_id: Option<i64>,
    #[ts(type = "unknown")]
    pub before: Option<serde_json::Value>,
    #[ts(type = "unknown")]
    pub after: Option<serde_json::Value>,
    pub note: Option<String>,
}

/// Bookings to show on the calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CalendarFilter {
    /// `YYYY-MM-DD` (WIB), inclusive.
    pub from: String,
    /// `YYYY-MM-DD` (WIB), inclusive.
    pub to: String,
    #[serde(default)]
    pub room_code: Option<String>,
    #[serde(default)]
    pub unit_code: Option<String>,
    #[serde(default)]
    pub channel: Option<Channel>,
}

/// One booking on the calendar or the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CalendarEntry {
    #[ts(type = "number")]
    pub request_id: i64,
    #[ts(type = "number")]
    pub booking_id: i64,
    pub status: RequestStatus,
    pub channel: Channel,
    pub starts_at: String,
    pub ends_at: String,
    /// "Senin, 7 Desember 2026 09.00 WIB (11.00 WIT)"
    pub label: String,
    /// The requester's own time ("11.00 WIT"); absent for a requester in WIB.
    pub local_time: Option<String>,
    pub requester_label: String,
    pub room_code: Option<String>,
    pub unit_code: String,
    pub topics: Vec<String>,
    pub planned_guest_count: u32,
}

/// A booking that a rule now refuses (e.g. a holiday added after it was scheduled).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BrokenBooking {
    pub entry: CalendarEntry,
    pub findings: Vec<crate::policy::rules::Finding>,
}

/// The start screen of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Dashboard {
    /// `YYYY-MM-DD`, WIB.
    pub today: String,
    pub today_entries: Vec<CalendarEntry>,
    /// Monday to Sunday of this week.
    pub week_entries: Vec<CalendarEntry>,
    pub awaiting_verification: Vec<RequestSummary>,
    pub awaiting_confirmation: Vec<RequestSummary>,
    pub now_breaking: Vec<BrokenBooking>,
}

/// What letters and invites print: the letterhead, the signatory, the invites' organizer and the
/// numbering of outgoing letters (Settings → Surat & undangan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportSettings {
    /// The letterhead, one entry per line.
    pub letterhead: Vec<String>,
    /// Where letters are signed: "Jakarta".
    pub place: String,
    pub signatory_position: String,
    pub signatory_name: String,
    #[serde(default)]
    pub signatory_nip: Option<String>,
    /// Tembusan of the confirmation letter.
    #[serde(default)]
    pub copies: Vec<String>,
    pub organizer_name: String,
    pub organizer_email: String,
    /// E.g. `S-{seq}/PK.1/{year}`; tokens `{seq}`, `{year}`, `{month}`, `{roman_month}`.
    pub number_pattern: String,
    /// Minutes before the start that invites remind; 0 for none.
    pub reminder_minutes: u32,
}

crate::domain::stored_enum!(
    /// The PDF documents of a consultation.
    LetterKind {
        /// Surat konfirmasi jadwal, numbered.
        Confirmation => "confirmation",
        /// Daftar hadir, pre-filled with the registered guests.
        AttendanceSheet => "attendance_sheet",
        /// Surat keterangan kehadiran, numbered; after the consultation.
        Certificate => "certificate",
    }
);

/// A file to produce and save (the desktop's "Unduh …" actions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ExportRequest {
    /// The booking's invite (.ics): REQUEST while it stands, CANCEL once cancelled.
    Invite {
        #[ts(type = "number")]
        request_id: i64,
        #[serde(default)]
        cancel: bool,
    },
    /// Every active booking of a period (.ics, METHOD:PUBLISH).
    Calendar { filter: CalendarFilter },
    /// A letter of the booking (.pdf).
    Letter {
        #[ts(type = "number")]
        request_id: i64,
        letter: LetterKind,
    },
    /// The monthly report of `month` (`YYYY-MM`), as .csv or .pdf.
    MonthlyReport { month: String, format: ReportFormat },
}

/// Where an export was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SavedExport {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// What the user should be told about the file, in Indonesian (e.g. characters a PDF could
    /// not print and drew as □); empty when all went well.
    pub warnings: Vec<String>,
}

/// A step of the desk's setup (the first-start wizard), in the order it walks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SetupStep {
    /// Kop surat.
    Letterhead,
    /// Penandatangan: name and position.
    Signatory,
    /// Penyelenggara undangan: name and e-mail.
    Organizer,
    /// Ruang rapat: at least one active room.
    Rooms,
    /// Unit: at least one unit to route topics to.
    Units,
}

/// One setting that is still a placeholder or missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SetupItem {
    pub step: SetupStep,
    /// The settings field it concerns (`signatory_name`, `organizer_email`, `letterhead[0]`),
    /// as `save_export_settings` names it; empty for rooms and units.
    pub field: String,
    /// What is wrong and what to do, in Indonesian.
    pub message: String,
}

/// What the desk still has to set before letters and invites go out, and how the database was
/// opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SetupStatus {
    /// Nothing is missing.
    pub complete: bool,
    /// The numbered letters (confirmation, certificate) can be made.
    pub letters_ready: bool,
    /// Invites (.ics) can be made.
    pub invites_ready: bool,
    /// Why letters are refused, as the refusal says it; null when they are not.
    pub letters_refusal: Option<String>,
    pub items: Vec<SetupItem>,
    /// The database was opened read-only: nothing can be changed, the wizard included.
    pub read_only: bool,
    /// The database file, for the read-only notice.
    pub database_path: String,
}

/// One of DJPK's resource persons (narasumber), who leads consultations of their unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ResourcePersonView {
    #[ts(type = "number")]
    pub id: i64,
    pub unit_code: String,
    pub name: String,
    pub position: Option<String>,
    /// Invites name them as attendees when they have an address.
    pub email: Option<String>,
    pub active: bool,
}

/// Adds (`id` absent) or changes a resource person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ResourcePersonInput {
    #[serde(default)]
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub unit_code: String,
    pub name: String,
    #[serde(default)]
    pub position: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default = "active_by_default")]
    pub active: bool,
}

crate::domain::stored_enum!(
    /// The files the monthly report is written to.
    ReportFormat {
        Csv => "csv",
        Pdf => "pdf",
    }
);

/// What the desk records when a delegation arrives (Kedatangan hari ini).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CheckInInput {
    /// Which registered guests came: indexes into the request's `guests`.
    #[serde(default)]
    pub present: Vec<u32>,
    /// Guests who came unannounced. The Kepala Daerah came when the guest flagged as such is
    /// among `present` (or, if none was registered, among these).
    #[serde(default)]
    pub extra_guests: Vec<GuestInput>,
    /// `HH:MM` WIB on the booking's day; absent means now. A video conference has none: its
    /// attendance is recorded at the slot's start.
    #[serde(default)]
    pub arrived_time: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A delegation that turned up with no booking: registered as a request and checked in at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct WalkInInput {
    pub request: RequestInput,
    pub check_in: CheckInInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AttendeeView {
    pub name: String,
    pub position: String,
    pub institution: String,
    /// Came without being registered.
    pub extra: bool,
    pub is_regional_head: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ViolationView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub request_id: i64,
    pub kind: crate::checkin::ViolationKind,
    /// "Tamu melebihi batas"
    pub label: String,
    /// "S-38/PK/2023 angka 4"
    pub clause: String,
    pub evidence: String,
    /// `YYYY-MM-DD` (WIB)
    pub occurred_on: String,
    /// "Rabu, 2 Desember 2026"
    pub occurred_label: String,
    pub channel: Channel,
    /// "Kab. Mukomuko"
    pub requester_label: String,
}

/// Why a check-in is voided (it was recorded by mistake).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VoidCheckInInput {
    pub reason: String,
}

/// The correction of a check-in: it stays in the request's history, its violations are withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CheckInVoidView {
    pub reason: String,
    pub voided_by: String,
    /// RFC 3339, UTC.
    pub voided_at: String,
    /// "Rabu, 2 Desember 2026 10.15 WIB"
    pub voided_label: String,
}

/// What a check-in would record, shown for confirmation before it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CheckInPreview {
    /// RFC 3339, UTC.
    pub arrived_at: String,
    /// "09.12 WIB"; for a video conference, the slot's start.
    pub arrived_label: String,
    /// Names of the registered guests who came, in their order.
    pub present: Vec<String>,
    /// Names of the guests who came unannounced.
    pub extra: Vec<String>,
    pub regional_head_present: bool,
    pub attended: u32,
    pub guest_cap: u32,
    /// The violations recording this would write.
    pub violations: Vec<PreviewViolation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewViolation {
    pub kind: crate::checkin::ViolationKind,
    pub label: String,
    pub clause: String,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CheckInView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub request_id: i64,
    pub channel: Channel,
    /// Set once the check-in was voided; its violations then count nowhere.
    pub voided: Option<CheckInVoidView>,
    /// RFC 3339, UTC.
    pub arrived_at: String,
    /// "09.12 WIB"
    pub arrived_label: String,
    pub walk_in: bool,
    pub regional_head_present: bool,
    pub attendees: Vec<AttendeeView>,
    pub violations: Vec<ViolationView>,
    pub recorded_by: String,
    pub note: Option<String>,
}

/// One delegation of the day: expected, arrived, or a walk-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ArrivalView {
    #[ts(type = "number")]
    pub request_id: i64,
    pub status: RequestStatus,
    pub channel: Channel,
    pub requester_label: String,
    pub region_code: Option<String>,
    pub contact: ContactView,
    /// Absent for a walk-in.
    pub booking: Option<BookingView>,
    /// When the booking runs: "08.00–09.00 WIB (10.00–11.00 WIT)"; absent for a walk-in.
    pub time_label: Option<String>,
    pub confirmed: bool,
    pub has_letter: bool,
    pub guest_cap: u32,
    pub regional_head_claimed: bool,
    pub guests: Vec<GuestView>,
    pub check_in: Option<CheckInView>,
    /// The slot is over: a delegation not checked in may be marked a no-show.
    pub slot_ended: bool,
    /// Violations this requester (region) had before today.
    pub earlier_violations: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ArrivalsDay {
    /// `YYYY-MM-DD` (WIB)
    pub date: String,
    /// "Rabu, 2 Desember 2026"
    pub date_label: String,
    /// The days before and after (`YYYY-MM-DD`), for stepping through days.
    pub previous_date: String,
    pub next_date: String,
    /// Ordered by start; walk-ins after the booked ones, by arrival.
    pub arrivals: Vec<ArrivalView>,
}

/// A consultation that took place, as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HeldVisitView {
    /// `YYYY-MM-DD`
    pub held_on: String,
    /// "2 Maret 2023"
    pub date_label: String,
    pub channel: Channel,
    pub requester_label: String,
    pub topics: String,
    /// Absent for an imported record.
    #[ts(type = "number | null")]
    pub request_id: Option<i64>,
    /// "desk" or "import".
    pub source: String,
}

/// What a requester (keyed by region code; the Pemda and its DPRD together) did before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ComplianceHistory {
    pub region_code: String,
    /// "Kabupaten Mukomuko"
    pub region_name: String,
    pub province_name: String,
    /// Requests registered at the desk, any status.
    pub requests: u32,
    /// Consultations held (desk and imported records).
    pub held: u32,
    pub no_shows: u32,
    /// Newest first.
    pub violations: Vec<ViolationView>,
    /// Newest first, at most 100.
    pub visits: Vec<HeldVisitView>,
}
