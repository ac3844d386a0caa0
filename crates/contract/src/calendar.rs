//! The staff calendar and the dashboard.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Channel, RequestStatus};
use crate::*;

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
    /// `YYYY-MM-DD` and `HH:MM` of the start in WIB, where the calendar places it.
    pub date: String,
    pub time: String,
    pub duration_minutes: u32,
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
    /// The first few submitted requests, newest entry first; `awaiting_verification_total` says
    /// how many wait in all (the list, filtered by status, shows them).
    pub awaiting_verification: Vec<RequestSummary>,
    pub awaiting_verification_total: u32,
    /// The first few scheduled requests the Pemda has still to confirm, soonest booking first.
    pub awaiting_confirmation: Vec<RequestSummary>,
    pub awaiting_confirmation_total: u32,
    pub now_breaking: Vec<BrokenBooking>,
}
