//! Consultations held: importing the desk's earlier records, the monthly report, and a Pemda's
//! compliance history.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Subcommand};

use konsultasi::api::ReportFormat;
use konsultasi::error::{Error, Result};
use konsultasi::service::{checkin, export, history};
use konsultasi::time::system_now;
use konsultasi::validate::FieldErrors;

use crate::Session;
use crate::choices::Choices;
use crate::io::{deliver, file_name, print_json, read_text};

#[derive(Args)]
pub struct ImportArgs {
    file: PathBuf,
}

#[derive(Args)]
pub struct HistoryArgs {
    region_code: String,
}

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The monthly report of YYYY-MM.
    Monthly {
        month: String,
        #[arg(long, value_parser = monthly_formats(), default_value = "json")]
        format: MonthlyFormat,
        /// Write to FILE instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace --out if it exists (never the database or its backups).
        #[arg(long, requires = "out")]
        force: bool,
    },
}

/// What `report monthly` gives: the report itself as JSON, or one of its files.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum MonthlyFormat {
    Json,
    File(ReportFormat),
}

/// `json`, then the report's file formats as the contract names them.
fn monthly_formats() -> Choices<MonthlyFormat> {
    let files = ReportFormat::ALL.iter().map(|&format| {
        let word = PossibleValue::new(format.as_str());
        let word = match format {
            ReportFormat::Pdf => word.help("Needs --out"),
            ReportFormat::Csv => word,
        };
        (word, MonthlyFormat::File(format))
    });
    Choices::new(std::iter::once((PossibleValue::new("json"), MonthlyFormat::Json)).chain(files))
}

pub async fn import(args: ImportArgs, session: &Session) -> Result<()> {
    let text = read_text(Some(&args.file), "file")?;
    let name = file_name(&args.file);
    let (store, actor) = session.acting().await?;
    print_json(&history::import_held_csv(store, &actor, &name, &text, system_now()).await?)
}

pub async fn report(command: ReportCommand, session: &Session) -> Result<()> {
    match command {
        ReportCommand::Monthly {
            month,
            format,
            out,
            force,
        } => {
            if format == MonthlyFormat::File(ReportFormat::Pdf) && out.is_none() {
                return Err(Error::Validation(FieldErrors::single(
                    "out",
                    "Laporan PDF perlu --out FILE",
                )));
            }
            let store = session.store().await?;
            let file = match format {
                MonthlyFormat::Json => export::ExportedFile {
                    file_name: format!("laporan-{month}.json"),
                    mime_type: "application/json",
                    bytes: serde_json::to_vec_pretty(&history::monthly(store, &month).await?)
                        .map_err(|e| Error::Internal(e.to_string()))?,
                    warnings: Vec::new(),
                },
                MonthlyFormat::File(format) => {
                    export::monthly_report_file(store, &month, format, system_now()).await?
                }
            };
            deliver(&file, out.as_deref(), force, store.path())
        }
    }
}

pub async fn compliance(args: HistoryArgs, session: &Session) -> Result<()> {
    let store = session.store().await?;
    print_json(&checkin::compliance_history(store, &args.region_code).await?)
}
