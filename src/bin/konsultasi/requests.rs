//! `requests …`: registering, editing, finding and checking requests. The subcommands that move a
//! request along are declared here, with the others, and carried out by their area: transitions
//! in `workflow`, bookings in `schedule`, the end of a consultation in `checkin`.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use clap::Subcommand;

use konsultasi::api::{RequestFilter, RequestInput, ScanUpload};
use konsultasi::domain::{Channel, RequestStatus};
use konsultasi::error::{Error, Result};
use konsultasi::files;
use konsultasi::service::workflow::ConfirmationChannel;
use konsultasi::service::{self, scheduling};
use konsultasi::time::system_now;
use konsultasi::validate::FieldErrors;

use crate::choices;
use crate::io::{file_name, print_json, read_text};
use crate::schedule::SlotArgs;
use crate::{Session, checkin, schedule, workflow};

#[derive(Subcommand)]
pub enum RequestsCommand {
    /// Register a request from JSON (a file, or stdin when FILE is omitted or "-").
    Add {
        file: Option<PathBuf>,
        /// A scanned letter (PDF, PNG or JPEG) to store with the request's letter.
        #[arg(long, value_name = "FILE")]
        letter_scan: Option<PathBuf>,
    },
    /// Replace the fields of request ID from JSON (same shape as `add`), if it is still at
    /// version N (the "version" that `requests show` printed when you read it).
    Update {
        id: i64,
        file: Option<PathBuf>,
        /// The version the edit is based on; a request changed since is refused (exit 2).
        #[arg(long = "version", visible_alias = "based-on", value_name = "N")]
        based_on: i64,
        #[arg(long, value_name = "FILE")]
        letter_scan: Option<PathBuf>,
    },
    /// List requests, newest first.
    List {
        #[arg(long, value_parser = choices::stored(RequestStatus::ALL, RequestStatus::as_str))]
        status: Option<RequestStatus>,
        #[arg(long, value_parser = choices::stored(Channel::ALL, Channel::as_str))]
        channel: Option<Channel>,
        /// Kemendagri code of the requester's region, e.g. 32.01.
        #[arg(long)]
        region: Option<String>,
        /// Words to find in requester, contact, description, letter number or guest names.
        #[arg(long)]
        text: Option<String>,
        /// DJPK unit code (booked, or the first topic's unit before booking).
        #[arg(long)]
        unit: Option<String>,
        /// First day (YYYY-MM-DD, WIB) of the consultation date, inclusive.
        #[arg(long)]
        from: Option<String>,
        /// Last day (YYYY-MM-DD, WIB), inclusive.
        #[arg(long)]
        to: Option<String>,
    },
    /// Show one request in full.
    Show { id: i64 },
    /// The rules' findings for request ID.
    Check { id: i64 },
    /// Mark the request letter verified (secretariat).
    Verify { id: i64 },
    /// Record the Pemda's confirmation of the scheduled slot.
    Confirm {
        id: i64,
        /// Who confirmed, on the Pemda's side.
        #[arg(long)]
        by: String,
        #[arg(
            long,
            value_parser = choices::stored(ConfirmationChannel::ALL, ConfirmationChannel::as_str)
        )]
        via: ConfirmationChannel,
        /// When (YYYY-MM-DD HH:MM, WIB); default now.
        #[arg(long)]
        at: Option<String>,
    },
    /// Move a scheduled or confirmed request to a new slot.
    Reschedule {
        id: i64,
        #[command(flatten)]
        slot: SlotArgs,
    },
    /// Cancel the request (and its booking) with a reason.
    Cancel {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Reject the request with a reason (secretariat).
    Reject {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Close a checked-in consultation; it then counts in the monthly report.
    Complete { id: i64 },
    /// Mark a booking nobody came to as a no-show (after its slot ended).
    NoShow { id: i64 },
    /// Book a slot for request ID after every rule has passed.
    Schedule {
        id: i64,
        #[command(flatten)]
        slot: SlotArgs,
    },
}

pub async fn run(command: RequestsCommand, session: &Session) -> Result<()> {
    match command {
        RequestsCommand::Add { file, letter_scan } => {
            let input = read_request_input(file.as_deref(), letter_scan.as_deref())?;
            let (store, actor) = session.acting().await?;
            print_json(&service::create_request(store, &actor, &input, system_now()).await?)
        }
        RequestsCommand::Update {
            id,
            file,
            based_on,
            letter_scan,
        } => {
            let input = read_request_input(file.as_deref(), letter_scan.as_deref())?;
            let (store, actor) = session.acting().await?;
            print_json(
                &service::update_request(store, &actor, id, based_on, &input, system_now()).await?,
            )
        }
        RequestsCommand::List {
            status,
            channel,
            region,
            text,
            unit,
            from,
            to,
        } => {
            let filter = RequestFilter {
                status,
                channel,
                region_code: region,
                text,
                unit_code: unit,
                from,
                to,
            };
            let store = session.store().await?;
            print_json(&service::list_requests(store, &filter).await?)
        }
        RequestsCommand::Show { id } => {
            let store = session.store().await?;
            print_json(&service::get_request(store, id).await?)
        }
        RequestsCommand::Check { id } => {
            let store = session.store().await?;
            print_json(&scheduling::check_request(store, id, system_now()).await?)
        }
        RequestsCommand::Verify { id } => workflow::verify(session, id).await,
        RequestsCommand::Confirm { id, by, via, at } => {
            workflow::confirm(session, id, by, via, at).await
        }
        RequestsCommand::Reschedule { id, slot } => schedule::reschedule(session, id, slot).await,
        RequestsCommand::Cancel { id, reason } => workflow::cancel(session, id, &reason).await,
        RequestsCommand::Reject { id, reason } => workflow::reject(session, id, &reason).await,
        RequestsCommand::Complete { id } => checkin::complete(session, id).await,
        RequestsCommand::NoShow { id } => checkin::no_show(session, id).await,
        RequestsCommand::Schedule { id, slot } => schedule::schedule(session, id, slot).await,
    }
}

/// The request of FILE (or stdin), with the scanned letter attached when one is given.
fn read_request_input(file: Option<&Path>, letter_scan: Option<&Path>) -> Result<RequestInput> {
    let text = read_text(file, "file")?;
    let mut input: RequestInput = service::parse_json_text(&text)?;
    if let Some(scan_path) = letter_scan {
        let Some(letter) = input.letter.as_mut() else {
            return Err(Error::Validation(FieldErrors::single(
                "letter",
                "Pindaian surat diberikan, tetapi data surat permintaan (letter) kosong",
            )));
        };
        let bytes = files::read_capped(scan_path, "letter.scan", files::FileKind::Scan)?;
        letter.scan = Some(ScanUpload {
            file_name: file_name(scan_path),
            content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        });
    }
    Ok(input)
}
