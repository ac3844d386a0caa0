//! `export …`: invites, the staff calendar, letters, the WhatsApp text, and the settings they
//! print.

use std::path::PathBuf;

use clap::Subcommand;

use konsultasi::api::{ExportSettings, LetterKind};
use konsultasi::error::Result;
use konsultasi::files;
use konsultasi::service::{self, export};
use konsultasi::time::system_now;

use crate::Session;
use crate::choices;
use crate::io::{deliver, overwrite, print_json, read_text, write_stdout};
use crate::schedule::CalendarArgs;

#[derive(Subcommand)]
pub enum ExportCommand {
    /// The invite of request ID's booking: METHOD:REQUEST, or METHOD:CANCEL once cancelled.
    Ics {
        id: i64,
        /// Insist on the cancellation (refused while the booking still stands).
        #[arg(long)]
        cancel: bool,
        /// Write to FILE instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace FILE if it exists (never the database or its backups).
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Every active booking from --from to --to (WIB days, inclusive) as one calendar.
    Calendar {
        #[command(flatten)]
        bookings: CalendarArgs,
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace --out if it exists (never the database or its backups).
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// A letter of request ID as PDF (numbered letters need --as). Its number is used up only
    /// once the file is written.
    Letter {
        id: i64,
        #[arg(long, value_parser = choices::hyphenated(LetterKind::ALL, LetterKind::as_str))]
        kind: LetterKind,
        #[arg(long)]
        out: PathBuf,
        /// Replace --out if it exists (never the database or its backups).
        #[arg(long)]
        force: bool,
    },
    /// The confirmation message for WhatsApp.
    Whatsapp { id: i64 },
    /// What of the letterhead, signatory, organizer and rooms is still a placeholder or missing
    /// (letters and invites are refused while what they print is).
    Status,
    /// Show the letterhead, signatory, organizer and numbering; --set FILE replaces them (JSON).
    Settings {
        #[arg(long)]
        set: Option<PathBuf>,
    },
}

pub async fn run(command: ExportCommand, session: &Session) -> Result<()> {
    match command {
        ExportCommand::Ics {
            id,
            cancel,
            out,
            force,
        } => {
            let store = session.store().await?;
            let file = export::invite(store, id, cancel, system_now()).await?;
            deliver(&file, out.as_deref(), force, store.path())
        }
        ExportCommand::Calendar {
            bookings,
            out,
            force,
        } => {
            let store = session.store().await?;
            let file = export::calendar(store, &bookings.into(), system_now()).await?;
            deliver(&file, out.as_deref(), force, store.path())
        }
        ExportCommand::Letter {
            id,
            kind,
            out,
            force,
        } => {
            let store = session.store().await?;
            let actor = session.actor_if_named().await?;
            // Refused before a number is even considered; written before it is committed.
            files::check_destination(&out, store.path(), overwrite(force), "out")?;
            export::letter_to(store, actor.as_ref(), id, kind, system_now(), |file| {
                deliver(file, Some(&out), force, store.path())
            })
            .await
        }
        ExportCommand::Whatsapp { id } => {
            let store = session.store().await?;
            let mut text = export::whatsapp_message(store, id).await?;
            text.push('\n');
            write_stdout(text.as_bytes())
        }
        ExportCommand::Status => {
            let store = session.store().await?;
            print_json(&service::setup::setup_status(store).await?)
        }
        ExportCommand::Settings { set: None } => {
            let store = session.store().await?;
            print_json(&export::export_settings(store).await?)
        }
        ExportCommand::Settings { set: Some(file) } => {
            let input: ExportSettings = service::parse_json_text(&read_text(Some(&file), "set")?)?;
            let (store, actor) = session.acting().await?;
            print_json(&export::save_export_settings(store, &actor, &input, system_now()).await?)
        }
    }
}
