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

impl ExportedFile {
    /// The file as the team server sends it to the desk that saves it.
    pub fn to_document(&self) -> crate::api::ExportedDocument {
        use base64::Engine as _;
        crate::api::ExportedDocument {
            file_name: self.file_name.clone(),
            media_type: self.mime_type.to_owned(),
            content_base64: base64::engine::general_purpose::STANDARD.encode(&self.bytes),
            warnings: self.warnings.clone(),
        }
    }

    /// A file the team server produced, to be saved at the desk. Only the types the desk
    /// exports are accepted, so a server cannot make it write anything else.
    pub fn from_document(document: crate::api::ExportedDocument) -> Result<Self> {
        use base64::Engine as _;
        let unreadable =
            || crate::error::Error::Internal("berkas dari server tim tidak terbaca".to_owned());
        let mime_type = [super::ICS_MIME, CSV_MIME, PDF_MIME]
            .into_iter()
            .find(|known| *known == document.media_type)
            .ok_or_else(unreadable)?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(document.content_base64.as_bytes())
            .map_err(|_| unreadable())?;
        Ok(Self {
            file_name: document.file_name,
            mime_type,
            bytes,
            warnings: document.warnings,
        })
    }
}
