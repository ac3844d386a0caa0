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
        ]),
    ))
    .expect("failed to run tauri-build");
}
