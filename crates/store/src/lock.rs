//! Advisory locks beside the database file, so that every process of this app agrees on who may
//! create, migrate or replace it.
//!
//! Two files, because the two questions differ:
//! - `<db>.lock` says the database is **in use**: every [`super::Store`] holds it shared for its
//!   whole life; a restore takes it exclusively, at once or not at all, and keeps it for the
//!   whole swap. So no restore can pull the file from under a process that has it open.
//! - `<db>.open.lock` serialises **opening**: creating the file, the copy before migrating, the
//!   migrations and the reference sync run by one process at a time, under this lock taken
//!   exclusively; it is released as soon as the store is ready.
//!
//! The locks are `flock`-style (std's `File::lock*`): the operating system drops them when the
//! holder exits, even when it is killed, so no stale lock survives a crash.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How long opening waits for a restore that is replacing the file.
pub(crate) const RESTORE_WAIT: Duration = Duration::from_secs(30);
/// How long opening waits for other processes that are opening (and perhaps migrating) first.
pub(crate) const OPEN_WAIT: Duration = Duration::from_secs(120);

/// The message of a restore refused because the database is open elsewhere.
pub const IN_USE: &str = "basis data sedang dipakai oleh aplikasi atau proses lain; tutup dulu";

pub(crate) fn usage_path(db: &Path) -> PathBuf {
    sibling(db, ".lock")
}

fn opening_path(db: &Path) -> PathBuf {
    sibling(db, ".open.lock")
}

pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A lock held until it is dropped.
#[derive(Debug)]
pub struct Held {
    _file: File,
}

/// Opens (creating if needed) a lock file. A folder that cannot be written may still hold a lock
/// file made earlier: a read-only descriptor locks as well.
fn lock_file(path: &Path, create: bool) -> io::Result<File> {
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create(create)
        .truncate(false)
        .open(path)
    {
        Ok(file) => Ok(file),
        Err(e) if is_permission(&e) => File::open(path),
        Err(e) => Err(e),
    }
}

pub(crate) fn is_permission(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

#[derive(Clone, Copy)]
enum Mode {
    Shared,
    Exclusive,
}

/// Polls for the lock with a growing pause, up to `wait`; `Ok(None)` when it stayed taken.
/// (std's blocking `lock` has no time-out, and a thread left blocked in it could take the lock
/// later and keep it.)
fn acquire(file: File, mode: Mode, wait: Duration) -> io::Result<Option<Held>> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        let attempt = match mode {
            Mode::Shared => file.try_lock_shared(),
            Mode::Exclusive => file.try_lock(),
        };
        match attempt {
            Ok(()) => return Ok(Some(Held { _file: file })),
            Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Error(e)) => return Err(e),
        }
    }
}

async fn acquire_async(file: File, mode: Mode, wait: Duration) -> Result<Option<Held>> {
    tokio::task::spawn_blocking(move || acquire(file, mode, wait))
        .await
        .map_err(|e| Error::Internal(format!("penguncian basis data terhenti: {e}")))?
        .map_err(Error::from)
}

fn busy(message: String) -> Error {
    Error::Conflict {
        message,
        findings: Vec::new(),
    }
}

/// The shared "in use" lock for a store's life, waiting for a restore in progress. `None` when
/// the lock file does not exist and cannot be made (a read-only folder that nobody can write
/// to, so nobody can replace the file either).
pub(crate) async fn in_use(db: &Path, may_create: bool) -> Result<Option<Held>> {
    let file = match lock_file(&usage_path(db), may_create) {
        Ok(file) => file,
        Err(e) if !may_create && (e.kind() == io::ErrorKind::NotFound || is_permission(&e)) => {
            return Ok(None);
        }
        Err(e) => {
            return Err(Error::Open(format!(
                "berkas kunci {} tidak dapat dibuat: {e}",
                usage_path(db).display()
            )));
        }
    };
    match acquire_async(file, Mode::Shared, RESTORE_WAIT).await? {
        Some(held) => Ok(Some(held)),
        None => Err(busy(format!(
            "basis data {} sedang dipulihkan dari cadangan oleh proses lain lebih dari {} detik; \
             coba lagi sebentar lagi",
            db.display(),
            RESTORE_WAIT.as_secs()
        ))),
    }
}

/// The exclusive opening lock, waiting (bounded) for other processes that open first.
pub(crate) async fn opening(db: &Path) -> Result<Held> {
    let path = opening_path(db);
    let file = lock_file(&path, true).map_err(|e| {
        Error::Open(format!(
            "berkas kunci {} tidak dapat dibuat: {e}",
            path.display()
        ))
    })?;
    acquire_async(file, Mode::Exclusive, OPEN_WAIT)
        .await?
        .ok_or_else(|| {
            busy(format!(
                "basis data {} sedang dibuka atau dimigrasikan oleh proses lain lebih dari {} \
                 detik; coba lagi nanti",
                db.display(),
                OPEN_WAIT.as_secs()
            ))
        })
}

/// The exclusive "in use" lock, now or never: refused at once while any store has the
/// database open, or another restore runs.
pub(crate) fn replacing(db: &Path) -> Result<Held> {
    let path = usage_path(db);
    let file = lock_file(&path, true).map_err(|e| {
        Error::Open(format!(
            "berkas kunci {} tidak dapat dibuat: {e}",
            path.display()
        ))
    })?;
    match file.try_lock() {
        Ok(()) => Ok(Held { _file: file }),
        Err(TryLockError::WouldBlock) => Err(busy(IN_USE.to_owned())),
        Err(TryLockError::Error(e)) => Err(e.into()),
    }
}
