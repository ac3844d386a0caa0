//! Producing the file an export request asks for, and writing it where the user chose.

use chrono::{DateTime, Utc};

use super::{CSV_MIME, ExportedFile, PDF_MIME, calendar, invite, letter_to, monthly_report_file};
use crate::api::{ExportRequest, SavedExport};
use crate::error::Result;
use crate::store::Store;
use crate::validate::FieldErrors;
use crate::workflow::Actor;

/// Produces the file `request` asks for.
pub async fn produce(
    store: &Store,
    actor: Option<&Actor>,
    request: &ExportRequest,
    now: DateTime<Utc>,
) -> Result<ExportedFile> {
    produce_to(store, actor, request, now, |file| Ok(file.clone())).await
}

/// Produces the file `request` asks for and hands it to `write`; a numbered letter's number is
/// committed only once `write` succeeded.
pub async fn produce_to<T>(
    store: &Store,
    actor: Option<&Actor>,
    request: &ExportRequest,
    now: DateTime<Utc>,
    write: impl FnOnce(&ExportedFile) -> Result<T>,
) -> Result<T> {
    let file = match request {
        ExportRequest::Invite { request_id, cancel } => {
            invite(store, *request_id, *cancel, now).await?
        }
        ExportRequest::Calendar { filter } => calendar(store, filter, now).await?,
        ExportRequest::Letter {
            request_id,
            letter: kind,
        } => return letter_to(store, actor, *request_id, *kind, now, write).await,
        ExportRequest::MonthlyReport { month, format } => {
            monthly_report_file(store, month, *format, now).await?
        }
    };
    write(&file)
}

/// The window's export: produced and written to `chosen`, the path its save dialog returned
/// (the dialog already asked before replacing a file).
pub async fn save(
    store: &Store,
    actor: Option<&Actor>,
    request: &ExportRequest,
    chosen: &std::path::Path,
    now: DateTime<Utc>,
) -> Result<SavedExport> {
    produce_to(store, actor, request, now, |file| {
        save_to(file, chosen, store.path())
    })
    .await
}

/// Writes an export where the user chose, with the extension its type needs. The file is
/// written beside its destination first and then renamed, so a failure never leaves half a file;
/// the database at `database`, its side files and backups, and any SQLite file are refused.
pub fn save_to(
    file: &ExportedFile,
    chosen: &std::path::Path,
    database: Option<&std::path::Path>,
) -> Result<SavedExport> {
    let extension = match file.mime_type {
        PDF_MIME => "pdf",
        CSV_MIME => "csv",
        _ => "ics",
    };
    if !chosen.is_absolute() || chosen.file_name().is_none() {
        return Err(FieldErrors::single("path", "Pilih lokasi berkas yang lengkap").into());
    }
    let mut path = chosen.to_path_buf();
    let has_extension = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if !has_extension {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{extension}"));
        path.set_file_name(name);
    }
    if !path.parent().is_some_and(std::path::Path::is_dir) {
        return Err(FieldErrors::single("path", "Folder tujuan tidak ditemukan").into());
    }
    let written = crate::files::write_export(
        &path,
        &file.bytes,
        database,
        crate::files::Overwrite::Allow,
        "path",
    )?;
    Ok(SavedExport {
        path: written.display().to_string(),
        bytes: file.bytes.len() as u64,
        warnings: file.warnings.clone(),
    })
}
