//! Opening the team database on a PostgreSQL server.
//!
//! Every refusal is one Indonesian line that names the server (never its password) and changes
//! nothing: a server that does not answer within [`CONNECT_TIMEOUT`], a wrong password, a
//! database that does not exist, a server older than [`OLDEST_SERVER`], a database holding
//! someone else's tables, or one migrated by a newer build of this app. Checking the history,
//! migrating and syncing the reference data run under a session advisory lock, so desks
//! starting at once take turns; each migration runs in its own transaction, so one interrupted
//! half way left nothing behind and the next open applies it whole.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgConnection, PgPool};

use crate::backend::{Backend, Location, PostgresUrl};
use crate::error::{Error, Result};
use crate::reference::{self, ReferenceData};
use crate::{POSTGRES_MIGRATOR, Store, check_history};

/// How long a server may take to accept a connection before the open is refused.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The oldest PostgreSQL this app runs on (`server_version_num`): 15, Debian 12's.
pub const OLDEST_SERVER: i32 = 150_000;

/// Connections one store keeps open at most.
const POOL_SIZE: u32 = 10;

/// The session advisory lock that opening holds ("KDJPO" in ASCII).
const OPEN_LOCK: i64 = 0x4b_44_4a_50_4f;

impl Store {
    /// Opens the team database at `url` and migrates it (see the module's comment).
    pub async fn open_postgres(url: &PostgresUrl) -> Result<Self> {
        let options = url.options()?.application_name("konsultasi-djpk");
        let refused = |why: String| Error::Open(format!("{url}: {why}"));
        let mut first = tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options))
            .await
            .map_err(|_| {
                refused(format!(
                    "server PostgreSQL tidak menjawab dalam {} detik; periksa alamat, port dan \
                     jaringannya",
                    CONNECT_TIMEOUT.as_secs()
                ))
            })?
            .map_err(|e| refused(connect_failure(&e)))?;

        let version: i32 =
            sqlx::query_scalar("SELECT current_setting('server_version_num')::integer")
                .fetch_one(&mut first)
                .await?;
        if version < OLDEST_SERVER {
            return Err(refused(format!(
                "PostgreSQL {}.{} terlalu lama; aplikasi ini memerlukan PostgreSQL {} atau lebih baru",
                version / 10_000,
                version % 10_000 / 100,
                OLDEST_SERVER / 10_000
            )));
        }

        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(OPEN_LOCK)
            .execute(&mut first)
            .await?;
        let prepared = prepare(&mut first).await.map_err(|e| match e {
            Prepare::Refused(why) => refused(why),
            Prepare::Failed(e) => e,
        });
        let pool = match prepared {
            Ok(()) => PgPoolOptions::new()
                .max_connections(POOL_SIZE)
                .acquire_timeout(CONNECT_TIMEOUT)
                .connect_with(options)
                .await
                .map_err(|e| refused(connect_failure(&e))),
            Err(e) => Err(e),
        };
        let synced = match &pool {
            Ok(pool) => sync_reference(pool).await,
            Err(_) => Ok(()),
        };
        // Released before anything can fail further, so a refused open never keeps the lock.
        let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(OPEN_LOCK)
            .execute(&mut first)
            .await;
        let _ = first.close().await;
        let pool = pool?;
        synced?;

        let data = ReferenceData::load(Backend::Postgres(&pool)).await?;
        Ok(Self {
            pool: Backend::Postgres(pool),
            location: Location::Postgres(url.clone()),
            read_only: false,
            _in_use: None,
            reference: Arc::new(RwLock::new(Arc::new(data))),
            policy: Arc::new(RwLock::new(None)),
        })
    }
}

enum Prepare {
    /// The database is not one this build may open, with the Indonesian reason.
    Refused(String),
    Failed(Error),
}

impl From<sqlx::Error> for Prepare {
    fn from(e: sqlx::Error) -> Self {
        Prepare::Failed(e.into())
    }
}

/// Checks that the database is empty or this app's, at a version this build knows, then runs
/// the pending migrations.
async fn prepare(conn: &mut PgConnection) -> std::result::Result<(), Prepare> {
    let has_history: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_tables
                        WHERE schemaname = current_schema() AND tablename = '_sqlx_migrations')",
    )
    .fetch_one(&mut *conn)
    .await?;
    if has_history {
        let rows: Vec<(i64, Vec<u8>, bool)> = sqlx::query_as(
            "SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version",
        )
        .fetch_all(&mut *conn)
        .await?;
        if !rows.is_empty() {
            check_history(&POSTGRES_MIGRATOR, &rows).map_err(Prepare::Refused)?;
        }
    } else {
        let foreign: Vec<String> = sqlx::query_scalar(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()
             ORDER BY tablename LIMIT 3",
        )
        .fetch_all(&mut *conn)
        .await?;
        if !foreign.is_empty() {
            return Err(Prepare::Refused(format!(
                "basis data ini sudah berisi tabel lain ({}, …) tanpa riwayat migrasi Konsultasi \
                 DJPK; pakai basis data yang kosong",
                foreign.join(", ")
            )));
        }
    }
    POSTGRES_MIGRATOR
        .run(&mut *conn)
        .await
        .map_err(|e| Prepare::Failed(e.into()))?;
    Ok(())
}

async fn sync_reference(pool: &PgPool) -> Result<()> {
    reference::sync_shipped_data(Backend::Postgres(pool)).await
}

/// Why a connection was refused, in the words a desk's IT can act on.
fn connect_failure(error: &sqlx::Error) -> String {
    if let Some(db) = error.as_database_error() {
        return match db.code().as_deref() {
            Some("28P01") => "nama pengguna atau kata sandi PostgreSQL salah".to_owned(),
            Some("28000") => {
                "server PostgreSQL menolak sambungan ini (periksa pg_hba.conf dan hak pengguna)"
                    .to_owned()
            }
            Some("3D000") => {
                "basis data itu tidak ada di server; buat dulu dengan createdb".to_owned()
            }
            Some("53300") => {
                "server PostgreSQL kehabisan sambungan; coba lagi sebentar lagi".to_owned()
            }
            _ => format!("server PostgreSQL menolak sambungan: {}", db.message()),
        };
    }
    match error {
        sqlx::Error::Io(e) => format!("server PostgreSQL tidak dapat dihubungi ({e})"),
        sqlx::Error::Tls(e) => format!("sambungan TLS ke server PostgreSQL gagal ({e})"),
        sqlx::Error::PoolTimedOut => format!(
            "server PostgreSQL tidak menjawab dalam {} detik",
            CONNECT_TIMEOUT.as_secs()
        ),
        other => format!("server PostgreSQL tidak dapat dipakai ({other})"),
    }
}
