//! Backup of the live database and restore of a backup, checked before anything is replaced.
//!
//! Both read through SQLite, never by copying bytes: a database in WAL mode keeps committed
//! transactions in its `-wal` file until a checkpoint, and a byte copy of the main file alone
//! would silently drop them.

use std::path::Path;
use std::str::FromStr;

use sqlx::Row as _;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use super::lock::{self, sibling};
use super::{MIGRATOR, Store, free_name, migration_history, reference, remove_if_present};
use crate::backend::Backend;
use crate::error::{Error, Result};
use konsultasi_core::validate::FieldErrors;

/// What a backup or a restore did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackupReport {
    pub file: String,
    pub bytes: u64,
    /// Requests in the copied database, as a quick check of what it holds.
    pub requests: i64,
    /// The newest migration the copy carries (on restore: before it was brought up to date).
    pub schema_version: i64,
    /// On restore: where the database it replaced was kept.
    pub previous_kept_as: Option<String>,
}

/// Writes a consistent copy of the database to `out` while others may be writing: `VACUUM INTO`
/// reads one snapshot, so the copy holds exactly the transactions committed before it began.
/// Refuses to overwrite an existing file.
pub async fn backup(store: &Store, out: &Path) -> Result<BackupReport> {
    check_out(out)?;
    sqlx::query("VACUUM INTO ?")
        .bind(out.to_string_lossy().into_owned())
        .execute(store.sqlite_pool()?)
        .await?;
    let mut report = inspect(out).await?;
    report.file = out.display().to_string();
    Ok(report)
}

/// A backup's destination: a new file in a folder that exists.
pub(crate) fn check_out(out: &Path) -> Result<()> {
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
    Ok(())
}

fn refusal(file: &Path, why: &str) -> Error {
    FieldErrors::single(
        "file",
        format!("{} tidak dapat dipulihkan: {why}", file.display()),
    )
    .into()
}

/// Checks a file as a database of this app, reading it (and its write-ahead log) read-only:
/// see [`examine`].
pub async fn inspect(file: &Path) -> Result<BackupReport> {
    if !file.is_file() {
        return Err(refusal(file, "berkas tidak ditemukan"));
    }
    let pool = read_only_pool(file)
        .await
        .map_err(|e| refusal(file, &format!("bukan basis data SQLite ({e})")))?;
    let checked = examine(&pool).await;
    pool.close().await;
    let (requests, schema_version) = checked.map_err(|why| refusal(file, &why))?;
    Ok(BackupReport {
        file: file.display().to_string(),
        bytes: std::fs::metadata(file).map(|m| m.len()).unwrap_or(0),
        requests,
        schema_version,
        previous_kept_as: None,
    })
}

/// What the app needs of a database before it may replace the live one: SQLite's integrity
/// check and foreign-key check pass, and the migration history is one this build can continue
/// (no unknown, modified or half-applied migration). Returns the request count and the newest
/// migration, or the Indonesian reason.
async fn examine(pool: &SqlitePool) -> std::result::Result<(i64, i64), String> {
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(pool)
        .await
        .map_err(|e| format!("bukan basis data SQLite ({e})"))?;
    if integrity != ["ok"] {
        return Err(format!(
            "pemeriksaan integritas gagal: {}",
            integrity.join("; ")
        ));
    }
    let history = migration_history(pool).await?;
    let broken = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(pool)
        .await
        .map_err(|e| format!("pemeriksaan kunci asing gagal ({e})"))?;
    if let Some(first) = broken.first() {
        let table: String = first.try_get(0).unwrap_or_default();
        let row: Option<i64> = first.try_get(1).unwrap_or(None);
        let parent: String = first.try_get(2).unwrap_or_default();
        return Err(format!(
            "{} baris merujuk data yang tidak ada (mis. tabel {table} baris {} ke tabel {parent})",
            broken.len(),
            row.map_or_else(|| "?".to_owned(), |r| r.to_string()),
        ));
    }
    let requests: i64 = sqlx::query_scalar("SELECT count(*) FROM requests")
        .fetch_one(pool)
        .await
        .map_err(|_| "tabel permohonan tidak ada".to_owned())?;
    Ok((requests, history.newest().unwrap_or(0)))
}

/// Replaces the database at `target` with the backup `file`.
///
/// Refused at once, changing nothing, while the database is open in the app or any other
/// process, or while another restore runs: the exclusive lock beside the file is held from the
/// first step to the rename. The backup is read through SQLite (with its write-ahead log, if it
/// has one) into a new file beside the target, which must pass [`examine`] and then open as the
/// app opens it (migrated to this build, reference data in place) before anything is replaced.
/// The database it replaces is kept beside it (`<db>.before-restore-<stamp>.bak`).
pub async fn restore(file: &Path, target: &Path, stamp: &str) -> Result<BackupReport> {
    if !file.is_file() {
        return Err(refusal(file, "berkas tidak ditemukan"));
    }
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
    // Taken before any await: of two restores started together, exactly one gets it.
    let _replacing = lock::replacing(target)?;

    let incoming = sibling(target, ".restore-incoming");
    remove_with_journal(&incoming)?;
    let prepared = prepare(file, &incoming).await;
    let (requests, schema_version) = match prepared {
        Ok(found) => found,
        Err(e) => {
            remove_with_journal(&incoming)?;
            return Err(e);
        }
    };

    let mut report = BackupReport {
        file: target.display().to_string(),
        bytes: std::fs::metadata(&incoming).map(|m| m.len()).unwrap_or(0),
        requests,
        schema_version,
        previous_kept_as: None,
    };
    if target.exists() {
        let kept = free_name(target, &format!(".before-restore-{stamp}"), ".bak");
        if let Err(e) = keep_old(target, &kept).await {
            remove_with_journal(&incoming)?;
            return Err(e);
        }
        report.previous_kept_as = Some(kept.display().to_string());
    }
    // The old write-ahead log must not meet the new file: SQLite would replay it onto it.
    for suffix in ["-wal", "-shm", "-journal"] {
        remove_if_present(&sibling(target, suffix))?;
    }
    std::fs::rename(&incoming, target)?;
    sync_folder(folder);
    Ok(report)
}

/// Reads the backup through SQLite into `incoming`, examines the copy, and opens it as the app
/// would. Leaves `incoming` whole and closed, or returns why not.
async fn prepare(file: &Path, incoming: &Path) -> Result<(i64, i64)> {
    snapshot(file, incoming)
        .await
        .map_err(|why| refusal(file, &why))?;
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(super::connect_options(incoming)?)
        .await
        .map_err(|e| refusal(file, &format!("salinan tidak dapat dibuka ({e})")))?;
    let examined = examine(&pool).await;
    let opened = match &examined {
        Ok(_) => bring_up_to_date(&pool).await,
        Err(_) => Ok(()),
    };
    pool.close().await;
    let found = examined.map_err(|why| refusal(file, &why))?;
    opened.map_err(|e| {
        refusal(
            file,
            &format!("tidak dapat dibuka oleh aplikasi ini ({})", e),
        )
    })?;
    std::fs::File::open(incoming)?.sync_all()?;
    Ok(found)
}

/// What [`Store::open`] does to a database it opens: the migrations and the reference sync.
async fn bring_up_to_date(pool: &SqlitePool) -> Result<()> {
    MIGRATOR.run(pool).await?;
    reference::sync_shipped_data(Backend::Sqlite(pool)).await?;
    reference::ReferenceData::load(Backend::Sqlite(pool)).await?;
    Ok(())
}

/// `VACUUM INTO` from a read-only connection, which sees the source's write-ahead log. When
/// SQLite cannot open it read-only (a WAL database in a folder that cannot take its `-shm`), the
/// file and its `-wal` are copied aside first and read from there; the source is never written.
async fn snapshot(source: &Path, dest: &Path) -> std::result::Result<(), String> {
    let direct = match read_only_pool(source).await {
        Ok(pool) => {
            let copied = vacuum_into(&pool, dest).await;
            pool.close().await;
            match copied {
                Ok(()) => return Ok(()),
                Err(why) => why,
            }
        }
        Err(e) => format!("bukan basis data SQLite ({e})"),
    };
    let _ = remove_with_journal(dest);
    let aside = sibling(dest, ".source");
    let copied = async {
        std::fs::copy(source, &aside).map_err(|e| e.to_string())?;
        let wal = sibling(source, "-wal");
        if wal.is_file() {
            std::fs::copy(&wal, sibling(&aside, "-wal")).map_err(|e| e.to_string())?;
        }
        // A read-write connection to the private copy replays its log.
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|e| e.to_string())?
            .filename(&aside);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|e| e.to_string())?;
        let copied = vacuum_into(&pool, dest).await;
        pool.close().await;
        copied
    }
    .await;
    let _ = remove_with_journal(&aside);
    match copied {
        Ok(()) => Ok(()),
        Err(_) => {
            let _ = remove_with_journal(dest);
            Err(direct)
        }
    }
}

async fn vacuum_into(pool: &SqlitePool, dest: &Path) -> std::result::Result<(), String> {
    // A damaged page may be skipped by VACUUM: check the source first.
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(pool)
        .await
        .map_err(|e| format!("bukan basis data SQLite ({e})"))?;
    if integrity != ["ok"] {
        return Err(format!(
            "pemeriksaan integritas gagal: {}",
            integrity.join("; ")
        ));
    }
    sqlx::query("VACUUM INTO ?")
        .bind(dest.to_string_lossy().into_owned())
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(|e| format!("tidak dapat disalin ({e})"))
}

async fn read_only_pool(file: &Path) -> std::result::Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(file)
        .read_only(true);
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
}

/// Folds the old database (with its write-ahead log) into `kept`. A file SQLite cannot read is
/// kept byte for byte, with its log beside it.
async fn keep_old(target: &Path, kept: &Path) -> Result<()> {
    let options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(|e| Error::Open(e.to_string()))?
        .filename(target);
    let folded = match SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
    {
        Ok(old) => {
            let done = sqlx::query("VACUUM INTO ?")
                .bind(kept.to_string_lossy().into_owned())
                .execute(&old)
                .await;
            old.close().await;
            done.is_ok()
        }
        Err(_) => false,
    };
    if !folded {
        remove_if_present(kept)?;
        std::fs::copy(target, kept)?;
        let wal = sibling(target, "-wal");
        if wal.is_file() {
            std::fs::copy(&wal, sibling(kept, "-wal"))?;
        }
    }
    std::fs::File::open(kept)?.sync_all()?;
    Ok(())
}

fn remove_with_journal(path: &Path) -> Result<()> {
    remove_if_present(path)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        remove_if_present(&sibling(path, suffix))?;
    }
    Ok(())
}

/// Makes the rename durable where the platform allows opening a folder (not on Windows).
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}
