//! Check-ins, attendees, violations and the voids that correct check-ins: append-only rows
//! written inside the caller's serialised write. A voided check-in's violations are withdrawn:
//! the readers below skip them unless asked for the request's own history.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, QueryBuilder};

use crate::Store;
use crate::backend::{Conn, Instant};
use crate::error::{Error, Result};
use crate::on;
use crate::stored;
use konsultasi_core::checkin::{Violation, ViolationKind};
use konsultasi_core::domain::request::Guest;
use konsultasi_core::domain::{Channel, RequesterKind};

/// One person who came: a registered guest (by their place in the request's guest list) or an
/// unannounced one.
pub struct Attendee<'a> {
    /// The guest's index in the request's list; `None` for a guest who came unannounced.
    pub registered: Option<usize>,
    pub name: &'a str,
    pub job_title: &'a str,
    pub institution: &'a str,
    pub is_regional_head: bool,
}

impl<'a> Attendee<'a> {
    pub fn extra(guest: &'a Guest) -> Self {
        Attendee {
            registered: None,
            name: guest.name.as_str(),
            job_title: guest.position.as_str(),
            institution: guest.institution.as_str(),
            is_regional_head: guest.is_regional_head,
        }
    }
}

/// An arrival with everything recorded with it.
pub struct NewCheckIn<'a> {
    pub request_id: i64,
    /// The booking the delegation came to; `None` for a walk-in.
    pub booking_id: Option<i64>,
    /// The requester's region, kept on each violation so a region's history reads one table.
    pub region_code: Option<&'a str>,
    pub arrived_at: DateTime<Utc>,
    /// The WIB day the violations happened on.
    pub occurred_on: NaiveDate,
    pub regional_head_present: bool,
    pub note: Option<&'a str>,
    pub attendees: &'a [Attendee<'a>],
    pub violations: &'a [Violation],
    pub recorded_by: i64,
    pub recorded_at: DateTime<Utc>,
}

/// Writes a check-in, who came and the violations it carries; returns the check-in's id.
pub async fn record_check_in(conn: &mut impl Conn, new: &NewCheckIn<'_>) -> Result<i64> {
    let check_in_id: i64 = on!(conn.db(), c => sqlx::query_scalar(
        "INSERT INTO check_ins (request_id, booking_id, arrived_at, regional_head_present, note,
             recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id",
    )
    .bind(new.request_id)
    .bind(new.booking_id)
    .bind(Instant(new.arrived_at))
    .bind(new.regional_head_present)
    .bind(new.note)
    .bind(new.recorded_by)
    .bind(Instant(new.recorded_at))
    .fetch_one(c)
    .await?);
    let guest_ids = guest_ids(&mut *conn, new.request_id).await?;
    for (ordinal, attendee) in new.attendees.iter().enumerate() {
        let guest_id = match attendee.registered {
            Some(index) => Some(*guest_ids.get(index).ok_or_else(|| {
                Error::Internal("daftar tamu berubah saat kedatangan dicatat".into())
            })?),
            None => None,
        };
        on!(conn.db(), c => sqlx::query(
            "INSERT INTO attendees (check_in_id, ordinal, guest_id, name, job_title, institution,
                 is_regional_head)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(check_in_id)
        .bind(ordinal as i64)
        .bind(guest_id)
        .bind(attendee.name)
        .bind(attendee.job_title)
        .bind(attendee.institution)
        .bind(attendee.is_regional_head)
        .execute(c)
        .await?
        .rows_affected());
    }
    insert_violations(
        conn,
        &Found {
            request_id: new.request_id,
            check_in_id: Some(check_in_id),
            region_code: new.region_code,
            occurred_on: new.occurred_on,
            recorded_by: new.recorded_by,
            recorded_at: new.recorded_at,
        },
        new.violations,
    )
    .await?;
    Ok(check_in_id)
}

/// A booking nobody came to.
pub struct NoShow<'a> {
    pub request_id: i64,
    pub region_code: Option<&'a str>,
    /// The WIB day of the booking.
    pub occurred_on: NaiveDate,
    pub violation: &'a Violation,
    pub recorded_by: i64,
    pub recorded_at: DateTime<Utc>,
}

/// Writes the no-show violation, which no check-in carries.
pub async fn record_no_show(conn: &mut impl Conn, no_show: &NoShow<'_>) -> Result<()> {
    insert_violations(
        conn,
        &Found {
            request_id: no_show.request_id,
            check_in_id: None,
            region_code: no_show.region_code,
            occurred_on: no_show.occurred_on,
            recorded_by: no_show.recorded_by,
            recorded_at: no_show.recorded_at,
        },
        std::slice::from_ref(no_show.violation),
    )
    .await
}

/// Where and when violations were found: by one check-in, or (`check_in_id: None`) a no-show.
struct Found<'a> {
    request_id: i64,
    check_in_id: Option<i64>,
    region_code: Option<&'a str>,
    occurred_on: NaiveDate,
    recorded_by: i64,
    recorded_at: DateTime<Utc>,
}

async fn insert_violations(
    conn: &mut impl Conn,
    found: &Found<'_>,
    violations: &[Violation],
) -> Result<()> {
    for violation in violations {
        on!(conn.db(), c => sqlx::query(
            "INSERT INTO violations (request_id, check_in_id, kind, evidence, occurred_on,
                 region_code, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(found.request_id)
        .bind(found.check_in_id)
        .bind(violation.kind.as_str())
        .bind(&violation.evidence)
        .bind(found.occurred_on)
        .bind(found.region_code)
        .bind(found.recorded_by)
        .bind(Instant(found.recorded_at))
        .execute(c)
        .await?
        .rows_affected());
    }
    Ok(())
}

/// The row ids of a request's registered guests, in their order.
async fn guest_ids(conn: &mut impl Conn, request_id: i64) -> Result<Vec<i64>> {
    Ok(on!(conn.db(), c =>
        sqlx::query_scalar("SELECT id FROM guests WHERE request_id = $1 ORDER BY ordinal")
            .bind(request_id)
            .fetch_all(c)
            .await?
    ))
}

/// The correction of a check-in.
pub struct NewVoid<'a> {
    pub check_in_id: i64,
    pub reason: &'a str,
    pub voided_by: i64,
    pub voided_at: DateTime<Utc>,
}

/// Voids a check-in; `false` (and nothing written) when it was voided already, by this desk or
/// another.
pub async fn record_void(conn: &mut impl Conn, void: &NewVoid<'_>) -> Result<bool> {
    let done = on!(conn.db(), c => sqlx::query(
        "INSERT INTO check_in_voids (check_in_id, reason, voided_by, voided_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (check_in_id) DO NOTHING",
    )
    .bind(void.check_in_id)
    .bind(void.reason)
    .bind(void.voided_by)
    .bind(Instant(void.voided_at))
    .execute(c)
    .await?
    .rows_affected());
    Ok(done == 1)
}

/// A check-in as recorded, with its void if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckIn {
    pub id: i64,
    pub request_id: i64,
    pub arrived_at: DateTime<Utc>,
    pub regional_head_present: bool,
    pub note: Option<String>,
    /// Recorded with no booking.
    pub walk_in: bool,
    /// The name of the profile that recorded it.
    pub recorded_by: String,
    pub void: Option<StoredVoid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVoid {
    pub reason: String,
    /// The name of the profile that voided it.
    pub voided_by: String,
    pub voided_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct CheckInRow {
    id: i64,
    request_id: i64,
    arrived_at: Instant,
    regional_head_present: bool,
    note: Option<String>,
    walk_in: bool,
    recorded_by: String,
    void_reason: Option<String>,
    voided_by: Option<String>,
    voided_at: Option<Instant>,
}

impl CheckInRow {
    fn read(self) -> StoredCheckIn {
        let void = match (self.void_reason, self.voided_by, self.voided_at) {
            (Some(reason), Some(voided_by), Some(voided_at)) => Some(StoredVoid {
                reason,
                voided_by,
                voided_at: voided_at.0,
            }),
            _ => None,
        };
        StoredCheckIn {
            id: self.id,
            request_id: self.request_id,
            arrived_at: self.arrived_at.0,
            regional_head_present: self.regional_head_present,
            note: self.note,
            walk_in: self.walk_in,
            recorded_by: self.recorded_by,
            void,
        }
    }
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
pub async fn standing_check_in(store: &Store, request_id: i64) -> Result<Option<StoredCheckIn>> {
    let row: Option<CheckInRow> = on!(store.pools(), p => sqlx::query_as(check_in_select!(
        "WHERE c.request_id = $1 AND x.id IS NULL ORDER BY c.id DESC LIMIT 1"
    ))
    .bind(request_id)
    .fetch_optional(p)
    .await?);
    Ok(row.map(CheckInRow::read))
}

/// Every check-in of a request, voided ones included, newest first.
pub async fn check_ins_of(store: &Store, request_id: i64) -> Result<Vec<StoredCheckIn>> {
    let rows: Vec<CheckInRow> = on!(store.pools(), p => sqlx::query_as(check_in_select!(
        "WHERE c.request_id = $1 ORDER BY c.id DESC"
    ))
    .bind(request_id)
    .fetch_all(p)
    .await?);
    Ok(rows.into_iter().map(CheckInRow::read).collect())
}

/// A check-in by its id, voided or not.
pub async fn check_in(store: &Store, check_in_id: i64) -> Result<Option<StoredCheckIn>> {
    let row: Option<CheckInRow> = on!(store.pools(), p =>
        sqlx::query_as(check_in_select!("WHERE c.id = $1"))
            .bind(check_in_id)
            .fetch_optional(p)
            .await?
    );
    Ok(row.map(CheckInRow::read))
}

/// One person a check-in recorded.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct StoredAttendee {
    pub name: String,
    pub job_title: String,
    pub institution: String,
    /// Came unannounced.
    pub extra: bool,
    pub is_regional_head: bool,
}

/// Who one check-in recorded, in their order.
pub async fn attendees_of(store: &Store, check_in_id: i64) -> Result<Vec<StoredAttendee>> {
    Ok(on!(store.pools(), p => sqlx::query_as(
        "SELECT name, job_title, institution, guest_id IS NULL AS extra, is_regional_head
         FROM attendees WHERE check_in_id = $1 ORDER BY ordinal",
    )
    .bind(check_in_id)
    .fetch_all(p)
    .await?))
}

/// Who came to a request's consultation: the attendees of its check-in that stands, none
/// before it was checked in.
pub async fn attendees_of_request(store: &Store, request_id: i64) -> Result<Vec<StoredAttendee>> {
    Ok(on!(store.pools(), p => sqlx::query_as(
        "SELECT a.name, a.job_title, a.institution, a.guest_id IS NULL AS extra,
                a.is_regional_head
         FROM attendees a
         WHERE a.check_in_id = (
             SELECT c.id FROM check_ins c
              WHERE c.request_id = $1
                AND NOT EXISTS (SELECT 1 FROM check_in_voids x WHERE x.check_in_id = c.id)
              ORDER BY c.id DESC LIMIT 1)
         ORDER BY a.ordinal",
    )
    .bind(request_id)
    .fetch_all(p)
    .await?))
}

/// A violation as recorded, with what the request says of its requester.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredViolation {
    pub id: i64,
    pub request_id: i64,
    pub kind: ViolationKind,
    pub evidence: String,
    /// The WIB day it happened on.
    pub occurred_on: NaiveDate,
    pub channel: Channel,
    pub requester_kind: RequesterKind,
    pub region_code: Option<String>,
    pub requester_name: Option<String>,
    /// The check-in that found it; `None` for a no-show.
    pub check_in_id: Option<i64>,
    /// Set when the check-in that found it was voided.
    pub void_reason: Option<String>,
}

#[derive(FromRow)]
struct ViolationRow {
    id: i64,
    request_id: i64,
    kind: String,
    evidence: String,
    occurred_on: NaiveDate,
    channel: String,
    requester_kind: String,
    region_code: Option<String>,
    requester_name: Option<String>,
    check_in_id: Option<i64>,
    void_reason: Option<String>,
}

impl ViolationRow {
    fn read(self) -> Result<StoredViolation> {
        Ok(StoredViolation {
            id: self.id,
            request_id: self.request_id,
            kind: stored::member("pelanggaran", &self.kind, ViolationKind::from_stored)?,
            evidence: self.evidence,
            occurred_on: self.occurred_on,
            channel: stored::member("saluran", &self.channel, Channel::from_stored)?,
            requester_kind: stored::member(
                "jenis pengguna",
                &self.requester_kind,
                RequesterKind::from_stored,
            )?,
            region_code: self.region_code,
            requester_name: self.requester_name,
            check_in_id: self.check_in_id,
            void_reason: self.void_reason,
        })
    }
}

/// Which violations to read: of one request, one check-in, one region, or a span of days
/// (both included). Those of a voided check-in are withdrawn and read only on request.
#[derive(Debug, Clone, Copy, Default)]
pub struct ViolationFilter<'a> {
    pub request_id: Option<i64>,
    pub check_in_id: Option<i64>,
    pub region_code: Option<&'a str>,
    pub days: Option<(NaiveDate, NaiveDate)>,
    pub include_voided: bool,
}

/// Violations matching `filter`, oldest first. Only the conditions given are written into the
/// query, so each reads through its own index (the month's days, the region's, the request's).
pub async fn violations(
    store: &Store,
    filter: ViolationFilter<'_>,
) -> Result<Vec<StoredViolation>> {
    let rows: Vec<ViolationRow> = on!(store.pools(), p => {
        let mut query = QueryBuilder::new(
            "SELECT v.id, v.request_id, v.kind, v.evidence, v.occurred_on,
                    r.channel, r.requester_kind, r.region_code, r.requester_name,
                    v.check_in_id, x.reason AS void_reason
             FROM violations v JOIN requests r ON r.id = v.request_id
             LEFT JOIN check_in_voids x ON x.check_in_id = v.check_in_id
             WHERE 1 = 1",
        );
        if let Some(request_id) = filter.request_id {
            query.push(" AND v.request_id = ").push_bind(request_id);
        }
        if let Some(region_code) = filter.region_code {
            query.push(" AND v.region_code = ").push_bind(region_code);
        }
        if let Some((from, to)) = filter.days {
            query
                .push(" AND v.occurred_on >= ")
                .push_bind(from)
                .push(" AND v.occurred_on <= ")
                .push_bind(to);
        }
        if let Some(check_in_id) = filter.check_in_id {
            query.push(" AND v.check_in_id = ").push_bind(check_in_id);
        }
        if !filter.include_voided {
            query.push(" AND x.id IS NULL");
        }
        query.push(" ORDER BY v.occurred_on, v.id");
        query.build_query_as().fetch_all(p).await?
    });
    rows.into_iter().map(ViolationRow::read).collect()
}

/// How many violations that stand a region had on days before `day`.
pub async fn violations_before(store: &Store, region_code: &str, day: NaiveDate) -> Result<u32> {
    let count: i64 = on!(store.pools(), p => sqlx::query_scalar(
        "SELECT count(*) FROM violations v
         WHERE v.region_code = $1 AND v.occurred_on < $2
           AND NOT EXISTS (SELECT 1 FROM check_in_voids x WHERE x.check_in_id = v.check_in_id)",
    )
    .bind(region_code)
    .bind(day)
    .fetch_one(p)
    .await?);
    Ok(count as u32)
}

/// Arrival instants in `[from, to)`, of check-ins that stand, earliest first.
pub async fn arrivals_between(
    store: &Store,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>> {
    let arrivals: Vec<Instant> = on!(store.pools(), p => sqlx::query_scalar(
        "SELECT c.arrived_at FROM check_ins c
         WHERE c.arrived_at >= $1 AND c.arrived_at < $2
           AND NOT EXISTS (SELECT 1 FROM check_in_voids x WHERE x.check_in_id = c.id)
         ORDER BY c.arrived_at",
    )
    .bind(Instant(from))
    .bind(Instant(to))
    .fetch_all(p)
    .await?);
    Ok(arrivals.into_iter().map(|at| at.0).collect())
}

/// Requests of one channel expected or seen in `[from, to)`: active bookings starting then,
/// and walk-ins (whose check-in stands) that arrived then. Ordered by booked start, then
/// arrival.
pub async fn requests_of_day(
    store: &Store,
    channel: Channel,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<i64>> {
    Ok(on!(store.pools(), p => sqlx::query_scalar(
        "SELECT id FROM (
             SELECT b.request_id AS id, b.starts_at AS seen_at, 0 AS walk_in
               FROM bookings b JOIN requests r ON r.id = b.request_id
              WHERE b.active AND b.starts_at >= $2 AND b.starts_at < $3 AND r.channel = $1
                AND r.status IN ('scheduled', 'confirmed', 'checked_in', 'completed', 'no_show')
             UNION ALL
             SELECT c.request_id, c.arrived_at, 1
               FROM check_ins c JOIN requests r ON r.id = c.request_id
              WHERE c.booking_id IS NULL AND c.arrived_at >= $2 AND c.arrived_at < $3
                AND r.channel = $1
                AND NOT EXISTS (SELECT 1 FROM check_in_voids x WHERE x.check_in_id = c.id)) AS day_list
         ORDER BY walk_in, seen_at, id",
    )
    .bind(channel.as_str())
    .bind(Instant(from))
    .bind(Instant(to))
    .fetch_all(p)
    .await?))
}

/// Requests registered for a region (its Pemda and DPRD), any status.
pub async fn count_requests_of_region(store: &Store, region_code: &str) -> Result<u32> {
    let count: i64 = on!(store.pools(), p =>
        sqlx::query_scalar("SELECT count(*) FROM requests WHERE region_code = $1")
            .bind(region_code)
            .fetch_one(p)
            .await?
    );
    Ok(count as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn desk_with_a_request() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("desk.db"))
            .await
            .expect("open");
        for statement in [
            "INSERT INTO users (id, name, role, created_at) VALUES (1, 'Sari', 'secretariat', 't')",
            "INSERT INTO requests (id, status, channel, requester_kind, requester_name,
                 contact_name, contact_whatsapp, description, planned_guest_count,
                 regional_head_attends, created_at, updated_at)
             VALUES (7, 'checked_in', 'in_person', 'academic', 'Universitas Uji', 'Rina',
                 '+6281234567890', 'Konsultasi', 2, 0, 't', 't')",
        ] {
            sqlx::query(statement)
                .execute(store.pool())
                .await
                .expect(statement);
        }
        (dir, store)
    }

    fn at(hour: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .expect("instant")
            .and_utc()
    }

    async fn check_in_with(store: &Store, name: &str, hour: u32) -> i64 {
        let attendees = [Attendee {
            registered: None,
            name,
            job_title: "Dosen",
            institution: "Universitas Uji",
            is_regional_head: false,
        }];
        let mut tx = store.write_serialised().await.expect("write");
        let id = record_check_in(
            &mut tx,
            &NewCheckIn {
                request_id: 7,
                booking_id: None,
                region_code: None,
                arrived_at: at(hour),
                occurred_on: NaiveDate::from_ymd_opt(2026, 12, 7).expect("day"),
                regional_head_present: false,
                note: None,
                attendees: &attendees,
                violations: &[],
                recorded_by: 1,
                recorded_at: at(hour),
            },
        )
        .await
        .expect("check in");
        tx.commit().await.expect("commit");
        id
    }

    async fn void(store: &Store, check_in_id: i64) -> bool {
        let mut tx = store.write_serialised().await.expect("write");
        let voided = record_void(
            &mut tx,
            &NewVoid {
                check_in_id,
                reason: "Salah catat",
                voided_by: 1,
                voided_at: at(4),
            },
        )
        .await
        .expect("void");
        tx.commit().await.expect("commit");
        voided
    }

    #[tokio::test]
    async fn a_check_in_is_voided_once_and_the_one_that_stands_names_who_came() {
        let (_dir, store) = desk_with_a_request().await;
        assert!(
            attendees_of_request(&store, 7)
                .await
                .expect("read")
                .is_empty()
        );
        let mistaken = check_in_with(&store, "Tamu Keliru", 2).await;
        assert!(void(&store, mistaken).await);
        assert!(!void(&store, mistaken).await, "a second void is refused");
        let corrected = check_in_with(&store, "Tamu Benar", 3).await;

        let names: Vec<String> = attendees_of_request(&store, 7)
            .await
            .expect("read")
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, ["Tamu Benar"]);
        let standing = standing_check_in(&store, 7)
            .await
            .expect("read")
            .expect("standing");
        assert_eq!((standing.id, standing.arrived_at), (corrected, at(3)));
        let all = check_ins_of(&store, 7).await.expect("read");
        assert_eq!(all.len(), 2);
        let withdrawn = all[1].void.as_ref().expect("voided");
        assert_eq!(
            (withdrawn.reason.as_str(), withdrawn.voided_by.as_str()),
            ("Salah catat", "Sari")
        );
        assert_eq!(
            arrivals_between(&store, at(0), at(23)).await.expect("read"),
            [at(3)]
        );
    }
}
