//! Check-ins, attendees, violations and the voids that correct check-ins: append-only rows
//! written inside the caller's transaction. A voided check-in's violations are withdrawn: the
//! readers below skip them unless asked for the request's own history.

use sqlx::{FromRow, SqliteConnection, SqlitePool};

use crate::error::Result;
use konsultasi_core::checkin::Violation;
use konsultasi_core::domain::request::Guest;

/// One person who came: a registered guest (by its row id) or an unannounced one.
pub struct AttendeeRow<'a> {
    pub guest_id: Option<i64>,
    pub name: &'a str,
    pub job_title: &'a str,
    pub institution: &'a str,
    pub is_regional_head: bool,
}

impl<'a> AttendeeRow<'a> {
    pub fn extra(guest: &'a Guest) -> Self {
        AttendeeRow {
            guest_id: None,
            name: guest.name.as_str(),
            job_title: guest.position.as_str(),
            institution: guest.institution.as_str(),
            is_regional_head: guest.is_regional_head,
        }
    }
}

pub struct NewCheckIn<'a> {
    pub request_id: i64,
    pub booking_id: Option<i64>,
    pub arrived_at: &'a str,
    pub regional_head_present: bool,
    pub note: Option<&'a str>,
    pub recorded_by: i64,
    pub recorded_at: &'a str,
}

/// Writes a check-in and its attendees; returns the check-in's id.
pub async fn insert(
    conn: &mut SqliteConnection,
    check_in: &NewCheckIn<'_>,
    attendees: &[AttendeeRow<'_>],
) -> Result<i64> {
    let check_in_id: i64 = sqlx::query_scalar(
        "INSERT INTO check_ins (request_id, booking_id, arrived_at, regional_head_present, note,
             recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(check_in.request_id)
    .bind(check_in.booking_id)
    .bind(check_in.arrived_at)
    .bind(check_in.regional_head_present)
    .bind(check_in.note)
    .bind(check_in.recorded_by)
    .bind(check_in.recorded_at)
    .fetch_one(&mut *conn)
    .await?;
    for (ordinal, attendee) in attendees.iter().enumerate() {
        sqlx::query(
            "INSERT INTO attendees (check_in_id, ordinal, guest_id, name, job_title, institution,
                 is_regional_head)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(check_in_id)
        .bind(ordinal as i64)
        .bind(attendee.guest_id)
        .bind(attendee.name)
        .bind(attendee.job_title)
        .bind(attendee.institution)
        .bind(attendee.is_regional_head)
        .execute(&mut *conn)
        .await?;
    }
    Ok(check_in_id)
}

/// Writes the violations of one check-in (`check_in_id`), or a no-show (`None`).
#[allow(clippy::too_many_arguments)] // one row's columns
pub async fn insert_violations(
    conn: &mut SqliteConnection,
    request_id: i64,
    check_in_id: Option<i64>,
    region_code: Option<&str>,
    occurred_on: &str,
    violations: &[Violation],
    recorded_by: i64,
    recorded_at: &str,
) -> Result<()> {
    for violation in violations {
        sqlx::query(
            "INSERT INTO violations (request_id, check_in_id, kind, evidence, occurred_on,
                 region_code, recorded_by, recorded_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(request_id)
        .bind(check_in_id)
        .bind(violation.kind.as_str())
        .bind(&violation.evidence)
        .bind(occurred_on)
        .bind(region_code)
        .bind(recorded_by)
        .bind(recorded_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The row ids of a request's registered guests, in their order.
pub async fn guest_ids(conn: &mut SqliteConnection, request_id: i64) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM guests WHERE request_id = ? ORDER BY ordinal")
            .bind(request_id)
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// The correction of a check-in.
pub struct NewVoid<'a> {
    pub check_in_id: i64,
    pub reason: &'a str,
    pub voided_by: i64,
    pub voided_at: &'a str,
}

pub async fn insert_void(conn: &mut SqliteConnection, void: &NewVoid<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO check_in_voids (check_in_id, reason, voided_by, voided_at)
         VALUES (?, ?, ?, ?)",
    )
    .bind(void.check_in_id)
    .bind(void.reason)
    .bind(void.voided_by)
    .bind(void.voided_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct CheckInRow {
    pub id: i64,
    pub request_id: i64,
    pub arrived_at: String,
    pub regional_head_present: bool,
    pub note: Option<String>,
    pub walk_in: bool,
    pub recorded_by: String,
    pub void_reason: Option<String>,
    pub voided_by: Option<String>,
    pub voided_at: Option<String>,
}

macro_rules! check_in_select {
    ($tail:literal) => {
        concat!(
            "SELECT c.id, c.request_id, c.arrived_at, c.regional_head_present,
        c.note, c.booking_id IS NULL AS walk_in, u.name AS recorded_by,
        x.reason AS void_reason, xu.name AS voided_by, x.voided_at
     FROM check_ins c JOIN users u ON u.id = c.recorded_by
     LEFT JOIN check_in_voids x ON x.check_in_id = c.id
     LEFT JOIN users xu ON xu.id = x.voided_by ",
            $tail
        )
    };
}

/// The check-in of a request that stands (not voided), if any.
pub async fn check_in_of(
    conn: &mut SqliteConnection,
    request_id: i64,
) -> Result<Option<CheckInRow>> {
    Ok(sqlx::query_as(check_in_select!(
        "WHERE c.request_id = ? AND x.id IS NULL ORDER BY c.id DESC LIMIT 1"
    ))
    .bind(request_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Every check-in of a request, voided ones included, newest first.
pub async fn check_ins_of(pool: &SqlitePool, request_id: i64) -> Result<Vec<CheckInRow>> {
    Ok(sqlx::query_as(check_in_select!(
        "WHERE c.request_id = ? ORDER BY c.id DESC"
    ))
    .bind(request_id)
    .fetch_all(pool)
    .await?)
}

/// A check-in by its id, voided or not.
pub async fn check_in_by_id(
    conn: &mut SqliteConnection,
    check_in_id: i64,
) -> Result<Option<CheckInRow>> {
    Ok(sqlx::query_as(check_in_select!("WHERE c.id = ?"))
        .bind(check_in_id)
        .fetch_optional(&mut *conn)
        .await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct AttendeeStored {
    pub name: String,
    pub job_title: String,
    pub institution: String,
    pub extra: bool,
    pub is_regional_head: bool,
}

pub async fn attendees_of(pool: &SqlitePool, check_in_id: i64) -> Result<Vec<AttendeeStored>> {
    Ok(sqlx::query_as(
        "SELECT name, job_title, institution, guest_id IS NULL AS extra, is_regional_head
         FROM attendees WHERE check_in_id = ? ORDER BY ordinal",
    )
    .bind(check_in_id)
    .fetch_all(pool)
    .await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct ViolationRow {
    pub id: i64,
    pub request_id: i64,
    pub kind: String,
    pub evidence: String,
    pub occurred_on: String,
    pub channel: String,
    pub requester_kind: String,
    pub region_code: Option<String>,
    pub requester_name: Option<String>,
    pub check_in_id: Option<i64>,
    /// Set when the check-in that found it was voided.
    pub void_reason: Option<String>,
}

/// Which violations to read: of one request, one check-in, one region, or a span of days
/// (`YYYY-MM-DD`). Those of a voided check-in are withdrawn and read only on request.
#[derive(Debug, Clone, Copy, Default)]
pub struct ViolationFilter<'a> {
    pub request_id: Option<i64>,
    pub check_in_id: Option<i64>,
    pub region_code: Option<&'a str>,
    pub days: Option<(&'a str, &'a str)>,
    pub include_voided: bool,
}

/// Violations matching `filter`, oldest first.
pub async fn violations(
    pool: &SqlitePool,
    filter: ViolationFilter<'_>,
) -> Result<Vec<ViolationRow>> {
    let (from, to) = filter.days.unzip();
    Ok(sqlx::query_as(
        "SELECT v.id, v.request_id, v.kind, v.evidence, v.occurred_on,
                r.channel, r.requester_kind, r.region_code, r.requester_name,
                v.check_in_id, x.reason AS void_reason
         FROM violations v JOIN requests r ON r.id = v.request_id
         LEFT JOIN check_in_voids x ON x.check_in_id = v.check_in_id
         WHERE (?1 IS NULL OR v.request_id = ?1)
           AND (?2 IS NULL OR v.region_code = ?2)
           AND (?3 IS NULL OR v.occurred_on BETWEEN ?3 AND ?4)
           AND (?5 IS NULL OR v.check_in_id = ?5)
           AND (?6 OR x.id IS NULL)
         ORDER BY v.occurred_on, v.id",
    )
    .bind(filter.request_id)
    .bind(filter.region_code)
    .bind(from)
    .bind(to)
    .bind(filter.check_in_id)
    .bind(filter.include_voided)
    .fetch_all(pool)
    .await?)
}

/// How many violations a region had on days before `day`.
pub async fn violations_before(pool: &SqlitePool, region_code: &str, day: &str) -> Result<u32> {
    let count: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM violations v
         WHERE v.region_code = ? AND v.occurred_on < ?
           AND NOT EXISTS (SELECT 1 FROM check_in_voids x WHERE x.check_in_id = v.check_in_id)",
    )
    .bind(region_code)
    .bind(day)
    .fetch_one(pool)
    .await?;
    Ok(count as u32)
}

/// Arrival instants (RFC 3339 UTC) in `from..to`, of check-ins that stand.
pub async fn arrivals_between(pool: &SqlitePool, from: &str, to: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT c.arrived_at FROM check_ins c
         WHERE c.arrived_at >= ? AND c.arrived_at < ?
           AND NOT EXISTS (SELECT 1 FROM check_in_voids x WHERE x.check_in_id = c.id)
         ORDER BY c.arrived_at",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}

/// Requests of one channel expected or seen on one WIB day (`from..to` in UTC): active bookings
/// starting then, and walk-ins (whose check-in stands) that arrived then. Ordered by booked
/// start, then arrival.
pub async fn requests_of_day(
    pool: &SqlitePool,
    channel: &str,
    from: &str,
    to: &str,
) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM (
             SELECT b.request_id AS id, b.starts_at AS at, 0 AS walk_in
               FROM bookings b JOIN requests r ON r.id = b.request_id
              WHERE b.active = 1 AND b.starts_at >= ?2 AND b.starts_at < ?3 AND r.channel = ?1
                AND r.status IN ('scheduled', 'confirmed', 'checked_in', 'completed', 'no_show')
             UNION ALL
             SELECT c.request_id, c.arrived_at, 1
               FROM check_ins c JOIN requests r ON r.id = c.request_id
              WHERE c.booking_id IS NULL AND c.arrived_at >= ?2 AND c.arrived_at < ?3
                AND r.channel = ?1
                AND NOT EXISTS (SELECT 1 FROM check_in_voids x WHERE x.check_in_id = c.id))
         ORDER BY walk_in, at, id",
    )
    .bind(channel)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}

pub async fn count_requests_of_region(pool: &SqlitePool, region_code: &str) -> Result<u32> {
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM requests WHERE region_code = ?")
        .bind(region_code)
        .fetch_one(pool)
        .await?;
    Ok(count as u32)
}
