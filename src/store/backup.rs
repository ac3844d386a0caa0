//! Backup of the live database and restore of a backup, checked before anything is replaced.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use super::{MIGRATOR, Store};
use crate::error::{Error, Result};
use crate::validate::FieldErrors;

/// What a backup or a restore did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackupReport {
    pub file: String,
    pub bytes: u64,
    /// Requests in the copied database, as a quick check of what it holds.
    pub requests: i64,
    /// The newest migration the copy carries.
    pub schema_version: i64,
    /// On restore: where the database it replaced was kept.
    pub previous_kept_as: Option<String>,
}

/// Writes a consistent copy of the database to `out` while others may be writing: `VACUUM INTO`
/// reads one snapshot, so the copy holds exactly the transactions committed before it began.
/// Refuses to overwrite an existing file.
pub async fn backup(store: &Store, out: &Path) -> Result<BackupReport> {
    if out.exists() {
        return Err(FieldErrors::single(
            "out",
            format!("Berkas {} sudah ada; pilih nama lain", out.display()),
        )
        .into());
    }
    if out
        .parent()
        .is_some_and(|dir| !dir.as_os_str().is_empty() && !dir.is_dir())
    {
        return Err(FieldErrors::single("out", "Folder tujuan tidak ditemukan").into());
    }
    sqlx::query("VACUUM INTO ?")
        .bind(out.to_string_lossy().into_owned())
        .execute(store.pool())
        .await?;
    let mut report = inspect(out).await?;
    report.file = out.display().to_string();
    Ok(report)
}

/// Checks a file as a database of this app: SQLite's integrity check passes, the schema is one
/// this build knows (no migration newer than ours), and the request tables are there.
pub async fn inspect(file: &Path) -> Result<BackupReport> {
    let refuse = |why: String| -> Error {
        FieldErrors::single(
            "file",
            format!("{} tidak dapat dipulihkan: {why}", file.display()),
        )
        .into()
    };
    if !file.is_file() {
        return Err(refuse("berkas tidak ditemukan".into()));
    }
    let options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(|e| Error::Open(e.to_string()))?
        .filename(file)
        .read_only(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| refuse(format!("bukan basis data SQLite ({e})")))?;
    let checked: std::result::Result<BackupReport, Error> = async {
        let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&pool)
            .await
            .map_err(|e| refuse(format!("bukan basis data SQLite ({e})")))?;
        if integrity != ["ok"] {
            return Err(refuse(format!(
                "pemeriksaan integritas gagal: {}",
                integrity.join("; ")
            )));
        }
        let version: Option<i64> =
            sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success = 1")
                .fetch_one(&pool)
                .await
                .map_err(|_| refuse("bukan basis data Konsultasi DJPK".into()))?;
        let version = version.ok_or_else(|| refuse("skema kosong".into()))?;
        let newest = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        if version > newest {
            return Err(refuse(format!(
                "dibuat oleh versi aplikasi yang lebih baru (skema {version})"
            )));
        }
        let requests: i64 = sqlx::query_scalar("SELECT count(*) FROM requests")
            .fetch_one(&pool)
            .await
            .map_err(|_| refuse("tabel permohonan tidak ada".into()))?;
        Ok(BackupReport {
            file: file.display().to_string(),
            bytes: std::fs::metadata(file).map(|m| m.len()).unwrap_or(0),
            requests,
            schema_version: version,
            previous_kept_as: None,
        })
    }
    .await;
    pool.close().await;
    checked
}

/// Replaces the database at `target` with the backup `file`, once the backup passed
/// [`inspect`]. The database it replaces is kept beside it (`<db>.before-restore-<time>.bak`).
/// Run while the app is closed: an open app keeps writing to the file it opened.
pub async fn restore(file: &Path, target: &Path, stamp: &str) -> Result<BackupReport> {
    let mut report = inspect(file).await?;
    let folder = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|e| {
        Error::Open(format!(
            "folder {} tidak dapat dibuat: {e}",
            folder.display()
        ))
    })?;
    // Copy first, next to the target, so the swap below is a rename on one file system.
    let incoming = sibling(target, ".restore-incoming");
    std::fs::copy(file, &incoming)?;
    if target.exists() {
        // Fold the write-ahead log into the old file before keeping it.
        let kept = sibling(target, &format!(".before-restore-{stamp}.bak"));
        if let Ok(old) = plain_pool(target).await {
            sqlx::query("VACUUM INTO ?")
                .bind(kept.to_string_lossy().into_owned())
                .execute(&old)
                .await?;
            old.close().await;
        } else {
            std::fs::copy(target, &kept)?;
        }
        report.previous_kept_as = Some(kept.display().to_string());
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling(target, suffix));
    }
    std::fs::rename(&incoming, target)?;
    report.file = target.display().to_string();
    Ok(report)
}

/// A connection to an existing file without migrating it.
async fn plain_pool(path: &Path) -> Result<sqlx::SqlitePool> {
    let options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(|e| Error::Open(e.to_string()))?
        .filename(path);
    Ok(SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
