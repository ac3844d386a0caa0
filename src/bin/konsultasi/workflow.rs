//! User profiles, the transitions of a request (verify, confirm, cancel, reject) and the audit
//! trail they leave.

use clap::{Args, Subcommand};

use konsultasi::api::{ConfirmInput, UserInput};
use konsultasi::error::{Error, Result};
use konsultasi::service::workflow::{self, ConfirmationChannel};
use konsultasi::time::system_now;
use konsultasi::validate::FieldErrors;
use konsultasi::workflow::Role;

use crate::Session;
use crate::choices;
use crate::io::print_json;

#[derive(Subcommand)]
pub enum UsersCommand {
    List,
    Add {
        name: String,
        #[arg(long, value_parser = choices::stored(Role::ALL, Role::as_str))]
        role: Role,
    },
}

#[derive(Args)]
pub struct AuditArgs {
    id: Option<i64>,
    #[arg(long)]
    search: Option<String>,
}

pub async fn users(command: UsersCommand, session: &Session) -> Result<()> {
    match command {
        UsersCommand::List => {
            let store = session.store().await?;
            print_json(&workflow::list_users(store).await?)
        }
        UsersCommand::Add { name, role } => {
            let input = UserInput {
                name,
                role: Some(role),
            };
            let store = session.store().await?;
            // The desk's first profile makes itself: before it there is nobody to act `--as`.
            // After it, only a secretariat adds profiles (see `create_user`).
            let actor = if session.names_actor() && !workflow::list_users(store).await?.is_empty() {
                Some(session.actor().await?)
            } else {
                None
            };
            print_json(&workflow::create_user(store, actor.as_ref(), &input, system_now()).await?)
        }
    }
}

pub async fn verify(session: &Session, id: i64) -> Result<()> {
    let (store, actor) = session.acting().await?;
    print_json(&workflow::verify_request(store, &actor, id, system_now()).await?)
}

pub async fn confirm(
    session: &Session,
    id: i64,
    by: String,
    via: ConfirmationChannel,
    at: Option<String>,
) -> Result<()> {
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
        via: Some(via),
    };
    let (store, actor) = session.acting().await?;
    print_json(&workflow::confirm_request(store, &actor, id, &input, now).await?)
}

pub async fn cancel(session: &Session, id: i64, reason: &str) -> Result<()> {
    let (store, actor) = session.acting().await?;
    print_json(&workflow::cancel_request(store, &actor, id, reason, system_now()).await?)
}

pub async fn reject(session: &Session, id: i64, reason: &str) -> Result<()> {
    let (store, actor) = session.acting().await?;
    print_json(&workflow::reject_request(store, &actor, id, reason, system_now()).await?)
}

pub async fn audit(args: AuditArgs, session: &Session) -> Result<()> {
    match args {
        AuditArgs { id: Some(id), .. } => {
            let store = session.store().await?;
            print_json(&workflow::audit_trail(store, id).await?)
        }
        AuditArgs {
            id: None,
            search: Some(text),
        } => {
            let store = session.store().await?;
            print_json(&workflow::search_audit(store, &text).await?)
        }
        AuditArgs {
            id: None,
            search: None,
        } => Err(Error::Validation(FieldErrors::single(
            "id",
            "Sebutkan nomor permohonan atau --search TEKS",
        ))),
    }
}
