#!/usr/bin/env bash
# The benchmarks that compare the two backends: starts a throw-away PostgreSQL on loopback (see
# lib.sh), gives the bench a new database there, runs `cargo bench --bench policy`, and stops the
# server however the run ends. Extra arguments go to cargo bench.
#
# `bash scripts/bench.sh team-server [--seconds N] [--think-ms N]` instead loads a release
# `konsultasi serve` with 50 desks (benches/team_server.rs); its arguments go to the bench,
# which makes its own database on the throw-away server.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

if [ "${1:-}" = "team-server" ]; then
  shift
  command -v cargo >/dev/null || { echo "cargo (Rust ≥ 1.94) is required: https://rustup.rs" >&2; exit 1; }
  # Only the server and the bench are built: no window, so none of its packages.
  install_debian_packages build-essential pkg-config python3 "${POSTGRES_PACKAGES[@]}"
  start_test_postgres
  trap stop_test_postgres EXIT
  step "Building the release server"
  cargo build --release -p konsultasi --bin konsultasi
  step "Benchmark: 50 desks on the team server over PostgreSQL"
  KONSULTASI_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/konsultasi" \
    cargo bench -p konsultasi --bench team_server -- "$@"
  exit
fi

require_toolchains
install_debian_packages "${APP_PACKAGES[@]}" "${POSTGRES_PACKAGES[@]}"
start_test_postgres
trap stop_test_postgres EXIT
# The bench's team database, and an empty one that migrate-data moves the SQLite desk into.
psql "$KONSULTASI_TEST_POSTGRES" -qc "CREATE DATABASE konsultasi_bench" -c "CREATE DATABASE konsultasi_bench_migrated"
export KONSULTASI_BENCH_POSTGRES="${KONSULTASI_TEST_POSTGRES%/postgres}/konsultasi_bench"
step "Benchmark: the policy engine on SQLite and on PostgreSQL"
cargo bench --bench policy "$@"
