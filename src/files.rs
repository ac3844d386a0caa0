//! Files the app reads and writes on the user's behalf.
//!
//! Reading: [`read_capped`] streams a named file up to a cap, so `/dev/zero` or a 20 GB file
//! cannot fill the memory, and refuses what is not a regular file (folders, devices, FIFOs). The
//! file is opened with `O_NONBLOCK` on Unix, so a FIFO without a writer cannot make it wait.
//!
//! Writing: [`write_export`] never writes over the open database, its `-wal`, `-shm` and
//! `-journal` files, its backups (`<db>.before-*.bak`, `<db>.restore-incoming`) nor any file that
//! is an SQLite database, whatever the path spelling (symbolic links and `..` are resolved
//! first). An existing file is replaced only when the caller allows it (the CLI's `--force`, or
//! the native save dialog that asked). The bytes go to a temporary file beside the destination,
//! which then takes its name, so a failure never leaves half a file.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::validate::FieldErrors;

/// The kinds of file the app reads, each with its own cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A scanned letter (PDF, PNG or JPEG).
    Scan,
    /// Text the user hands over: CSV records, an .ics calendar, JSON input.
    Text,
    /// A database backup to restore.
    Database,
}

/// Largest scanned letter, as the request parser also enforces.
pub const MAX_SCAN_BYTES: u64 = crate::domain::request::MAX_SCAN_BYTES as u64;
/// Largest CSV, ICS or JSON file: years of the desk's records fit in a fraction of it.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;
/// Largest database backup accepted for a restore.
pub const MAX_DATABASE_BYTES: u64 = 4 * 1024 * 1024 * 1024;

impl FileKind {
    /// The most bytes a file of this kind may hold.
    pub const fn cap(self) -> u64 {
        match self {
            FileKind::Scan => MAX_SCAN_BYTES,
            FileKind::Text => MAX_TEXT_BYTES,
            FileKind::Database => MAX_DATABASE_BYTES,
        }
    }
}

/// "20 MB", "1,5 KB": a size as the desk reads it.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["byte", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value.fract() < 0.05 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
    }
}

fn refuse(field: &str, message: String) -> Error {
    Error::Validation(FieldErrors::single(field, message))
}

fn too_large(field: &str, what: &str, size: Option<u64>, cap: u64) -> Error {
    let size = match size {
        Some(size) => format!(" ({})", human_size(size)),
        None => String::new(),
    };
    refuse(
        field,
        format!(
            "{what} terlalu besar{size}: paling besar {}",
            human_size(cap)
        ),
    )
}

/// Opens `path` for reading without ever blocking on a FIFO.
fn open_for_reading(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The bytes of the regular file at `path`, at most `kind.cap()` of them. `field` names the
/// input in the refusal ("letter.scan", "file").
pub fn read_capped(path: &Path, field: &str, kind: FileKind) -> Result<Vec<u8>> {
    let cap = kind.cap();
    let shown = path.display();
    let unreadable =
        |e: std::io::Error| refuse(field, format!("Berkas {shown} tidak dapat dibaca: {e}"));
    // Checked before opening, so a FIFO is not even opened; checked again on the handle, in case
    // the name was swapped meanwhile.
    let before = std::fs::metadata(path).map_err(unreadable)?;
    ensure_regular(&before, path, field)?;
    let file = open_for_reading(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    ensure_regular(&metadata, path, field)?;
    if metadata.len() > cap {
        return Err(too_large(
            field,
            &format!("Berkas {shown}"),
            Some(metadata.len()),
            cap,
        ));
    }
    read_limited(file, field, &format!("Berkas {shown}"), cap)
}

/// At most `cap` bytes from `reader` (standard input, a file), refused beyond.
pub fn read_limited(reader: impl Read, field: &str, what: &str, cap: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| refuse(field, format!("{what} tidak dapat dibaca: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(too_large(field, what, None, cap));
    }
    Ok(bytes)
}

/// [`read_capped`] for text: the file must be UTF-8.
pub fn read_text_capped(path: &Path, field: &str) -> Result<String> {
    let bytes = read_capped(path, field, FileKind::Text)?;
    text_of(bytes, field, &format!("Berkas {}", path.display()))
}

/// UTF-8 text from `bytes`, with the byte order mark some spreadsheets write dropped.
pub fn text_of(bytes: Vec<u8>, field: &str, what: &str) -> Result<String> {
    let mut text =
        String::from_utf8(bytes).map_err(|_| refuse(field, format!("{what} bukan teks UTF-8")))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Refuses text handed over in memory (the window sends CSV and ICS content as text) above the
/// text cap.
pub fn check_text_size(text: &str, field: &str, what: &str) -> Result<()> {
    if text.len() as u64 > MAX_TEXT_BYTES {
        return Err(too_large(
            field,
            what,
            Some(text.len() as u64),
            MAX_TEXT_BYTES,
        ));
    }
    Ok(())
}

fn ensure_regular(metadata: &std::fs::Metadata, path: &Path, field: &str) -> Result<()> {
    if metadata.is_file() {
        return Ok(());
    }
    let what = if metadata.is_dir() {
        "sebuah folder"
    } else {
        "perangkat, pipa atau soket"
    };
    Err(refuse(
        field,
        format!(
            "{} adalah {what}, bukan berkas biasa: pilih sebuah berkas",
            path.display()
        ),
    ))
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Whether an export may replace a file that already exists at its destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse: the CLI without `--force`.
    Refuse,
    /// Replace it: the CLI's `--force`, or the save dialog that already asked.
    Allow,
}

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The absolute path `path` names once symbolic links and `..` are resolved; for a file that
/// does not exist yet, its resolved folder joined with its name.
pub fn resolve(path: &Path, field: &str) -> Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(_) => std::fs::canonicalize(path).map_err(|e| {
            refuse(
                field,
                format!("{} tidak dapat ditelusuri: {e}", path.display()),
            )
        }),
        Err(_) => {
            let name = path
                .file_name()
                .filter(|n| !n.is_empty())
                .ok_or_else(|| refuse(field, "Sebutkan nama berkas tujuan yang lengkap".into()))?;
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let folder = std::fs::canonicalize(parent).map_err(|_| {
                refuse(
                    field,
                    format!("Folder tujuan {} tidak ditemukan", parent.display()),
                )
            })?;
            if !folder.is_dir() {
                return Err(refuse(
                    field,
                    format!("{} bukan sebuah folder", parent.display()),
                ));
            }
            Ok(folder.join(name))
        }
    }
}

/// The files that belong to the database at `database`: itself, its SQLite side files, its
/// backups and a restore in progress. Both the name as given and the resolved one count.
fn is_protected(target: &Path, database: Option<&Path>) -> bool {
    // A team database on a server has no file here to protect.
    let Some(database) = database else {
        return false;
    };
    let mut bases = vec![database.to_path_buf()];
    if let Ok(resolved) = resolve(database, "") {
        bases.push(resolved);
    }
    if let Ok(resolved) = std::fs::canonicalize(database) {
        bases.push(resolved);
    }
    let same = |a: &Path, b: &Path| {
        if cfg!(any(windows, target_os = "macos")) {
            a.as_os_str().eq_ignore_ascii_case(b.as_os_str())
        } else {
            a == b
        }
    };
    bases.iter().any(|base| {
        let (Some(folder), Some(name)) = (base.parent(), base.file_name()) else {
            return false;
        };
        let Some(target_name) = target.file_name() else {
            return false;
        };
        if !target.parent().is_some_and(|p| same(p, folder)) {
            return false;
        }
        let name = name.to_string_lossy();
        let target_name = target_name.to_string_lossy();
        let (name, target_name) = if cfg!(any(windows, target_os = "macos")) {
            (name.to_lowercase(), target_name.to_lowercase())
        } else {
            (name.into_owned(), target_name.into_owned())
        };
        let side = [
            "",
            "-wal",
            "-shm",
            "-journal",
            ".restore-incoming",
            ".smtp-password",
        ];
        side.iter().any(|s| target_name == format!("{name}{s}"))
            || (target_name.starts_with(&format!("{name}.before-"))
                && target_name.ends_with(".bak"))
    })
}

/// Whether the regular file at `path` starts with SQLite's header.
fn is_sqlite_database(path: &Path) -> bool {
    let Ok(mut file) = open_for_reading(path) else {
        return false;
    };
    let mut header = [0u8; 16];
    file.read_exact(&mut header).is_ok() && &header == SQLITE_HEADER
}

/// Writes `bytes` to `path` for an export, refusing what [the module](self) describes.
/// `database` is the open database's file (`Store::path`, none for PostgreSQL); `field` names the destination in a
/// refusal ("out", "path"). Returns the resolved path written.
pub fn write_export(
    path: &Path,
    bytes: &[u8],
    database: Option<&Path>,
    overwrite: Overwrite,
    field: &str,
) -> Result<PathBuf> {
    let target = check_destination(path, database, overwrite, field)?;
    write_atomically(&target, bytes, overwrite, field)?;
    Ok(target)
}

/// The resolved destination of an export to `path`, or why it is refused. Nothing is written.
pub fn check_destination(
    path: &Path,
    database: Option<&Path>,
    overwrite: Overwrite,
    field: &str,
) -> Result<PathBuf> {
    let target = resolve(path, field)?;
    let protected = || {
        refuse(
            field,
            format!(
                "{} adalah berkas basis data aplikasi (atau salinannya): ekspor tidak boleh menimpanya",
                path.display()
            ),
        )
    };
    if is_protected(&target, database) {
        return Err(protected());
    }
    match std::fs::metadata(&target) {
        Ok(metadata) => {
            if !metadata.is_file() {
                return Err(refuse(
                    field,
                    format!("{} sudah ada dan bukan berkas biasa", path.display()),
                ));
            }
            if is_sqlite_database(&target) {
                return Err(protected());
            }
            if overwrite == Overwrite::Refuse {
                return Err(refuse(
                    field,
                    format!(
                        "Berkas {} sudah ada dan tidak ditimpa; pakai --force untuk menimpanya",
                        path.display()
                    ),
                ));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(refuse(
                field,
                format!("{} tidak dapat diperiksa: {e}", path.display()),
            ));
        }
    }
    Ok(target)
}

/// Writes `bytes` to a new file beside `target` and gives it `target`'s name. Without
/// permission to overwrite, a file that appeared at `target` meanwhile is kept.
fn write_atomically(target: &Path, bytes: &[u8], overwrite: Overwrite, field: &str) -> Result<()> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let failed = |e: std::io::Error| {
        refuse(
            field,
            format!("Berkas tidak dapat disimpan di {}: {e}", target.display()),
        )
    };
    // A fresh name (create_new), so nothing planted there is followed or overwritten.
    let mut attempt = 0u32;
    let (partial, mut file) = loop {
        let partial = folder.join(format!(".{name}.{}-{attempt}.sebagian", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&partial)
        {
            Ok(file) => break (partial, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(failed(e)),
        }
    };
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            match overwrite {
                Overwrite::Allow => std::fs::rename(&partial, target),
                // A hard link fails if the name was taken meanwhile; a file system without hard
                // links falls back to a rename after one more look.
                Overwrite::Refuse => match std::fs::hard_link(&partial, target) {
                    Ok(()) => std::fs::remove_file(&partial),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
                    Err(_) if target.exists() => Err(std::io::ErrorKind::AlreadyExists.into()),
                    Err(_) => std::fs::rename(&partial, target),
                },
            }
        });
    if let Err(error) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(failed(error));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_indonesian_way() {
        assert_eq!(human_size(512), "512 byte");
        assert_eq!(human_size(20 * 1024 * 1024), "20 MB");
        assert_eq!(human_size(1536), "1,5 KB");
    }

    #[test]
    fn a_file_over_the_cap_is_refused_and_one_at_the_cap_is_read() {
        let dir = tempfile::tempdir().expect("dir");
        let at_cap = vec![b'a'; 64];
        assert_eq!(
            read_limited(&at_cap[..], "file", "Berkas", 64).expect("at the cap"),
            at_cap
        );
        let err = read_limited(&[b'a'; 65][..], "file", "Berkas", 64).expect_err("over the cap");
        assert!(err.to_string().contains("terlalu besar"), "{err}");

        let path = dir.path().join("big.csv");
        std::fs::write(&path, vec![b'x'; (MAX_TEXT_BYTES + 1) as usize]).expect("write");
        let err = read_capped(&path, "file", FileKind::Text).expect_err("too big");
        let payload = err.to_payload();
        assert_eq!(payload.details.fields[0].field, "file");
        assert!(payload.message.contains("16 MB"), "{}", payload.message);
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_folders_are_refused_at_once() {
        let dir = tempfile::tempdir().expect("dir");
        let fifo = dir.path().join("pipa");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo must be installed (coreutils)");
        assert!(made.success());
        for path in [Path::new("/dev/zero"), fifo.as_path(), dir.path()] {
            let err = read_capped(path, "letter.scan", FileKind::Scan).expect_err("refused");
            assert!(err.to_string().contains("bukan berkas biasa"), "{err}");
            assert_eq!(err.to_payload().details.fields[0].field, "letter.scan");
        }
    }

    #[test]
    fn an_existing_file_is_kept_unless_overwriting_is_allowed() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("d.db");
        let out = dir.path().join("surat.pdf");
        std::fs::write(&out, b"lama").expect("write");
        let err =
            write_export(&out, b"baru", Some(&db), Overwrite::Refuse, "out").expect_err("kept");
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(std::fs::read(&out).expect("read"), b"lama");
        write_export(&out, b"baru", Some(&db), Overwrite::Allow, "out").expect("replaced");
        assert_eq!(std::fs::read(&out).expect("read"), b"baru");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("surat.pdf")]);
    }

    #[test]
    fn the_database_its_side_files_and_backups_are_never_written_whatever_the_spelling() {
        let dir = tempfile::tempdir().expect("dir");
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).expect("dir");
        let db = dir.path().join("d.db");
        let mut header = SQLITE_HEADER.to_vec();
        header.extend_from_slice(&[0; 84]);
        std::fs::write(&db, &header).expect("db");
        let protected = [
            db.clone(),
            sub.join("..").join("d.db"),
            dir.path().join("d.db-wal"),
            dir.path().join("d.db-shm"),
            dir.path().join("d.db-journal"),
            dir.path().join("d.db.before-migration-7.bak"),
            dir.path().join("d.db.before-restore-20261201T000000Z.bak"),
            dir.path().join("d.db.restore-incoming"),
        ];
        for path in &protected {
            let err = write_export(path, b"%PDF", Some(&db), Overwrite::Allow, "out")
                .expect_err("protected");
            assert!(err.to_string().contains("basis data"), "{path:?}: {err}");
        }
        #[cfg(unix)]
        {
            let link = dir.path().join("tautan.pdf");
            std::os::unix::fs::symlink(&db, &link).expect("symlink");
            let err = write_export(&link, b"%PDF", Some(&db), Overwrite::Allow, "out")
                .expect_err("through a link");
            assert!(err.to_string().contains("basis data"), "{err}");
        }
        // Any SQLite database is refused, even with permission to overwrite.
        let other = dir.path().join("lain.pdf");
        std::fs::write(&other, &header).expect("other db");
        let err = write_export(&other, b"%PDF", Some(&db), Overwrite::Allow, "out")
            .expect_err("an SQLite file");
        assert!(err.to_string().contains("basis data"), "{err}");
        assert_eq!(std::fs::read(&db).expect("db"), header);
        assert_eq!(std::fs::read(&other).expect("other"), header);
        assert!(!dir.path().join("d.db-wal").exists());
    }

    #[test]
    fn a_missing_folder_is_named() {
        let dir = tempfile::tempdir().expect("dir");
        let out = dir.path().join("tidak-ada").join("surat.pdf");
        let err = write_export(
            &out,
            b"x",
            Some(&dir.path().join("d.db")),
            Overwrite::Refuse,
            "out",
        )
        .expect_err("no folder");
        assert!(err.to_string().contains("tidak ditemukan"), "{err}");
    }
}
