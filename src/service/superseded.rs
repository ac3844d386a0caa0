//! The transaction helpers that `policy`, `checkin`, `history` and `export` still call with a
//! connection of their own. Each only forwards to the store. New code uses
//! `store.write_serialised()`, `SerialisedWrite::audit`, `transitions::move_status` and
//! `store::transitions::*` instead; this file goes once none of those services calls it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::SqliteConnection;

use crate::api::{BookingView, RequestDetail};
use crate::domain::RequestStatus;
use crate::domain::record::ActiveBooking;
use crate::error::{Error, Result};
use crate::time::parse_rfc3339;
use crate::workflow::{Actor, Transition};
use konsultasi_core::audit::{AuditAction, AuditEntry};

/// Every action but the transitions, to find the typed one an old caller names.
const ACTIONS: [AuditAction; 17] = [
    AuditAction::CreateRequest,
    AuditAction::UpdateRequest,
    AuditAction::WalkIn,
    AuditAction::VoidCheckIn,
    AuditAction::ImportHistory,
    AuditAction::CreateUser,
    AuditAction::SetPolicy,
    AuditAction::AddHoliday,
    AuditAction::DeleteHoliday,
    AuditAction::ImportHolidays,
    AuditAction::AddSessionOverride,
    AuditAction::DeleteSessionOverride,
    AuditAction::SaveRoom,
    AuditAction::SaveUnit,
    AuditAction::RouteTopic,
    AuditAction::SaveResourcePerson,
    AuditAction::SaveExportSettings,
];

fn action_named(name: &str) -> Result<AuditAction> {
    Transition::ALL
        .into_iter()
        .map(AuditAction::from)
        .chain(ACTIONS)
        .find(|action| action.as_str() == name)
        .ok_or_else(|| Error::Internal(format!("tindakan audit tidak dikenal: {name}")))
}

/// Appends one entry to the audit log, inside the caller's transaction.
#[allow(clippy::too_many_arguments)] // each argument is one column of the entry
pub async fn record(
    conn: &mut SqliteConnection,
    actor: &Actor,
    action: &str,
    request_id: Option<i64>,
    before: Option<&impl Serialize>,
    after: Option<&impl Serialize>,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut entry = AuditEntry::new(actor, action_named(action)?);
    if let Some(id) = request_id {
        entry = entry.on_request(id);
    }
    if let Some(before) = before {
        entry = entry.before(before);
    }
    if let Some(after) = after {
        entry = entry.after(after);
    }
    if let Some(note) = note {
        entry = entry.note(note);
    }
    crate::store::audit::append(conn, &entry, now).await
}

/// Appends the entry of a settings change (no request), inside the caller's transaction.
pub(crate) async fn audit_setting(
    conn: &mut SqliteConnection,
    actor: &Actor,
    action: &str,
    before: Option<&impl Serialize>,
    after: Option<&impl Serialize>,
    now: DateTime<Utc>,
) -> Result<()> {
    record(conn, actor, action, None, before, after, None, now).await
}

/// Moves the request to `to` if it is still at the version it was read in.
pub(crate) async fn set_status(
    conn: &mut SqliteConnection,
    detail: &RequestDetail,
    to: RequestStatus,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    if crate::store::transitions::set_status(conn, detail.id, detail.version, to, reason, now)
        .await?
    {
        Ok(())
    } else {
        Err(super::transitions::changed_meanwhile(detail.id))
    }
}

/// Keeps the slot a booking holds before a reschedule or cancellation replaces it.
pub(crate) async fn keep_history(
    conn: &mut SqliteConnection,
    booking: &BookingView,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let instant = |text: &str| {
        parse_rfc3339(text)
            .ok_or_else(|| Error::Internal(format!("data tersimpan rusak: jadwal \"{text}\"")))
    };
    let held = ActiveBooking {
        id: booking.id,
        channel: booking.channel,
        starts_at: instant(&booking.starts_at)?,
        ends_at: instant(&booking.ends_at)?,
        room_code: booking.room_code.clone(),
        meeting_url: booking.meeting_url.clone(),
        unit_code: booking.unit_code.clone(),
        ical_uid: booking.ical_uid.clone(),
        sequence: booking.sequence,
        resource_person_ids: booking.resource_person_ids.clone(),
    };
    crate::store::transitions::keep_booking_history(conn, &held, actor.id, now).await
}
