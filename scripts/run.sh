#!/usr/bin/env bash
# Installs what is missing, builds, and starts Konsultasi DJPK on its embedded SQLite database
# (in ~/.local/share/id.go.kemenkeu.djpk.konsultasi/, or $KONSULTASI_DB). Extra arguments go
# to the app, e.g. `--db /path/to/other.db`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_toolchains
install_debian_packages "${APP_PACKAGES[@]}"
install_ui_dependencies
build_ui
step "Building the app"
cargo build --manifest-path "$ROOT/Cargo.toml" -p konsultasi-app

app="$ROOT/target/debug/konsultasi-djpk"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # No desktop session (e.g. over SSH): run in a virtual X display so the app still starts.
  install_debian_packages xvfb xauth
  step "No display found: starting Konsultasi DJPK under Xvfb"
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$app" "$@"
fi
step "Starting Konsultasi DJPK"
exec "$app" "$@"
