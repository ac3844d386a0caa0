//! The one kind of write transaction the services use.
//!
//! Scheduling, workflow transitions, letter numbers and settings all check something and then
//! write on the strength of it. [`SerialisedWrite`] guarantees that nothing they read can change
//! before they commit: it holds the database's write lock from its first statement (SQLite's
//! `BEGIN IMMEDIATE`), so two such writes, from any process, run one after the other and the
//! second sees the first's result. Dropping it without [`SerialisedWrite::commit`] rolls back.

use std::ops::{Deref, DerefMut};

use chrono::{DateTime, Utc};
use konsultasi_core::audit::AuditEntry;
use konsultasi_core::time::to_rfc3339;
use sqlx::{Sqlite, SqliteConnection, Transaction};

use crate::Store;
use crate::error::Result;

pub struct SerialisedWrite(Transaction<'static, Sqlite>);

impl Store {
    /// Starts a write that serialises against every other writer (see the module's comment).
    pub async fn write_serialised(&self) -> Result<SerialisedWrite> {
        Ok(SerialisedWrite(
            self.pool().begin_with("BEGIN IMMEDIATE").await?,
        ))
    }
}

impl SerialisedWrite {
    pub async fn commit(self) -> Result<()> {
        self.0.commit().await?;
        Ok(())
    }

    /// Appends `entry` to the audit log, so it commits or rolls back with the change itself.
    pub async fn audit(&mut self, entry: &AuditEntry, now: DateTime<Utc>) -> Result<()> {
        append_audit(&mut self.0, entry, now).await
    }
}

/// The store's own functions take the connection; a service hands them the write as it is.
impl Deref for SerialisedWrite {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.0
    }
}

impl DerefMut for SerialisedWrite {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.0
    }
}

pub(crate) async fn append_audit(
    conn: &mut SqliteConnection,
    entry: &AuditEntry,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, request_id, before, after, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(to_rfc3339(now))
    .bind(entry.actor.id)
    .bind(&entry.actor.name)
    .bind(entry.action.as_str())
    .bind(entry.request_id)
    .bind(&entry.before)
    .bind(&entry.after)
    .bind(&entry.note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
