//! The writes of the workflow's transitions: a request's status, the Pemda's confirmation, and
//! the release of a booking (with the slot it held kept in `booking_history`).
//!
//! Each runs inside the caller's serialised write, beside the audit entry of the same change.

use chrono::{DateTime, Utc};

use crate::backend::{Conn, Instant};
use crate::error::Result;
use crate::on;
use konsultasi_core::domain::record::ActiveBooking;
use konsultasi_core::domain::{ConfirmationChannel, RequestStatus};

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
    let changed = on!(conn.db(), c => sqlx::query(
        "UPDATE requests SET status = $1, status_reason = coalesce($2, status_reason),
             updated_at = $3, version = version + 1
         WHERE id = $4 AND version = $5",
    )
    .bind(to.as_str())
    .bind(reason)
    .bind(Instant(now))
    .bind(id)
    .bind(expected_version)
    .execute(c)
    .await?
    .rows_affected());
    Ok(changed == 1)
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
    on!(conn.db(), c => { sqlx::query(
        "INSERT INTO confirmations (request_id, booking_id, sequence, confirmed_at, confirmed_by,
             via, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(confirmation.request_id)
    .bind(confirmation.booking_id)
    .bind(confirmation.sequence)
    .bind(Instant(confirmation.confirmed_at))
    .bind(confirmation.confirmed_by)
    .bind(confirmation.via.as_str())
    .bind(confirmation.recorded_by)
    .bind(Instant(now))
    .execute(c)
    .await?; });
    Ok(())
}

/// Keeps the slot `booking` holds now, before a reschedule or a cancellation replaces it.
pub async fn keep_booking_history(
    conn: &mut impl Conn,
    booking: &ActiveBooking,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    on!(conn.db(), c => { sqlx::query(
        "INSERT INTO booking_history (booking_id, sequence, starts_at, ends_at, room_code,
             unit_code, meeting_url, replaced_at, actor_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(booking.id)
    .bind(booking.sequence)
    .bind(Instant(booking.starts_at))
    .bind(Instant(booking.ends_at))
    .bind(&booking.room_code)
    .bind(&booking.unit_code)
    .bind(&booking.meeting_url)
    .bind(Instant(now))
    .bind(actor_id)
    .execute(c)
    .await?; });
    Ok(())
}

/// Frees a booking's slot and raises its SEQUENCE, so the cancellation invite supersedes the
/// last one; the row stays, keeping its UID.
pub async fn release_booking(
    conn: &mut impl Conn,
    booking_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    on!(conn.db(), c => { sqlx::query(
        "UPDATE bookings SET active = FALSE, sequence = sequence + 1, updated_at = $1
         WHERE id = $2",
    )
    .bind(Instant(now))
    .bind(booking_id)
    .execute(c)
    .await?; });
    Ok(())
}
