//! Backup and restore of the team database with PostgreSQL's own tools.
//!
//! A backup is `pg_dump --format=custom` of one exported snapshot, the same snapshot in which
//! the report counts the requests, so the file holds exactly what had committed when it began,
//! whatever the desks write meanwhile. A restore never writes into the live database: the dump
//! is restored into a new database beside it, in one transaction (`pg_restore
//! --single-transaction --exit-on-error`, so the server checks every constraint and foreign
//! key), which must then open as the app opens it (a migration history this build continues,
//! migrated to this build, reference data in place). Only then are the databases renamed, the
//! live one kept as `<name>_before_restore_<stamp>`; PostgreSQL refuses the rename while any
//! desk is connected, and the restore is then refused as a conflict with nothing changed.
//!
//! The password reaches the tools through `PGPASSWORD`, never on their command line, where any
//! user of the machine could read it.

use std::path::Path;
use std::process::Stdio;

use sqlx::{Connection, PgConnection};
use url::Url;

use crate::Store;
use crate::backend::{Backend, Location, PostgresUrl, redact};
use crate::backup::BackupReport;
use crate::error::{Error, Result};
use konsultasi_core::validate::FieldErrors;

/// The URL without its password, and the password (decoded), for a PostgreSQL tool.
fn for_tool(url: &PostgresUrl, database: Option<&str>) -> Result<(String, Option<String>)> {
    let mut parsed = Url::parse(url.expose())
        .map_err(|e| Error::Open(format!("{url}: alamat tidak dapat dibaca ({e})")))?;
    let password = parsed.password().map(|p| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    });
    let _ = parsed.set_password(None);
    if let Some(name) = database {
        parsed.set_path(&format!("/{name}"));
    }
    Ok((parsed.to_string(), password))
}

/// Runs a PostgreSQL program; its one-line complaint on failure.
async fn run_tool(
    program: &str,
    args: &[String],
    password: Option<&str>,
) -> std::result::Result<String, String> {
    let mut command = tokio::process::Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match password {
        Some(password) => command.env("PGPASSWORD", password),
        None => command.env_remove("PGPASSWORD"),
    };
    let output = command.output().await.map_err(|e| {
        format!("{program} tidak dapat dijalankan ({e}); pasang paket postgresql-client")
    })?;
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let complaint = String::from_utf8_lossy(&output.stderr);
    let first = complaint
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("keluar dengan galat");
    Err(redact(first.trim()))
}

fn database_name(url: &PostgresUrl) -> Result<String> {
    url.options()?
        .get_database()
        .map(str::to_owned)
        .ok_or_else(|| Error::Open(format!("{url}: nama basis data tidak disebut")))
}

/// `pg_dump` of the team database into `out` (see the module's comment).
pub async fn backup(store: &Store, url: &PostgresUrl, out: &Path) -> Result<BackupReport> {
    crate::backup::check_out(out)?;
    let Backend::Postgres(pool) = &store.pool else {
        return Err(Error::Internal("bukan basis data PostgreSQL".into()));
    };
    let mut snapshot = pool
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await?;
    let exported: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut *snapshot)
        .await?;
    let requests: i64 = sqlx::query_scalar("SELECT count(*) FROM requests")
        .fetch_one(&mut *snapshot)
        .await?;
    let schema_version: i64 =
        sqlx::query_scalar("SELECT coalesce(max(version), 0) FROM _sqlx_migrations")
            .fetch_one(&mut *snapshot)
            .await?;
    // Written under a temporary name, so a finished name is always a whole dump.
    let partial = crate::lock::sibling(out, ".partial");
    crate::remove_if_present(&partial)?;
    let (target, password) = for_tool(url, None)?;
    let dumped = run_tool(
        "pg_dump",
        &[
            "--format=custom".into(),
            "--no-owner".into(),
            format!("--snapshot={exported}"),
            format!("--file={}", partial.display()),
            format!("--dbname={target}"),
        ],
        password.as_deref(),
    )
    .await;
    snapshot.commit().await?;
    if let Err(why) = dumped {
        crate::remove_if_present(&partial)?;
        return Err(Error::Internal(format!("pg_dump gagal: {why}")));
    }
    std::fs::File::open(&partial)?.sync_all()?;
    std::fs::rename(&partial, out)?;
    Ok(BackupReport {
        file: out.display().to_string(),
        bytes: std::fs::metadata(out).map(|m| m.len()).unwrap_or(0),
        requests,
        schema_version,
        previous_kept_as: None,
    })
}

fn refusal(file: &Path, why: &str) -> Error {
    FieldErrors::single(
        "file",
        format!("{} tidak dapat dipulihkan: {why}", file.display()),
    )
    .into()
}

/// Replaces the team database at `url` with the dump `file` (see the module's comment).
pub async fn restore(file: &Path, url: &PostgresUrl, stamp: &str) -> Result<BackupReport> {
    if !file.is_file() {
        return Err(refusal(file, "berkas tidak ditemukan"));
    }
    let (_, password) = for_tool(url, None)?;
    run_tool(
        "pg_restore",
        &["--list".into(), file.display().to_string()],
        password.as_deref(),
    )
    .await
    .map_err(|why| refusal(file, &format!("bukan cadangan pg_dump ({why})")))?;

    let live = database_name(url)?;
    let incoming = format!("{live}_restore_{}", stamp.to_ascii_lowercase());
    let kept = format!("{live}_before_restore_{}", stamp.to_ascii_lowercase());
    let mut admin = admin_connection(url).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE {}",
        quoted(&incoming)
    )))
    .execute(&mut admin)
    .await?;

    let checked = restore_into(file, url, &incoming, password.as_deref()).await;
    let requests = match checked {
        Ok(requests) => requests,
        Err(e) => {
            drop_database(&mut admin, &incoming).await;
            return Err(e);
        }
    };
    // PostgreSQL itself refuses to rename a database anyone is connected to.
    let swapped = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "ALTER DATABASE {} RENAME TO {}",
        quoted(&live),
        quoted(&kept)
    )))
    .execute(&mut admin)
    .await;
    if let Err(e) = swapped {
        drop_database(&mut admin, &incoming).await;
        let in_use = e
            .as_database_error()
            .and_then(|d| d.code())
            .is_some_and(|code| code == "55006");
        return Err(if in_use {
            Error::Conflict {
                message: format!(
                    "basis data {live} sedang dipakai; tutup aplikasi di semua meja lalu coba lagi"
                ),
                findings: Vec::new(),
            }
        } else {
            e.into()
        });
    }
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "ALTER DATABASE {} RENAME TO {}",
        quoted(&incoming),
        quoted(&live)
    )))
    .execute(&mut admin)
    .await?;
    let _ = admin.close().await;
    let schema_version = crate::postgres_migrator()
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    Ok(BackupReport {
        file: file.display().to_string(),
        bytes: std::fs::metadata(file).map(|m| m.len()).unwrap_or(0),
        requests,
        schema_version,
        previous_kept_as: Some(kept),
    })
}

/// Restores `file` into the new database `name` and opens it as the app would; its request
/// count, or the reason it cannot replace the live one.
async fn restore_into(
    file: &Path,
    url: &PostgresUrl,
    name: &str,
    password: Option<&str>,
) -> Result<i64> {
    let (target, _) = for_tool(url, Some(name))?;
    run_tool(
        "pg_restore",
        &[
            "--no-owner".into(),
            "--single-transaction".into(),
            "--exit-on-error".into(),
            format!("--dbname={target}"),
            file.display().to_string(),
        ],
        password,
    )
    .await
    .map_err(|why| refusal(file, &format!("pemulihan ditolak server ({why})")))?;
    let opened = Store::open_at(&Location::Postgres(database_url(url, name)?))
        .await
        .map_err(|e| refusal(file, &format!("tidak dapat dibuka oleh aplikasi ini ({e})")))?;
    let requests = match &opened.pool {
        Backend::Postgres(pool) => sqlx::query_scalar("SELECT count(*) FROM requests")
            .fetch_one(pool)
            .await
            .map_err(Error::from),
        Backend::Sqlite(_) => Err(Error::Internal("bukan PostgreSQL".into())),
    };
    opened.close().await;
    requests
}

/// `url` naming database `name` instead, password kept (for opening it as a store).
fn database_url(url: &PostgresUrl, name: &str) -> Result<PostgresUrl> {
    let mut parsed = Url::parse(url.expose())
        .map_err(|e| Error::Open(format!("{url}: alamat tidak dapat dibaca ({e})")))?;
    parsed.set_path(&format!("/{name}"));
    PostgresUrl::parse(parsed.as_str())
}

/// A connection to the server's `postgres` database, from where databases can be created and
/// renamed.
async fn admin_connection(url: &PostgresUrl) -> Result<PgConnection> {
    let admin = database_url(url, "postgres")?;
    PgConnection::connect(admin.expose())
        .await
        .map_err(|e| Error::Open(format!("{url}: {}", redact(&e.to_string()))))
}

async fn drop_database(admin: &mut PgConnection, name: &str) {
    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
        quoted(name)
    )))
    .execute(admin)
    .await;
}

/// An identifier quoted for PostgreSQL.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
