//! The one kind of write transaction the services use.
//!
//! Scheduling, workflow transitions, letter numbers and settings all check something and then
//! write on the strength of it. [`SerialisedWrite`] guarantees that nothing they read can change
//! before they commit: it holds the database's write lock from its first statement, so two such
//! writes, from any process or desk, run one after the other and the second sees the first's
//! result. In SQLite that is `BEGIN IMMEDIATE`. In PostgreSQL it is a transaction-scoped
//! advisory lock that every serialised write takes first: waiting for it is queueing, never a
//! lock timeout or a serialisation failure, and the statements after it (READ COMMITTED) see
//! every write that committed before. Dropping it without [`SerialisedWrite::commit`] rolls
//! back.

use chrono::{DateTime, Utc};
use konsultasi_core::audit::AuditEntry;
use konsultasi_core::workflow::Actor;
use sqlx::{Postgres, Sqlite, Transaction};

use crate::Store;
use crate::backend::{Backend, Conn, Db, Instant, JsonText};
use crate::error::Result;
use crate::on;

/// The advisory lock every serialised write holds in PostgreSQL ("KDJPK" in ASCII).
const WRITE_LOCK: i64 = 0x4b_44_4a_50_4b;

pub struct SerialisedWrite(
    pub(crate) Backend<Transaction<'static, Sqlite>, Transaction<'static, Postgres>>,
);

impl Store {
    /// Starts a write that serialises against every other writer (see the module's comment).
    pub async fn write_serialised(&self) -> Result<SerialisedWrite> {
        Ok(SerialisedWrite(match &self.pool {
            Backend::Sqlite(pool) => Backend::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Backend::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(WRITE_LOCK)
                    .execute(&mut *tx)
                    .await?;
                Backend::Postgres(tx)
            }
        }))
    }
}

/// A read of several statements that all see one state of the database: a deferred
/// transaction in SQLite, REPEATABLE READ in PostgreSQL (where each statement of a plain
/// transaction would see what committed meanwhile). It writes nothing.
pub struct Snapshot(Backend<Transaction<'static, Sqlite>, Transaction<'static, Postgres>>);

impl Store {
    pub async fn snapshot(&self) -> Result<Snapshot> {
        Ok(Snapshot(match &self.pool {
            Backend::Sqlite(pool) => Backend::Sqlite(pool.begin().await?),
            Backend::Postgres(pool) => Backend::Postgres(
                pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        }))
    }
}

impl Snapshot {
    pub async fn finish(self) -> Result<()> {
        on!(self.0, tx => tx.commit().await?);
        Ok(())
    }
}

impl Conn for Snapshot {
    fn db(&mut self) -> Db<'_> {
        self.0.db()
    }
}

impl SerialisedWrite {
    pub async fn commit(self) -> Result<()> {
        on!(self.0, tx => tx.commit().await?);
        Ok(())
    }

    /// Appends `entry` to the audit log, so it commits or rolls back with the change itself.
    pub async fn audit(&mut self, entry: &AuditEntry, now: DateTime<Utc>) -> Result<()> {
        append_audit(self, entry, now).await
    }
}

/// The store's own functions take the write as their connection.
impl Conn for SerialisedWrite {
    fn db(&mut self) -> Db<'_> {
        self.0.db()
    }
}

pub(crate) async fn append_audit(
    conn: &mut impl Conn,
    entry: &AuditEntry,
    now: DateTime<Utc>,
) -> Result<()> {
    on!(conn.db(), c => { sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, request_id, before, after, note,
                                desk)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Instant(now))
    .bind((entry.actor.id != Actor::DESK_ITSELF).then_some(entry.actor.id))
    .bind(&entry.actor.name)
    .bind(entry.action.as_str())
    .bind(entry.request_id)
    .bind(entry.before.clone().map(JsonText))
    .bind(entry.after.clone().map(JsonText))
    .bind(&entry.note)
    .bind(&entry.actor.desk)
    .execute(&mut *c)
    .await?; });
    Ok(())
}
