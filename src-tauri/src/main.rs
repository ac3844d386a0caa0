//! Konsultasi DJPK desktop shell.
//!
//! Opens the store, registers the commands and shows the window. Every command is a thin
//! adapter: it parses the IPC payload with the core's parser, calls one core service and
//! returns its view, or the core's `{ code, message, details }` error.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use konsultasi::store::{Store, default_database_path};

/// `--db PATH` on the command line wins over `$KONSULTASI_DB` and the default location.
fn database_path() -> Result<PathBuf, konsultasi::Error> {
    let mut args = std::env::args_os();
    args.next(); // the program's own path
    while let Some(arg) = args.next() {
        if arg == "--db" {
            if let Some(path) = args.next() {
                return Ok(PathBuf::from(path));
            }
        } else if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            return Ok(PathBuf::from(path));
        }
    }
    default_database_path()
}

fn main() -> ExitCode {
    let opened = database_path().and_then(|path| {
        tauri::async_runtime::block_on(Store::open(&path)).map(|store| (store, path))
    });
    let (store, path) = match opened {
        Ok(opened) => opened,
        Err(error) => {
            eprintln!("Konsultasi DJPK tidak dapat dimulai: {error}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("Konsultasi DJPK: basis data {}", path.display());

    let result = tauri::Builder::default()
        .manage(store)
        .manage(commands::Session::default())
        // Only the save dialog is granted (capabilities/main.json); the chosen path comes back
        // to `save_export`, which writes nothing but the export it produced.
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::list_requests,
            commands::get_request,
            commands::create_request,
            commands::update_request,
            commands::search_requesters,
            commands::list_topics,
            commands::check_request_input,
            commands::suggest_slots,
            commands::schedule_request,
            commands::policy_overview,
            commands::set_policy,
            commands::list_holidays,
            commands::add_holiday,
            commands::delete_holiday,
            commands::import_holidays_ics,
            commands::list_session_overrides,
            commands::add_session_override,
            commands::delete_session_override,
            commands::list_rooms,
            commands::list_units,
            commands::save_room,
            commands::save_unit,
            commands::route_topic,
            commands::reschedule_request,
            commands::list_users,
            commands::create_user,
            commands::select_user,
            commands::current_user,
            commands::verify_request,
            commands::confirm_request,
            commands::cancel_request,
            commands::reject_request,
            commands::audit_trail,
            commands::search_audit,
            commands::calendar,
            commands::dashboard,
            commands::save_export,
            commands::whatsapp_message,
            commands::export_settings,
            commands::save_export_settings,
            commands::setup_status,
            commands::list_resource_persons,
            commands::save_resource_person,
            commands::arrivals,
            commands::check_in,
            commands::walk_in,
            commands::complete_request,
            commands::mark_no_show,
            commands::check_in_of,
            commands::check_ins_of,
            commands::check_in_preview,
            commands::walk_in_preview,
            commands::void_check_in,
            commands::video_attendance,
            commands::compliance_history,
            commands::monthly_report,
            commands::import_history,
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
