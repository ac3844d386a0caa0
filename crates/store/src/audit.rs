//! Reading the audit log back, and appending to it from a store function's own connection.
//! (Services append through [`crate::write::SerialisedWrite::audit`].)

use chrono::{DateTime, Utc};
use konsultasi_core::audit::AuditEntry;
use serde_json::Value;

use crate::Store;
use crate::backend::{Conn, sqlite_only};
use crate::error::{Error, Result};
use crate::requests::like_pattern;

/// One stored entry, its before and after read as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub id: i64,
    /// RFC 3339 UTC as stored.
    pub at: String,
    pub actor_name: String,
    /// As [`konsultasi_core::audit::AuditAction::as_str`] wrote it.
    pub action: String,
    pub request_id: Option<i64>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub note: Option<String>,
}

/// The most entries one read returns.
const MAX_ENTRIES: i64 = 2000;

/// Entries of request `request_id` (any when `None`) whose actor, action, note, before or after
/// contain `text` (any when `None`), oldest first, at most [`MAX_ENTRIES`].
pub async fn entries(
    store: &Store,
    request_id: Option<i64>,
    text: Option<&str>,
) -> Result<Vec<AuditRecord>> {
    type Row = (
        i64,
        String,
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let pattern = text.map(like_pattern);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, at, actor_name, action, request_id, before, after, note FROM audit_log
         WHERE (? IS NULL OR request_id = ?)
           AND (? IS NULL OR actor_name LIKE ? ESCAPE '\\' OR action LIKE ? ESCAPE '\\'
                OR coalesce(note, '') LIKE ? ESCAPE '\\' OR coalesce(after, '') LIKE ? ESCAPE '\\'
                OR coalesce(before, '') LIKE ? ESCAPE '\\')
         ORDER BY id LIMIT ?",
    )
    .bind(request_id)
    .bind(request_id)
    .bind(&pattern)
    .bind(&pattern)
    .bind(&pattern)
    .bind(&pattern)
    .bind(&pattern)
    .bind(&pattern)
    .bind(MAX_ENTRIES)
    .fetch_all(store.sqlite_pool()?)
    .await?;
    rows.into_iter()
        .map(
            |(id, at, actor_name, action, request_id, before, after, note)| {
                Ok(AuditRecord {
                    id,
                    at,
                    actor_name,
                    action,
                    request_id,
                    before: read_json(before)?,
                    after: read_json(after)?,
                    note,
                })
            },
        )
        .collect()
}

fn read_json(text: Option<String>) -> Result<Option<Value>> {
    text.map(|t| serde_json::from_str(&t).map_err(|e| Error::Internal(e.to_string())))
        .transpose()
}

/// Appends `entry` on the caller's connection, so it commits or rolls back with the change.
pub async fn append(conn: &mut impl Conn, entry: &AuditEntry, now: DateTime<Utc>) -> Result<()> {
    let conn = sqlite_only(conn.db())?;

    crate::write::append_audit(conn, entry, now).await
}
