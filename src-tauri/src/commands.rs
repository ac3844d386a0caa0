//! The IPC commands: `call`, which runs any operation of the core's table
//! (`konsultasi::api::operations`), and the few that only a desktop has: choosing the profile
//! of the session, and writing an export to the path the save dialog returned. Arguments arrive
//! as raw JSON and go through the core's parser, so a malformed payload gets the same
//! `{ code: "validation", details.fields }` answer as a malformed form, naming the field.

use std::sync::Mutex;

use serde_json::Value;
use tauri::State;

use konsultasi::api::{SavedExport, UserView};
use konsultasi::service::export;
use konsultasi::service::operations::{self, argument};
use konsultasi::service::workflow::{self, Actor};
use konsultasi::time::system_now;
use konsultasi::{ErrorPayload, Store};

type Reply<T> = Result<T, ErrorPayload>;

/// The profile chosen at start; every change is made in its name.
#[derive(Default)]
pub struct Session(Mutex<Option<Actor>>);

impl Session {
    fn current(&self) -> Option<Actor> {
        match self.0.lock() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set(&self, actor: Actor) {
        match self.0.lock() {
            Ok(mut guard) => *guard = Some(actor),
            Err(poisoned) => *poisoned.into_inner() = Some(actor),
        }
    }
}

fn refuse(error: konsultasi::Error) -> ErrorPayload {
    error.to_payload()
}

fn profile(actor: Actor) -> UserView {
    UserView::new(actor.id, actor.name, actor.role, true)
}

/// Runs one operation of the table as the session's profile; `args` is the object of its
/// named arguments.
#[tauri::command]
pub async fn call(
    store: State<'_, Store>,
    session: State<'_, Session>,
    operation: String,
    args: Option<Value>,
) -> Reply<Value> {
    let actor = session.current();
    operations::dispatch(
        &store,
        actor.as_ref(),
        &operation,
        args.unwrap_or(Value::Null),
        system_now(),
    )
    .await
    .map_err(refuse)
}

/// Chooses the profile that makes every following change.
#[tauri::command]
pub async fn select_user(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
) -> Reply<UserView> {
    let id: i64 = argument("id", id).map_err(refuse)?;
    let actor = workflow::actor(&store, &id.to_string())
        .await
        .map_err(refuse)?;
    session.set(actor.clone());
    Ok(profile(actor))
}

#[tauri::command]
pub fn current_user(session: State<'_, Session>) -> Reply<Option<UserView>> {
    Ok(session.current().map(profile))
}

/// Produces an export and writes it to `path`, the file the user chose in the save dialog.
#[tauri::command]
pub async fn save_export(
    store: State<'_, Store>,
    session: State<'_, Session>,
    request: Value,
    path: Value,
) -> Reply<SavedExport> {
    let request = argument("request", request).map_err(refuse)?;
    let path: String = argument("path", path).map_err(refuse)?;
    let actor = session.current();
    export::save(
        &store,
        actor.as_ref(),
        &request,
        std::path::Path::new(&path),
        system_now(),
    )
    .await
    .map_err(refuse)
}
