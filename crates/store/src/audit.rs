//! Reading the audit log back, and appending to it from a store function's own connection.
//! (Services append through [`crate::write::SerialisedWrite::audit`].)

use chrono::{DateTime, Utc};
use konsultasi_core::audit::AuditEntry;
use serde_json::Value;

use crate::Store;
use crate::backend::{Conn, Instant, JsonText};
use crate::error::{Error, Result};
use crate::on;
use crate::requests::like_pattern;

/// One stored entry, its before and after read as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: Instant,
    pub actor_name: String,
    /// As [`konsultasi_core::audit::AuditAction::as_str`] wrote it.
    pub action: String,
    pub request_id: Option<i64>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub note: Option<String>,
    /// The desk a team account worked from; absent for a local profile.
    pub desk: Option<String>,
}

/// The most entries one read returns.
const MAX_ENTRIES: i64 = 2000;

/// Entries of request `request_id` (any when `None`) whose actor, action, note, before or after
/// contain `text` in any case (any when `None`), oldest first, at most [`MAX_ENTRIES`].
pub async fn entries(
    store: &Store,
    request_id: Option<i64>,
    text: Option<&str>,
) -> Result<Vec<AuditRecord>> {
    type Row = (
        i64,
        Instant,
        String,
        String,
        Option<i64>,
        Option<JsonText>,
        Option<JsonText>,
        Option<String>,
        Option<String>,
    );
    let pattern = text.map(like_pattern);
    // before and after are jsonb in PostgreSQL: searched as their text.
    let rows: Vec<Row> = on!(store.pools(), p => sqlx::query_as(
        "SELECT id, at, actor_name, action, request_id, before, after, note, desk FROM audit_log
         WHERE ($1 IS NULL OR request_id = $1)
           AND ($2 IS NULL OR lower(actor_name) LIKE lower($2) ESCAPE '\\'
                OR lower(action) LIKE lower($2) ESCAPE '\\'
                OR lower(coalesce(note, '')) LIKE lower($2) ESCAPE '\\'
                OR lower(coalesce(CAST(after AS TEXT), '')) LIKE lower($2) ESCAPE '\\'
                OR lower(coalesce(CAST(before AS TEXT), '')) LIKE lower($2) ESCAPE '\\')
         ORDER BY id LIMIT $3",
    )
    .bind(request_id)
    .bind(&pattern)
    .bind(MAX_ENTRIES)
    .fetch_all(p)
    .await?);
    rows.into_iter()
        .map(
            |(id, at, actor_name, action, request_id, before, after, note, desk)| {
                Ok(AuditRecord {
                    id,
                    at,
                    actor_name,
                    action,
                    request_id,
                    before: read_json(before)?,
                    after: read_json(after)?,
                    note,
                    desk,
                })
            },
        )
        .collect()
}

fn read_json(text: Option<JsonText>) -> Result<Option<Value>> {
    text.map(|t| serde_json::from_str(&t.0).map_err(|e| Error::Internal(e.to_string())))
        .transpose()
}

/// Appends `entry` on the caller's connection, so it commits or rolls back with the change.
pub async fn append(conn: &mut impl Conn, entry: &AuditEntry, now: DateTime<Utc>) -> Result<()> {
    crate::write::append_audit(conn, entry, now).await
}
