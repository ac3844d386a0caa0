//! `konsultasi accounts`: the team server's accounts, from the server's own machine. Passwords
//! are typed at a prompt that does not echo them (or, for scripts, read from one line of
//! standard input with `--password-stdin`); never an argument, so they stay out of the shell's
//! history and the process list.

use std::io::{BufRead as _, IsTerminal as _, Read as _};

use clap::{Args, Subcommand};

use konsultasi::api::{AccountInput, AccountUpdate, PasswordReset};
use konsultasi::error::{Error, Result};
use konsultasi::service::accounts;
use konsultasi::time::system_now;
use konsultasi::validate::FieldErrors;
use konsultasi::workflow::Role;

use crate::Session;
use crate::choices;
use crate::io::print_json;

#[derive(Subcommand)]
pub enum AccountsCommand {
    /// Every account (admins only: `--as ADMIN`).
    List,
    /// A new account. The very first, an admin, needs no `--as`; every later one is made by an
    /// admin and must set its own password at its first sign-in.
    Add {
        #[arg(long)]
        username: String,
        /// The display name the screens and the audit log show.
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = choices::stored(Role::ALL, Role::as_str))]
        role: Role,
        #[command(flatten)]
        password: PasswordSource,
    },
    /// Change an account's name, role or whether it may sign in (ends its sessions on a role
    /// change or a deactivation).
    Set {
        username: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_parser = choices::stored(Role::ALL, Role::as_str))]
        role: Option<Role>,
        /// `true` or `false`.
        #[arg(long)]
        active: Option<bool>,
    },
    /// Set a password its holder must replace at the next sign-in; ends their sessions.
    ResetPassword {
        username: String,
        #[command(flatten)]
        password: PasswordSource,
    },
}

#[derive(Args)]
pub struct PasswordSource {
    /// Read the password from the first line of standard input instead of prompting.
    #[arg(long)]
    password_stdin: bool,
}

impl PasswordSource {
    fn read(&self) -> Result<String> {
        if self.password_stdin {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .take(1024)
                .read_line(&mut line)
                .map_err(Error::Io)?;
            return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
        }
        // A script without a terminal gets told to pipe the password, instead of a prompt that
        // nobody answers.
        if !std::io::stdin().is_terminal() {
            return Err(no_prompt(std::io::Error::other(
                "masukan standar bukan terminal",
            )));
        }
        let first = rpassword::prompt_password("Kata sandi: ").map_err(no_prompt)?;
        let again = rpassword::prompt_password("Ulangi kata sandi: ").map_err(no_prompt)?;
        if first != again {
            return Err(FieldErrors::single("password", "Kedua kata sandi tidak sama").into());
        }
        Ok(first)
    }
}

fn no_prompt(error: std::io::Error) -> Error {
    Error::Validation(FieldErrors::single(
        "password",
        format!("Kata sandi tidak dapat ditanyakan ({error}); pakai --password-stdin"),
    ))
}

pub async fn run(command: AccountsCommand, session: &Session) -> Result<()> {
    let now = system_now();
    match command {
        AccountsCommand::List => {
            let (store, actor) = session.acting().await?;
            print_json(&accounts::list_accounts(store, &actor, now).await?)
        }
        AccountsCommand::Add {
            username,
            name,
            role,
            password,
        } => {
            let input = AccountInput {
                username,
                name,
                role: Some(role),
                password: password.read()?,
            };
            let actor = session.actor_if_named().await?;
            let store = session.store().await?;
            print_json(&accounts::create_account(store, actor.as_ref(), &input, now).await?)
        }
        AccountsCommand::Set {
            username,
            name,
            role,
            active,
        } => {
            let (store, actor) = session.acting().await?;
            let account = find(store, &actor, &username, now).await?;
            let input = AccountUpdate {
                name: name.unwrap_or(account.name),
                role: Some(role.unwrap_or(account.role)),
                active: active.unwrap_or(account.active),
            };
            print_json(&accounts::update_account(store, &actor, account.id, &input, now).await?)
        }
        AccountsCommand::ResetPassword { username, password } => {
            let (store, actor) = session.acting().await?;
            let account = find(store, &actor, &username, now).await?;
            let input = PasswordReset {
                password: password.read()?,
            };
            print_json(&accounts::reset_password(store, &actor, account.id, &input, now).await?)
        }
    }
}

async fn find(
    store: &konsultasi::Store,
    actor: &konsultasi::workflow::Actor,
    username: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<konsultasi::api::AccountView> {
    let wanted = username.trim().to_lowercase();
    accounts::list_accounts(store, actor, now)
        .await?
        .into_iter()
        .find(|account| account.username == wanted)
        .ok_or_else(|| Error::not_found("Akun", wanted))
}
