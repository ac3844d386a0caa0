fn main() {
    // Declaring the app's commands makes each one a permission of its own, so the capability
    // file can grant exactly these and nothing else (see capabilities/main.json). The
    // operations of the core's table all go through `call`; the core's dispatch knows no
    // other name.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "call",
            "select_user",
            "current_user",
            "connection",
            "sign_in_to_server",
            "sign_out_of_server",
            "change_password",
            "reconnect",
            "save_export",
        ]),
    ))
    .expect("failed to run tauri-build");
}
