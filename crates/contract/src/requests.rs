//! The request form's input with its filter, and the request as lists and forms show it.

use chrono::{NaiveDate, NaiveTime};
use konsultasi_core::time::{office_local_to_utc, to_rfc3339};
use konsultasi_core::validate::{FieldErrors, parse_date};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::region::{RegionKind, ZoneLabel};
use crate::domain::{Channel, RequestQuery, RequestStatus, RequesterKind};
use crate::*;

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

impl RequestFilter {
    /// Checks the filter as it crossed the boundary; dates are office (WIB) days.
    pub fn parse(&self) -> Result<RequestQuery, FieldErrors> {
        let filter = self;
        let trimmed = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let mut errors = FieldErrors::default();
        let from = trimmed(&filter.from)
            .and_then(|raw| errors.take("from", parse_date(&raw, "Tanggal awal")));
        let to = trimmed(&filter.to)
            .and_then(|raw| errors.take("to", parse_date(&raw, "Tanggal akhir")));
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            errors.push("to", "Tanggal akhir tidak boleh sebelum tanggal awal");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let midnight = |date: NaiveDate| to_rfc3339(office_local_to_utc(date, NaiveTime::MIN));
        Ok(RequestQuery {
            status: filter.status,
            channel: filter.channel,
            region_code: trimmed(&filter.region_code),
            unit_code: trimmed(&filter.unit_code),
            starts_from: from.map(midnight),
            starts_before: to.and_then(|to| to.succ_opt()).map(midnight),
            words: filter
                .text
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        })
    }
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

pub use crate::domain::{Topic, Unit as UnitView};

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
    /// "Sabtu, 28 November 2026 10.00 WIB": when it was entered.
    pub created_label: String,
    /// Raised by every change to the request; an edit sends back the version it was based on,
    /// and one based on an older version is refused as a `conflict`.
    #[ts(type = "number")]
    pub version: i64,
    /// The steps the workflow allows from the status, in button order (`workflow::actions_view`).
    pub actions: Vec<crate::workflow::ActionView>,
    /// Whether the request's own data may still change (`workflow::editable`).
    pub editable: bool,
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
    /// The same instant as the office reads it: "Sabtu, 28 November 2026 10.00 WIB".
    pub created_label: String,
}

/// A list row's booking: its start and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SummaryBooking {
    /// RFC 3339 UTC.
    pub starts_at: String,
    /// As `time::slot_label` writes it, in the requester's zone too.
    pub label: String,
    pub room_code: Option<String>,
    pub room_name: Option<String>,
}
