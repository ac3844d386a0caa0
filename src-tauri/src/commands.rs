//! The IPC commands: `call`, which runs any operation of the core's table
//! (`konsultasi::api::operations`), and the few that only a desktop has: choosing the profile
//! of the session or signing in to a team server, and writing an export to the path the save
//! dialog returned. Arguments arrive as raw JSON and go through the core's parser, so a
//! malformed payload gets the same `{ code: "validation", details.fields }` answer as a
//! malformed form, naming the field.
//!
//! In team mode `call` and `save_export` go to the server (see `desk.rs`); its answers and
//! refusals are handed to the window unchanged.

use std::sync::Arc;

use serde_json::Value;
use tauri::{AppHandle, State};

use konsultasi::api::{
    ConnectionView, PasswordChange, SavedExport, ServerSignIn, ServerSignInOutcome, SessionView,
    SignInInput, UserView,
};
use konsultasi::remote::{KnownServers, Refusal, ServerAddress, TeamClient};
use konsultasi::service::export::{self, ExportedFile};
use konsultasi::service::operations::{self, argument};
use konsultasi::service::workflow;
use konsultasi::time::system_now;
use konsultasi::validate::FieldErrors;
use konsultasi::{Error, ErrorPayload};

use crate::desk::{self, Desk};

type Reply<T> = Result<T, Value>;

fn refuse(error: Error) -> Value {
    payload(&error.to_payload())
}

fn payload(payload: &ErrorPayload) -> Value {
    serde_json::to_value(payload).unwrap_or_default()
}

/// A refusal from the team server, after the desk has taken note of what it means for the
/// connection (a banner, a return to the sign-in).
async fn remote_refusal(desk: &Desk, app: &AppHandle, refusal: Refusal) -> Value {
    desk.heard_refusal(app, &refusal).await;
    refusal.into_payload()
}

/// Runs one operation of the table as the session's profile or account; `args` is the object
/// of its named arguments.
#[tauri::command]
pub async fn call(
    app: AppHandle,
    desk: State<'_, Desk>,
    operation: String,
    args: Option<Value>,
) -> Reply<Value> {
    let args = args.unwrap_or(Value::Null);
    if let Some(client) = desk.team_client().await {
        return match client.call(&operation, &args).await {
            Ok(answer) => Ok(answer),
            Err(refusal) => Err(remote_refusal(&desk, &app, refusal).await),
        };
    }
    let actor = desk.profile();
    let answer = operations::dispatch(&desk.local, actor.as_ref(), &operation, args, system_now())
        .await
        .map_err(refuse)?;
    // A booking or a cancellation may have queued e-mail: the worker looks at once.
    desk.mail_wake.notify_one();
    Ok(answer)
}

/// Chooses the local profile that makes every following change.
#[tauri::command]
pub async fn select_user(desk: State<'_, Desk>, id: Value) -> Reply<UserView> {
    if desk.team_client().await.is_some() {
        return Err(refuse(Error::Validation(FieldErrors::single(
            "actor",
            "Di mode server tim setiap orang masuk dengan akunnya sendiri; keluar dulu untuk \
             memakai profil di komputer ini",
        ))));
    }
    let id: i64 = argument("id", id).map_err(refuse)?;
    let actor = workflow::actor(&desk.local, &id.to_string())
        .await
        .map_err(refuse)?;
    desk.set_profile(actor.clone());
    Ok(UserView::new(actor.id, actor.name, actor.role, true))
}

#[tauri::command]
pub async fn current_user(desk: State<'_, Desk>) -> Reply<Option<UserView>> {
    Ok(desk.current_user().await)
}

/// Where the window works: the local database, the team server it signed in to, and the
/// address to offer on the start screen.
#[tauri::command]
pub async fn connection(app: AppHandle, desk: State<'_, Desk>) -> Reply<ConnectionView> {
    let remembered = desk::known_servers_path(&app)
        .map(|path| KnownServers::load(&path))
        .and_then(|known| known.last_address);
    Ok(desk.connection(remembered).await)
}

/// Signs in to a team server. An https server's certificate must be the one pinned for its
/// address, or the one the user just compared (`trusted_fingerprint`); otherwise nothing is
/// sent and the answer asks the user to compare the fingerprint the server presents.
#[tauri::command]
pub async fn sign_in_to_server(
    app: AppHandle,
    desk: State<'_, Desk>,
    input: Value,
) -> Reply<ServerSignInOutcome> {
    let input: ServerSignIn = argument("input", input).map_err(refuse)?;
    let address = ServerAddress::parse(&input.address).map_err(refuse)?;
    let known_path = desk::known_servers_path(&app);
    let mut known = known_path
        .as_deref()
        .map(KnownServers::load)
        .unwrap_or_default();
    let pinned = known.pin_of(address.as_str()).map(str::to_owned);
    let trusted = input.trusted_fingerprint.clone().or(pinned.clone());

    if address.is_tls() && trusted.is_none() {
        let fingerprint = TeamClient::presented_certificate(&address)
            .await
            .map_err(refuse)?;
        return Ok(ServerSignInOutcome::CompareFingerprint {
            address: address.to_string(),
            fingerprint,
            changed: false,
        });
    }
    let client = TeamClient::new(address.clone(), trusted.as_deref()).map_err(refuse)?;
    let signing_in = SignInInput {
        username: input.username.clone(),
        password: input.password.clone(),
        desk: desk::desk_name(),
    };
    let session = match client.sign_in(&signing_in).await {
        Ok(session) => session,
        // The certificate is not the trusted one: show the one presented, for comparing again.
        Err(Refusal::Local(Error::Conflict { .. })) if address.is_tls() => {
            let fingerprint = TeamClient::presented_certificate(&address)
                .await
                .map_err(refuse)?;
            return Ok(ServerSignInOutcome::CompareFingerprint {
                address: address.to_string(),
                fingerprint,
                changed: pinned.is_some(),
            });
        }
        Err(refusal) => return Err(refusal.into_payload()),
    };

    known.last_address = Some(address.to_string());
    if let Some(fingerprint) = trusted.filter(|_| address.is_tls()) {
        known.pinned.insert(address.to_string(), fingerprint);
    }
    if let Some(path) = known_path {
        // Signed in all the same; the next start asks to compare again.
        let _ = known.save(&path);
    }
    desk.enter_team(&app, Arc::new(client), session.clone())
        .await;
    Ok(ServerSignInOutcome::SignedIn { session })
}

/// Ends the team session (on the server too); the window goes back to its start screen.
#[tauri::command]
pub async fn sign_out_of_server(desk: State<'_, Desk>) -> Reply<()> {
    if let Some(client) = desk.leave_team().await {
        client.sign_out().await;
    }
    Ok(())
}

/// The signed-in user replaces their password (a reset one first of all).
#[tauri::command]
pub async fn change_password(
    app: AppHandle,
    desk: State<'_, Desk>,
    input: Value,
) -> Reply<SessionView> {
    let input: PasswordChange = argument("input", input).map_err(refuse)?;
    let Some(client) = desk.team_client().await else {
        return Err(refuse(Error::Validation(FieldErrors::single(
            "current",
            "Kata sandi hanya ada untuk akun server tim",
        ))));
    };
    match client.change_password(&input).await {
        Ok(session) => {
            desk.update_session(&app, session.clone()).await;
            Ok(session)
        }
        Err(refusal) => Err(remote_refusal(&desk, &app, refusal).await),
    }
}

/// Tries the team server again now, instead of at the next scheduled attempt.
#[tauri::command]
pub fn reconnect(desk: State<'_, Desk>) {
    desk.reconnect_now();
}

/// Produces an export and writes it to `path`, the file the user chose in the save dialog. In
/// team mode the server produces it.
#[tauri::command]
pub async fn save_export(
    app: AppHandle,
    desk: State<'_, Desk>,
    request: Value,
    path: Value,
) -> Reply<SavedExport> {
    let request = argument("request", request).map_err(refuse)?;
    let path: String = argument("path", path).map_err(refuse)?;
    let chosen = std::path::Path::new(&path);
    if let Some(client) = desk.team_client().await {
        let document = match client.export(&request).await {
            Ok(document) => document,
            Err(refusal) => return Err(remote_refusal(&desk, &app, refusal).await),
        };
        let file = ExportedFile::from_document(document).map_err(refuse)?;
        return export::save_to(&file, chosen, desk.local.path()).map_err(refuse);
    }
    let actor = desk.profile();
    export::save(&desk.local, actor.as_ref(), &request, chosen, system_now())
        .await
        .map_err(refuse)
}
