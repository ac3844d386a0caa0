//! `konsultasi`: the automation and admin face of the desk's services. JSON in, JSON out.
//!
//! Exit codes: 0 success, 1 internal error, 2 refused input (or bad usage), 3 not found.
//! Output to a pipe that closed early (`konsultasi requests list | head`) ends the command
//! quietly with exit code 0: what was done is done, and the reader wanted no more.
//!
//! Files: every `--out` refuses an existing file unless `--force` is given, and never writes
//! over the database, its side files or its backups (see `konsultasi::files`). Files read
//! (JSON, CSV, ICS, scans) are capped in size and must be regular files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

use konsultasi::api::VoidCheckInInput;
use konsultasi::api::{
    CalendarFilter, CheckInInput, ConfirmInput, ExportSettings, GuestInput, LetterKind,
    ReportFormat as ApiReportFormat, ResourcePersonInput, UserInput, WalkInInput,
};
use konsultasi::api::{
    HolidayInput, PolicyInput, RequestFilter, RequestInput, RoomInput, ScanUpload, ScheduleInput,
    SlotSearch, TopicRouting,
};
use konsultasi::domain::{Channel, RequestStatus};
use konsultasi::error::{Error, ErrorCode, Result};
use konsultasi::files;
use konsultasi::policy::calendar::HolidayKind;
use konsultasi::service;
use konsultasi::service::workflow::{self, Actor, ConfirmationChannel};
use konsultasi::service::{checkin, export, history, policy};
use konsultasi::store::{self, Store};
use konsultasi::time::system_now;
use konsultasi::validate::FieldErrors;
use konsultasi::workflow::Role;

#[derive(Parser)]
#[command(
    name = "konsultasi",
    version,
    about = "Konsultasi DJPK: layanan meja konsultasi dari baris perintah"
)]
struct Cli {
    /// Database file (default: $KONSULTASI_DB, else konsultasi.db in the user's data directory).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// The user profile (name or id) making a change; required by every command that writes.
    #[arg(long = "as", global = true, value_name = "USER")]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Consultation requests (permohonan).
    #[command(subcommand)]
    Requests(RequestsCommand),
    /// The official list of regions (Kemendagri).
    #[command(subcommand)]
    Regions(RegionsCommand),
    /// Pemda and DPRD as requesters.
    #[command(subcommand)]
    Requesters(RequestersCommand),
    /// Consultation topics and the unit each routes to.
    #[command(subcommand)]
    Topics(TopicsCommand),
    /// The next slots that pass every rule for request ID.
    Slots {
        id: i64,
        /// First day to consider (YYYY-MM-DD; default tomorrow).
        #[arg(long)]
        from: Option<String>,
        /// Last day to consider (YYYY-MM-DD; default 90 days after --from).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        count: Option<u32>,
        /// Unit code of the resource persons (default: routing of the first topic).
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        duration: Option<u32>,
        /// Resource persons (ids) who will lead it: 3,5. Default: the unit as a whole.
        #[arg(long = "resource-persons", value_delimiter = ',')]
        resource_persons: Vec<i64>,
    },
    /// The policy: the version in force, every version, and the defaults.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// National holidays and cuti bersama.
    #[command(subcommand)]
    Holidays(HolidaysCommand),
    /// Rooms for tatap muka.
    #[command(subcommand)]
    Rooms(RoomsCommand),
    /// DJPK's resource persons (narasumber) per unit.
    #[command(subcommand)]
    ResourcePersons(ResourcePersonsCommand),
    /// Local user profiles (agents and secretariat).
    #[command(subcommand)]
    Users(UsersCommand),
    /// Active bookings of a period, for a calendar.
    Calendar {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        room: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, value_enum)]
        channel: Option<ChannelArg>,
    },
    /// Today's and this week's consultations, what waits, and bookings that now break a rule.
    Dashboard,
    /// Import past consultations from CSV (saluran, tanggal, pengguna_layanan, topik): all
    /// rows or, if any cannot be matched, none.
    Import { file: PathBuf },
    /// The desk's reports.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Delegations expected and seen at the desk on a day (default today, WIB); tatap muka only.
    Arrivals {
        #[arg(long)]
        date: Option<String>,
        /// The day's video conferences and who joined them, instead.
        #[arg(long)]
        video: bool,
    },
    /// Record the arrival of request ID's delegation on its booked day (for a video conference,
    /// who joined); prints the request and the violations the arrival carries. `checkin void`
    /// and `checkin list` correct and show check-ins.
    #[command(args_conflicts_with_subcommands = true)]
    Checkin {
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
    },
    /// Register a delegation that came without booking: a JSON WalkInInput
    /// ({"request": RequestInput, "check_in": CheckInInput}) from FILE or standard input.
    WalkIn { file: Option<PathBuf> },
    /// A Pemda's (and its DPRD's) compliance history, by region code (e.g. 17.06).
    History { region_code: String },
    /// A consistent copy of the database, safe while the app is writing.
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Replace the database with a backup, after checking it (integrity, foreign keys, migration
    /// history). Refused while the app or another process has the database open; the replaced
    /// database is kept beside it.
    Restore { file: PathBuf },
    /// Invites (ICS), the staff calendar, letters (PDF) and the WhatsApp confirmation text.
    #[command(subcommand)]
    Export(ExportCommand),
    /// The audit trail of request ID, or entries matching --search.
    Audit {
        id: Option<i64>,
        #[arg(long)]
        search: Option<String>,
    },
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

#[derive(Subcommand)]
enum UsersCommand {
    List,
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
enum RoleArg {
    Agent,
    Secretariat,
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
enum ViaArg {
    Whatsapp,
    Telephone,
    Email,
    Letter,
    HaiKemenkeu,
    LiveChat,
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Print the policy overview as JSON.
    Show,
    /// Add a policy version from JSON ({"effective_from", "settings", "note"}; FILE or stdin).
    Set { file: Option<PathBuf> },
}

#[derive(Subcommand)]
enum HolidaysCommand {
    List {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Import the all-day events of an .ics file as holidays.
    Import { file: PathBuf },
    /// Add one holiday.
    Add {
        date: String,
        name: String,
        #[arg(long, value_enum, default_value = "national")]
        kind: HolidayKindArg,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
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
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        room: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, value_enum)]
        channel: Option<ChannelArg>,
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
        #[arg(long, value_enum)]
        kind: LetterKindArg,
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

#[derive(Subcommand)]
enum ReportCommand {
    /// The monthly report of YYYY-MM.
    Monthly {
        month: String,
        #[arg(long, value_enum, default_value = "json")]
        format: ReportFormat,
        /// Write to FILE instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace --out if it exists (never the database or its backups).
        #[arg(long, requires = "out")]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Json,
    Csv,
    /// Needs --out.
    Pdf,
}

#[derive(Clone, Copy, ValueEnum)]
enum LetterKindArg {
    Confirmation,
    AttendanceSheet,
    Certificate,
}

impl From<LetterKindArg> for LetterKind {
    fn from(kind: LetterKindArg) -> Self {
        match kind {
            LetterKindArg::Confirmation => LetterKind::Confirmation,
            LetterKindArg::AttendanceSheet => LetterKind::AttendanceSheet,
            LetterKindArg::Certificate => LetterKind::Certificate,
        }
    }
}

#[derive(Subcommand)]
enum ResourcePersonsCommand {
    List,
    /// Add a resource person, or change one with --id.
    Save {
        #[arg(long)]
        id: Option<i64>,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        position: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// No longer leads consultations (kept for past bookings).
        #[arg(long)]
        inactive: bool,
    },
}

#[derive(Subcommand)]
enum RoomsCommand {
    List,
    /// Add or change a room: `rooms save RK-3 "Ruang Konsultasi 3" --capacity 10`.
    Save {
        code: String,
        name: String,
        #[arg(long)]
        capacity: u32,
        /// Take the room out of use (kept for past bookings).
        #[arg(long)]
        inactive: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
enum HolidayKindArg {
    National,
    CutiBersama,
    Office,
}

#[derive(Subcommand)]
enum RequestsCommand {
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
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        #[arg(long, value_enum)]
        channel: Option<ChannelArg>,
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
        #[arg(long, value_enum)]
        via: ViaArg,
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

/// A slot as staff give it on the command line.
#[derive(Args)]
struct SlotArgs {
    /// YYYY-MM-DD (WIB)
    #[arg(long)]
    date: String,
    /// HH:MM (WIB)
    #[arg(long)]
    time: String,
    #[arg(long)]
    duration: Option<u32>,
    /// Room code, required for a tatap muka.
    #[arg(long)]
    room: Option<String>,
    #[arg(long)]
    unit: Option<String>,
    /// MS Teams link of a video conference.
    #[arg(long)]
    url: Option<String>,
    /// Id of a resource person of the unit (repeat for several; see `resource-persons list`).
    /// Left out on a reschedule, the booking keeps its resource persons.
    #[arg(long = "person")]
    persons: Vec<i64>,
}

impl From<SlotArgs> for ScheduleInput {
    fn from(slot: SlotArgs) -> Self {
        ScheduleInput {
            date: slot.date,
            time: slot.time,
            duration_minutes: slot.duration,
            room_code: slot.room,
            unit_code: slot.unit,
            meeting_url: slot.url,
            resource_person_ids: (!slot.persons.is_empty()).then_some(slot.persons),
        }
    }
}

#[derive(Subcommand)]
enum RegionsCommand {
    /// Find regions by name ("kab bogor", "Muko-Muko", "prov kalbar").
    Search {
        text: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

#[derive(Subcommand)]
enum RequestersCommand {
    /// Find Pemda and DPRD by name.
    Search {
        text: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Subcommand)]
enum TopicsCommand {
    List,
    /// Send a topic's requests to another unit by default: `topics route DAU DTK`.
    Route {
        topic: String,
        unit: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
enum ChannelArg {
    VideoConference,
    InPerson,
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
enum StatusArg {
    Draft,
    Submitted,
    Verified,
    Scheduled,
    Confirmed,
    CheckedIn,
    Completed,
    Rejected,
    Cancelled,
    NoShow,
}

impl From<ChannelArg> for Channel {
    fn from(arg: ChannelArg) -> Self {
        match arg {
            ChannelArg::VideoConference => Channel::VideoConference,
            ChannelArg::InPerson => Channel::InPerson,
        }
    }
}

impl From<StatusArg> for RequestStatus {
    fn from(arg: StatusArg) -> Self {
        match arg {
            StatusArg::Draft => RequestStatus::Draft,
            StatusArg::Submitted => RequestStatus::Submitted,
            StatusArg::Verified => RequestStatus::Verified,
            StatusArg::Scheduled => RequestStatus::Scheduled,
            StatusArg::Confirmed => RequestStatus::Confirmed,
            StatusArg::CheckedIn => RequestStatus::CheckedIn,
            StatusArg::Completed => RequestStatus::Completed,
            StatusArg::Rejected => RequestStatus::Rejected,
            StatusArg::Cancelled => RequestStatus::Cancelled,
            StatusArg::NoShow => RequestStatus::NoShow,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            report(&format!("galat: runtime tidak dapat dimulai: {e}"));
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&format!("galat: {}", one_line(&error)));
            ExitCode::from(match error.code() {
                ErrorCode::Validation | ErrorCode::Policy | ErrorCode::Conflict => 2,
                ErrorCode::NotFound => 3,
                ErrorCode::Internal => 1,
            })
        }
    }
}

/// The reason on one line: every field error, not just the first.
fn one_line(error: &Error) -> String {
    match error {
        Error::Validation(errors) => {
            let fields: Vec<String> = errors
                .as_slice()
                .iter()
                .map(|e| {
                    if e.field.is_empty() {
                        e.message.clone()
                    } else {
                        format!("{}: {}", e.field, e.message)
                    }
                })
                .collect();
            format!("data tidak valid: {}", fields.join("; "))
        }
        other => other.to_string(),
    }
}

/// The profile making a change, from `--as`.
async fn acting(store: &Store, who: &Option<String>) -> Result<Actor> {
    match who {
        Some(who) => workflow::actor(store, who).await,
        None => Err(Error::Validation(FieldErrors::single(
            "actor",
            "Sebutkan profil pengguna dengan --as NAMA (lihat `users list`)",
        ))),
    }
}

async fn run(cli: Cli) -> Result<()> {
    let path = match cli.db {
        Some(path) => path,
        None => store::default_database_path()?,
    };
    let who = cli.actor;
    // Parse input before opening the database, so a refused input never creates a file.
    match cli.command {
        Command::Requests(RequestsCommand::Add { file, letter_scan }) => {
            let input = read_request_input(file.as_deref(), letter_scan.as_deref())?;
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&service::create_request(&store, &actor, &input, system_now()).await?)
        }
        Command::Requests(RequestsCommand::Update {
            id,
            file,
            based_on,
            letter_scan,
        }) => {
            let input = read_request_input(file.as_deref(), letter_scan.as_deref())?;
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(
                &service::update_request(&store, &actor, id, based_on, &input, system_now())
                    .await?,
            )
        }
        Command::Requests(RequestsCommand::List {
            status,
            channel,
            region,
            text,
            unit,
            from,
            to,
        }) => {
            let filter = RequestFilter {
                status: status.map(Into::into),
                channel: channel.map(Into::into),
                region_code: region,
                text,
                unit_code: unit,
                from,
                to,
            };
            let store = Store::open(&path).await?;
            print_json(&service::list_requests(&store, &filter).await?)
        }
        Command::Requests(RequestsCommand::Show { id }) => {
            let store = Store::open(&path).await?;
            print_json(&service::get_request(&store, id).await?)
        }
        Command::Regions(RegionsCommand::Search { text, limit }) => {
            let store = Store::open(&path).await?;
            print_json(&service::search_region_list(&store, &text, limit))
        }
        Command::Requesters(RequestersCommand::Search { text, limit }) => {
            let store = Store::open(&path).await?;
            print_json(&service::search_requesters(&store, &text, limit))
        }
        Command::Topics(TopicsCommand::List) => {
            let store = Store::open(&path).await?;
            print_json(&service::list_topics(&store))
        }
        Command::Requests(RequestsCommand::Check { id }) => {
            let store = Store::open(&path).await?;
            print_json(&policy::check_request(&store, id, system_now()).await?)
        }
        Command::Requests(RequestsCommand::Schedule { id, slot }) => {
            let input = ScheduleInput::from(slot);
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&policy::schedule_request(&store, &actor, id, &input, system_now()).await?)
        }
        Command::Requests(RequestsCommand::Reschedule { id, slot }) => {
            let input = ScheduleInput::from(slot);
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&policy::reschedule_request(&store, &actor, id, &input, system_now()).await?)
        }
        Command::Requests(RequestsCommand::Verify { id }) => {
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&workflow::verify_request(&store, &actor, id, system_now()).await?)
        }
        Command::Requests(RequestsCommand::Confirm { id, by, via, at }) => {
            let now = system_now();
            let local = now.with_timezone(&konsultasi::time::OFFICE_TZ);
            let (date, time) = match at.as_deref().and_then(|a| a.split_once(' ')) {
                Some((date, time)) => (date.to_owned(), time.to_owned()),
                None if at.is_some() => {
                    return Err(Error::Validation(FieldErrors::single(
                        "at",
                        "Tulis waktu sebagai \"YYYY-MM-DD HH:MM\"",
                    )));
                }
                None => (
                    local.format("%Y-%m-%d").to_string(),
                    local.format("%H:%M").to_string(),
                ),
            };
            let input = ConfirmInput {
                date,
                time,
                confirmed_by: by,
                via: Some(match via {
                    ViaArg::Whatsapp => ConfirmationChannel::Whatsapp,
                    ViaArg::Telephone => ConfirmationChannel::Telephone,
                    ViaArg::Email => ConfirmationChannel::Email,
                    ViaArg::Letter => ConfirmationChannel::Letter,
                    ViaArg::HaiKemenkeu => ConfirmationChannel::HaiKemenkeu,
                    ViaArg::LiveChat => ConfirmationChannel::LiveChat,
                }),
            };
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&workflow::confirm_request(&store, &actor, id, &input, now).await?)
        }
        Command::Requests(RequestsCommand::Cancel { id, reason }) => {
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&workflow::cancel_request(&store, &actor, id, &reason, system_now()).await?)
        }
        Command::Requests(RequestsCommand::Reject { id, reason }) => {
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&workflow::reject_request(&store, &actor, id, &reason, system_now()).await?)
        }
        Command::Users(UsersCommand::List) => {
            let store = Store::open(&path).await?;
            print_json(&workflow::list_users(&store).await?)
        }
        Command::Users(UsersCommand::Add { name, role }) => {
            let input = UserInput {
                name,
                role: Some(match role {
                    RoleArg::Agent => Role::Agent,
                    RoleArg::Secretariat => Role::Secretariat,
                }),
            };
            let store = Store::open(&path).await?;
            // The desk's first profile makes itself: before it there is nobody to act `--as`.
            // After it, only a secretariat adds profiles (see `create_user`).
            let actor = match &who {
                Some(_) if workflow::list_users(&store).await?.is_empty() => None,
                Some(_) => Some(acting(&store, &who).await?),
                None => None,
            };
            print_json(&workflow::create_user(&store, actor.as_ref(), &input, system_now()).await?)
        }
        Command::Calendar {
            from,
            to,
            room,
            unit,
            channel,
        } => {
            let filter = CalendarFilter {
                from,
                to,
                room_code: room,
                unit_code: unit,
                channel: channel.map(Into::into),
            };
            let store = Store::open(&path).await?;
            print_json(&policy::calendar(&store, &filter).await?)
        }
        Command::Export(command) => run_export(&path, &who, command).await,
        Command::Import { file } => {
            let text = read_text(Some(&file), "file")?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&history::import_held_csv(&store, &actor, &name, &text, system_now()).await?)
        }
        Command::Report(ReportCommand::Monthly {
            month,
            format,
            out,
            force,
        }) => {
            if matches!(format, ReportFormat::Pdf) && out.is_none() {
                return Err(Error::Validation(FieldErrors::single(
                    "out",
                    "Laporan PDF perlu --out FILE",
                )));
            }
            let store = Store::open(&path).await?;
            let file = match format {
                ReportFormat::Json => export::ExportedFile {
                    file_name: format!("laporan-{month}.json"),
                    mime_type: "application/json",
                    bytes: serde_json::to_vec_pretty(&history::monthly(&store, &month).await?)
                        .map_err(|e| Error::Internal(e.to_string()))?,
                    warnings: Vec::new(),
                },
                ReportFormat::Csv => {
                    export::monthly_report_file(&store, &month, ApiReportFormat::Csv, system_now())
                        .await?
                }
                ReportFormat::Pdf => {
                    export::monthly_report_file(&store, &month, ApiReportFormat::Pdf, system_now())
                        .await?
                }
            };
            deliver(&file, out.as_deref(), force, &store)
        }
        Command::Arrivals { date, video } => {
            let date = date.unwrap_or_else(|| {
                system_now()
                    .with_timezone(&konsultasi::time::OFFICE_TZ)
                    .format("%Y-%m-%d")
                    .to_string()
            });
            let store = Store::open(&path).await?;
            if video {
                print_json(&checkin::video_attendance(&store, &date, system_now()).await?)
            } else {
                print_json(&checkin::arrivals(&store, &date, system_now()).await?)
            }
        }
        Command::Checkin {
            action:
                Some(CheckinCommand::Void {
                    check_in_id,
                    reason,
                }),
            ..
        } => {
            let input = VoidCheckInInput { reason };
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            let request =
                checkin::void_check_in(&store, &actor, check_in_id, &input, system_now()).await?;
            print_json(&serde_json::json!({
                "request": request,
                "check_ins": checkin::check_ins_of(&store, request.id).await?,
            }))
        }
        Command::Checkin {
            action: Some(CheckinCommand::List { id }),
            ..
        } => {
            let store = Store::open(&path).await?;
            print_json(&checkin::check_ins_of(&store, id).await?)
        }
        Command::Checkin {
            action: None,
            id,
            present,
            all,
            extra,
            at,
            note,
            preview,
        } => {
            let id = id.ok_or_else(|| {
                Error::Validation(FieldErrors::single(
                    "id",
                    "Sebutkan nomor permohonan yang delegasinya datang",
                ))
            })?;
            let extra_guests = extra
                .iter()
                .enumerate()
                .map(|(index, text)| parse_extra_guest(index, text))
                .collect::<Result<Vec<_>>>()?;
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            let present = if all {
                let request = service::get_request(&store, id).await?;
                (0..request.guests.len() as u32).collect()
            } else {
                // Staff number guests from 1, as the daftar hadir does.
                if present.contains(&0) {
                    return Err(Error::Validation(FieldErrors::single(
                        "present",
                        "Nomor tamu dimulai dari 1, seperti pada daftar hadir",
                    )));
                }
                present.iter().map(|n| n - 1).collect()
            };
            let input = CheckInInput {
                present,
                extra_guests,
                arrived_time: at,
                note,
            };
            if preview {
                return print_json(
                    &checkin::check_in_preview(&store, &actor, id, &input, system_now()).await?,
                );
            }
            let request = checkin::check_in(&store, &actor, id, &input, system_now()).await?;
            print_json(&serde_json::json!({
                "request": request,
                "check_in": checkin::check_in_view(&store, id).await?,
            }))
        }
        Command::WalkIn { file } => {
            let input: WalkInInput =
                service::parse_json_text(&read_text(file.as_deref(), "file")?)?;
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            let request = checkin::walk_in(&store, &actor, &input, system_now()).await?;
            print_json(&serde_json::json!({
                "check_in": checkin::check_in_view(&store, request.id).await?,
                "request": request,
            }))
        }
        Command::History { region_code } => {
            let store = Store::open(&path).await?;
            print_json(&checkin::compliance_history(&store, &region_code).await?)
        }
        Command::Requests(RequestsCommand::Complete { id }) => {
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&checkin::complete(&store, &actor, id, system_now()).await?)
        }
        Command::Requests(RequestsCommand::NoShow { id }) => {
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&checkin::mark_no_show(&store, &actor, id, system_now()).await?)
        }
        Command::Backup { out } => {
            let store = Store::open(&path).await?;
            let report = store::backup::backup(&store, &out).await?;
            store.close().await;
            print_json(&report)
        }
        Command::Restore { file } => {
            let stamp = system_now().format("%Y%m%dT%H%M%SZ").to_string();
            print_json(&store::backup::restore(&file, &path, &stamp).await?)
        }
        Command::Dashboard => {
            let store = Store::open(&path).await?;
            print_json(&policy::dashboard(&store, system_now()).await?)
        }
        Command::Audit { id, search } => {
            let store = Store::open(&path).await?;
            match (id, search) {
                (Some(id), _) => print_json(&workflow::audit_trail(&store, id).await?),
                (None, Some(text)) => print_json(&workflow::search_audit(&store, &text).await?),
                (None, None) => Err(Error::Validation(FieldErrors::single(
                    "id",
                    "Sebutkan nomor permohonan atau --search TEKS",
                ))),
            }
        }
        Command::Slots {
            id,
            from,
            to,
            count,
            unit,
            duration,
            resource_persons,
        } => {
            let search = SlotSearch {
                from,
                to,
                count,
                unit_code: unit,
                duration_minutes: duration,
                resource_person_ids: resource_persons,
            };
            let store = Store::open(&path).await?;
            print_json(&policy::suggest_slots(&store, id, &search, system_now()).await?)
        }
        Command::Policy(PolicyCommand::Show) => {
            let store = Store::open(&path).await?;
            print_json(&policy::policy_overview(&store, system_now()).await?)
        }
        Command::Policy(PolicyCommand::Set { file }) => {
            let input: PolicyInput =
                service::parse_json_text(&read_text(file.as_deref(), "file")?)?;
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&policy::set_policy(&store, &actor, &input, system_now()).await?)
        }
        Command::Holidays(HolidaysCommand::List { year }) => {
            let store = Store::open(&path).await?;
            print_json(&policy::list_holidays(&store, year).await?)
        }
        Command::Holidays(HolidaysCommand::Import { file }) => {
            let text = read_text(Some(&file), "file")?;
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&policy::import_holidays_ics(&store, &actor, &text, system_now()).await?)
        }
        Command::Holidays(HolidaysCommand::Add { date, name, kind }) => {
            let input = HolidayInput {
                date,
                name,
                kind: Some(match kind {
                    HolidayKindArg::National => HolidayKind::National,
                    HolidayKindArg::CutiBersama => HolidayKind::CutiBersama,
                    HolidayKindArg::Office => HolidayKind::Office,
                }),
            };
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&policy::add_holiday(&store, &actor, &input, system_now()).await?)
        }
        Command::ResourcePersons(ResourcePersonsCommand::List) => {
            let store = Store::open(&path).await?;
            print_json(&policy::resource_persons(&store).await?)
        }
        Command::ResourcePersons(ResourcePersonsCommand::Save {
            id,
            unit,
            name,
            position,
            email,
            inactive,
        }) => {
            let input = ResourcePersonInput {
                id,
                unit_code: unit,
                name,
                position,
                email,
                active: !inactive,
            };
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&policy::save_resource_person(&store, &actor, &input, system_now()).await?)
        }
        Command::Rooms(RoomsCommand::List) => {
            let store = Store::open(&path).await?;
            print_json(&policy::list_rooms(&store).await?)
        }
        Command::Rooms(RoomsCommand::Save {
            code,
            name,
            capacity,
            inactive,
        }) => {
            let input = RoomInput {
                code,
                name,
                capacity,
                active: !inactive,
            };
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&policy::save_room(&store, &actor, &input, system_now()).await?)
        }
        Command::Topics(TopicsCommand::Route { topic, unit }) => {
            let input = TopicRouting {
                topic_code: topic,
                unit_code: unit,
            };
            let store = Store::open(&path).await?;
            let actor = acting(&store, &who).await?;
            print_json(&policy::route_topic(&store, &actor, &input, system_now()).await?)
        }
    }
}

/// The text of FILE, or of stdin when FILE is omitted or "-"; capped in size either way.
fn read_text(file: Option<&Path>, field: &str) -> Result<String> {
    match file {
        Some(path) if path != Path::new("-") => files::read_text_capped(path, field),
        _ => {
            let bytes = files::read_limited(
                std::io::stdin().lock(),
                field,
                "Masukan standar",
                files::MAX_TEXT_BYTES,
            )?;
            files::text_of(bytes, field, "Masukan standar")
        }
    }
}

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
        let file_name = scan_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        letter.scan = Some(ScanUpload {
            file_name,
            content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        });
    }
    Ok(input)
}

async fn run_export(path: &Path, who: &Option<String>, command: ExportCommand) -> Result<()> {
    let store = Store::open(path).await?;
    match command {
        ExportCommand::Ics {
            id,
            cancel,
            out,
            force,
        } => {
            let file = export::invite(&store, id, cancel, system_now()).await?;
            deliver(&file, out.as_deref(), force, &store)
        }
        ExportCommand::Calendar {
            from,
            to,
            room,
            unit,
            channel,
            out,
            force,
        } => {
            let filter = CalendarFilter {
                from,
                to,
                room_code: room,
                unit_code: unit,
                channel: channel.map(Into::into),
            };
            let file = export::calendar(&store, &filter, system_now()).await?;
            deliver(&file, out.as_deref(), force, &store)
        }
        ExportCommand::Letter {
            id,
            kind,
            out,
            force,
        } => {
            let actor = match who {
                Some(who) => Some(workflow::actor(&store, who).await?),
                None => None,
            };
            // Refused before a number is even considered; written before it is committed.
            files::check_destination(&out, store.path(), overwrite(force), "out")?;
            export::letter_to(
                &store,
                actor.as_ref(),
                id,
                kind.into(),
                system_now(),
                |file| deliver(file, Some(&out), force, &store),
            )
            .await
        }
        ExportCommand::Whatsapp { id } => {
            let mut text = export::whatsapp_message(&store, id).await?;
            text.push('\n');
            write_stdout(text.as_bytes())
        }
        ExportCommand::Status => print_json(&service::setup::setup_status(&store).await?),
        ExportCommand::Settings { set: None } => {
            print_json(&export::export_settings(&store).await?)
        }
        ExportCommand::Settings { set: Some(file) } => {
            let input: ExportSettings = service::parse_json_text(&read_text(Some(&file), "set")?)?;
            let actor = acting(&store, who).await?;
            print_json(&export::save_export_settings(&store, &actor, &input, system_now()).await?)
        }
    }
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

fn overwrite(force: bool) -> files::Overwrite {
    if force {
        files::Overwrite::Allow
    } else {
        files::Overwrite::Refuse
    }
}

/// Writes an exported file to `out` (refusing what `files::write_export` refuses), or its bytes
/// to standard output. Warnings about its content go to standard error.
fn deliver(
    file: &export::ExportedFile,
    out: Option<&Path>,
    force: bool,
    store: &Store,
) -> Result<()> {
    for warning in &file.warnings {
        report(&format!("peringatan: {warning}"));
    }
    match out {
        Some(out) => {
            files::write_export(out, &file.bytes, store.path(), overwrite(force), "out")?;
            print_json(&serde_json::json!({
                "file": out.display().to_string(),
                "bytes": file.bytes.len(),
                "warnings": file.warnings,
            }))
        }
        None => write_stdout(&file.bytes),
    }
}

/// One line to standard error. A closed or broken stderr (`2>&-`) loses the line but must not
/// turn a refusal into a panic (`eprintln!` panics there), so the exit code still says what
/// happened.
fn report(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Writes to standard output; a reader that went away (`| head`) ends the command quietly with
/// exit code 0, as the module documentation says.
fn write_stdout(bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(Error::Internal(format!("keluaran gagal ditulis: {e}"))),
    }
}

fn print_json(value: &impl Serialize) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("keluaran JSON gagal dibuat: {e}")))?;
    text.push('\n');
    write_stdout(text.as_bytes())
}
