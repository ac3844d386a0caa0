//! The day at the desk: who is expected, who came (check-in, walk-in, corrections), and how a
//! booking ends (completed or no-show).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use konsultasi::api::{CheckInInput, GuestInput, VoidCheckInInput, WalkInInput};
use konsultasi::error::{Error, Result};
use konsultasi::service::{self, checkin};
use konsultasi::time::system_now;
use konsultasi::validate::FieldErrors;

use crate::Session;
use crate::io::{print_json, read_text};

#[derive(Args)]
pub struct ArrivalsArgs {
    #[arg(long)]
    date: Option<String>,
    /// The day's video conferences and who joined them, instead.
    #[arg(long)]
    video: bool,
}

#[derive(Args)]
pub struct CheckinArgs {
    #[command(subcommand)]
    action: Option<CheckinCommand>,
    id: Option<i64>,
    /// Registered guests who came, numbered as in the daftar hadir: 1,3,4.
    #[arg(long, value_delimiter = ',')]
    present: Vec<u32>,
    /// Every registered guest came.
    #[arg(long, conflicts_with = "present")]
    all: bool,
    /// A guest who came unannounced: "Nama;Jabatan;Instansi" (repeat for each).
    #[arg(long = "extra")]
    extra: Vec<String>,
    /// Arrival time (HH:MM, WIB); default now. Not for a video conference.
    #[arg(long)]
    at: Option<String>,
    #[arg(long)]
    note: Option<String>,
    /// Print what would be recorded (and its violations) without recording it.
    #[arg(long)]
    preview: bool,
}

#[derive(Subcommand)]
enum CheckinCommand {
    /// Void check-in CHECK_IN_ID (the secretariat's): its violations are withdrawn from the
    /// reports and the delegation can be checked in again.
    Void {
        check_in_id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Every check-in of request ID, voided ones included, newest first.
    List { id: i64 },
}

#[derive(Args)]
pub struct WalkInArgs {
    file: Option<PathBuf>,
}

/// Which registered guests came, as the desk names them.
enum Present {
    Everyone,
    /// Indexes into the request's guests.
    Listed(Vec<u32>),
}

pub async fn arrivals(args: ArrivalsArgs, session: &Session) -> Result<()> {
    let date = args.date.unwrap_or_else(|| {
        system_now()
            .with_timezone(&konsultasi::time::OFFICE_TZ)
            .format("%Y-%m-%d")
            .to_string()
    });
    let store = session.store().await?;
    if args.video {
        print_json(&checkin::video_attendance(store, &date, system_now()).await?)
    } else {
        print_json(&checkin::arrivals(store, &date, system_now()).await?)
    }
}

pub async fn run(args: CheckinArgs, session: &Session) -> Result<()> {
    match args.action {
        Some(CheckinCommand::Void {
            check_in_id,
            reason,
        }) => {
            let input = VoidCheckInInput { reason };
            let (store, actor) = session.acting().await?;
            let request =
                checkin::void_check_in(store, &actor, check_in_id, &input, system_now()).await?;
            print_json(&serde_json::json!({
                "request": request,
                "check_ins": checkin::check_ins_of(store, request.id).await?,
            }))
        }
        Some(CheckinCommand::List { id }) => {
            let store = session.store().await?;
            print_json(&checkin::check_ins_of(store, id).await?)
        }
        None => check_in(args, session).await,
    }
}

async fn check_in(args: CheckinArgs, session: &Session) -> Result<()> {
    let id = args.id.ok_or_else(|| {
        Error::Validation(FieldErrors::single(
            "id",
            "Sebutkan nomor permohonan yang delegasinya datang",
        ))
    })?;
    let extra_guests = args
        .extra
        .iter()
        .enumerate()
        .map(|(index, text)| parse_extra_guest(index, text))
        .collect::<Result<Vec<_>>>()?;
    let present = if args.all {
        Present::Everyone
    } else {
        // Staff number guests from 1, as the daftar hadir does.
        if args.present.contains(&0) {
            return Err(Error::Validation(FieldErrors::single(
                "present",
                "Nomor tamu dimulai dari 1, seperti pada daftar hadir",
            )));
        }
        Present::Listed(args.present.iter().map(|n| n - 1).collect())
    };
    let (store, actor) = session.acting().await?;
    let present = match present {
        Present::Everyone => {
            let request = service::get_request(store, id).await?;
            (0..request.guests.len() as u32).collect()
        }
        Present::Listed(indexes) => indexes,
    };
    let input = CheckInInput {
        present,
        extra_guests,
        arrived_time: args.at,
        note: args.note,
    };
    if args.preview {
        return print_json(
            &checkin::check_in_preview(store, &actor, id, &input, system_now()).await?,
        );
    }
    let request = checkin::check_in(store, &actor, id, &input, system_now()).await?;
    print_json(&serde_json::json!({
        "request": request,
        "check_in": checkin::check_in_view(store, id).await?,
    }))
}

/// "Nama;Jabatan;Instansi" of a guest who came unannounced.
fn parse_extra_guest(index: usize, text: &str) -> Result<GuestInput> {
    let parts: Vec<&str> = text.split(';').map(str::trim).collect();
    match parts.as_slice() {
        [name, position, institution] => Ok(GuestInput {
            name: (*name).to_owned(),
            position: (*position).to_owned(),
            institution: (*institution).to_owned(),
            contact: None,
            is_regional_head: false,
        }),
        _ => Err(Error::Validation(FieldErrors::single(
            format!("extra_guests[{index}]"),
            format!("Tulis tamu tambahan sebagai \"Nama;Jabatan;Instansi\", bukan \"{text}\""),
        ))),
    }
}

pub async fn walk_in(args: WalkInArgs, session: &Session) -> Result<()> {
    let input: WalkInInput = service::parse_json_text(&read_text(args.file.as_deref(), "file")?)?;
    let (store, actor) = session.acting().await?;
    let request = checkin::walk_in(store, &actor, &input, system_now()).await?;
    print_json(&serde_json::json!({
        "check_in": checkin::check_in_view(store, request.id).await?,
        "request": request,
    }))
}

pub async fn complete(session: &Session, id: i64) -> Result<()> {
    let (store, actor) = session.acting().await?;
    print_json(&checkin::complete(store, &actor, id, system_now()).await?)
}

pub async fn no_show(session: &Session, id: i64) -> Result<()> {
    let (store, actor) = session.acting().await?;
    print_json(&checkin::mark_no_show(store, &actor, id, system_now()).await?)
}
