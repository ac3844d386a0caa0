//! `konsultasi`: the automation and admin face of the desk's services. JSON in, JSON out.
//!
//! Exit codes: 0 success, 1 internal error, 2 refused input (or bad usage), 3 not found,
//! 4 not signed in or throttled (a face of the team server's refusals).
//! Output to a pipe that closed early (`konsultasi requests list | head`) ends the command
//! quietly with exit code 0: what was done is done, and the reader wanted no more.
//!
//! Files: every `--out` refuses an existing file unless `--force` is given, and never writes
//! over the database, its side files or its backups (see `konsultasi::files`). Files read
//! (JSON, CSV, ICS, scans) are capped in size and must be regular files.
//!
//! Each module below owns the commands of one area: their clap definitions and the code that
//! turns them into one service call.

mod accounts;
mod backup;
mod checkin;
mod choices;
mod exports;
mod history;
mod io;
mod mail;
mod reference;
mod requests;
mod schedule;
mod serve;
mod settings;
mod workflow;

use std::cell::OnceCell;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use konsultasi::error::{Error, ErrorCode, Result};
use konsultasi::service::workflow::Actor;
use konsultasi::store::backend::Location;
use konsultasi::store::{self, Store};
use konsultasi::validate::FieldErrors;

#[derive(Parser)]
#[command(
    name = "konsultasi",
    version,
    about = "Konsultasi DJPK: layanan meja konsultasi dari baris perintah"
)]
struct Cli {
    /// Database: a file (SQLite) or a postgres:// URL (the team database). Default:
    /// $KONSULTASI_DB, else konsultasi.db in the user's data directory.
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<String>,
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
    Requests(requests::RequestsCommand),
    /// The official list of regions (Kemendagri).
    #[command(subcommand)]
    Regions(reference::RegionsCommand),
    /// Pemda and DPRD as requesters.
    #[command(subcommand)]
    Requesters(reference::RequestersCommand),
    /// Consultation topics and the unit each routes to.
    #[command(subcommand)]
    Topics(reference::TopicsCommand),
    /// The next slots that pass every rule for request ID.
    Slots(schedule::SlotsArgs),
    /// The policy: the version in force, every version, and the defaults.
    #[command(subcommand)]
    Policy(settings::PolicyCommand),
    /// National holidays and cuti bersama.
    #[command(subcommand)]
    Holidays(settings::HolidaysCommand),
    /// Rooms for tatap muka.
    #[command(subcommand)]
    Rooms(settings::RoomsCommand),
    /// DJPK's resource persons (narasumber) per unit.
    #[command(subcommand)]
    ResourcePersons(settings::ResourcePersonsCommand),
    /// Local user profiles (agents, secretariat, team leaders, admins).
    #[command(subcommand)]
    Users(workflow::UsersCommand),
    /// Team accounts, which sign in to `konsultasi serve` with a password.
    #[command(subcommand)]
    Accounts(accounts::AccountsCommand),
    /// Run the team server: every operation over HTTP + JSON for signed-in desks, changes
    /// pushed to every desk. Stops on Ctrl-C or SIGTERM.
    Serve(serve::ServeArgs),
    /// Active bookings of a period, for a calendar.
    Calendar(schedule::CalendarArgs),
    /// Today's and this week's consultations, what waits, and bookings that now break a rule.
    Dashboard,
    /// Import past consultations from CSV (saluran, tanggal, pengguna_layanan, topik): all
    /// rows or, if any cannot be matched, none.
    Import(history::ImportArgs),
    /// The desk's reports.
    #[command(subcommand)]
    Report(history::ReportCommand),
    /// Delegations expected and seen at the desk on a day (default today, WIB); tatap muka only.
    Arrivals(checkin::ArrivalsArgs),
    /// Record the arrival of request ID's delegation on its booked day (for a video conference,
    /// who joined); prints the request and the violations the arrival carries. `checkin void`
    /// and `checkin list` correct and show check-ins.
    #[command(args_conflicts_with_subcommands = true)]
    Checkin(checkin::CheckinArgs),
    /// Register a delegation that came without booking: a JSON WalkInInput
    /// ({"request": RequestInput, "check_in": CheckInInput}) from FILE or standard input.
    WalkIn(checkin::WalkInArgs),
    /// A Pemda's (and its DPRD's) compliance history, by region code (e.g. 17.06).
    History(history::HistoryArgs),
    /// A consistent copy of the database, safe while the app is writing.
    Backup(backup::BackupArgs),
    /// Replace the database with a backup, after checking it (integrity, foreign keys, migration
    /// history). Refused while the app or another process has the database open; the replaced
    /// database is kept beside it.
    Restore(backup::RestoreArgs),
    /// Move a desk's SQLite file to the team database: copy every row into a new, empty
    /// PostgreSQL database, check both sides table by table and print the counts.
    MigrateData(backup::MigrateDataArgs),
    /// Invites (ICS), the staff calendar, letters (PDF) and the WhatsApp confirmation text.
    #[command(subcommand)]
    Export(exports::ExportCommand),
    /// Invitations by e-mail: the SMTP settings, a test message, each request's messages, and
    /// the sender that works through the outbox.
    #[command(subcommand)]
    Mail(mail::MailCommand),
    /// The audit trail of request ID, or entries matching --search.
    Audit(workflow::AuditArgs),
}

impl Command {
    async fn run(self, session: &Session) -> Result<()> {
        match self {
            Command::Requests(command) => requests::run(command, session).await,
            Command::Regions(command) => reference::regions(command, session).await,
            Command::Requesters(command) => reference::requesters(command, session).await,
            Command::Topics(command) => reference::topics(command, session).await,
            Command::Slots(args) => schedule::slots(args, session).await,
            Command::Policy(command) => settings::policy(command, session).await,
            Command::Holidays(command) => settings::holidays(command, session).await,
            Command::Rooms(command) => settings::rooms(command, session).await,
            Command::ResourcePersons(command) => settings::resource_persons(command, session).await,
            Command::Users(command) => workflow::users(command, session).await,
            Command::Accounts(command) => accounts::run(command, session).await,
            Command::Serve(args) => serve::serve(args, session.store().await?.clone()).await,
            Command::Calendar(args) => schedule::calendar(args, session).await,
            Command::Dashboard => schedule::dashboard(session).await,
            Command::Import(args) => history::import(args, session).await,
            Command::Report(command) => history::report(command, session).await,
            Command::Arrivals(args) => checkin::arrivals(args, session).await,
            Command::Checkin(args) => checkin::run(args, session).await,
            Command::WalkIn(args) => checkin::walk_in(args, session).await,
            Command::History(args) => history::compliance(args, session).await,
            Command::Backup(args) => backup::backup(args, session).await,
            Command::Restore(args) => backup::restore(args, session).await,
            Command::MigrateData(args) => backup::migrate_data(args).await,
            Command::Export(command) => exports::run(command, session).await,
            Command::Mail(command) => mail::run(command, session).await,
            Command::Audit(args) => workflow::audit(args, session).await,
        }
    }
}

/// What every command shares: the database and the `--as` profile.
///
/// The store is opened on first use, so a command parses its input before it asks for the
/// store and a refused input never creates the database file; `main` closes it once the
/// command is over, whatever its outcome.
pub struct Session {
    location: Location,
    actor_name: Option<String>,
    store: OnceCell<Store>,
}

impl Session {
    /// The database as named by `--db` or the default, opened or not.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The store, opened (and created, and migrated) the first time it is asked for.
    pub async fn store(&self) -> Result<&Store> {
        if let Some(store) = self.store.get() {
            return Ok(store);
        }
        let store = Store::open_at(&self.location).await?;
        Ok(self.store.get_or_init(|| store))
    }

    /// Whether `--as` was given at all.
    pub fn names_actor(&self) -> bool {
        self.actor_name.is_some()
    }

    /// The profile making a change, from `--as`, which every writing command requires.
    pub async fn actor(&self) -> Result<Actor> {
        match self.actor_if_named().await? {
            Some(actor) => Ok(actor),
            None => Err(Error::Validation(FieldErrors::single(
                "actor",
                "Sebutkan profil pengguna dengan --as NAMA (lihat `users list`)",
            ))),
        }
    }

    /// The store and the `--as` profile, for a command that writes; a missing `--as` is refused
    /// before the store is opened.
    pub async fn acting(&self) -> Result<(&Store, Actor)> {
        let actor = self.actor().await?;
        Ok((self.store().await?, actor))
    }

    /// The `--as` profile where a command may go without one.
    pub async fn actor_if_named(&self) -> Result<Option<Actor>> {
        match &self.actor_name {
            Some(name) => {
                let store = self.store().await?;
                Ok(Some(
                    konsultasi::service::workflow::actor(store, name).await?,
                ))
            }
            None => Ok(None),
        }
    }

    async fn close(self) {
        if let Some(store) = self.store.into_inner() {
            store.close().await;
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The server answers many desks at once; every other command does one thing.
    let mut builder = if matches!(cli.command, Command::Serve(_)) {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            io::report(&format!("galat: runtime tidak dapat dimulai: {e}"));
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            io::report(&format!("galat: {}", one_line(&error)));
            ExitCode::from(match error.code() {
                ErrorCode::Validation | ErrorCode::Policy | ErrorCode::Conflict => 2,
                ErrorCode::NotFound => 3,
                ErrorCode::Unauthenticated | ErrorCode::Throttled => 4,
                ErrorCode::Unavailable | ErrorCode::Internal => 1,
            })
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    let location = match cli.db {
        Some(text) => Location::parse(&text)?,
        None => store::default_location()?,
    };
    let session = Session {
        location,
        actor_name: cli.actor,
        store: OnceCell::new(),
    };
    let outcome = cli.command.run(&session).await;
    session.close().await;
    outcome
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
