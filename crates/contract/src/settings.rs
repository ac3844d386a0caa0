//! The policy, the working calendar, rooms, units, topics and resource persons.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PolicyVersionView {
    #[ts(type = "number")]
    pub id: i64,
    pub effective_from: String,
    pub settings: crate::policy::PolicySettings,
    pub note: Option<String>,
    pub created_at: String,
    /// "Sabtu, 28 November 2026 10.00 WIB"
    pub created_label: String,
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
