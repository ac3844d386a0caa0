//! Copies of the database: a backup taken while others write, and a restore that replaces the
//! database file (so it never opens the store).

use std::path::PathBuf;

use clap::Args;

use konsultasi::error::Result;
use konsultasi::store;
use konsultasi::time::system_now;

use crate::Session;
use crate::io::print_json;

#[derive(Args)]
pub struct BackupArgs {
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    file: PathBuf,
}

pub async fn backup(args: BackupArgs, session: &Session) -> Result<()> {
    let store = session.store().await?;
    print_json(&store::backup::backup(store, &args.out).await?)
}

pub async fn restore(args: RestoreArgs, session: &Session) -> Result<()> {
    let stamp = system_now().format("%Y%m%dT%H%M%SZ").to_string();
    print_json(&store::backup::restore(
        &args.file,
        session.db_path("restore mengganti berkas SQLite; basis data PostgreSQL dipulihkan dengan pg_restore")?,
        &stamp,
    ).await?)
}
