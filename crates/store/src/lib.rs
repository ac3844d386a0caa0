//! The one owner of the database: the embedded SQLite file of a single desk, or the team's
//! PostgreSQL server ([`backend`]).
//!
//! [`Store::open`] sets WAL, foreign keys and a busy timeout, copies an existing file aside before
//! running pending migrations, and brings the shipped reference data up to date, one process at
//! a time ([`lock`]); a file it may not write is opened read-only. [`Store::open_postgres`] checks
//! the server's version and that the database is this app's (or empty), migrates it under an
//! advisory lock, and syncs the same reference data. Queries are runtime-checked `sqlx::query`
//! calls with bound parameters only, each covered by a test.

pub mod accounts;
pub mod audit;
pub mod backend;
pub mod backup;
pub mod backup_postgres;
pub mod changes;
pub mod checkin;
pub mod error;
pub mod exports;
pub mod history;
pub mod lock;
pub mod mail;
pub mod migrate_data;
mod open_postgres;
pub mod policy;
pub mod reference;
pub mod requests;
pub mod scheduling;
pub mod stored;
pub mod transitions;
pub mod users;
pub mod write;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::backend::{Backend, Location, Pool, PoolRef};
use crate::error::{Error, Result};
use konsultasi_core::policy::calendar::WorkingCalendar;
use konsultasi_core::policy::{Policy, PolicyVersion, version_in_force};
use reference::ReferenceData;

static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("../../migrations/postgres");

/// The environment variable that points the app and the CLI at another database: a file path
/// or a `postgres://` URL.
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

/// `$KONSULTASI_DB` read as a [`Location`] (a path or a `postgres://` URL) if set, else the
/// default file.
pub fn default_location() -> Result<Location> {
    match std::env::var_os(DATABASE_ENV).filter(|p| !p.is_empty()) {
        Some(value) => match value.to_str() {
            Some(text) => Location::parse(text),
            None => Ok(Location::File(PathBuf::from(value))),
        },
        None => default_database_path().map(Location::File),
    }
}

#[derive(Clone)]
pub struct Store {
    pool: Pool,
    /// Where the data lives, as it was named on open; exports must never write over its file.
    location: Location,
    /// Regions and topics, read once: they change only through the store itself.
    reference: Arc<RwLock<Arc<ReferenceData>>>,
    /// Policy versions, calendar and rooms, reloaded when the settings revision moves.
    policy: Arc<RwLock<Option<Arc<PolicyData>>>>,
    /// Opened without write access: nothing is migrated and every write is refused.
    read_only: bool,
    /// The shared "in use" lock, released when the last clone of this store is dropped.
    _in_use: Option<Arc<lock::Held>>,
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
    /// Opens the database `location` names: [`Store::open`] for a file,
    /// [`Store::open_postgres`] for a URL.
    pub async fn open_at(location: &Location) -> Result<Self> {
        match location {
            Location::File(path) => Self::open(path).await,
            Location::Postgres(url) => Self::open_postgres(url).await,
        }
    }

    /// Opens (creating if needed) the database at `path` and migrates it.
    ///
    /// Creating, the copy before migrating, the migrations and the reference sync run under an
    /// exclusive lock beside the file, so processes opening at once take turns and all succeed;
    /// the store then holds a shared lock for its life, which refuses a restore meanwhile (see
    /// [`lock`]). A file this process may not write (or in a folder it may not write) is opened
    /// read-only: it can be read but not changed, and it is never migrated.
    pub async fn open(path: &Path) -> Result<Self> {
        let exists = path.exists();
        if exists && !may_write(path) {
            return Self::open_read_only(path).await;
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::Open(format!("folder {} tidak dapat dibuat: {e}", dir.display()))
            })?;
        }
        let in_use = match lock::in_use(path, true).await {
            Ok(held) => held,
            // The folder refuses new files (the lock file): the database there can still be read.
            Err(Error::Open(_)) if exists => {
                return Self::open_read_only(path).await;
            }
            Err(e) => return Err(e),
        };
        let opening = lock::opening(path).await?;
        let existed = path.exists();
        let pool = match SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(connect_options(path)?.create_if_missing(true))
            .await
        {
            Ok(pool) => pool,
            Err(e) if existed && refuses_writing(&e) => {
                drop(opening);
                drop(in_use);
                return Self::open_read_only(path).await;
            }
            Err(e) => return Err(Error::Open(format!("{}: {e}", path.display()))),
        };

        if existed {
            backup_before_migrating(&pool, path).await?;
        }
        MIGRATOR.run(&pool).await?;
        reference::sync_shipped_data(Backend::Sqlite(&pool)).await?;
        drop(opening);
        let data = ReferenceData::load(Backend::Sqlite(&pool)).await?;
        Ok(Self::new(
            Backend::Sqlite(pool),
            Location::file(path),
            false,
            in_use,
            data,
        ))
    }

    /// Opens a database this process may not write: no migration, no reference sync; the
    /// schema must already be this build's.
    async fn open_read_only(path: &Path) -> Result<Self> {
        let in_use = lock::in_use(path, false).await?;
        let unreadable = |e: sqlx::Error| {
            Error::Open(format!(
                "{} (hanya-baca) tidak dapat dibaca: {e}",
                path.display()
            ))
        };
        let mut pool = read_only_pool(path, false).await.map_err(unreadable)?;
        if let Err(e) = sqlx::query("SELECT count(*) FROM sqlite_master")
            .execute(&pool)
            .await
        {
            // A WAL database whose folder cannot take the `-shm` index. With no `-wal` beside
            // it, nothing is waiting in a log and nobody can start one there: read the file as
            // it stands.
            let log_is_empty =
                std::fs::metadata(lock::sibling(path, "-wal")).map_or(true, |m| m.len() == 0);
            if !(refuses_writing(&e) && log_is_empty) {
                return Err(unreadable(e));
            }
            pool.close().await;
            pool = read_only_pool(path, true).await.map_err(unreadable)?;
        }
        let history = migration_history(&pool)
            .await
            .map_err(|why| Error::Open(format!("{}: {why}", path.display())))?;
        if !history.is_current() {
            pool.close().await;
            return Err(Error::ReadOnly(format!(
                "{} memakai skema versi {} dan tidak dapat diperbarui tanpa izin tulis; \
                 perbaiki izin berkas dan foldernya, lalu buka sekali lagi",
                path.display(),
                history.newest().unwrap_or(0)
            )));
        }
        let data = ReferenceData::load(Backend::Sqlite(&pool)).await?;
        Ok(Self::new(
            Backend::Sqlite(pool),
            Location::file(path),
            true,
            in_use,
            data,
        ))
    }

    fn new(
        pool: Pool,
        location: Location,
        read_only: bool,
        in_use: Option<lock::Held>,
        data: ReferenceData,
    ) -> Self {
        Self {
            pool,
            location,
            read_only,
            _in_use: in_use.map(Arc::new),
            reference: Arc::new(RwLock::new(Arc::new(data))),
            policy: Arc::new(RwLock::new(None)),
        }
    }

    /// Whether the database was opened read-only (its file or folder is not writable): lists
    /// and views work, every change is refused with [`Error::ReadOnly`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The pool, for tests that look at the database from outside as another client would.
    pub fn pools(&self) -> PoolRef<'_> {
        self.pool.borrowed()
    }

    /// The SQLite pool, for tests of the embedded database.
    ///
    /// # Panics
    /// On a PostgreSQL store: such a test has no business there.
    pub fn pool(&self) -> &SqlitePool {
        match &self.pool {
            Backend::Sqlite(pool) => pool,
            Backend::Postgres(_) => {
                panic!("Store::pool is the SQLite pool; this store is PostgreSQL")
            }
        }
    }

    /// The SQLite pool, for what only an SQLite file does.
    pub(crate) fn sqlite_pool(&self) -> Result<&SqlitePool> {
        backend::sqlite_pool_only(self.pool.borrowed())
    }

    /// Where this store's data lives.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The database file this store opened; `None` for PostgreSQL.
    pub fn path(&self) -> Option<&Path> {
        match &self.location {
            Location::File(path) => Some(path),
            Location::Postgres(_) => None,
        }
    }

    /// Where a secret of this database that must stay out of it and its backups is kept (the
    /// SMTP password): beside a database file as `<file>.<name>`; for a team database, in the
    /// user's configuration folder, one file per server and database. `KONSULTASI_SECRETS_DIR`
    /// puts it in another folder.
    pub fn secret_path(&self, name: &str) -> Result<PathBuf> {
        use sha2::Digest as _;
        let folder = std::env::var_os("KONSULTASI_SECRETS_DIR").filter(|d| !d.is_empty());
        match (&self.location, folder) {
            (Location::File(path), None) => {
                let file = path.file_name().unwrap_or_default().to_string_lossy();
                Ok(path.with_file_name(format!("{file}.{name}")))
            }
            (location, folder) => {
                let folder = match folder {
                    Some(folder) => PathBuf::from(folder),
                    None => directories::BaseDirs::new()
                        .ok_or_else(|| {
                            Error::Open("direktori konfigurasi pengguna tidak ditemukan".to_owned())
                        })?
                        .config_dir()
                        .join(APP_IDENTIFIER),
                };
                let which = sha2::Sha256::digest(location.to_string().as_bytes());
                let tag: String = which.iter().take(6).map(|b| format!("{b:02x}")).collect();
                Ok(folder.join(format!("{name}-{tag}")))
            }
        }
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
        let data = Arc::new(ReferenceData::load(self.pool.borrowed()).await?);
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
        let mut session = self.read_session().await?;
        let revision = policy::settings_revision(&mut session).await?;
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
        let versions = policy::policy_versions(&mut session)
            .await?
            .iter()
            .map(policy::PolicyVersionRow::parse)
            .collect::<Result<Vec<_>>>()?;
        let data = Arc::new(PolicyData {
            revision,
            versions,
            calendar: policy::working_calendar_on(&mut session).await?,
            rooms: policy::rooms(&mut session).await?,
        });
        match self.policy.write() {
            Ok(mut guard) => *guard = Some(Arc::clone(&data)),
            Err(poisoned) => *poisoned.into_inner() = Some(Arc::clone(&data)),
        }
        Ok(data)
    }

    /// Whether the database answers (a team server's health check).
    pub async fn check_alive(&self) -> Result<()> {
        on!(self.pools(), p => { sqlx::query("SELECT 1").execute(p).await?; });
        Ok(())
    }

    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// The pragmas of every read-write connection.
fn connect_options(path: &Path) -> Result<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str("sqlite:")
        .map_err(|e| Error::Open(e.to_string()))?
        .filename(path)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10)))
}

async fn read_only_pool(
    path: &Path,
    immutable: bool,
) -> std::result::Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .read_only(true)
        .immutable(immutable)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
}

/// Whether this process may open the existing file for writing (root may, whatever the mode).
fn may_write(path: &Path) -> bool {
    match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
    {
        Ok(_) => true,
        Err(e) => !lock::is_permission(&e),
    }
}

/// SQLite could not open the file for writing: its folder refuses the write-ahead log, or the
/// file system is read-only.
fn refuses_writing(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(e) => lock::is_permission(e),
        other => other
            .as_database_error()
            .and_then(|e| e.code())
            .and_then(|code| code.parse::<i64>().ok())
            // SQLITE_READONLY (8) and SQLITE_CANTOPEN (14), with their extended codes.
            .is_some_and(|code| matches!(code & 0xff, 8 | 14)),
    }
}

/// The migration history a database carries, checked against this build's migrations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct History {
    /// Applied versions, each known to this build with the same checksum; a prefix of ours.
    applied: Vec<i64>,
    /// How many migrations this build ships for the database's kind.
    shipped: usize,
}

impl History {
    /// Every migration of this build is applied: the app opens it without migrating.
    pub(crate) fn is_current(&self) -> bool {
        self.applied.len() == self.shipped
    }

    pub(crate) fn newest(&self) -> Option<i64> {
        self.applied.last().copied()
    }
}

fn shipped_versions(migrator: &Migrator) -> Vec<i64> {
    migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .map(|m| m.version)
        .collect()
}

/// Reads `_sqlx_migrations` and refuses (with the Indonesian reason) what this build could not
/// migrate from: a migration it does not know, one whose text changed since it was applied,
/// one that failed half-way, or a gap before an applied one.
pub(crate) async fn migration_history(pool: &SqlitePool) -> std::result::Result<History, String> {
    let has_table: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(pool)
    .await
    .map_err(|e| format!("bukan basis data SQLite ({e})"))?;
    if !has_table {
        return Err("bukan basis data Konsultasi DJPK (riwayat migrasi tidak ada)".into());
    }
    let rows: Vec<(i64, Vec<u8>, bool)> =
        sqlx::query_as("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(pool)
            .await
            .map_err(|e| format!("riwayat migrasi tidak terbaca ({e})"))?;
    check_history(&MIGRATOR, &rows)
}

/// The check of [`migration_history`] on rows `(version, checksum, success)` in version order,
/// against `migrator`.
pub(crate) fn check_history(
    migrator: &Migrator,
    rows: &[(i64, Vec<u8>, bool)],
) -> std::result::Result<History, String> {
    if rows.is_empty() {
        return Err("skema kosong: belum ada migrasi yang diterapkan".into());
    }
    let shipped = shipped_versions(migrator);
    let newest = shipped.last().copied().unwrap_or(0);
    let mut applied = Vec::with_capacity(rows.len());
    for (index, (version, checksum, success)) in rows.iter().enumerate() {
        let Some(ours) = migrator.iter().find(|m| m.version == *version) else {
            return Err(if *version > newest {
                format!("dibuat oleh versi aplikasi yang lebih baru (migrasi {version})")
            } else {
                format!("migrasi {version} tidak dikenal aplikasi ini")
            });
        };
        if !success {
            return Err(format!(
                "migrasi {version} ({}) hanya sebagian diterapkan",
                ours.description
            ));
        }
        if ours.checksum.as_ref() != checksum.as_slice() {
            return Err(format!(
                "migrasi {version} ({}) telah diubah sejak diterapkan (checksum berbeda)",
                ours.description
            ));
        }
        if shipped.get(index) != Some(version) {
            let missing = shipped.get(index).copied().unwrap_or(0);
            return Err(format!(
                "riwayat migrasi berlubang: migrasi {missing} belum diterapkan, padahal {version} sudah"
            ));
        }
        applied.push(*version);
    }
    Ok(History {
        applied,
        shipped: shipped.len(),
    })
}

/// Copies the database aside when migrations are about to change it, so a failed or unwanted
/// upgrade can be undone by hand. `VACUUM INTO` gives a consistent copy even with WAL. Runs under
/// the opening lock, so the name it picks is not taken by another process meanwhile; an earlier
/// copy of the same version is never written over (`…-2.bak`, `…-3.bak`).
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
    let backup = free_name(path, &format!(".before-migration-{from_version}"), ".bak");
    // Written under a temporary name, so a `.bak` is always a whole copy.
    let partial = lock::sibling(&backup, ".partial");
    remove_if_present(&partial)?;
    sqlx::query("VACUUM INTO ?")
        .bind(partial.to_string_lossy().into_owned())
        .execute(pool)
        .await?;
    std::fs::rename(&partial, &backup)?;
    Ok(())
}

/// `<path><stem><ending>`, or with `-2`, `-3`, … before the ending when that file exists.
pub(crate) fn free_name(path: &Path, stem: &str, ending: &str) -> PathBuf {
    let first = lock::sibling(path, &format!("{stem}{ending}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| lock::sibling(path, &format!("{stem}-{n}{ending}")))
        .find(|candidate| !candidate.exists())
        .unwrap_or(first)
}

pub(crate) fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The SQLite migrations compiled into this build, for tests and diagnostics.
pub fn migrator() -> &'static Migrator {
    &MIGRATOR
}

/// The PostgreSQL migrations compiled into this build, for tests and diagnostics.
pub fn postgres_migrator() -> &'static Migrator {
    &POSTGRES_MIGRATOR
}
