//! Rows of a request: the request itself, its topics, preferred slots, guests and letter, read
//! back as the domain's [`RequestRecord`] (with the booking, confirmation or check-in its state
//! holds) and [`RequestListing`].
//!
//! Writes take a transaction from the caller, so a request and all its parts land together
//! or not at all.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, QueryBuilder};

use crate::Store;
use crate::backend::{Conn, Instant, PoolRef};
use crate::error::{Error, Result};
use crate::on;
use konsultasi_core::domain::record::{
    ActiveBooking, CheckInRef, Confirmation, ContactRecord, GuestRecord, LetterRecord,
    ListedBooking, RequestListing, RequestRecord, RequestState, RequesterRecord, ScanRecord,
};
use konsultasi_core::domain::region::RegionCode;
use konsultasi_core::domain::request::{LetterScan, NewRequest, Requester};
use konsultasi_core::domain::{
    Channel, ConfirmationChannel, RequestQuery, RequestStatus, RequesterKind,
};
use konsultasi_core::time::{OFFICE_TZ, parse_rfc3339};

#[derive(Debug, Clone, FromRow)]
struct RequestRow {
    id: i64,
    status: String,
    status_reason: Option<String>,
    channel: String,
    requester_kind: String,
    region_code: Option<String>,
    requester_name: Option<String>,
    contact_name: String,
    contact_whatsapp: String,
    contact_email: Option<String>,
    description: String,
    planned_guest_count: i64,
    regional_head_attends: bool,
    created_at: Instant,
    updated_at: Instant,
    received_on: Option<NaiveDate>,
    version: i64,
}

#[derive(Debug, Clone, FromRow)]
struct GuestRow {
    name: String,
    job_title: String,
    institution: String,
    contact: Option<String>,
    is_regional_head: bool,
}

#[derive(Debug, Clone, FromRow)]
struct LetterRow {
    number: String,
    letter_date: NaiveDate,
    subject: String,
    addressee: String,
    signer: String,
    scan_file_name: Option<String>,
    scan_mime_type: Option<String>,
    scan_size_bytes: Option<i64>,
    scan_sha256: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
struct BookingRow {
    id: i64,
    channel: String,
    starts_at: Instant,
    ends_at: Instant,
    room_code: Option<String>,
    meeting_url: Option<String>,
    unit_code: String,
    ical_uid: String,
    sequence: i64,
}

#[derive(Debug, Clone, FromRow)]
struct ConfirmationRow {
    confirmed_at: Instant,
    confirmed_by: String,
    via: String,
    sequence: i64,
}

#[derive(Debug, Clone, FromRow)]
struct CheckInRow {
    id: i64,
    arrived_at: Instant,
    walk_in: bool,
}

#[derive(Debug, Clone, FromRow)]
struct ListRow {
    id: i64,
    status: String,
    channel: String,
    requester_kind: String,
    region_code: Option<String>,
    requester_name: Option<String>,
    contact_name: String,
    planned_guest_count: i64,
    created_at: Instant,
    received_on: Option<NaiveDate>,
    first_slot: Option<Instant>,
    /// Topic codes separated by U+001F, in the configured topic order.
    topic_codes: Option<String>,
    letter_number: Option<String>,
    /// The active booking's start and room, if the request is booked.
    booked_start: Option<Instant>,
    booked_room_code: Option<String>,
    booked_room_name: Option<String>,
}

const TOPIC_SEPARATOR: char = '\u{1f}';

/// Stored text that does not read as what its column holds: the file was edited by hand or
/// damaged, never something a caller could fix.
pub(crate) fn corrupt(what: &str, value: &str) -> Error {
    Error::Internal(format!("data tersimpan rusak: {what} \"{value}\""))
}

pub(crate) fn read_stored<T>(
    what: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T> {
    parse(value).ok_or_else(|| corrupt(what, value))
}

fn guest_count(stored: i64) -> u32 {
    u32::try_from(stored).unwrap_or(0)
}

fn read_requester(
    kind: &str,
    region_code: Option<&str>,
    name: Option<&str>,
) -> Result<RequesterRecord> {
    let kind = read_stored("jenis pengguna", kind, RequesterKind::from_stored)?;
    Ok(match region_code {
        Some(code) => RequesterRecord::Regional {
            kind,
            region: RegionCode::parse(code).map_err(|_| corrupt("kode wilayah", code))?,
        },
        None => RequesterRecord::Named {
            kind,
            name: name.unwrap_or_default().to_owned(),
        },
    })
}

/// The day received: the column when set (PostgreSQL always sets it), else the UTC day the row
/// was entered, as SQLite's migration filled the column for rows from before it existed.
fn received_on_or_entered(received_on: Option<NaiveDate>, created_at: Instant) -> NaiveDate {
    received_on.unwrap_or_else(|| created_at.0.date_naive())
}

fn requester_columns(requester: &Requester) -> (Option<&str>, Option<&str>) {
    match requester {
        Requester::Regional { region, .. } => (Some(region.as_str()), None),
        Requester::Named { name, .. } => (None, Some(name.as_str())),
    }
}

pub async fn insert(
    conn: &mut impl Conn,
    request: &NewRequest,
    status: RequestStatus,
    now: DateTime<Utc>,
) -> Result<i64> {
    let received_on = request
        .received_on
        .unwrap_or_else(|| now.with_timezone(&OFFICE_TZ).date_naive());
    let (region_code, requester_name) = requester_columns(&request.requester);
    let id: i64 = on!(conn.db(), c => sqlx::query_scalar(
        "INSERT INTO requests (status, channel, requester_kind, region_code, requester_name,
             contact_name, contact_whatsapp, contact_email, description, planned_guest_count,
             regional_head_attends, created_at, updated_at, received_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)
         RETURNING id",
    )
    .bind(status.as_str())
    .bind(request.channel.as_str())
    .bind(request.requester.kind().as_str())
    .bind(region_code)
    .bind(requester_name)
    .bind(request.contact.name.as_str())
    .bind(request.contact.whatsapp.as_str())
    .bind(request.contact.email.as_ref().map(|e| e.as_str()))
    .bind(request.description.as_str())
    .bind(i64::from(request.planned_guest_count.get()))
    .bind(request.regional_head_attends)
    .bind(Instant(now))
    .bind(received_on)
    .fetch_one(c)
    .await?);
    insert_parts(conn, id, request, now, None).await?;
    Ok(id)
}

/// Replaces a request's data if it is still at `expected_version`, raising the version; `false`
/// when it is not (or does not exist), so a change made meanwhile by someone else is never
/// overwritten.
pub async fn update(
    conn: &mut impl Conn,
    id: i64,
    expected_version: i64,
    request: &NewRequest,
    now: DateTime<Utc>,
) -> Result<bool> {
    let (region_code, requester_name) = requester_columns(&request.requester);
    let updated = on!(conn.db(), c => sqlx::query(
        "UPDATE requests SET channel = $1, requester_kind = $2, region_code = $3,
             requester_name = $4, contact_name = $5, contact_whatsapp = $6, contact_email = $7,
             description = $8, planned_guest_count = $9, regional_head_attends = $10,
             updated_at = $11, received_on = coalesce($12, received_on), version = version + 1
         WHERE id = $13 AND version = $14",
    )
    .bind(request.channel.as_str())
    .bind(request.requester.kind().as_str())
    .bind(region_code)
    .bind(requester_name)
    .bind(request.contact.name.as_str())
    .bind(request.contact.whatsapp.as_str())
    .bind(request.contact.email.as_ref().map(|e| e.as_str()))
    .bind(request.description.as_str())
    .bind(i64::from(request.planned_guest_count.get()))
    .bind(request.regional_head_attends)
    .bind(Instant(now))
    .bind(request.received_on)
    .bind(id)
    .bind(expected_version)
    .execute(c)
    .await?
    .rows_affected());
    if updated == 0 {
        return Ok(false);
    }

    // The letter's scan survives an edit that does not upload a new one.
    let kept_scan: Option<i64> = on!(conn.db(), c =>
        sqlx::query_scalar("SELECT scan_file_id FROM request_letters WHERE request_id = $1")
            .bind(id)
            .fetch_optional(c)
            .await?
    )
    .flatten();
    for statement in [
        "DELETE FROM request_topics WHERE request_id = $1",
        "DELETE FROM preferred_slots WHERE request_id = $1",
        "DELETE FROM guests WHERE request_id = $1",
        "DELETE FROM request_letters WHERE request_id = $1",
    ] {
        on!(conn.db(), c => { sqlx::query(statement).bind(id).execute(c).await?; });
    }
    let replaced_scan = insert_parts(conn, id, request, now, kept_scan).await?;
    if let Some(old) = kept_scan.filter(|old| Some(*old) != replaced_scan) {
        on!(conn.db(), c => {
            sqlx::query("DELETE FROM stored_files WHERE id = $1")
                .bind(old)
                .execute(c)
                .await?;
        });
    }
    Ok(true)
}

/// Writes topics, slots, guests and letter; returns the letter's scan file id, if any.
async fn insert_parts(
    conn: &mut impl Conn,
    id: i64,
    request: &NewRequest,
    now: DateTime<Utc>,
    kept_scan: Option<i64>,
) -> Result<Option<i64>> {
    for topic in &request.topics {
        on!(conn.db(), c => {
            sqlx::query("INSERT INTO request_topics (request_id, topic_code) VALUES ($1, $2)")
                .bind(id)
                .bind(topic)
                .execute(c)
                .await?;
        });
    }
    for (ordinal, start) in request.preferred_slots.iter().enumerate() {
        on!(conn.db(), c => {
            sqlx::query(
                "INSERT INTO preferred_slots (request_id, ordinal, starts_at) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(ordinal as i64)
            .bind(Instant(*start))
            .execute(c)
            .await?;
        });
    }
    for (ordinal, guest) in request.guests.iter().enumerate() {
        on!(conn.db(), c => {
            sqlx::query(
                "INSERT INTO guests (request_id, ordinal, name, job_title, institution, contact,
                     is_regional_head)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(ordinal as i64)
            .bind(guest.name.as_str())
            .bind(guest.position.as_str())
            .bind(guest.institution.as_str())
            .bind(guest.contact.as_ref().map(|c| c.as_str()))
            .bind(guest.is_regional_head)
            .execute(c)
            .await?;
        });
    }
    let Some(letter) = &request.letter else {
        return Ok(None);
    };
    let scan_id = match &letter.scan {
        Some(scan) => Some(insert_file(conn, scan, now).await?),
        None => kept_scan,
    };
    on!(conn.db(), c => {
        sqlx::query(
            "INSERT INTO request_letters (request_id, number, letter_date, subject, addressee,
                 signer, scan_file_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(letter.number.as_str())
        .bind(letter.date)
        .bind(letter.subject.as_str())
        .bind(letter.addressee.as_str())
        .bind(letter.signer.as_str())
        .bind(scan_id)
        .execute(c)
        .await?;
    });
    Ok(scan_id)
}

async fn insert_file(conn: &mut impl Conn, scan: &LetterScan, now: DateTime<Utc>) -> Result<i64> {
    Ok(on!(conn.db(), c => sqlx::query_scalar(
        "INSERT INTO stored_files (file_name, mime_type, size_bytes, sha256, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(scan.file_name.as_str())
    .bind(scan.kind.mime_type())
    .bind(scan.content.len() as i64)
    .bind(&scan.sha256)
    .bind(&scan.content)
    .bind(Instant(now))
    .fetch_one(c)
    .await?))
}

/// Request `id` with all its parts, read in one snapshot of the database (so its status and
/// its booking agree even while another desk writes); `NotFound` when there is none.
pub async fn record(store: &Store, id: i64) -> Result<RequestRecord> {
    let mut snapshot = store.snapshot().await?;
    let record = record_in(&mut snapshot, id).await?;
    snapshot.finish().await?;
    Ok(record)
}

/// [`record`] on the caller's connection: inside a write it reads exactly what the write is
/// about to replace.
pub async fn record_in(conn: &mut impl Conn, id: i64) -> Result<RequestRecord> {
    let row: RequestRow = on!(conn.db(), c => sqlx::query_as(
        "SELECT id, status, status_reason, channel, requester_kind, region_code, requester_name,
                contact_name, contact_whatsapp, contact_email, description, planned_guest_count,
                regional_head_attends, created_at, updated_at, received_on, version
         FROM requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await?)
    .ok_or_else(|| Error::not_found("Permohonan", id))?;
    let topics: Vec<String> = on!(conn.db(), c => sqlx::query_scalar(
        "SELECT rt.topic_code FROM request_topics rt JOIN topics t ON t.code = rt.topic_code
         WHERE rt.request_id = $1 ORDER BY t.ordinal, t.code",
    )
    .bind(id)
    .fetch_all(c)
    .await?);
    let preferred_slots: Vec<Instant> = on!(conn.db(), c => sqlx::query_scalar(
        "SELECT starts_at FROM preferred_slots WHERE request_id = $1 ORDER BY ordinal",
    )
    .bind(id)
    .fetch_all(c)
    .await?);
    let guests: Vec<GuestRow> = on!(conn.db(), c => sqlx::query_as(
        "SELECT name, job_title, institution, contact, is_regional_head FROM guests
         WHERE request_id = $1 ORDER BY ordinal",
    )
    .bind(id)
    .fetch_all(c)
    .await?);
    let letter: Option<LetterRow> = on!(conn.db(), c => sqlx::query_as(
        "SELECT l.number, l.letter_date, l.subject, l.addressee, l.signer,
                f.file_name AS scan_file_name, f.mime_type AS scan_mime_type,
                f.size_bytes AS scan_size_bytes, f.sha256 AS scan_sha256
         FROM request_letters l LEFT JOIN stored_files f ON f.id = l.scan_file_id
         WHERE l.request_id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await?);
    let status = read_stored("status", &row.status, RequestStatus::from_stored)?;
    let booking = active_booking(conn, id).await?;
    let state = read_state(conn, id, status, row.status_reason, booking).await?;
    Ok(RequestRecord {
        id: row.id,
        version: row.version,
        state,
        channel: read_stored("saluran", &row.channel, Channel::from_stored)?,
        requester: read_requester(
            &row.requester_kind,
            row.region_code.as_deref(),
            row.requester_name.as_deref(),
        )?,
        contact: ContactRecord {
            name: row.contact_name,
            whatsapp: row.contact_whatsapp,
            email: row.contact_email,
        },
        topics,
        description: row.description,
        preferred_slots: preferred_slots.into_iter().map(|slot| slot.0).collect(),
        planned_guest_count: guest_count(row.planned_guest_count),
        regional_head_attends: row.regional_head_attends,
        guests: guests
            .into_iter()
            .map(|g| GuestRecord {
                name: g.name,
                position: g.job_title,
                institution: g.institution,
                contact: g.contact,
                is_regional_head: g.is_regional_head,
            })
            .collect(),
        letter: letter.map(read_letter),
        received_on: Some(received_on_or_entered(row.received_on, row.created_at)),
        created_at: row.created_at.to_text(),
        updated_at: row.updated_at.to_text(),
    })
}

fn read_letter(l: LetterRow) -> LetterRecord {
    let scan = match (
        l.scan_file_name,
        l.scan_mime_type,
        l.scan_size_bytes,
        l.scan_sha256,
    ) {
        (Some(file_name), Some(mime_type), Some(size_bytes), Some(sha256)) => Some(ScanRecord {
            file_name,
            mime_type,
            size_bytes,
            sha256,
        }),
        _ => None,
    };
    LetterRecord {
        date: l.letter_date,
        number: l.number,
        subject: l.subject,
        addressee: l.addressee,
        signer: l.signer,
        scan,
    }
}

/// The request's active booking (at most one, by `one_active_booking_per_request`).
async fn active_booking(conn: &mut impl Conn, request_id: i64) -> Result<Option<ActiveBooking>> {
    let row: Option<BookingRow> = on!(conn.db(), c => sqlx::query_as(
        "SELECT id, channel, starts_at, ends_at, room_code, meeting_url, unit_code, ical_uid,
                sequence
         FROM bookings WHERE request_id = $1 AND active",
    )
    .bind(request_id)
    .fetch_optional(c)
    .await?);
    let Some(row) = row else {
        return Ok(None);
    };
    let resource_person_ids: Vec<i64> = on!(conn.db(), c => sqlx::query_scalar(
        "SELECT resource_person_id FROM booking_resource_persons WHERE booking_id = $1
         ORDER BY resource_person_id",
    )
    .bind(row.id)
    .fetch_all(c)
    .await?);
    Ok(Some(ActiveBooking {
        id: row.id,
        channel: read_stored("saluran", &row.channel, Channel::from_stored)?,
        starts_at: row.starts_at.0,
        ends_at: row.ends_at.0,
        room_code: row.room_code,
        meeting_url: row.meeting_url,
        unit_code: row.unit_code,
        ical_uid: row.ical_uid,
        sequence: row.sequence,
        resource_person_ids,
    }))
}
/// The state with what it holds. A status the rows do not back (a scheduled request without
/// an active booking, a booking left on a cancelled one) is damage: the workflow writes a
/// status and what it holds in one transaction.
async fn read_state(
    conn: &mut impl Conn,
    id: i64,
    status: RequestStatus,
    reason: Option<String>,
    booking: Option<ActiveBooking>,
) -> Result<RequestState> {
    let damaged = |what: &str| {
        Error::Internal(format!(
            "data tersimpan rusak: permohonan #{id} berstatus {status} {what}"
        ))
    };
    let unbooked = |booking: Option<ActiveBooking>| match booking {
        Some(_) => Err(damaged("dengan jadwal aktif")),
        None => Ok(()),
    };
    Ok(match status {
        RequestStatus::Draft => unbooked(booking).map(|()| RequestState::Draft)?,
        RequestStatus::Submitted => unbooked(booking).map(|()| RequestState::Submitted)?,
        RequestStatus::Verified => unbooked(booking).map(|()| RequestState::Verified)?,
        RequestStatus::Rejected => unbooked(booking).map(|()| RequestState::Rejected { reason })?,
        RequestStatus::Cancelled => {
            unbooked(booking).map(|()| RequestState::Cancelled { reason })?
        }
        RequestStatus::Scheduled => RequestState::Scheduled {
            booking: booking.ok_or_else(|| damaged("tanpa jadwal aktif"))?,
        },
        RequestStatus::Confirmed => {
            let booking = booking.ok_or_else(|| damaged("tanpa jadwal aktif"))?;
            let confirmation = confirmation_of(conn, id, booking.id)
                .await?
                .ok_or_else(|| damaged("tanpa catatan konfirmasi"))?;
            RequestState::Confirmed {
                booking,
                confirmation,
            }
        }
        RequestStatus::CheckedIn => RequestState::CheckedIn {
            check_in: standing_check_in(conn, id)
                .await?
                .ok_or_else(|| damaged("tanpa catatan kedatangan"))?,
            booking,
        },
        RequestStatus::Completed => RequestState::Completed {
            check_in: standing_check_in(conn, id)
                .await?
                .ok_or_else(|| damaged("tanpa catatan kedatangan"))?,
            booking,
        },
        RequestStatus::NoShow => RequestState::NoShow { booking },
    })
}

/// The latest confirmation of the booking the request holds.
async fn confirmation_of(
    conn: &mut impl Conn,
    request_id: i64,
    booking_id: i64,
) -> Result<Option<Confirmation>> {
    let row: Option<ConfirmationRow> = on!(conn.db(), c => sqlx::query_as(
        "SELECT confirmed_at, confirmed_by, via, sequence FROM confirmations
         WHERE request_id = $1 AND booking_id = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(request_id)
    .bind(booking_id)
    .fetch_optional(c)
    .await?);
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(Confirmation {
        confirmed_at: row.confirmed_at.0,
        confirmed_by: row.confirmed_by,
        via: read_stored(
            "saluran konfirmasi",
            &row.via,
            ConfirmationChannel::from_stored,
        )?,
        sequence: row.sequence,
    }))
}

/// The newest check-in of the request that was not voided.
async fn standing_check_in(conn: &mut impl Conn, request_id: i64) -> Result<Option<CheckInRef>> {
    let row: Option<CheckInRow> = on!(conn.db(), c => sqlx::query_as(
        "SELECT c.id, c.arrived_at, c.booking_id IS NULL AS walk_in
         FROM check_ins c LEFT JOIN check_in_voids x ON x.check_in_id = c.id
         WHERE c.request_id = $1 AND x.id IS NULL ORDER BY c.id DESC LIMIT 1",
    )
    .bind(request_id)
    .fetch_optional(c)
    .await?);
    Ok(row.map(|row| CheckInRef {
        id: row.id,
        arrived_at: row.arrived_at.0,
        walk_in: row.walk_in,
    }))
}

/// The stored scan of a request's letter: file name, MIME type and bytes.
pub async fn letter_scan(pool: PoolRef<'_>, id: i64) -> Result<Option<(String, String, Vec<u8>)>> {
    Ok(on!(pool, p => sqlx::query_as(
        "SELECT f.file_name, f.mime_type, f.content FROM request_letters l
         JOIN stored_files f ON f.id = l.scan_file_id WHERE l.request_id = $1",
    )
    .bind(id)
    .fetch_optional(p)
    .await?))
}

/// Who last changed request `id` and when, from the audit log.
pub async fn last_change(conn: &mut impl Conn, id: i64) -> Result<Option<(String, DateTime<Utc>)>> {
    let row: Option<(String, Instant)> = on!(conn.db(), c => sqlx::query_as(
        "SELECT actor_name, at FROM audit_log WHERE request_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(c)
    .await?);
    Ok(row.map(|(who, at)| (who, at.0)))
}

/// Escapes `%`, `_` and the escape character itself for a `LIKE … ESCAPE '\'` pattern.
pub(crate) fn like_pattern(word: &str) -> String {
    let mut pattern = String::with_capacity(word.len() + 2);
    pattern.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A bound of [`RequestQuery`]'s start range, which the contract writes as RFC 3339.
fn start_bound(name: &str, text: &str) -> Result<Instant> {
    parse_rfc3339(text)
        .map(Instant)
        .ok_or_else(|| Error::Internal(format!("batas waktu {name} bukan RFC 3339: \"{text}\"")))
}

/// The columns of a listing, for [`list`] and [`queue`] to add their conditions to.
fn listing_select(d: crate::backend::Dialect) -> &'static str {
    d.pick(

            "SELECT r.id, r.status, r.channel, r.requester_kind, r.region_code, r.requester_name,
                    r.contact_name, r.planned_guest_count, r.created_at,
                    r.received_on,
                    (SELECT min(s.starts_at) FROM preferred_slots s WHERE s.request_id = r.id) AS first_slot,
                    (SELECT group_concat(rt.topic_code, char(31) ORDER BY t.ordinal)
                       FROM request_topics rt JOIN topics t ON t.code = rt.topic_code
                      WHERE rt.request_id = r.id) AS topic_codes,
                    l.number AS letter_number,
                    b.starts_at AS booked_start, b.room_code AS booked_room_code,
                    rm.name AS booked_room_name
             FROM requests r
             LEFT JOIN regions g ON g.code = r.region_code
             LEFT JOIN request_letters l ON l.request_id = r.id
             LEFT JOIN bookings b ON b.request_id = r.id AND b.active
             LEFT JOIN rooms rm ON rm.code = b.room_code
             WHERE 1 = 1",
            "SELECT r.id, r.status, r.channel, r.requester_kind, r.region_code, r.requester_name,
                    r.contact_name, r.planned_guest_count, r.created_at,
                    r.received_on,
                    (SELECT min(s.starts_at) FROM preferred_slots s WHERE s.request_id = r.id) AS first_slot,
                    (SELECT string_agg(rt.topic_code, chr(31) ORDER BY t.ordinal)
                       FROM request_topics rt JOIN topics t ON t.code = rt.topic_code
                      WHERE rt.request_id = r.id) AS topic_codes,
                    l.number AS letter_number,
                    b.starts_at AS booked_start, b.room_code AS booked_room_code,
                    rm.name AS booked_room_name
             FROM requests r
             LEFT JOIN regions g ON g.code = r.region_code
             LEFT JOIN request_letters l ON l.request_id = r.id
             LEFT JOIN bookings b ON b.request_id = r.id AND b.active
             LEFT JOIN rooms rm ON rm.code = b.room_code
             WHERE 1 = 1"
    )
}

/// Requests matching `filter`, newest first, each with its active booking (at most one per
/// request, by the `one_active_booking_per_request` index), joined in the same query. Words
/// match in any case, as SQLite's `LIKE` always did.
pub async fn list(store: &Store, filter: &RequestQuery) -> Result<Vec<RequestListing>> {
    let mut bounds = Vec::new();
    for (name, bound, operator) in [
        ("awal", &filter.starts_from, ">="),
        ("akhir", &filter.starts_before, "<"),
    ] {
        if let Some(text) = bound {
            bounds.push((start_bound(name, text)?, operator));
        }
    }
    let rows: Vec<ListRow> = on!(store.pools(), p, d => {
        let mut query = QueryBuilder::new(listing_select(d));
        if let Some(status) = filter.status {
            query.push(" AND r.status = ").push_bind(status.as_str());
        }
        if let Some(channel) = filter.channel {
            query.push(" AND r.channel = ").push_bind(channel.as_str());
        }
        if let Some(region) = &filter.region_code {
            query
                .push(" AND r.region_code = ")
                .push_bind(region.clone());
        }
        if let Some(unit) = &filter.unit_code {
            query
                .push(
                    " AND coalesce(
                        b.unit_code,
                        (SELECT t.unit_code FROM request_topics rt JOIN topics t ON t.code = rt.topic_code
                          WHERE rt.request_id = r.id ORDER BY t.ordinal LIMIT 1)) = ",
                )
                .push_bind(unit.clone());
        }
        for &(instant, operator) in &bounds {
            query
                .push(
                    " AND coalesce(
                        b.starts_at,
                        (SELECT min(s.starts_at) FROM preferred_slots s WHERE s.request_id = r.id)) ",
                )
                .push(operator)
                .push(" ")
                .push_bind(instant);
        }
        for word in &filter.words {
            let pattern = like_pattern(word);
            query.push(" AND (");
            let mut first = true;
            for column in [
                "g.name",
                "r.requester_name",
                "r.contact_name",
                "r.description",
                "l.number",
                "CAST(r.id AS TEXT)",
            ] {
                if !first {
                    query.push(" OR ");
                }
                first = false;
                query
                    .push("lower(")
                    .push(column)
                    .push(") LIKE lower(")
                    .push_bind(pattern.clone())
                    .push(") ESCAPE '\\'");
            }
            query
                .push(
                    " OR EXISTS (SELECT 1 FROM guests gu WHERE gu.request_id = r.id
                        AND lower(gu.name) LIKE lower(",
                )
                .push_bind(pattern)
                .push(") ESCAPE '\\'))");
        }
        query.push(" ORDER BY r.created_at DESC, r.id DESC");
        query.build_query_as().fetch_all(p).await?
    });
    rows.into_iter().map(read_listing).collect()
}

/// A dashboard queue: the first `limit` requests in `status` (soonest booking first, then the
/// newest entry) and how many there are in all.
pub async fn queue(
    store: &Store,
    status: RequestStatus,
    limit: u32,
) -> Result<(Vec<RequestListing>, u64)> {
    let (rows, total): (Vec<ListRow>, i64) = on!(store.pools(), p, d => {
        let mut query = QueryBuilder::new(listing_select(d));
        query
            .push(" AND r.status = ")
            .push_bind(status.as_str())
            .push(" ORDER BY b.starts_at IS NULL, b.starts_at, r.created_at DESC, r.id DESC LIMIT ")
            .push_bind(i64::from(limit));
        let rows = query.build_query_as().fetch_all(p).await?;
        let total = sqlx::query_scalar("SELECT count(*) FROM requests WHERE status = $1")
            .bind(status.as_str())
            .fetch_one(p)
            .await?;
        (rows, total)
    });
    let listings = rows
        .into_iter()
        .map(read_listing)
        .collect::<Result<Vec<_>>>()?;
    Ok((listings, u64::try_from(total).unwrap_or(0)))
}

fn read_listing(row: ListRow) -> Result<RequestListing> {
    Ok(RequestListing {
        id: row.id,
        status: read_stored("status", &row.status, RequestStatus::from_stored)?,
        channel: read_stored("saluran", &row.channel, Channel::from_stored)?,
        requester: read_requester(
            &row.requester_kind,
            row.region_code.as_deref(),
            row.requester_name.as_deref(),
        )?,
        contact_name: row.contact_name,
        topics: row
            .topic_codes
            .as_deref()
            .unwrap_or("")
            .split(TOPIC_SEPARATOR)
            .filter(|code| !code.is_empty())
            .map(str::to_owned)
            .collect(),
        first_slot: row.first_slot.map(|slot| slot.0),
        booking: row.booked_start.map(|start| ListedBooking {
            starts_at: start.0,
            room_code: row.booked_room_code.clone(),
            room_name: row.booked_room_name.clone(),
        }),
        planned_guest_count: guest_count(row.planned_guest_count),
        letter_number: row.letter_number,
        received_on: Some(received_on_or_entered(row.received_on, row.created_at)),
        created_at: row.created_at.to_text(),
    })
}

/// What the rules need of a stored request, in one query.
#[derive(Debug, Clone, FromRow)]
pub struct FactsRow {
    pub id: i64,
    pub status: String,
    pub channel: String,
    pub requester_kind: String,
    pub region_code: Option<String>,
    pub requester_name: Option<String>,
    pub planned_guest_count: i64,
    pub regional_head_attends: bool,
    #[sqlx(rename = "received_on")]
    stored_received_on: Option<NaiveDate>,
    created_at: Instant,
    /// Comma-separated topic codes in the configured order.
    pub topics: Option<String>,
    /// Comma-separated RFC 3339 starts.
    pub slots: Option<String>,
    pub head_listed: bool,
    pub letter_number: Option<String>,
    pub letter_date: Option<NaiveDate>,
    pub letter_addressee: Option<String>,
}

impl FactsRow {
    /// The day the request was received, from which its lead times count.
    pub fn received_on(&self) -> NaiveDate {
        received_on_or_entered(self.stored_received_on, self.created_at)
    }
}

pub async fn facts(conn: &mut impl Conn, id: i64) -> Result<Option<FactsRow>> {
    Ok(on!(conn.db(), c, d => sqlx::query_as(d.pick(
        "SELECT r.id, r.status, r.channel, r.requester_kind, r.region_code, r.requester_name,
                r.planned_guest_count, r.regional_head_attends, r.received_on, r.created_at,
                (SELECT group_concat(rt.topic_code, ',' ORDER BY t.ordinal)
                   FROM request_topics rt JOIN topics t ON t.code = rt.topic_code
                  WHERE rt.request_id = r.id) AS topics,
                (SELECT group_concat(s.starts_at, ',' ORDER BY s.ordinal)
                   FROM preferred_slots s WHERE s.request_id = r.id) AS slots,
                EXISTS (SELECT 1 FROM guests g WHERE g.request_id = r.id AND g.is_regional_head) AS head_listed,
                l.number AS letter_number, l.letter_date, l.addressee AS letter_addressee
         FROM requests r LEFT JOIN request_letters l ON l.request_id = r.id
         WHERE r.id = $1",
        // Starts written as SQLite stores them: RFC 3339 UTC to the second.
        "SELECT r.id, r.status, r.channel, r.requester_kind, r.region_code, r.requester_name,
                r.planned_guest_count, r.regional_head_attends, r.received_on, r.created_at,
                (SELECT string_agg(rt.topic_code, ',' ORDER BY t.ordinal)
                   FROM request_topics rt JOIN topics t ON t.code = rt.topic_code
                  WHERE rt.request_id = r.id) AS topics,
                (SELECT string_agg(to_char(s.starts_at AT TIME ZONE 'UTC',
                                           'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ',' ORDER BY s.ordinal)
                   FROM preferred_slots s WHERE s.request_id = r.id) AS slots,
                EXISTS (SELECT 1 FROM guests g WHERE g.request_id = r.id AND g.is_regional_head) AS head_listed,
                l.number AS letter_number, l.letter_date, l.addressee AS letter_addressee
         FROM requests r LEFT JOIN request_letters l ON l.request_id = r.id
         WHERE r.id = $1",
    ))
    .bind(id)
    .fetch_optional(c)
    .await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use konsultasi_core::time::to_rfc3339;

    async fn fresh() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("k.db")).await.expect("open");
        (dir, store)
    }

    async fn run(store: &Store, statement: &'static str) {
        sqlx::query(statement)
            .execute(store.pool())
            .await
            .expect(statement);
    }

    /// A video-conference request from Kabupaten Mukomuko in `status`.
    async fn request(
        store: &Store,
        id: i64,
        status: &str,
        received_on: Option<&str>,
        created_at: &str,
    ) {
        sqlx::query(
            "INSERT INTO requests (id, status, channel, requester_kind, region_code, contact_name,
                 contact_whatsapp, description, planned_guest_count, regional_head_attends,
                 created_at, updated_at, received_on)
             VALUES (?, ?, 'video_conference', 'regional_government', '17.06', 'Rina',
                 '+6281234567890', 'Konsultasi DAU', 3, 0, ?, ?, ?)",
        )
        .bind(id)
        .bind(status.to_owned())
        .bind(created_at.to_owned())
        .bind(created_at.to_owned())
        .bind(received_on.map(str::to_owned))
        .execute(store.pool())
        .await
        .expect("request");
    }

    async fn booking(store: &Store, id: i64, request_id: i64, active: bool) {
        sqlx::query(
            "INSERT INTO bookings (id, request_id, channel, starts_at, ends_at, meeting_url,
                 unit_code, ical_uid, sequence, active, created_at, updated_at)
             VALUES (?, ?, 'video_conference', '2026-12-08T02:00:00Z', '2026-12-08T03:00:00Z',
                 'https://vc.example/1', 'DTU', ?, 2, ?, 't', 't')",
        )
        .bind(id)
        .bind(request_id)
        .bind(format!("uid-{id}"))
        .bind(active)
        .execute(store.pool())
        .await
        .expect("booking");
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("day")
    }

    #[tokio::test]
    async fn a_confirmed_request_carries_its_booking_and_its_latest_confirmation() {
        let (_dir, store) = fresh().await;
        request(
            &store,
            1,
            "confirmed",
            Some("2026-11-20"),
            "2026-11-21T02:00:00Z",
        )
        .await;
        run(
            &store,
            "INSERT INTO request_topics (request_id, topic_code) VALUES (1, 'DAU')",
        )
        .await;
        run(
            &store,
            "INSERT INTO preferred_slots (request_id, ordinal, starts_at)
             VALUES (1, 0, '2026-12-08T02:00:00Z')",
        )
        .await;
        booking(&store, 7, 1, true).await;
        run(
            &store,
            "INSERT INTO confirmations (request_id, booking_id, sequence, confirmed_at,
                 confirmed_by, via, recorded_at)
             VALUES (1, 7, 1, '2026-11-30T03:00:00Z', 'Rina', 'telephone', 't'),
                    (1, 7, 2, '2026-12-01T03:00:00Z', 'Rina', 'whatsapp', 't')",
        )
        .await;
        let record = record(&store, 1).await.expect("record");
        let RequestState::Confirmed {
            booking,
            confirmation,
        } = &record.state
        else {
            panic!("confirmed: {:?}", record.state);
        };
        assert_eq!((booking.id, booking.sequence), (7, 2));
        assert_eq!(to_rfc3339(booking.starts_at), "2026-12-08T02:00:00Z");
        assert_eq!(
            (confirmation.via, confirmation.sequence),
            (ConfirmationChannel::Whatsapp, 2)
        );
        assert_eq!(record.topics, ["DAU"]);
        assert_eq!(record.preferred_slots.len(), 1);
        assert_eq!(record.received_on, Some(day("2026-11-20")));
        assert_eq!(record.booking().map(|b| b.id), Some(7));
    }

    #[tokio::test]
    async fn a_status_its_rows_do_not_back_is_refused_as_damage() {
        let (_dir, store) = fresh().await;
        let entered = "2026-11-21T02:00:00Z";
        request(&store, 1, "scheduled", None, entered).await;
        request(&store, 2, "cancelled", None, entered).await;
        booking(&store, 8, 2, true).await;
        request(&store, 3, "confirmed", None, entered).await;
        booking(&store, 9, 3, true).await;
        request(&store, 4, "checked_in", None, entered).await;
        for (id, why) in [
            (1, "tanpa jadwal aktif"),
            (2, "dengan jadwal aktif"),
            (3, "tanpa catatan konfirmasi"),
            (4, "tanpa catatan kedatangan"),
        ] {
            match record(&store, id).await {
                Err(Error::Internal(message)) => assert!(message.contains(why), "{message}"),
                other => panic!("#{id}: {other:?}"),
            }
        }
        assert!(matches!(
            record(&store, 99).await,
            Err(Error::NotFound { .. })
        ));
    }

    #[tokio::test]
    async fn a_row_without_a_received_day_falls_back_to_the_day_it_was_entered() {
        let (_dir, store) = fresh().await;
        request(&store, 1, "submitted", None, "2026-11-21T02:00:00Z").await;
        request(&store, 2, "submitted", None, "2026-11-22T01:00:00Z").await;
        booking(&store, 5, 1, false).await;
        let entered = record(&store, 1).await.expect("record");
        assert_eq!(entered.received_on, Some(day("2026-11-21")));
        assert_eq!(
            entered.state,
            RequestState::Submitted,
            "a released booking is history"
        );
        let listed = list(&store, &RequestQuery::default()).await.expect("list");
        let received: Vec<_> = listed.iter().map(|l| (l.id, l.received_on)).collect();
        assert_eq!(
            received,
            [(2, Some(day("2026-11-22"))), (1, Some(day("2026-11-21")))]
        );
        // A time that is not RFC 3339 (written by hand) does not decode.
        request(&store, 3, "submitted", None, "t").await;
        assert!(matches!(record(&store, 3).await, Err(Error::Database(_))));
    }
}
