//! What every workflow transition shares, whichever service makes it: the workflow and role
//! check, the status write guarded by the version read, and the audit snapshot of the part a
//! transition changes. Nothing here calls another service, so scheduling, check-in and the
//! workflow services all build on it without importing each other.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::api::{BookingView, RequestDetail};
use crate::domain::record::RequestRecord;
use crate::domain::{Channel, RequestStatus};
use crate::error::{Error, Result};
use crate::store::reference::ReferenceData;
use crate::store::write::SerialisedWrite;
use crate::workflow::{self, Actor, Refusal, Transition};

use super::views;

/// The status `transition` leads to from `status`, if the workflow and the actor's role allow
/// it; the refusal is a `conflict` (status) or `policy` (role).
pub fn permit(
    status: RequestStatus,
    channel: Channel,
    transition: Transition,
    actor: &Actor,
) -> Result<RequestStatus> {
    workflow::apply(status, transition, actor.role, channel).map_err(|refusal| match refusal {
        Refusal::Status(message) => Error::Conflict {
            message,
            findings: Vec::new(),
        },
        Refusal::Role(message) => Error::Policy {
            message,
            findings: Vec::new(),
        },
    })
}

/// [`permit`] for a request as the views show it.
pub fn authorise(
    detail: &RequestDetail,
    transition: Transition,
    actor: &Actor,
) -> Result<RequestStatus> {
    permit(detail.status, detail.channel, transition, actor)
}

/// [`permit`] for a stored request.
pub fn authorise_record(
    record: &RequestRecord,
    transition: Transition,
    actor: &Actor,
) -> Result<RequestStatus> {
    permit(record.status(), record.channel, transition, actor)
}

/// Moves request `id` to `to` if it is still at `version`, the one it was read at, raising the
/// version; another writer that changed it first (its status, its booking or its fields)
/// makes this a conflict.
pub async fn move_status(
    tx: &mut SerialisedWrite,
    id: i64,
    version: i64,
    to: RequestStatus,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    if crate::store::transitions::set_status(tx, id, version, to, reason, now).await? {
        Ok(())
    } else {
        Err(changed_meanwhile(id))
    }
}

pub(crate) fn changed_meanwhile(id: i64) -> Error {
    Error::Conflict {
        message: format!(
            "Permohonan #{id} baru saja diubah oleh pengguna lain; muat ulang lalu coba lagi"
        ),
        findings: Vec::new(),
    }
}

/// The part of a request that transitions change, for the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct StatusSnapshot {
    status: RequestStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    booking: Option<BookingView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl StatusSnapshot {
    /// The stored request as it stands.
    pub fn of(record: &RequestRecord, reference: &ReferenceData) -> Result<Self> {
        let time_zone = views::requester(&record.requester, reference)?.time_zone;
        Ok(Self {
            status: record.status(),
            booking: record.booking().map(|b| views::booking(b, time_zone)),
            reason: None,
        })
    }

    /// The same request after a transition to `status`.
    pub fn moved_to(&self, status: RequestStatus) -> Self {
        Self {
            status,
            ..self.clone()
        }
    }

    /// Without its booking (the transition released it).
    pub fn released(mut self) -> Self {
        self.booking = None;
        self
    }

    pub fn because(mut self, reason: Option<&str>) -> Self {
        self.reason = reason.map(str::to_owned);
        self
    }
}

/// The snapshot of a request as the views show it, with the reason of the change, if any.
pub fn snapshot(detail: &RequestDetail, reason: Option<&str>) -> StatusSnapshot {
    StatusSnapshot {
        status: detail.status,
        booking: detail.booking.clone(),
        reason: reason.map(str::to_owned),
    }
}
