//! Slot search and suggestions, and booking a slot.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::Channel;

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
    pub duration_minutes: u32,
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
    pub duration_minutes: u32,
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
