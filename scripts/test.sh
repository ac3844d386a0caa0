#!/usr/bin/env bash
# The whole test suite: formatting, lints, type check, core and CLI tests, UI component tests,
# and end-to-end tests of the real window under Xvfb. Installs whatever is missing first.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

require_toolchains
install_debian_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${POSTGRES_PACKAGES[@]}"
install_tauri_driver
install_ui_dependencies

step "UI: type check, component tests, build"
(cd ui && npm run check && npm test && npm run build)

step "Rust: formatting"
cargo fmt --all -- --check

step "Rust: clippy (all crates, all targets, warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

# The team database's tests (and the PostgreSQL run below) use a cluster of their own, stopped
# however this script ends.
start_test_postgres
trap stop_test_postgres EXIT

step "Core, store, contract and services: unit, integration, CLI and binding tests (SQLite)"
cargo test -p konsultasi-core -p konsultasi-store -p konsultasi-contract -p konsultasi

step "The integration suite again, on PostgreSQL: each test on a database of its own"
KONSULTASI_TEST_BACKEND=postgres cargo test -p konsultasi --test integration

step "App: build with the bundled UI"
cargo build -p konsultasi-app

step "End to end: the real window through tauri-driver and WebKitWebDriver, under Xvfb"
xvfb-run -a -s "-screen 0 1280x800x24" cargo test -p konsultasi-e2e --no-fail-fast -- --test-threads=1

step "All tests passed"
