//! The desk's settings: the policy, holidays, rooms and DJPK's resource persons.

use std::path::PathBuf;

use clap::Subcommand;

use konsultasi::api::{HolidayInput, PolicyInput, ResourcePersonInput, RoomInput};
use konsultasi::error::Result;
use konsultasi::policy::calendar::HolidayKind;
use konsultasi::service::{self, settings};
use konsultasi::time::system_now;

use crate::Session;
use crate::choices;
use crate::io::{print_json, read_text};

#[derive(Subcommand)]
pub enum PolicyCommand {
    /// Print the policy overview as JSON.
    Show,
    /// Add a policy version from JSON ({"effective_from", "settings", "note"}; FILE or stdin).
    Set { file: Option<PathBuf> },
}

#[derive(Subcommand)]
pub enum HolidaysCommand {
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
        #[arg(
            long,
            value_parser = choices::stored(HolidayKind::ALL, HolidayKind::as_str),
            default_value = HolidayKind::National.as_str()
        )]
        kind: HolidayKind,
    },
}

#[derive(Subcommand)]
pub enum RoomsCommand {
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

#[derive(Subcommand)]
pub enum ResourcePersonsCommand {
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

pub async fn policy(command: PolicyCommand, session: &Session) -> Result<()> {
    match command {
        PolicyCommand::Show => {
            let store = session.store().await?;
            print_json(&settings::policy_overview(store, system_now()).await?)
        }
        PolicyCommand::Set { file } => {
            let input: PolicyInput =
                service::parse_json_text(&read_text(file.as_deref(), "file")?)?;
            let (store, actor) = session.acting().await?;
            print_json(&settings::set_policy(store, &actor, &input, system_now()).await?)
        }
    }
}

pub async fn holidays(command: HolidaysCommand, session: &Session) -> Result<()> {
    match command {
        HolidaysCommand::List { year } => {
            let store = session.store().await?;
            print_json(&settings::list_holidays(store, year).await?)
        }
        HolidaysCommand::Import { file } => {
            let text = read_text(Some(&file), "file")?;
            let (store, actor) = session.acting().await?;
            print_json(&settings::import_holidays_ics(store, &actor, &text, system_now()).await?)
        }
        HolidaysCommand::Add { date, name, kind } => {
            let input = HolidayInput {
                date,
                name,
                kind: Some(kind),
            };
            let (store, actor) = session.acting().await?;
            print_json(&settings::add_holiday(store, &actor, &input, system_now()).await?)
        }
    }
}

pub async fn rooms(command: RoomsCommand, session: &Session) -> Result<()> {
    match command {
        RoomsCommand::List => {
            let store = session.store().await?;
            print_json(&settings::list_rooms(store).await?)
        }
        RoomsCommand::Save {
            code,
            name,
            capacity,
            inactive,
        } => {
            let input = RoomInput {
                code,
                name,
                capacity,
                active: !inactive,
            };
            let (store, actor) = session.acting().await?;
            print_json(&settings::save_room(store, &actor, &input, system_now()).await?)
        }
    }
}

pub async fn resource_persons(command: ResourcePersonsCommand, session: &Session) -> Result<()> {
    match command {
        ResourcePersonsCommand::List => {
            let store = session.store().await?;
            print_json(&settings::resource_persons(store).await?)
        }
        ResourcePersonsCommand::Save {
            id,
            unit,
            name,
            position,
            email,
            inactive,
        } => {
            let input = ResourcePersonInput {
                id,
                unit_code: unit,
                name,
                position,
                email,
                active: !inactive,
            };
            let (store, actor) = session.acting().await?;
            print_json(&settings::save_resource_person(store, &actor, &input, system_now()).await?)
        }
    }
}
