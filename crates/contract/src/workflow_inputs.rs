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
    /// What the role may do, from the core's matrix: the screens offer by it and never decide.
    pub may: Permissions,
}

impl UserView {
    pub fn new(id: i64, name: String, role: crate::workflow::Role, active: bool) -> Self {
        Self {
            id,
            name,
            role,
            active,
            may: Permissions::of(role),
        }
    }
}

/// The capabilities of one role (`Role::may`), spelled out for the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Permissions {
    /// Register and edit requests, record confirmations, schedule video conferences.
    pub register: bool,
    /// Verify, reject, schedule tatap muka, check in, letters, the desk's calendar and rooms.
    pub secretariat: bool,
    /// The monthly report, the import of earlier records, the policy.
    pub lead: bool,
    /// Add local profiles.
    pub manage_profiles: bool,
    /// Team accounts.
    pub manage_accounts: bool,
}

impl Permissions {
    pub fn of(role: crate::workflow::Role) -> Self {
        use crate::workflow::Capability as C;
        Self {
            register: role.may(C::Register),
            secretariat: role.may(C::Secretariat),
            lead: role.may(C::Lead),
            manage_profiles: role.may(C::ManageProfiles),
            manage_accounts: role.may(C::ManageAccounts),
        }
    }
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
