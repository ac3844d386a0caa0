//! The feed of changes: every audit entry, as it commits, for a team server to push to the
//! desks.
//!
//! PostgreSQL announces each entry itself (`audit_log_announces`, a trigger calling
//! `pg_notify` on channel `konsultasi_changes`, delivered at commit), so every server process
//! hears every other's changes and the command line's. A SQLite file has no such channel: the
//! feed reads entries newer than the last one it saw, four times a second, which also hears
//! other processes writing to the file.

use std::time::Duration;

use serde::Deserialize;
use sqlx::postgres::PgListener;

use crate::Store;
use crate::backend::Backend;
use crate::error::Result;
use crate::on;

/// The channel the PostgreSQL trigger notifies on.
pub const CHANNEL: &str = "konsultasi_changes";

/// How often a SQLite feed looks for new entries.
const SQLITE_POLL: Duration = Duration::from_millis(250);

/// One committed change: the audit entry that recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub id: i64,
    pub action: String,
    pub request_id: Option<i64>,
}

/// What the feed hears next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    Change(Change),
    /// The feed lost its connection and is back: changes may have been missed, so whoever
    /// shows data refetches it.
    Resync,
}

/// A subscription to the changes of one database.
pub struct ChangeFeed {
    source: Source,
}

enum Source {
    Postgres(Box<PgListener>),
    Sqlite { store: Store, after: i64 },
}

impl ChangeFeed {
    /// Starts listening now: changes committed from here on are heard.
    pub async fn subscribe(store: &Store) -> Result<Self> {
        let source = match store.pools() {
            Backend::Postgres(pool) => {
                let mut listener = PgListener::connect_with(pool).await?;
                listener.listen(CHANNEL).await?;
                Source::Postgres(Box::new(listener))
            }
            Backend::Sqlite(_) => Source::Sqlite {
                store: store.clone(),
                after: newest_entry(store).await?,
            },
        };
        Ok(Self { source })
    }

    /// Waits for the next change (or a resync after a lost connection).
    pub async fn next(&mut self) -> Result<Heard> {
        match &mut self.source {
            Source::Postgres(listener) => loop {
                // `None`: the connection dropped; the next call reconnects and listens again.
                match listener.try_recv().await? {
                    Some(notification) => {
                        if let Ok(change) = serde_json::from_str::<Change>(notification.payload()) {
                            return Ok(Heard::Change(change));
                        }
                    }
                    None => return Ok(Heard::Resync),
                }
            },
            Source::Sqlite { store, after } => loop {
                if let Some(change) = entry_after(store, *after).await? {
                    *after = change.id;
                    return Ok(Heard::Change(change));
                }
                tokio::time::sleep(SQLITE_POLL).await;
            },
        }
    }
}

async fn newest_entry(store: &Store) -> Result<i64> {
    Ok(
        on!(store.pools(), p => sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM audit_log")
        .fetch_one(p)
        .await?),
    )
}

async fn entry_after(store: &Store, after: i64) -> Result<Option<Change>> {
    let row: Option<(i64, String, Option<i64>)> = on!(store.pools(), p => sqlx::query_as(
        "SELECT id, action, request_id FROM audit_log WHERE id > $1 ORDER BY id LIMIT 1",
    )
    .bind(after)
    .fetch_optional(p)
    .await?);
    Ok(row.map(|(id, action, request_id)| Change {
        id,
        action,
        request_id,
    }))
}
