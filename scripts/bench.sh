#!/usr/bin/env bash
# The benchmarks that compare the two backends: starts a throw-away PostgreSQL on loopback (see
# lib.sh), gives the bench a new database there, runs `cargo bench --bench policy`, and stops the
# server however the run ends. Extra arguments go to cargo bench.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

require_toolchains
install_debian_packages "${APP_PACKAGES[@]}" "${POSTGRES_PACKAGES[@]}"
start_test_postgres
trap stop_test_postgres EXIT
# The bench's team database, and an empty one that migrate-data moves the SQLite desk into.
psql "$KONSULTASI_TEST_POSTGRES" -qc "CREATE DATABASE konsultasi_bench" -c "CREATE DATABASE konsultasi_bench_migrated"
export KONSULTASI_BENCH_POSTGRES="${KONSULTASI_TEST_POSTGRES%/postgres}/konsultasi_bench"
step "Benchmark: the policy engine on SQLite and on PostgreSQL"
cargo bench --bench policy "$@"
