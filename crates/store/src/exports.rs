//! Export settings (one row) and the register of outgoing letter numbers.

use sqlx::{FromRow, SqliteConnection, SqlitePool};

use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize)]
pub struct ExportSettingsRow {
    pub letterhead: String,
    pub place: String,
    pub signatory_position: String,
    pub signatory_name: String,
    pub signatory_nip: Option<String>,
    pub copies: String,
    pub organizer_name: String,
    pub organizer_email: String,
    pub number_pattern: String,
    pub reminder_minutes: i64,
    pub updated_at: String,
}

pub async fn settings(pool: &SqlitePool) -> Result<ExportSettingsRow> {
    settings_in(&mut *pool.acquire().await?).await
}

/// [`settings`] on the caller's connection (inside a write, the row it replaces).
pub async fn settings_in(conn: &mut SqliteConnection) -> Result<ExportSettingsRow> {
    Ok(sqlx::query_as(
        "SELECT letterhead, place, signatory_position, signatory_name, signatory_nip, copies,
                organizer_name, organizer_email, number_pattern, reminder_minutes, updated_at
         FROM export_settings WHERE id = 1",
    )
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn save_settings(conn: &mut SqliteConnection, row: &ExportSettingsRow) -> Result<()> {
    sqlx::query(
        "UPDATE export_settings SET letterhead = ?, place = ?, signatory_position = ?,
                signatory_name = ?, signatory_nip = ?, copies = ?, organizer_name = ?,
                organizer_email = ?, number_pattern = ?, reminder_minutes = ?, updated_at = ?
         WHERE id = 1",
    )
    .bind(&row.letterhead)
    .bind(&row.place)
    .bind(&row.signatory_position)
    .bind(&row.signatory_name)
    .bind(&row.signatory_nip)
    .bind(&row.copies)
    .bind(&row.organizer_name)
    .bind(&row.organizer_email)
    .bind(&row.number_pattern)
    .bind(row.reminder_minutes)
    .bind(&row.updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A number already handed out for this letter (same request, kind and booking SEQUENCE).
pub async fn issued_number(
    conn: &mut SqliteConnection,
    request_id: i64,
    kind: &str,
    booking_sequence: i64,
) -> Result<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT number, issued_at FROM issued_letters
         WHERE request_id = ? AND kind = ? AND booking_sequence = ?",
    )
    .bind(request_id)
    .bind(kind)
    .bind(booking_sequence)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The next sequence of `year`. Call inside a write transaction (BEGIN IMMEDIATE), so no other
/// process can take the same one before [`record_number`] commits.
pub async fn next_sequence(conn: &mut SqliteConnection, year: i32) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT coalesce(max(sequence), 0) + 1 FROM issued_letters WHERE year = ?",
    )
    .bind(year)
    .fetch_one(&mut *conn)
    .await?)
}

pub struct NewNumber<'a> {
    pub year: i32,
    pub sequence: i64,
    pub number: &'a str,
    pub kind: &'a str,
    pub request_id: i64,
    pub booking_sequence: i64,
    pub issued_at: &'a str,
    pub issued_by: &'a str,
}

pub async fn record_number(conn: &mut SqliteConnection, new: &NewNumber<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO issued_letters (year, sequence, number, kind, request_id, booking_sequence,
                                     issued_at, issued_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(new.year)
    .bind(new.sequence)
    .bind(new.number)
    .bind(new.kind)
    .bind(new.request_id)
    .bind(new.booking_sequence)
    .bind(new.issued_at)
    .bind(new.issued_by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether a number was ever handed out, whatever pattern produced it.
pub async fn number_taken(conn: &mut SqliteConnection, number: &str) -> Result<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM issued_letters WHERE number = ?")
            .bind(number)
            .fetch_one(&mut *conn)
            .await?
            > 0,
    )
}

/// The latest booking of a request, active or cancelled: a cancellation's invite needs its UID
/// and the SEQUENCE the cancellation raised.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct LatestBooking {
    pub id: i64,
    pub channel: String,
    pub starts_at: String,
    pub ends_at: String,
    pub room_code: Option<String>,
    pub room_name: Option<String>,
    pub meeting_url: Option<String>,
    pub unit_code: String,
    pub unit_name: String,
    pub ical_uid: String,
    pub sequence: i64,
    pub active: bool,
    pub request_id: i64,
}

pub async fn latest_booking(pool: &SqlitePool, request_id: i64) -> Result<Option<LatestBooking>> {
    Ok(sqlx::query_as(
        "SELECT id, channel, starts_at, ends_at, room_code, room_name, meeting_url, unit_code,
                unit_name, ical_uid, sequence, active, request_id
         FROM booking_details WHERE request_id = ? ORDER BY active DESC, id DESC LIMIT 1",
    )
    .bind(request_id)
    .fetch_optional(pool)
    .await?)
}

/// Active bookings starting in `[from, before)` (RFC 3339 UTC), earliest first.
pub async fn bookings_between(
    pool: &SqlitePool,
    from: &str,
    before: &str,
) -> Result<Vec<LatestBooking>> {
    Ok(sqlx::query_as(
        "SELECT id, channel, starts_at, ends_at, room_code, room_name, meeting_url, unit_code,
                unit_name, ical_uid, sequence, active, request_id
         FROM booking_details WHERE active = 1 AND starts_at >= ? AND starts_at < ?
         ORDER BY starts_at, id",
    )
    .bind(from)
    .bind(before)
    .fetch_all(pool)
    .await?)
}

/// Resource persons named on a booking, with their addresses when known.
pub async fn booking_resource_persons(
    pool: &SqlitePool,
    booking_id: i64,
) -> Result<Vec<(String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT p.name, p.email FROM booking_resource_persons bp
         JOIN resource_persons p ON p.id = bp.resource_person_id
         WHERE bp.booking_id = ? ORDER BY p.name",
    )
    .bind(booking_id)
    .fetch_all(pool)
    .await?)
}
