//! `konsultasi mail`: the SMTP settings, a test message, a request's messages, sending one
//! again, and the sender that works through the outbox.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Subcommand};

use konsultasi::api::{MailSettingsInput, MailTestInput};
use konsultasi::error::Result;
use konsultasi::mail::worker::{Worker, WorkerConfig};
use konsultasi::service::{self, mail};
use konsultasi::time::system_now;

use crate::Session;
use crate::io::{print_json, read_text};

#[derive(Subcommand)]
pub enum MailCommand {
    /// The SMTP settings (never the password: only whether one is kept).
    Settings,
    /// Replace the settings with a JSON MailSettingsInput from FILE or standard input
    /// ({"enabled", "host", "port", "security": starttls|tls|plain, "username", "password",
    /// "sender_name", "sender_address", "reminder_working_days", "reminder_pemda_time",
    /// "reminder_staff_time"}); a "password" is kept in a file only this user can read.
    Set { file: Option<PathBuf> },
    /// Send one plain message to ADDRESS now and print the server's answer.
    Test {
        #[arg(long, value_name = "ADDRESS")]
        to: String,
    },
    /// Every message of request ID, to each recipient, with its state.
    List { id: i64 },
    /// Queue a failed or uncertain message (by its id in `mail list`) again.
    Resend { mail_id: i64 },
    /// Send what the outbox holds: until stopped (Ctrl-C, SIGTERM), or with --until-idle only
    /// what is due now. One line of JSON per message handled.
    Send(SendArgs),
}

#[derive(Args)]
pub struct SendArgs {
    /// Stop once nothing is due now.
    #[arg(long)]
    until_idle: bool,
    /// How long a message being handed over is held before it counts as interrupted.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    lease_seconds: u32,
    /// A fixed pause before a message the server did not take is tried again (default: 30 s,
    /// doubling with each try, at most an hour).
    #[arg(long, value_name = "SECONDS")]
    retry_seconds: Option<u32>,
}

pub async fn run(command: MailCommand, session: &Session) -> Result<()> {
    match command {
        MailCommand::Settings => print_json(&mail::mail_settings(session.store().await?).await?),
        MailCommand::Set { file } => {
            let input: MailSettingsInput =
                service::parse_json_text(&read_text(file.as_deref(), "file")?)?;
            let (store, actor) = session.acting().await?;
            print_json(&mail::save_mail_settings(store, &actor, &input, system_now()).await?)
        }
        MailCommand::Test { to } => {
            let (store, actor) = session.acting().await?;
            let input = MailTestInput { to };
            print_json(&mail::send_test_mail(store, &actor, &input, system_now()).await?)
        }
        MailCommand::List { id } => {
            print_json(&mail::mail_of_request(session.store().await?, id).await?)
        }
        MailCommand::Resend { mail_id } => {
            let (store, actor) = session.acting().await?;
            print_json(&mail::resend_mail(store, &actor, mail_id, system_now()).await?)
        }
        MailCommand::Send(args) => send(args, session).await,
    }
}

async fn send(args: SendArgs, session: &Session) -> Result<()> {
    let store = session.store().await?.clone();
    let config = WorkerConfig {
        lease: chrono::Duration::seconds(i64::from(args.lease_seconds.max(1))),
        deferred_retry: args
            .retry_seconds
            .map(|s| chrono::Duration::seconds(i64::from(s.max(1)))),
        ..WorkerConfig::default()
    };
    let mut worker = Worker::new(store, config, system_now);
    if args.until_idle {
        for outcome in worker.until_idle().await? {
            crate::io::print_line(&outcome)?;
        }
        return Ok(());
    }
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let stop = async move {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => return stop.await,
            };
        tokio::select! {
            () = stop => {}
            _ = terminate.recv() => {}
        }
    };
    worker.run(Arc::new(tokio::sync::Notify::new()), stop).await;
    Ok(())
}
