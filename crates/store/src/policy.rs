//! Policy versions, the working calendar, rooms and bookings.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::FromRow;

use crate::Store;
use crate::backend::{Conn, Instant, JsonText};
use crate::error::{Error, Result};
use crate::on;
use konsultasi_core::domain::Channel;
use konsultasi_core::policy::bookings::{BookedSlot, Slot};
use konsultasi_core::policy::calendar::{HolidayKind, SessionOverride, WorkingCalendar};
use konsultasi_core::policy::rules::OpenRequest;
use konsultasi_core::policy::{
    Policy, PolicySettings, PolicyVersion, SessionWindowSettings, WeeklyWindows,
};
use konsultasi_core::validate::FieldErrors;

fn broken(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Internal(format!("{what} tersimpan rusak: {detail}"))
}

/// The counter that every settings change bumps (see the migration's triggers).
pub async fn settings_revision(conn: &mut impl Conn) -> Result<i64> {
    Ok(on!(conn.db(), c =>
        sqlx::query_scalar("SELECT revision FROM settings_revision WHERE id = 1")
            .fetch_one(c)
            .await?
    ))
}

#[derive(Debug, Clone, FromRow)]
pub struct PolicyVersionRow {
    pub id: i64,
    pub effective_from: NaiveDate,
    pub settings: JsonText,
    pub note: Option<String>,
    pub created_at: Instant,
}

impl PolicyVersionRow {
    pub fn settings(&self) -> Result<PolicySettings> {
        serde_json::from_str(&self.settings.0).map_err(|e| broken("kebijakan", e))
    }

    pub fn parse(&self) -> Result<PolicyVersion> {
        let policy =
            Policy::parse(&self.settings()?).map_err(|e| broken("kebijakan", e.summary()))?;
        Ok(PolicyVersion {
            id: self.id,
            effective_from: self.effective_from,
            policy,
        })
    }
}

pub async fn policy_versions(conn: &mut impl Conn) -> Result<Vec<PolicyVersionRow>> {
    Ok(on!(conn.db(), c =>
        sqlx::query_as("SELECT * FROM policy_versions ORDER BY effective_from, id")
            .fetch_all(c)
            .await?
    ))
}

pub async fn insert_policy_version(
    conn: &mut impl Conn,
    effective_from: NaiveDate,
    settings: &PolicySettings,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let json = serde_json::to_string(settings).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(on!(conn.db(), c => sqlx::query_scalar(
        "INSERT INTO policy_versions (effective_from, settings, note, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(effective_from)
    .bind(JsonText(json))
    .bind(note)
    .bind(Instant(now))
    .fetch_one(c)
    .await?))
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct HolidayRow {
    pub id: i64,
    pub date: NaiveDate,
    pub name: String,
    pub kind: String,
    pub source: String,
}

pub async fn holidays(conn: &mut impl Conn, year: Option<i32>) -> Result<Vec<HolidayRow>> {
    let rows = match year.map(year_bounds) {
        Some((from, to)) => on!(conn.db(), c => sqlx::query_as(
            "SELECT id, date, name, kind, source FROM holidays WHERE date >= $1 AND date < $2
             ORDER BY date, name",
        )
        .bind(from)
        .bind(to)
        .fetch_all(c)
        .await?),
        None => on!(conn.db(), c => sqlx::query_as(
            "SELECT id, date, name, kind, source FROM holidays ORDER BY date, name",
        )
        .fetch_all(c)
        .await?),
    };
    Ok(rows)
}

/// The first day of `year` and of the year after (the earliest and latest dates if out of range).
fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    let first = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1);
    (
        first(year).unwrap_or(NaiveDate::MIN),
        first(year.saturating_add(1)).unwrap_or(NaiveDate::MAX),
    )
}

/// Adds a holiday unless one of the same name is already on that date; `true` when added.
pub async fn insert_holiday(
    conn: &mut impl Conn,
    date: NaiveDate,
    name: &str,
    kind: HolidayKind,
    source: &str,
) -> Result<bool> {
    let added = on!(conn.db(), c => sqlx::query(
        "INSERT INTO holidays (date, name, kind, source) VALUES ($1, $2, $3, $4)
         ON CONFLICT (date, name) DO NOTHING",
    )
    .bind(date)
    .bind(name)
    .bind(kind.as_str())
    .bind(source)
    .execute(c)
    .await?
    .rows_affected());
    Ok(added == 1)
}

/// Removes holiday `id`; the row removed, or `None` when there is none.
pub async fn delete_holiday(conn: &mut impl Conn, id: i64) -> Result<Option<HolidayRow>> {
    Ok(on!(conn.db(), c =>
        sqlx::query_as("DELETE FROM holidays WHERE id = $1 RETURNING id, date, name, kind, source")
            .bind(id)
            .fetch_optional(c)
            .await?
    ))
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct OverrideRow {
    pub id: i64,
    pub label: String,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    pub windows: JsonText,
}

impl OverrideRow {
    pub fn windows(&self) -> Result<Vec<Vec<SessionWindowSettings>>> {
        serde_json::from_str(&self.windows.0).map_err(|e| broken("jam layanan khusus", e))
    }
}

pub async fn session_overrides(conn: &mut impl Conn) -> Result<Vec<OverrideRow>> {
    Ok(on!(conn.db(), c =>
        sqlx::query_as("SELECT * FROM session_overrides ORDER BY from_date, id")
            .fetch_all(c)
            .await?
    ))
}

pub async fn insert_session_override(
    conn: &mut impl Conn,
    label: &str,
    from: NaiveDate,
    to: NaiveDate,
    windows: &[Vec<SessionWindowSettings>],
) -> Result<i64> {
    let json = serde_json::to_string(windows).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(on!(conn.db(), c => sqlx::query_scalar(
        "INSERT INTO session_overrides (label, from_date, to_date, windows)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(label)
    .bind(from)
    .bind(to)
    .bind(JsonText(json.clone()))
    .fetch_one(c)
    .await?))
}

/// Removes special hours `id`; the row removed, or `None` when there is none.
pub async fn delete_session_override(conn: &mut impl Conn, id: i64) -> Result<Option<OverrideRow>> {
    Ok(on!(conn.db(), c =>
        sqlx::query_as("DELETE FROM session_overrides WHERE id = $1 RETURNING *")
            .bind(id)
            .fetch_optional(c)
            .await?
    ))
}

/// The working calendar as stored: every holiday and override.
pub async fn working_calendar(store: &Store) -> Result<WorkingCalendar> {
    working_calendar_on(&mut store.read_session().await?).await
}

/// [`working_calendar`] on the caller's connection.
pub async fn working_calendar_on(conn: &mut impl Conn) -> Result<WorkingCalendar> {
    let mut days = Vec::new();
    for row in holidays(&mut *conn, None).await? {
        let kind =
            HolidayKind::from_stored(&row.kind).ok_or_else(|| broken("jenis libur", &row.kind))?;
        days.push((row.date, row.name, kind));
    }
    let mut overrides = Vec::new();
    for row in session_overrides(&mut *conn).await? {
        let mut errors = FieldErrors::default();
        let windows = WeeklyWindows::parse(&row.windows()?, "windows", &mut errors)
            .filter(|_| errors.is_empty())
            .ok_or_else(|| broken("jam layanan khusus", errors.summary()))?;
        overrides.push(SessionOverride {
            label: row.label,
            from: row.from_date,
            to: row.to_date,
            windows,
        });
    }
    Ok(WorkingCalendar::new(days, overrides))
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct RoomRow {
    pub code: String,
    pub name: String,
    pub capacity: i64,
    pub active: bool,
}

pub async fn rooms(conn: &mut impl Conn) -> Result<Vec<RoomRow>> {
    Ok(on!(conn.db(), c =>
        sqlx::query_as("SELECT code, name, capacity, active FROM rooms ORDER BY code")
            .fetch_all(c)
            .await?
    ))
}

/// Room `code` as stored, if any.
pub async fn room(conn: &mut impl Conn, code: &str) -> Result<Option<RoomRow>> {
    Ok(on!(conn.db(), c =>
        sqlx::query_as("SELECT code, name, capacity, active FROM rooms WHERE code = $1")
            .bind(code)
            .fetch_optional(c)
            .await?
    ))
}

/// An active booking that has not ended yet: its request and its start.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct UpcomingBooking {
    pub request_id: i64,
    pub starts_at: Instant,
}

/// Active bookings in room `code` that end after `now`, soonest first.
pub async fn upcoming_bookings_in_room(
    conn: &mut impl Conn,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Vec<UpcomingBooking>> {
    Ok(on!(conn.db(), c => sqlx::query_as(
        "SELECT request_id, starts_at FROM bookings
         WHERE active AND room_code = $1 AND ends_at > $2 ORDER BY starts_at, id",
    )
    .bind(code)
    .bind(Instant(now))
    .fetch_all(c)
    .await?))
}

/// Active bookings led by resource person `id` that end after `now`, soonest first.
pub async fn upcoming_bookings_of_person(
    conn: &mut impl Conn,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<UpcomingBooking>> {
    Ok(on!(conn.db(), c => sqlx::query_as(
        "SELECT b.request_id, b.starts_at FROM bookings b
         JOIN booking_resource_persons p ON p.booking_id = b.id
         WHERE b.active AND p.resource_person_id = $1 AND b.ends_at > $2
         ORDER BY b.starts_at, b.id",
    )
    .bind(id)
    .bind(Instant(now))
    .fetch_all(c)
    .await?))
}

#[derive(Debug, Clone, FromRow)]
struct BookingRow {
    id: i64,
    request_id: i64,
    channel: String,
    starts_at: Instant,
    ends_at: Instant,
    room_code: Option<String>,
    unit_code: String,
    /// Comma-separated resource person ids.
    resource_persons: Option<String>,
}

impl BookingRow {
    fn into_booked(self) -> Result<BookedSlot> {
        Ok(BookedSlot {
            booking_id: self.id,
            request_id: self.request_id,
            slot: Slot {
                channel: Channel::from_stored(&self.channel)
                    .ok_or_else(|| broken("saluran", &self.channel))?,
                start: self.starts_at.0,
                end: self.ends_at.0,
                room: self.room_code,
                unit: self.unit_code,
                resource_persons: self
                    .resource_persons
                    .as_deref()
                    .unwrap_or("")
                    .split(',')
                    .filter_map(|id| i64::from_str(id).ok())
                    .collect(),
            },
        })
    }
}

/// Active bookings that start before `to` and end after `from` (only tatap muka ones when
/// `in_person_only`).
pub async fn active_bookings(
    conn: &mut impl Conn,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    in_person_only: bool,
) -> Result<Vec<BookedSlot>> {
    // Consultations last hours, not days: bounding the start by a day either side keeps the
    // lookup on the starts_at index.
    let rows: Vec<BookingRow> = on!(conn.db(), c => sqlx::query_as(
        "SELECT b.id, b.request_id, b.channel, b.starts_at, b.ends_at, b.room_code, b.unit_code,
                (SELECT string_agg(CAST(p.resource_person_id AS TEXT), ',' ORDER BY p.resource_person_id)
                   FROM booking_resource_persons p WHERE p.booking_id = b.id) AS resource_persons
         FROM bookings b
         WHERE b.active AND b.starts_at >= $1 AND b.starts_at < $2 AND b.ends_at > $3
           AND (NOT $4 OR b.channel = 'in_person')",
    )
    .bind(Instant(from - chrono::Duration::days(1)))
    .bind(Instant(to))
    .bind(Instant(from))
    .bind(in_person_only)
    .fetch_all(c)
    .await?);
    rows.into_iter().map(BookingRow::into_booked).collect()
}

pub async fn insert_booking(
    conn: &mut impl Conn,
    request_id: i64,
    slot: &Slot,
    meeting_url: Option<&str>,
    ical_uid: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    Ok(on!(conn.db(), c => {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO bookings (request_id, channel, starts_at, ends_at, room_code, meeting_url,
                 unit_code, ical_uid, sequence, active, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, TRUE, $9, $9) RETURNING id",
        )
        .bind(request_id)
        .bind(slot.channel.as_str())
        .bind(Instant(slot.start))
        .bind(Instant(slot.end))
        .bind(slot.room.as_deref())
        .bind(meeting_url)
        .bind(&slot.unit)
        .bind(ical_uid)
        .bind(Instant(now))
        .fetch_one(&mut *c)
        .await?;
        for person in &slot.resource_persons {
            sqlx::query(
                "INSERT INTO booking_resource_persons (booking_id, resource_person_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(person)
            .execute(&mut *c)
            .await?;
        }
        id
    }))
}

/// Open requests (not yet finished or refused) of one requester, with their topics.
pub async fn open_requests_of(
    conn: &mut impl Conn,
    requester_kind: &str,
    region_code: Option<&str>,
    requester_name: Option<&str>,
) -> Result<Vec<OpenRequest>> {
    // Two statements rather than one with OR, so each can use its index.
    let rows: Vec<(i64, Option<String>)> = match (region_code, requester_name) {
        (Some(region), _) => on!(conn.db(), c => sqlx::query_as(
            "SELECT r.id,
                    (SELECT string_agg(t.topic_code, ',' ORDER BY t.topic_code)
                       FROM request_topics t WHERE t.request_id = r.id)
             FROM requests r
             WHERE r.region_code = $1 AND r.requester_kind = $2
               AND r.status IN ('draft', 'submitted', 'verified', 'scheduled', 'confirmed')",
        )
        .bind(region)
        .bind(requester_kind)
        .fetch_all(c)
        .await?),
        (None, Some(name)) => on!(conn.db(), c => sqlx::query_as(
            "SELECT r.id,
                    (SELECT string_agg(t.topic_code, ',' ORDER BY t.topic_code)
                       FROM request_topics t WHERE t.request_id = r.id)
             FROM requests r
             WHERE r.region_code IS NULL AND lower(r.requester_name) = lower($1)
               AND r.requester_kind = $2
               AND r.status IN ('draft', 'submitted', 'verified', 'scheduled', 'confirmed')",
        )
        .bind(name)
        .bind(requester_kind)
        .fetch_all(c)
        .await?),
        (None, None) => Vec::new(),
    };
    let key = requester_key(requester_kind, region_code, requester_name);
    Ok(rows
        .into_iter()
        .map(|(id, topics)| OpenRequest {
            id,
            requester_key: key.clone(),
            topics: topics
                .unwrap_or_default()
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
        })
        .collect())
}

/// Identifies a requester across requests: its kind and region, or its name in lower case.
pub fn requester_key(kind: &str, region_code: Option<&str>, name: Option<&str>) -> String {
    match region_code {
        Some(code) => format!("{kind}:{code}"),
        None => format!("{kind}:{}", name.unwrap_or_default().to_lowercase()),
    }
}

pub async fn upsert_room(
    conn: &mut impl Conn,
    code: &str,
    name: &str,
    capacity: u32,
    active: bool,
) -> Result<()> {
    on!(conn.db(), c => { sqlx::query(
        "INSERT INTO rooms (code, name, capacity, active) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, capacity = excluded.capacity,
             active = excluded.active",
    )
    .bind(code)
    .bind(name)
    .bind(i64::from(capacity))
    .bind(active)
    .execute(c)
    .await?; });
    Ok(())
}

/// Unit `code` as stored: its name and short name.
pub async fn unit(conn: &mut impl Conn, code: &str) -> Result<Option<(String, String)>> {
    Ok(on!(conn.db(), c =>
        sqlx::query_as("SELECT name, short_name FROM units WHERE code = $1")
            .bind(code)
            .fetch_optional(c)
            .await?
    ))
}

pub async fn upsert_unit(
    conn: &mut impl Conn,
    code: &str,
    name: &str,
    short_name: &str,
) -> Result<()> {
    on!(conn.db(), c => { sqlx::query(
        "INSERT INTO units (code, name, short_name) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name",
    )
    .bind(code)
    .bind(name)
    .bind(short_name)
    .execute(c)
    .await?; });
    Ok(())
}

/// Routes a topic to a unit; the unit it routed to before, or `None` when the topic does not
/// exist.
pub async fn route_topic(conn: &mut impl Conn, topic: &str, unit: &str) -> Result<Option<String>> {
    Ok(on!(conn.db(), c => {
        let before: Option<String> =
            sqlx::query_scalar("SELECT unit_code FROM topics WHERE code = $1")
                .bind(topic)
                .fetch_optional(&mut *c)
                .await?;
        if before.is_some() {
            sqlx::query("UPDATE topics SET unit_code = $1 WHERE code = $2")
                .bind(unit)
                .bind(topic)
                .execute(&mut *c)
                .await?;
        }
        before
    }))
}

/// Moves a booking to a new slot and raises its SEQUENCE; the UID stays.
pub async fn move_booking(
    conn: &mut impl Conn,
    booking_id: i64,
    slot: &Slot,
    meeting_url: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    on!(conn.db(), c => {
        sqlx::query(
            "UPDATE bookings SET starts_at = $1, ends_at = $2, room_code = $3, unit_code = $4,
                 meeting_url = coalesce($5, meeting_url), sequence = sequence + 1, updated_at = $6
             WHERE id = $7 AND active",
        )
        .bind(Instant(slot.start))
        .bind(Instant(slot.end))
        .bind(slot.room.as_deref())
        .bind(&slot.unit)
        .bind(meeting_url)
        .bind(Instant(now))
        .bind(booking_id)
        .execute(&mut *c)
        .await?;
        sqlx::query("DELETE FROM booking_resource_persons WHERE booking_id = $1")
            .bind(booking_id)
            .execute(&mut *c)
            .await?;
        for person in &slot.resource_persons {
            sqlx::query(
                "INSERT INTO booking_resource_persons (booking_id, resource_person_id) VALUES ($1, $2)",
            )
            .bind(booking_id)
            .bind(person)
            .execute(&mut *c)
            .await?;
        }
    });
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct CalendarRow {
    pub request_id: i64,
    pub booking_id: i64,
    pub status: String,
    pub channel: String,
    pub starts_at: Instant,
    pub ends_at: Instant,
    pub room_code: Option<String>,
    pub unit_code: String,
    pub requester_kind: String,
    pub region_code: Option<String>,
    pub requester_name: Option<String>,
    pub planned_guest_count: i64,
    /// Unset only in SQLite rows from before the column existed; see [`CalendarRow::received_on`].
    received_on: Option<NaiveDate>,
    created_at: Instant,
    /// Comma-separated topic codes.
    pub topics: Option<String>,
}

impl CalendarRow {
    /// The day the request was received, else (for old rows) the UTC day it was entered.
    pub fn received_on(&self) -> NaiveDate {
        self.received_on
            .unwrap_or_else(|| self.created_at.0.date_naive())
    }
}

/// Active bookings starting in `[from, to)`, with what the calendar shows of their request.
pub async fn calendar_rows(
    db: &mut impl Conn,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    room: Option<&str>,
    unit: Option<&str>,
    channel: Option<&str>,
) -> Result<Vec<CalendarRow>> {
    Ok(on!(db.db(), c => sqlx::query_as(
        "SELECT b.request_id, b.id AS booking_id, r.status, b.channel, b.starts_at, b.ends_at,
                b.room_code, b.unit_code, r.requester_kind, r.region_code, r.requester_name,
                r.planned_guest_count, r.received_on, r.created_at,
                (SELECT string_agg(rt.topic_code, ',' ORDER BY t.ordinal)
                   FROM request_topics rt JOIN topics t ON t.code = rt.topic_code
                  WHERE rt.request_id = r.id) AS topics
         FROM bookings b JOIN requests r ON r.id = b.request_id
         WHERE b.active AND b.starts_at >= $1 AND b.starts_at < $2
           AND ($3 IS NULL OR b.room_code = $3) AND ($4 IS NULL OR b.unit_code = $4)
           AND ($5 IS NULL OR b.channel = $5)
         ORDER BY b.starts_at, b.id",
    )
    .bind(Instant(from))
    .bind(Instant(to))
    .bind(room)
    .bind(unit)
    .bind(channel)
    .fetch_all(c)
    .await?))
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct ResourcePersonRow {
    pub id: i64,
    pub unit_code: String,
    pub name: String,
    pub position: Option<String>,
    pub email: Option<String>,
    pub active: bool,
}

pub async fn resource_persons(db: &mut impl Conn) -> Result<Vec<ResourcePersonRow>> {
    Ok(on!(db.db(), c => sqlx::query_as(
        "SELECT id, unit_code, name, position, email, active FROM resource_persons
         ORDER BY unit_code, name",
    )
    .fetch_all(c)
    .await?))
}

/// Resource person `id` as stored, if any.
pub async fn resource_person(conn: &mut impl Conn, id: i64) -> Result<Option<ResourcePersonRow>> {
    Ok(on!(conn.db(), c => sqlx::query_as(
        "SELECT id, unit_code, name, position, email, active FROM resource_persons WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await?))
}

/// Adds a resource person (`id` 0) or changes one; `None` when `id` does not exist.
pub async fn save_resource_person(
    conn: &mut impl Conn,
    row: &ResourcePersonRow,
) -> Result<Option<i64>> {
    if row.id == 0 {
        let id = on!(conn.db(), c => sqlx::query_scalar(
            "INSERT INTO resource_persons (unit_code, name, position, email, active)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&row.unit_code)
        .bind(&row.name)
        .bind(&row.position)
        .bind(&row.email)
        .bind(row.active)
        .fetch_one(c)
        .await?);
        return Ok(Some(id));
    }
    let changed = on!(conn.db(), c => sqlx::query(
        "UPDATE resource_persons SET unit_code = $1, name = $2, position = $3, email = $4,
             active = $5
         WHERE id = $6",
    )
    .bind(&row.unit_code)
    .bind(&row.name)
    .bind(&row.position)
    .bind(&row.email)
    .bind(row.active)
    .bind(row.id)
    .execute(c)
    .await?
    .rows_affected());
    Ok((changed == 1).then_some(row.id))
}

/// The settings and the calendar as the screens list them, each read on a connection of the
/// pool.
impl Store {
    pub async fn policy_versions(&self) -> Result<Vec<PolicyVersionRow>> {
        policy_versions(&mut self.read_session().await?).await
    }

    /// The holidays of `year`, or all of them.
    pub async fn holidays(&self, year: Option<i32>) -> Result<Vec<HolidayRow>> {
        holidays(&mut self.read_session().await?, year).await
    }

    pub async fn session_overrides(&self) -> Result<Vec<OverrideRow>> {
        session_overrides(&mut self.read_session().await?).await
    }

    /// Every room, active or not.
    pub async fn rooms(&self) -> Result<Vec<RoomRow>> {
        rooms(&mut self.read_session().await?).await
    }

    /// Every resource person, active or not.
    pub async fn resource_persons(&self) -> Result<Vec<ResourcePersonRow>> {
        resource_persons(&mut self.read_session().await?).await
    }

    /// See [`calendar_rows`].
    pub async fn calendar_rows(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        room: Option<&str>,
        unit: Option<&str>,
        channel: Option<&str>,
    ) -> Result<Vec<CalendarRow>> {
        calendar_rows(
            &mut self.read_session().await?,
            from,
            to,
            room,
            unit,
            channel,
        )
        .await
    }
}
