//! Arrivals, check-in, attendance, violations and a region's compliance history.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Channel, RequestStatus};
use crate::*;

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
