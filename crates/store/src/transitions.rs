//! The writes of the workflow's transitions: a request's status, the Pemda's confirmation, and
//! the release of a booking (with the slot it held kept in `booking_history`).
//!
//! Each runs inside the caller's serialised write, beside the audit entry of the same change.

use chrono::{DateTime, Utc};

use crate::backend::{Conn, sqlite_only};
use crate::error::Result;
use konsultasi_core::domain::record::ActiveBooking;
use konsultasi_core::domain::{ConfirmationChannel, RequestStatus};
use konsultasi_core::time::to_rfc3339;

/// Moves request `id` to `to` if it is still at `expected_version`, raising the version; a
/// reason, when given, replaces the stored one. `false` when the request changed meanwhile
/// (or does not exist), so nothing is written on the strength of a stale read.
pub async fn set_status(
    conn: &mut impl Conn,
    id: i64,
    expected_version: i64,
    to: RequestStatus,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let conn = sqlite_only(conn.db())?;

    let done = sqlx::query(
        "UPDATE requests SET status = ?, status_reason = coalesce(?, status_reason), updated_at = ?,
             version = version + 1
         WHERE id = ? AND version = ?",
    )
    .bind(to.as_str())
    .bind(reason)
    .bind(to_rfc3339(now))
    .bind(id)
    .bind(expected_version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The Pemda's confirmation of one SEQUENCE of a booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConfirmation<'a> {
    pub request_id: i64,
    pub booking_id: i64,
    pub sequence: i64,
    pub confirmed_at: DateTime<Utc>,
    pub confirmed_by: &'a str,
    pub via: ConfirmationChannel,
    /// The profile that recorded it.
    pub recorded_by: i64,
}

pub async fn insert_confirmation(
    conn: &mut impl Conn,
    confirmation: &NewConfirmation<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    let conn = sqlite_only(conn.db())?;

    sqlx::query(
        "INSERT INTO confirmations (request_id, booking_id, sequence, confirmed_at, confirmed_by, via, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(confirmation.request_id)
    .bind(confirmation.booking_id)
    .bind(confirmation.sequence)
    .bind(to_rfc3339(confirmation.confirmed_at))
    .bind(confirmation.confirmed_by)
    .bind(confirmation.via.as_str())
    .bind(confirmation.recorded_by)
    .bind(to_rfc3339(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Keeps the slot `booking` holds now, before a reschedule or a cancellation replaces it.
pub async fn keep_booking_history(
    conn: &mut impl Conn,
    booking: &ActiveBooking,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let conn = sqlite_only(conn.db())?;

    sqlx::query(
        "INSERT INTO booking_history (booking_id, sequence, starts_at, ends_at, room_code, unit_code, meeting_url,
             replaced_at, actor_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(booking.id)
    .bind(booking.sequence)
    .bind(to_rfc3339(booking.starts_at))
    .bind(to_rfc3339(booking.ends_at))
    .bind(&booking.room_code)
    .bind(&booking.unit_code)
    .bind(&booking.meeting_url)
    .bind(to_rfc3339(now))
    .bind(actor_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Frees a booking's slot and raises its SEQUENCE, so the cancellation invite supersedes the
/// last one; the row stays, keeping its UID.
pub async fn release_booking(
    conn: &mut impl Conn,
    booking_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let conn = sqlite_only(conn.db())?;

    sqlx::query(
        "UPDATE bookings SET active = 0, sequence = sequence + 1, updated_at = ? WHERE id = ?",
    )
    .bind(to_rfc3339(now))
    .bind(booking_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
