//! What checking and booking a slot read and write besides the settings: the bookings the
//! rules judge a slot against, the settings as the rules see them inside a serialised write,
//! and the request's side of a booking (its status, the slot it replaced).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use sqlx::pool::PoolConnection;
use sqlx::{Postgres, Sqlite};

use crate::backend::{Backend, Conn, Db, Instant};
use crate::error::Result;
use crate::on;
use crate::policy::{self, PolicyVersionRow};
use crate::{PolicyData, Store};
use konsultasi_core::policy::bookings::BookedSlot;

/// One connection of the pool, held for reads that belong together (a check, a slot search)
/// so that each does not wait for a connection of its own. It writes nothing.
pub struct ReadSession(Backend<PoolConnection<Sqlite>, PoolConnection<Postgres>>);

impl Conn for ReadSession {
    fn db(&mut self) -> Db<'_> {
        self.0.db()
    }
}

impl Store {
    pub async fn read_session(&self) -> Result<ReadSession> {
        Ok(ReadSession(self.pool.acquire().await?))
    }

    /// [`Store::policy_data`], read on `conn`. Inside a serialised write that is what the
    /// rules must see (nobody can change the settings until it ends), and it keeps the pool
    /// out of it: a second connection could wait behind writers queued for the lock.
    ///
    /// When the settings moved since the cache was filled they are read here but not cached,
    /// so the next [`Store::policy_data`] also re-reads the topics and units.
    pub async fn policy_data_on(&self, conn: &mut impl Conn) -> Result<Arc<PolicyData>> {
        let revision = policy::settings_revision(&mut *conn).await?;
        let cached = match self.policy.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        if let Some(data) = cached.as_ref().filter(|d| d.revision == revision) {
            return Ok(Arc::clone(data));
        }
        let versions = policy::policy_versions(&mut *conn)
            .await?
            .iter()
            .map(PolicyVersionRow::parse)
            .collect::<Result<Vec<_>>>()?;
        let data = Arc::new(PolicyData {
            revision,
            versions,
            calendar: policy::working_calendar_on(&mut *conn).await?,
            rooms: policy::rooms(&mut *conn).await?,
        });
        if cached.is_none() {
            match self.policy.write() {
                Ok(mut guard) => *guard = Some(Arc::clone(&data)),
                Err(poisoned) => *poisoned.into_inner() = Some(Arc::clone(&data)),
            }
        }
        Ok(data)
    }
}

/// A period whose bookings the rules need; only the tatap muka ones when nothing but the
/// daily cap is judged there (preferred slots have no room or unit yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingSpan {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub in_person_only: bool,
}

/// The active bookings near every span (see [`policy::active_bookings`]), overlapping spans
/// read once, each booking once.
pub async fn bookings_near(conn: &mut impl Conn, spans: &[BookingSpan]) -> Result<Vec<BookedSlot>> {
    let mut sorted = spans.to_vec();
    sorted.sort_by_key(|span| span.from);
    let mut merged: Vec<BookingSpan> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match merged.last_mut() {
            Some(last) if span.from <= last.to => {
                last.to = last.to.max(span.to);
                last.in_person_only &= span.in_person_only;
            }
            _ => merged.push(span),
        }
    }
    let mut bookings = Vec::new();
    for span in &merged {
        bookings
            .extend(policy::active_bookings(conn, span.from, span.to, span.in_person_only).await?);
    }
    if merged.len() > 1 {
        // Reading a day before each span may meet the span before it.
        bookings.sort_by_key(|b| b.booking_id);
        bookings.dedup_by_key(|b| b.booking_id);
    }
    Ok(bookings)
}

/// The period around a slot whose bookings can conflict with it: consultations last hours,
/// so a day either side.
pub fn around(start: DateTime<Utc>, end: DateTime<Utc>) -> BookingSpan {
    BookingSpan {
        from: start - Duration::days(1),
        to: end + Duration::days(1),
        in_person_only: false,
    }
}

/// Marks request `id` scheduled if it is still at `version`, raising the version; `false` when
/// another write changed it first.
pub async fn mark_scheduled(
    conn: &mut impl Conn,
    id: i64,
    version: i64,
    now: DateTime<Utc>,
) -> Result<bool> {
    let changed = on!(conn.db(), c => sqlx::query(
        "UPDATE requests SET status = 'scheduled', updated_at = $1, version = version + 1
         WHERE id = $2 AND version = $3",
    )
    .bind(Instant(now))
    .bind(id)
    .bind(version)
    .execute(c)
    .await?
    .rows_affected());
    Ok(changed == 1)
}
