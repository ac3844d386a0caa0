//! Export settings (one row), the register of outgoing letter numbers, and the bookings as
//! invites, calendars and letters print them.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use crate::Store;
use crate::backend::{Conn, Instant};
use crate::error::Result;
use crate::on;
use crate::stored;
use konsultasi_core::domain::Channel;
use konsultasi_core::letter_number::NumberedLetter;

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
    pub updated_at: Instant,
}

/// What letters and invites print, and how letters are numbered.
pub async fn settings(store: &Store) -> Result<ExportSettingsRow> {
    settings_in(&mut store.read_session().await?).await
}

/// [`settings`] on the caller's connection (inside a write, the row it replaces).
pub async fn settings_in(conn: &mut impl Conn) -> Result<ExportSettingsRow> {
    Ok(on!(conn.db(), c => sqlx::query_as(
        "SELECT letterhead, place, signatory_position, signatory_name, signatory_nip, copies,
                organizer_name, organizer_email, number_pattern, reminder_minutes, updated_at
         FROM export_settings WHERE id = 1",
    )
    .fetch_one(c)
    .await?))
}

/// Replaces the settings, inside the caller's write.
pub async fn save_settings(conn: &mut impl Conn, row: &ExportSettingsRow) -> Result<()> {
    on!(conn.db(), c => sqlx::query(
        "UPDATE export_settings SET letterhead = $1, place = $2, signatory_position = $3,
                signatory_name = $4, signatory_nip = $5, copies = $6, organizer_name = $7,
                organizer_email = $8, number_pattern = $9, reminder_minutes = $10,
                updated_at = $11
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
    .bind(row.updated_at)
    .execute(c)
    .await?
    .rows_affected());
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
    let row: Option<(String, Instant)> = on!(conn.db(), c => sqlx::query_as(
        "SELECT number, issued_at FROM issued_letters
         WHERE request_id = $1 AND kind = $2 AND booking_sequence = $3",
    )
    .bind(request_id)
    .bind(kind.as_str())
    .bind(booking_sequence)
    .fetch_optional(c)
    .await?);
    Ok(row.map(|(number, issued_at)| RegisteredNumber {
        number,
        issued_at: issued_at.0,
    }))
}

/// The next sequence of `year`. Call inside a serialised write, so no other process can take
/// the same one before [`record_number`] commits: on PostgreSQL the write's lock is taken
/// before this read, and READ COMMITTED then sees every number committed before it.
pub async fn next_sequence(conn: &mut impl Conn, year: i32) -> Result<i64> {
    Ok(on!(conn.db(), c => sqlx::query_scalar(
        "SELECT coalesce(max(sequence), 0) + 1 FROM issued_letters WHERE year = $1",
    )
    .bind(i64::from(year))
    .fetch_one(c)
    .await?))
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
    on!(conn.db(), c => sqlx::query(
        "INSERT INTO issued_letters (year, sequence, number, kind, request_id, booking_sequence,
                                     issued_at, issued_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(i64::from(new.year))
    .bind(new.sequence)
    .bind(new.number)
    .bind(new.kind.as_str())
    .bind(new.request_id)
    .bind(new.booking_sequence)
    .bind(Instant(new.issued_at))
    .bind(new.issued_by)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Whether a number was ever handed out, whatever pattern produced it.
pub async fn number_taken(conn: &mut impl Conn, number: &str) -> Result<bool> {
    let count: i64 = on!(conn.db(), c =>
        sqlx::query_scalar("SELECT count(*) FROM issued_letters WHERE number = $1")
            .bind(number)
            .fetch_one(c)
            .await?
    );
    Ok(count > 0)
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
    starts_at: Instant,
    ends_at: Instant,
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
            starts_at: self.starts_at.0,
            ends_at: self.ends_at.0,
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
    let row: Option<BookingRow> = on!(store.pools(), p => sqlx::query_as(
        "SELECT id, channel, starts_at, ends_at, room_code, room_name, meeting_url, unit_code,
                unit_name, ical_uid, sequence, active, request_id
         FROM booking_details WHERE request_id = $1 ORDER BY active DESC, id DESC LIMIT 1",
    )
    .bind(request_id)
    .fetch_optional(p)
    .await?);
    row.map(BookingRow::read).transpose()
}

/// Active bookings starting in `[from, before)`, earliest first.
pub async fn bookings_between(
    store: &Store,
    from: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Result<Vec<ExportBooking>> {
    let rows: Vec<BookingRow> = on!(store.pools(), p => sqlx::query_as(
        "SELECT id, channel, starts_at, ends_at, room_code, room_name, meeting_url, unit_code,
                unit_name, ical_uid, sequence, active, request_id
         FROM booking_details WHERE active AND starts_at >= $1 AND starts_at < $2
         ORDER BY starts_at, id",
    )
    .bind(Instant(from))
    .bind(Instant(before))
    .fetch_all(p)
    .await?);
    rows.into_iter().map(BookingRow::read).collect()
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
    Ok(on!(store.pools(), p => sqlx::query_as(
        "SELECT p.name, p.email FROM booking_resource_persons bp
         JOIN resource_persons p ON p.id = bp.resource_person_id
         WHERE bp.booking_id = $1 ORDER BY p.name",
    )
    .bind(booking_id)
    .fetch_all(p)
    .await?))
}
