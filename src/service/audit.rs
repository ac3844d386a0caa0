//! Reading the audit trail: one request's history, and a search over every entry.

use crate::api::AuditEntry;
use crate::error::Result;
use crate::store::{Store, audit};
use crate::validate::{FieldErrors, SearchText};

use super::views;

/// The history of one request, oldest first.
pub async fn audit_trail(store: &Store, request_id: i64) -> Result<Vec<AuditEntry>> {
    Ok(audit::entries(store, Some(request_id), None)
        .await?
        .into_iter()
        .map(views::audit_entry)
        .collect())
}

/// Audit entries whose action, actor, note or values contain `text`, newest first.
pub async fn search_audit(store: &Store, text: &str) -> Result<Vec<AuditEntry>> {
    let text = SearchText::parse_optional(Some(text), "Teks pencarian")
        .map_err(|message| FieldErrors::single("text", message))?;
    let text = text.as_ref().map_or("", |t| t.as_str());
    let mut entries: Vec<AuditEntry> = audit::entries(store, None, Some(text))
        .await?
        .into_iter()
        .map(views::audit_entry)
        .collect();
    entries.reverse();
    Ok(entries)
}
