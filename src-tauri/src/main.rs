//! Konsultasi DJPK desktop shell.
//!
//! Opens the store, registers the commands and shows the window. The commands are thin: `call`
//! hands an operation's name and arguments to the core's one dispatch (the table in
//! `konsultasi::api::operations` says what exists and who may call it); the rest parse their
//! payload with the core's parser, call one core service and return its view, or the core's
//! `{ code, message, details }` error.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod desk;

use std::path::PathBuf;
use std::process::ExitCode;

use konsultasi::store::Store;
use konsultasi::store::backend::Location;
use tauri::Manager as _;

/// `--db PATH` or `--db postgres://…` on the command line wins over `$KONSULTASI_DB` and the
/// default location.
fn database_location() -> Result<Location, konsultasi::Error> {
    let mut args = std::env::args_os();
    args.next(); // the program's own path
    while let Some(arg) = args.next() {
        if arg == "--db" {
            if let Some(named) = args.next() {
                return named_location(named);
            }
        } else if let Some(named) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            return Location::parse(named);
        }
    }
    konsultasi::store::default_location()
}

fn named_location(named: std::ffi::OsString) -> Result<Location, konsultasi::Error> {
    match named.to_str() {
        Some(text) => Location::parse(text),
        None => Ok(Location::File(PathBuf::from(named))),
    }
}

fn main() -> ExitCode {
    let opened = database_location().and_then(|location| {
        tauri::async_runtime::block_on(Store::open_at(&location)).map(|store| (store, location))
    });
    let (store, location) = match opened {
        Ok(opened) => opened,
        Err(error) => {
            eprintln!("Konsultasi DJPK tidak dapat dimulai: {error}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("Konsultasi DJPK: basis data {location}");

    let result = tauri::Builder::default()
        .manage(desk::Desk::new(store.clone()))
        .setup(move |app| {
            desk::relay_local_changes(app.handle(), &store);
            desk::send_local_mail(app.handle(), &app.state::<desk::Desk>());
            Ok(())
        })
        // Only the save dialog is granted (capabilities/main.json); the chosen path comes back
        // to `save_export`, which writes nothing but the export it produced.
        .plugin(tauri_plugin_dialog::init())
        // Every operation of the core's table goes through `call`; the others are the
        // desktop's own: the session's profile or team sign-in, and writing to the save
        // dialog's path.
        .invoke_handler(tauri::generate_handler![
            commands::call,
            commands::select_user,
            commands::current_user,
            commands::connection,
            commands::sign_in_to_server,
            commands::sign_out_of_server,
            commands::change_password,
            commands::reconnect,
            commands::save_export,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Konsultasi DJPK berhenti karena galat: {error}");
            ExitCode::FAILURE
        }
    }
}
