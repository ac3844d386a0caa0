//! The one owner of the SQLite database.
//!
//! [`Store::open`] sets WAL, foreign keys and a busy timeout, copies an existing file aside before
//! running pending migrations, and brings the shipped reference data up to date. Queries are
//! runtime-checked `sqlx::query` calls with bound parameters only, each covered by a test.

pub mod backup;
pub mod checkin;
pub mod exports;
pub mod history;
pub mod policy;
pub mod reference;
pub mod requests;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::error::{Error, Result};
use crate::policy::calendar::WorkingCalendar;
use crate::policy::{Policy, PolicyVersion, version_in_force};
use reference::ReferenceData;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// The environment variable that points the app and the CLI at another database file.
pub const DATABASE_ENV: &str = "KONSULTASI_DB";
/// Shared with the desktop shell's identifier, so the CLI and the app find the same file.
pub const APP_IDENTIFIER: &str = "id.go.kemenkeu.djpk.konsultasi";

/// `$KONSULTASI_DB` if set, else `konsultasi.db` in the user's data directory
/// (`~/.local/share/id.go.kemenkeu.djpk.konsultasi/` on Linux).
pub fn default_database_path() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(DATABASE_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let base = directories::BaseDirs::new()
        .ok_or_else(|| Error::Open("direktori data pengguna tidak ditemukan".to_owned()))?;
    Ok(base.data_dir().join(APP_IDENTIFIER).join("konsultasi.db"))
}

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    /// The database file as it was named on open; exports must never write over it.
    path: PathBuf,
    /// Regions and topics, read once: they change only through the store itself.
    reference: Arc<RwLock<Arc<ReferenceData>>>,
    /// Policy versions, calendar and rooms, reloaded when the settings revision moves.
    policy: Arc<RwLock<Option<Arc<PolicyData>>>>,
}

/// What the rules read besides the request and the bookings.
#[derive(Debug)]
pub struct PolicyData {
    pub revision: i64,
    pub versions: Vec<PolicyVersion>,
    pub calendar: WorkingCalendar,
    pub rooms: Vec<policy::RoomRow>,
}

impl PolicyData {
    /// The policy in force on `date` (the shipped defaults if no version exists at all).
    pub fn in_force(&self, date: chrono::NaiveDate) -> Policy {
        version_in_force(&self.versions, date)
            .map(|v| v.policy.clone())
            .unwrap_or_default()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub async fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::Open(format!("folder {} tidak dapat dibuat: {e}", dir.display()))
            })?;
        }
        let existed = path.exists();
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|e| Error::Open(e.to_string()))?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| Error::Open(format!("{}: {e}", path.display())))?;

        if existed {
            backup_before_migrating(&pool, path).await?;
        }
        MIGRATOR.run(&pool).await?;
        reference::sync_shipped_data(&pool).await?;
        let data = ReferenceData::load(&pool).await?;
        Ok(Self {
            pool,
            path: path.to_path_buf(),
            reference: Arc::new(RwLock::new(Arc::new(data))),
            policy: Arc::new(RwLock::new(None)),
        })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The database file this store opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A snapshot of the reference tables.
    pub fn reference(&self) -> Arc<ReferenceData> {
        match self.reference.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Reads topics, units and regions again after they were edited.
    pub async fn reload_reference(&self) -> Result<()> {
        let data = Arc::new(ReferenceData::load(&self.pool).await?);
        match self.reference.write() {
            Ok(mut guard) => *guard = data,
            Err(poisoned) => *poisoned.into_inner() = data,
        }
        Ok(())
    }

    /// Policy versions, calendar and rooms; one small query when nothing changed since the
    /// last call, in this process or any other. Topics and units are re-read too when the
    /// settings moved, so edits made by another process reach this one.
    pub async fn policy_data(&self) -> Result<Arc<PolicyData>> {
        let revision = policy::settings_revision(&self.pool).await?;
        let cached = match self.policy.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        if let Some(data) = cached.as_ref().filter(|d| d.revision == revision) {
            return Ok(Arc::clone(data));
        }
        if cached.is_some() {
            self.reload_reference().await?;
        }
        let versions = policy::policy_versions(&self.pool)
            .await?
            .iter()
            .map(policy::PolicyVersionRow::parse)
            .collect::<Result<Vec<_>>>()?;
        let data = Arc::new(PolicyData {
            revision,
            versions,
            calendar: policy::working_calendar(&self.pool).await?,
            rooms: policy::rooms(&self.pool).await?,
        });
        match self.policy.write() {
            Ok(mut guard) => *guard = Some(Arc::clone(&data)),
            Err(poisoned) => *poisoned.into_inner() = Some(Arc::clone(&data)),
        }
        Ok(data)
    }

    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// Copies the database aside when migrations are about to change it, so a failed or unwanted
/// upgrade can be undone by hand. `VACUUM INTO` gives a consistent copy even with WAL.
async fn backup_before_migrating(pool: &SqlitePool, path: &Path) -> Result<()> {
    let has_history: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(pool)
    .await?;
    let applied: Vec<i64> = if has_history {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(pool)
            .await?
    } else {
        Vec::new()
    };
    let pending = MIGRATOR
        .iter()
        .any(|migration| !applied.contains(&migration.version));
    let is_empty: bool = sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM sqlite_master)")
        .fetch_one(pool)
        .await?;
    if !pending || is_empty {
        return Ok(());
    }
    let from_version = applied.iter().max().copied().unwrap_or(0);
    let mut backup = path.as_os_str().to_owned();
    backup.push(format!(".before-migration-{from_version}.bak"));
    let backup = PathBuf::from(backup);
    if backup.exists() {
        std::fs::remove_file(&backup)?;
    }
    sqlx::query("VACUUM INTO ?")
        .bind(backup.to_string_lossy().into_owned())
        .execute(pool)
        .await?;
    Ok(())
}

/// The migrations compiled into this build, for tests and diagnostics.
pub fn migrator() -> &'static Migrator {
    &MIGRATOR
}
