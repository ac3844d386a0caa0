//! Errors of the core, and their one wire shape.
//!
//! Expected failures (bad input, a missing record) are variants callers branch on; unexpected
//! ones (the database, the disk) are carried through unchanged for the log. Every variant maps to
//! one of a closed set of [`ErrorCode`]s, which is all the UI ever branches on.

pub use konsultasi_core::error::{ErrorCode, ErrorDetails, ErrorPayload};
use konsultasi_core::policy::rules::Finding;
pub use konsultasi_core::validate::FieldError;
use konsultasi_core::validate::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input was refused; each field error names the field and says why, in Indonesian.
    #[error("{}", .0.summary())]
    Validation(FieldErrors),

    /// A rule of the policy refuses the action; the findings say which and why.
    #[error("{message}")]
    Policy {
        message: String,
        findings: Vec<Finding>,
    },

    /// The action collides with another booking or with the record's current state (e.g. a
    /// slot taken a moment ago by someone else).
    #[error("{message}")]
    Conflict {
        message: String,
        findings: Vec<Finding>,
    },

    /// The record asked for does not exist (`what` is the Indonesian noun, e.g. "Permohonan").
    #[error("{what} #{id} tidak ditemukan")]
    NotFound { what: &'static str, id: String },

    /// No valid session: a wrong username or password, an expired, revoked or unknown token.
    /// The message says what to do; it never says which of username and password was wrong.
    #[error("{0}")]
    Unauthenticated(String),

    /// Too many attempts: a locked account, or a desk trying too fast. Try again later.
    #[error("{message}")]
    Throttled {
        message: String,
        retry_after_seconds: u64,
    },

    /// The team server could not be reached (a desk in team mode): the connection dropped or
    /// timed out. The message says so in Indonesian.
    #[error("{0}")]
    Unavailable(String),

    /// The database file could not be opened, backed up or migrated.
    #[error("basis data tidak dapat dibuka: {0}")]
    Open(String),

    /// Stored data or an output could not be read or written as expected.
    #[error("kesalahan internal: {0}")]
    Internal(String),

    /// The database was opened read-only (its file or folder is not writable): a change was
    /// refused before anything was written.
    #[error("basis data hanya-baca: {0}")]
    ReadOnly(String),

    /// A query failed for a reason the caller could not have prevented.
    #[error("kesalahan basis data: {0}")]
    Database(#[source] sqlx::Error),

    #[error("kesalahan migrasi basis data: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),

    #[error("kesalahan berkas: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Validation(_) | Error::ReadOnly(_) => ErrorCode::Validation,
            Error::Policy { .. } => ErrorCode::Policy,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Unauthenticated(_) => ErrorCode::Unauthenticated,
            Error::Throttled { .. } => ErrorCode::Throttled,
            Error::Unavailable(_) => ErrorCode::Unavailable,
            Error::Open(_)
            | Error::Internal(_)
            | Error::Database(_)
            | Error::Migration(_)
            | Error::Io(_) => ErrorCode::Internal,
        }
    }

    pub fn not_found(what: &'static str, id: impl ToString) -> Self {
        Error::NotFound {
            what,
            id: id.to_string(),
        }
    }

    pub fn to_payload(&self) -> ErrorPayload {
        let details = match self {
            Error::Validation(errors) => ErrorDetails {
                fields: errors.as_slice().to_vec(),
                findings: Vec::new(),
            },
            Error::Policy { findings, .. } | Error::Conflict { findings, .. } => ErrorDetails {
                fields: Vec::new(),
                findings: findings.clone(),
            },
            _ => ErrorDetails::default(),
        };
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
            details,
        }
    }
}

impl From<sqlx::Error> for Error {
    /// SQLite's "attempt to write a readonly database" (`SQLITE_READONLY` and its extended
    /// codes) becomes [`Error::ReadOnly`], which says what to do. PostgreSQL's refusals of a
    /// write that lost a race (the exclusion constraint against double bookings, a unique key
    /// taken a moment ago, a serialisation failure or deadlock) become [`Error::Conflict`] with
    /// the reason in Indonesian. Anything else stays as it is.
    fn from(error: sqlx::Error) -> Self {
        if let Some(db) = error.as_database_error() {
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                let read_only = db
                    .code()
                    .and_then(|code| code.parse::<i64>().ok())
                    .is_some_and(|code| code & 0xff == 8);
                if read_only {
                    return Error::ReadOnly(
                        "perubahan tidak dapat disimpan karena berkas basis data atau foldernya \
                         tidak dapat ditulis; minta izin tulis, atau pakai salinan di folder yang \
                         dapat ditulis"
                            .to_owned(),
                    );
                }
            } else if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                && let Some(message) = lost_race(pg.code(), pg.constraint())
            {
                return Error::Conflict {
                    message,
                    findings: Vec::new(),
                };
            }
        }
        Error::Database(error)
    }
}

/// The Indonesian reason for a PostgreSQL refusal that means another desk got there first.
fn lost_race(code: &str, constraint: Option<&str>) -> Option<String> {
    Some(match (code, constraint) {
        ("23P01", Some("one_booking_per_person_at_a_time")) => {
            "Narasumber sudah terjadwal pada waktu itu (termasuk jeda); basis data menolak jadwal \
             yang bentrok. Muat ulang dan pilih waktu lain"
                .to_owned()
        }
        ("23P01", _) => "Ruang sudah dipakai pada waktu itu (termasuk jeda); basis data menolak \
                         jadwal yang bentrok. Muat ulang dan pilih waktu atau ruang lain"
            .to_owned(),
        ("23505", Some(name)) if name.starts_with("issued_letters") => {
            "Nomor surat itu baru saja dipakai meja lain; cetak ulang untuk mendapat nomor \
             berikutnya"
                .to_owned()
        }
        ("23505", _) => {
            "Data yang sama baru saja disimpan meja lain; muat ulang lalu coba lagi".to_owned()
        }
        ("40001" | "40P01", _) => {
            "Perubahan bertabrakan dengan perubahan lain pada saat yang sama; coba lagi".to_owned()
        }
        _ => return None,
    })
}

impl From<FieldErrors> for Error {
    fn from(errors: FieldErrors) -> Self {
        Error::Validation(errors)
    }
}
