//! The SMTP password: never in the database (so never in a backup or a dump), but in a file
//! only the desk's user may read, beside the database file or in the user's configuration
//! folder for a team database (`Store::secret_path`).

use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};
use crate::store::Store;

const SECRET_NAME: &str = "smtp-password";

fn unreadable(path: &Path, error: std::io::Error) -> Error {
    Error::Internal(format!(
        "Berkas kata sandi SMTP {} tidak dapat dibaca: {error}",
        path.display()
    ))
}

/// The kept password, if any.
pub fn read_password(store: &Store) -> Result<Option<String>> {
    let path = store.secret_path(SECRET_NAME)?;
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            Ok(Some(text.trim_end_matches(['\r', '\n']).to_owned()).filter(|p| !p.is_empty()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(unreadable(&path, e)),
    }
}

/// Keeps `password` (replacing any), or forgets the kept one. The file is made readable by its
/// owner only before the password is written into it, and renamed into place.
pub fn write_password(store: &Store, password: Option<&str>) -> Result<()> {
    let path = store.secret_path(SECRET_NAME)?;
    let Some(password) = password else {
        return match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(unreadable(&path, e)),
        };
    };
    let failed = |e: std::io::Error| {
        Error::Internal(format!(
            "Kata sandi SMTP tidak dapat disimpan di {}: {e}",
            path.display()
        ))
    };
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    let partial = path.with_file_name(format!(
        ".{}.{}.sebagian",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let written = options.open(&partial).and_then(|mut file| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(password.as_bytes())?;
        file.sync_all()
    });
    if let Err(error) = written.and_then(|()| std::fs::rename(&partial, &path)) {
        let _ = std::fs::remove_file(&partial);
        return Err(failed(error));
    }
    Ok(())
}
