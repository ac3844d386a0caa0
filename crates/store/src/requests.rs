//! Rows of a request: the request itself, its topics, preferred slots, guests and letter.
//!
//! Writes take a transaction from the caller, so a request and all its parts land together
//! or not at all.

use chrono::{DateTime, Utc};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

use crate::error::Result;
use konsultasi_core::domain::RequestQuery;
use konsultasi_core::domain::RequestStatus;
use konsultasi_core::domain::request::{LetterScan, NewRequest, Requester};
use konsultasi_core::time::{OFFICE_TZ, to_rfc3339};

#[derive(Debug, Clone, FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub status: String,
    pub channel: String,
    pub requester_kind: String,
    pub region_code: Option<String>,
    pub requester_name: Option<String>,
    pub contact_name: String,
    pub contact_whatsapp: String,
    pub contact_email: Option<String>,
    pub description: String,
    pub planned_guest_count: i64,
    pub regional_head_attends: bool,
    pub created_at: String,
    pub updated_at: String,
    pub received_on: Option<String>,
    /// Raised by every write to the row (field edits and status changes alike).
    pub version: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct GuestRow {
    pub name: String,
    pub job_title: String,
    pub institution: String,
    pub contact: Option<String>,
    pub is_regional_head: bool,
}

#[derive(Debug, Clone, FromRow)]
pub struct LetterRow {
    pub number: String,
    pub letter_date: String,
    pub subject: String,
    pub addressee: String,
    pub signer: String,
    pub scan_file_name: Option<String>,
    pub scan_mime_type: Option<String>,
    pub scan_size_bytes: Option<i64>,
    pub scan_sha256: Option<String>,
}

/// A request with all its parts, as stored.
#[derive(Debug, Clone)]
pub struct StoredRequest {
    pub row: RequestRow,
    pub topics: Vec<String>,
    pub preferred_slots: Vec<String>,
    pub guests: Vec<GuestRow>,
    pub letter: Option<LetterRow>,
    pub booking: Option<super::policy::BookingInfo>,
}

#[derive(Debug, Clone, FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub status: String,
    pub channel: String,
    pub requester_kind: String,
    pub region_code: Option<String>,
    pub requester_name: Option<String>,
    pub contact_name: String,
    pub planned_guest_count: i64,
    pub created_at: String,
    /// `YYYY-MM-DD`; rows from before the column existed fall back to the entry date.
    pub received_on: String,
    pub first_slot: Option<String>,
    /// Topic codes separated by U+001F, in the configured topic order.
    pub topic_codes: Option<String>,
    pub letter_number: Option<String>,
    /// The active booking's start and room, if the request is booked.
    pub booked_start: Option<String>,
    pub booked_room_code: Option<String>,
    pub booked_room_name: Option<String>,
}

pub const TOPIC_SEPARATOR: char = '\u{1f}';

fn requester_columns(requester: &Requester) -> (Option<&str>, Option<&str>) {
    match requester {
        Requester::Regional { region, .. } => (Some(region.as_str()), None),
        Requester::Named { name, .. } => (None, Some(name.as_str())),
    }
}

pub async fn insert(
    conn: &mut SqliteConnection,
    request: &NewRequest,
    status: RequestStatus,
    now: DateTime<Utc>,
) -> Result<i64> {
    let received_on = request
        .received_on
        .unwrap_or_else(|| now.with_timezone(&OFFICE_TZ).date_naive())
        .format("%Y-%m-%d")
        .to_string();
    let now = to_rfc3339(now);
    let (region_code, requester_name) = requester_columns(&request.requester);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO requests (status, channel, requester_kind, region_code, requester_name,
             contact_name, contact_whatsapp, contact_email, description, planned_guest_count,
             regional_head_attends, created_at, updated_at, received_on)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
    .bind(&now)
    .bind(&now)
    .bind(received_on)
    .fetch_one(&mut *conn)
    .await?;
    insert_parts(conn, id, request, &now, None).await?;
    Ok(id)
}

/// Replaces a request's data if it is still at `expected_version`, raising the version; `false`
/// when it is not (or does not exist), so a change made meanwhile by someone else is never
/// overwritten.
pub async fn update(
    conn: &mut SqliteConnection,
    id: i64,
    expected_version: i64,
    request: &NewRequest,
    now: DateTime<Utc>,
) -> Result<bool> {
    let now = to_rfc3339(now);
    let (region_code, requester_name) = requester_columns(&request.requester);
    let updated = sqlx::query(
        "UPDATE requests SET channel = ?, requester_kind = ?, region_code = ?, requester_name = ?,
             contact_name = ?, contact_whatsapp = ?, contact_email = ?, description = ?,
             planned_guest_count = ?, regional_head_attends = ?, updated_at = ?,
             received_on = coalesce(?, received_on), version = version + 1
         WHERE id = ? AND version = ?",
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
    .bind(&now)
    .bind(
        request
            .received_on
            .map(|d| d.format("%Y-%m-%d").to_string()),
    )
    .bind(id)
    .bind(expected_version)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }

    // The letter's scan survives an edit that does not upload a new one.
    let kept_scan: Option<i64> =
        sqlx::query_scalar("SELECT scan_file_id FROM request_letters WHERE request_id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
    for statement in [
        "DELETE FROM request_topics WHERE request_id = ?",
        "DELETE FROM preferred_slots WHERE request_id = ?",
        "DELETE FROM guests WHERE request_id = ?",
        "DELETE FROM request_letters WHERE request_id = ?",
    ] {
        sqlx::query(statement).bind(id).execute(&mut *conn).await?;
    }
    let replaced_scan = insert_parts(conn, id, request, &now, kept_scan).await?;
    if let Some(old) = kept_scan.filter(|old| Some(*old) != replaced_scan) {
        sqlx::query("DELETE FROM stored_files WHERE id = ?")
            .bind(old)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// Writes topics, slots, guests and letter; returns the letter's scan file id, if any.
async fn insert_parts(
    conn: &mut SqliteConnection,
    id: i64,
    request: &NewRequest,
    now: &str,
    kept_scan: Option<i64>,
) -> Result<Option<i64>> {
    for topic in &request.topics {
        sqlx::query("INSERT INTO request_topics (request_id, topic_code) VALUES (?, ?)")
            .bind(id)
            .bind(topic)
            .execute(&mut *conn)
            .await?;
    }
    for (ordinal, start) in request.preferred_slots.iter().enumerate() {
        sqlx::query(
            "INSERT INTO preferred_slots (request_id, ordinal, starts_at) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(ordinal as i64)
        .bind(to_rfc3339(*start))
        .execute(&mut *conn)
        .await?;
    }
    for (ordinal, guest) in request.guests.iter().enumerate() {
        sqlx::query(
            "INSERT INTO guests (request_id, ordinal, name, job_title, institution, contact, is_regional_head)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(ordinal as i64)
        .bind(guest.name.as_str())
        .bind(guest.position.as_str())
        .bind(guest.institution.as_str())
        .bind(guest.contact.as_ref().map(|c| c.as_str()))
        .bind(guest.is_regional_head)
        .execute(&mut *conn)
        .await?;
    }
    let Some(letter) = &request.letter else {
        return Ok(None);
    };
    let scan_id = match &letter.scan {
        Some(scan) => Some(insert_file(conn, scan, now).await?),
        None => kept_scan,
    };
    sqlx::query(
        "INSERT INTO request_letters (request_id, number, letter_date, subject, addressee, signer, scan_file_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(letter.number.as_str())
    .bind(letter.date.format("%Y-%m-%d").to_string())
    .bind(letter.subject.as_str())
    .bind(letter.addressee.as_str())
    .bind(letter.signer.as_str())
    .bind(scan_id)
    .execute(&mut *conn)
    .await?;
    Ok(scan_id)
}

async fn insert_file(conn: &mut SqliteConnection, scan: &LetterScan, now: &str) -> Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO stored_files (file_name, mime_type, size_bytes, sha256, content, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(scan.file_name.as_str())
    .bind(scan.kind.mime_type())
    .bind(scan.content.len() as i64)
    .bind(&scan.sha256)
    .bind(&scan.content)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn get(pool: &SqlitePool, id: i64) -> Result<Option<StoredRequest>> {
    let mut conn = pool.acquire().await?;
    get_in(&mut conn, id).await
}

/// [`get`] on the caller's connection: inside a write transaction it reads exactly what the
/// transaction is about to replace.
pub async fn get_in(conn: &mut SqliteConnection, id: i64) -> Result<Option<StoredRequest>> {
    let Some(row) = sqlx::query_as::<_, RequestRow>("SELECT * FROM requests WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let topics = sqlx::query_scalar(
        "SELECT rt.topic_code FROM request_topics rt JOIN topics t ON t.code = rt.topic_code
         WHERE rt.request_id = ? ORDER BY t.ordinal, t.code",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let preferred_slots = sqlx::query_scalar(
        "SELECT starts_at FROM preferred_slots WHERE request_id = ? ORDER BY ordinal",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let guests = sqlx::query_as(
        "SELECT name, job_title, institution, contact, is_regional_head FROM guests
         WHERE request_id = ? ORDER BY ordinal",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let letter = sqlx::query_as(
        "SELECT l.number, l.letter_date, l.subject, l.addressee, l.signer,
                f.file_name AS scan_file_name, f.mime_type AS scan_mime_type,
                f.size_bytes AS scan_size_bytes, f.sha256 AS scan_sha256
         FROM request_letters l LEFT JOIN stored_files f ON f.id = l.scan_file_id
         WHERE l.request_id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let booking = super::policy::active_booking_of(&mut *conn, id).await?;
    Ok(Some(StoredRequest {
        row,
        topics,
        preferred_slots,
        guests,
        letter,
        booking,
    }))
}

/// The stored scan of a request's letter: file name, MIME type and bytes.
pub async fn letter_scan(pool: &SqlitePool, id: i64) -> Result<Option<(String, String, Vec<u8>)>> {
    Ok(sqlx::query_as(
        "SELECT f.file_name, f.mime_type, f.content FROM request_letters l
         JOIN stored_files f ON f.id = l.scan_file_id WHERE l.request_id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// Who last changed request `id` and when (RFC 3339 UTC), from the audit log.
pub async fn last_change(conn: &mut SqliteConnection, id: i64) -> Result<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT actor_name, at FROM audit_log WHERE request_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Escapes `%`, `_` and the escape character itself for a `LIKE … ESCAPE '\'` pattern.
fn like_pattern(word: &str) -> String {
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

/// Requests matching `filter`, newest first, each with its active booking (at most one per
/// request, by the `one_active_booking_per_request` index), joined in the same query.
pub async fn list(pool: &SqlitePool, filter: &RequestQuery) -> Result<Vec<SummaryRow>> {
    let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
        "SELECT r.id, r.status, r.channel, r.requester_kind, r.region_code, r.requester_name,
                r.contact_name, r.planned_guest_count, r.created_at,
                coalesce(r.received_on, substr(r.created_at, 1, 10)) AS received_on,
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
         LEFT JOIN bookings b ON b.request_id = r.id AND b.active = 1
         LEFT JOIN rooms rm ON rm.code = b.room_code
         WHERE 1 = 1",
    );
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
    for (bound, operator) in [(&filter.starts_from, ">="), (&filter.starts_before, "<")] {
        if let Some(instant) = bound {
            query
                .push(
                    " AND coalesce(
                        b.starts_at,
                        (SELECT min(s.starts_at) FROM preferred_slots s WHERE s.request_id = r.id)) ",
                )
                .push(operator)
                .push(" ")
                .push_bind(instant.clone());
        }
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
                .push(column)
                .push(" LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\'");
        }
        query
            .push(
                " OR EXISTS (SELECT 1 FROM guests gu WHERE gu.request_id = r.id AND gu.name LIKE ",
            )
            .push_bind(pattern)
            .push(" ESCAPE '\\'))");
    }
    query.push(" ORDER BY r.created_at DESC, r.id DESC");
    Ok(query.build_query_as().fetch_all(pool).await?)
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
    pub received_on: String,
    /// Comma-separated topic codes in the configured order.
    pub topics: Option<String>,
    /// Comma-separated RFC 3339 starts.
    pub slots: Option<String>,
    pub head_listed: bool,
    pub letter_number: Option<String>,
    pub letter_date: Option<String>,
    pub letter_addressee: Option<String>,
}

pub async fn facts(conn: &mut SqliteConnection, id: i64) -> Result<Option<FactsRow>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.status, r.channel, r.requester_kind, r.region_code, r.requester_name,
                r.planned_guest_count, r.regional_head_attends,
                coalesce(r.received_on, substr(r.created_at, 1, 10)) AS received_on,
                (SELECT group_concat(rt.topic_code, ',' ORDER BY t.ordinal)
                   FROM request_topics rt JOIN topics t ON t.code = rt.topic_code
                  WHERE rt.request_id = r.id) AS topics,
                (SELECT group_concat(s.starts_at, ',' ORDER BY s.ordinal)
                   FROM preferred_slots s WHERE s.request_id = r.id) AS slots,
                EXISTS (SELECT 1 FROM guests g WHERE g.request_id = r.id AND g.is_regional_head = 1) AS head_listed,
                l.number AS letter_number, l.letter_date, l.addressee AS letter_addressee
         FROM requests r LEFT JOIN request_letters l ON l.request_id = r.id
         WHERE r.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}
