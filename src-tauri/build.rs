fn main() {
    // Declaring the app's commands makes each one a permission of its own, so the capability
    // file can grant exactly these and nothing else (see capabilities/main.json).
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "list_requests",
            "get_request",
            "create_request",
            "update_request",
            "search_requesters",
            "list_topics",
            "check_request_input",
            "suggest_slots",
            "schedule_request",
            "policy_overview",
            "set_policy",
            "list_holidays",
            "add_holiday",
            "delete_holiday",
            "import_holidays_ics",
            "list_session_overrides",
            "add_session_override",
            "delete_session_override",
            "list_rooms",
            "list_units",
            "save_room",
            "save_unit",
            "route_topic",
            "reschedule_request",
            "list_users",
            "create_user",
            "select_user",
            "current_user",
            "verify_request",
            "confirm_request",
            "cancel_request",
            "reject_request",
            "audit_trail",
            "search_audit",
        ]),
    ))
    .expect("failed to run tauri-build");
}
