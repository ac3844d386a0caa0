//! Users, the workflow's inputs (confirm, reasons) and the audit trail.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    pub via: Option<crate::domain::ConfirmationChannel>,
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
    /// "Selasa, 8 Desember 2026 10.15 WIB"
    pub at_label: String,
    pub actor_name: String,
    pub action: String,
    #[ts(type = "number | null")]
    pub request_id: Option<i64>,
    #[ts(type = "unknown")]
    pub before: Option<serde_json::Value>,
    #[ts(type = "unknown")]
    pub after: Option<serde_json::Value>,
    pub note: Option<String>,
    /// The desk a team account worked from ("MEJA-3"); null for a local profile.
    pub desk: Option<String>,
    /// For a (re)scheduling: the slot it booked, in WIB ("Kamis, 10 Desember 2026 13.00 WIB").
    pub slot_label: Option<String>,
    /// For a rescheduling: the slot it replaced.
    pub previous_slot_label: Option<String>,
}
