//! Copies of the database: a backup taken while others write, and a restore that replaces the
//! database file (so it never opens the store).

use std::path::PathBuf;

use clap::Args;

use konsultasi::Store;
use konsultasi::error::{Error, Result};
use konsultasi::store;
use konsultasi::store::backend::Location;
use konsultasi::time::system_now;
use konsultasi::validate::FieldErrors;

use crate::Session;
use crate::io::print_json;

#[derive(Args)]
pub struct BackupArgs {
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct MigrateDataArgs {
    /// The desk's database file.
    #[arg(long, value_name = "FILE")]
    from: PathBuf,
    /// The team database: postgres://user@host:port/name, migrated or empty, never used.
    #[arg(long, value_name = "URL")]
    to: String,
}

#[derive(Args)]
pub struct RestoreArgs {
    file: PathBuf,
}

pub async fn backup(args: BackupArgs, session: &Session) -> Result<()> {
    let store = session.store().await?;
    let report = match store.location() {
        Location::File(_) => store::backup::backup(store, &args.out).await?,
        Location::Postgres(url) => store::backup_postgres::backup(store, url, &args.out).await?,
    };
    print_json(&report)
}

pub async fn restore(args: RestoreArgs, session: &Session) -> Result<()> {
    let stamp = system_now().format("%Y%m%dT%H%M%SZ").to_string();
    let report = match session.location() {
        Location::File(db) => store::backup::restore(&args.file, db, &stamp).await?,
        Location::Postgres(url) => store::backup_postgres::restore(&args.file, url, &stamp).await?,
    };
    print_json(&report)
}

pub async fn migrate_data(args: MigrateDataArgs) -> Result<()> {
    let to = match Location::parse(&args.to)? {
        Location::Postgres(url) => url,
        Location::File(_) => {
            return Err(Error::Validation(FieldErrors::single(
                "to",
                "tujuan harus alamat postgres://pengguna@host:port/nama-basis-data",
            )));
        }
    };
    // Opening a missing file would create an empty desk and move nothing.
    if !args.from.is_file() {
        return Err(Error::Validation(FieldErrors::single(
            "from",
            format!("berkas {} tidak ditemukan", args.from.display()),
        )));
    }
    let from = Store::open(&args.from).await?;
    let target = match Store::open_postgres(&to).await {
        Ok(target) => target,
        Err(e) => {
            from.close().await;
            return Err(e);
        }
    };
    let outcome = store::migrate_data::migrate_data(&from, &target).await;
    from.close().await;
    target.close().await;
    print_json(&outcome?)
}
