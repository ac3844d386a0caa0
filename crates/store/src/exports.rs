//! Export settings (one row), the register of outgoing letter numbers, and the bookings as
//! invites, calendars and letters print them.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use crate::Store;
use crate::backend::{Conn, sqlite_only};
use crate::error::Result;
use crate::stored;
use konsultasi_core::domain::Channel;
use konsultasi_core::letter_number::NumberedLetter;
use konsultasi_core::time::to_rfc3339;

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

/// What letters and invites print, and how letters are numbered.
pub async fn settings(store: &Store) -> Result<ExportSettingsRow> {
    settings_in(&mut *store.sqlite_pool()?.acquire().await?).await
}

/// [`settings`] on the caller's connection (inside a write, the row it replaces).
pub async fn settings_in(conn: &mut impl Conn) -> Result<ExportSettingsRow> {
    let conn = sqlite_only(conn.db())?;

    Ok(sqlx::query_as(
        "SELECT letterhead, place, signatory_position, signatory_name, signatory_nip, copies,
                organizer_name, organizer_email, number_pattern, reminder_minutes, updated_at
         FROM export_settings WHERE id = 1",
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// Replaces the settings, inside the caller's write.
pub async fn save_settings(conn: &mut impl Conn, row: &ExportSettingsRow) -> Result<()> {
    let conn = sqlite_only(conn.db())?;

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

/// A number in the register and when it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredNumber {
    pub number: String,
    pub issued_at: DateTime<Utc>,
}

/// The number already handed out for this letter (same request, kind and booking SEQUENCE).
pub async fn issued_number(
    conn: &mut impl Conn,
    request_id: i64,
    kind: NumberedLetter,
    booking_sequence: i64,
) -> Result<Option<RegisteredNumber>> {
    let conn = sqlite_only(conn.db())?;

    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT number, issued_at FROM issued_letters
         WHERE request_id = ? AND kind = ? AND booking_sequence = ?",
    )
    .bind(request_id)
    .bind(kind.as_str())
    .bind(booking_sequence)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|(number, issued_at)| {
        Ok(RegisteredNumber {
            issued_at: stored::instant("tanggal nomor surat", &issued_at)?,
            number,
        })
    })
    .transpose()
}

/// The next sequence of `year`. Call inside a serialised write, so no other process can take
/// the same one before [`record_number`] commits.
pub async fn next_sequence(conn: &mut impl Conn, year: i32) -> Result<i64> {
    let conn = sqlite_only(conn.db())?;

    Ok(sqlx::query_scalar(
        "SELECT coalesce(max(sequence), 0) + 1 FROM issued_letters WHERE year = ?",
    )
    .bind(year)
    .fetch_one(&mut *conn)
    .await?)
}

/// A number handed out, for the register.
pub struct NewNumber<'a> {
    pub year: i32,
    pub sequence: i64,
    pub number: &'a str,
    pub kind: NumberedLetter,
    pub request_id: i64,
    pub booking_sequence: i64,
    pub issued_at: DateTime<Utc>,
    /// The name of the profile that made the letter.
    pub issued_by: &'a str,
}

/// Appends a number to the register, inside the caller's serialised write.
pub async fn record_number(conn: &mut impl Conn, new: &NewNumber<'_>) -> Result<()> {
    let conn = sqlite_only(conn.db())?;

    sqlx::query(
        "INSERT INTO issued_letters (year, sequence, number, kind, request_id, booking_sequence,
                                     issued_at, issued_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(new.year)
    .bind(new.sequence)
    .bind(new.number)
    .bind(new.kind.as_str())
    .bind(new.request_id)
    .bind(new.booking_sequence)
    .bind(to_rfc3339(new.issued_at))
    .bind(new.issued_by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether a number was ever handed out, whatever pattern produced it.
pub async fn number_taken(conn: &mut impl Conn, number: &str) -> Result<bool> {
    let conn = sqlite_only(conn.db())?;

    Ok(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM issued_letters WHERE number = ?")
            .bind(number)
            .fetch_one(&mut *conn)
            .await?
            > 0,
    )
}

/// A booking as invites, calendars and letters print it. The latest booking of a request may
/// be cancelled: a cancellation's invite needs its UID and the SEQUENCE the cancellation raised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportBooking {
    pub id: i64,
    pub channel: Channel,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
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

#[derive(FromRow)]
struct BookingRow {
    id: i64,
    channel: String,
    starts_at: String,
    ends_at: String,
    room_code: Option<String>,
    room_name: Option<String>,
    meeting_url: Option<String>,
    unit_code: String,
    unit_name: String,
    ical_uid: String,
    sequence: i64,
    active: bool,
    request_id: i64,
}

impl BookingRow {
    fn read(self) -> Result<ExportBooking> {
        Ok(ExportBooking {
            id: self.id,
            channel: stored::member("saluran", &self.channel, Channel::from_stored)?,
            starts_at: stored::instant("mulai jadwal", &self.starts_at)?,
            ends_at: stored::instant("akhir jadwal", &self.ends_at)?,
            room_code: self.room_code,
            room_name: self.room_name,
            meeting_url: self.meeting_url,
            unit_code: self.unit_code,
            unit_name: self.unit_name,
            ical_uid: self.ical_uid,
            sequence: self.sequence,
            active: self.active,
            request_id: self.request_id,
        })
    }
}

/// The latest booking of a request, active or cancelled.
pub async fn latest_booking(store: &Store, request_id: i64) -> Result<Option<ExportBooking>> {
    sqlx::query_as::<_, BookingRow>(
        "SELECT id, channel, starts_at, ends_at, room_code, room_name, meeting_url, unit_code,
                unit_name, ical_uid, sequence, active, request_id
         FROM booking_details WHERE request_id = ? ORDER BY active DESC, id DESC LIMIT 1",
    )
    .bind(request_id)
    .fetch_optional(store.sqlite_pool()?)
    .await?
    .map(BookingRow::read)
    .transpose()
}

/// Active bookings starting in `[from, before)`, earliest first.
pub async fn bookings_between(
    store: &Store,
    from: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Result<Vec<ExportBooking>> {
    sqlx::query_as::<_, BookingRow>(
        "SELECT id, channel, starts_at, ends_at, room_code, room_name, meeting_url, unit_code,
                unit_name, ical_uid, sequence, active, request_id
         FROM booking_details WHERE active = 1 AND starts_at >= ? AND starts_at < ?
         ORDER BY starts_at, id",
    )
    .bind(to_rfc3339(from))
    .bind(to_rfc3339(before))
    .fetch_all(store.sqlite_pool()?)
    .await?
    .into_iter()
    .map(BookingRow::read)
    .collect()
}

/// A DJPK resource person named on a booking.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct BookedPerson {
    pub name: String,
    /// Absent when the desk knows no address.
    pub email: Option<String>,
}

/// Resource persons named on a booking, by name.
pub async fn booking_resource_persons(store: &Store, booking_id: i64) -> Result<Vec<BookedPerson>> {
    Ok(sqlx::query_as(
        "SELECT p.name, p.email FROM booking_resource_persons bp
         JOIN resource_persons p ON p.id = bp.resource_person_id
         WHERE bp.booking_id = ? ORDER BY p.name",
    )
    .bind(booking_id)
    .fetch_all(store.sqlite_pool()?)
    .await?)
}
