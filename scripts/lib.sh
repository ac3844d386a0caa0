# Shared by scripts/run.sh and scripts/test.sh: installs what is missing, quietly when nothing is.
# Safe to run again and again; needs root (or sudo) only when a Debian package is missing.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

# Debian packages: the Tauri/WebKitGTK build, the X server and WebDriver for end-to-end tests.
APP_PACKAGES=(libwebkit2gtk-4.1-dev build-essential libssl-dev libayatana-appindicator3-dev
  librsvg2-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev pkg-config curl)
# Independent readers of our exports: libical (with its iTIP checks) and Python icalendar for
# ICS; qpdf and poppler for PDF; reportlab for the PDF benchmark's comparison; aiosmtpd, the
# SMTP server on loopback the e-mail tests send to (each test starts its own).
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver python3 python3-gi gir1.2-ical-3.0 python3-icalendar
  qpdf poppler-utils python3-reportlab openssl python3-aiosmtpd)

install_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return
  fi
  step "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

require_toolchains() {
  command -v cargo >/dev/null || { echo "cargo (Rust ≥ 1.94) is required: https://rustup.rs" >&2; exit 1; }
  command -v npm >/dev/null || { echo "Node.js ≥ 20.19 with npm is required" >&2; exit 1; }
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$node_major" -lt 20 ]; then
    echo "Node.js ≥ 20.19 is required (found $(node --version))" >&2
    exit 1
  fi
}

install_tauri_driver() {
  if ! command -v tauri-driver >/dev/null; then
    step "Installing tauri-driver (WebDriver proxy for the Tauri window)"
    cargo install tauri-driver --locked --version '^2'
  fi
}

# Installs the UI's exact locked dependencies when the lock file changed since the last install.
install_ui_dependencies() {
  local stamp="$ROOT/ui/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/ui/package-lock.json" -nt "$stamp" ]; then
    step "Installing UI dependencies (npm ci)"
    (cd "$ROOT/ui" && npm ci --no-audit --no-fund)
  fi
}

build_ui() {
  step "Building the UI"
  (cd "$ROOT/ui" && npm run build)
}

# A throw-away PostgreSQL cluster for the tests and benchmarks: its own data directory and
# socket directory under a fresh temporary folder, a free loopback port, password sign-in
# (SCRAM) over TCP so that a wrong password can be tried. `start_test_postgres` exports
# KONSULTASI_TEST_POSTGRES (a superuser URL); `stop_test_postgres` stops the cluster and
# removes its folder, and is safe to call twice. The caller sets the trap that calls it.
POSTGRES_PACKAGES=(postgresql postgresql-contrib)
TEST_POSTGRES_DIR=""
TEST_POSTGRES_BIN=""

# Runs a PostgreSQL program as the unprivileged owner of the cluster: the server refuses root.
as_postgres_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_test_postgres() {
  TEST_POSTGRES_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$TEST_POSTGRES_BIN" ] || [ ! -x "$TEST_POSTGRES_BIN/initdb" ]; then
    echo "PostgreSQL's server programs are missing (/usr/lib/postgresql/*/bin/initdb)" >&2
    exit 1
  fi
  TEST_POSTGRES_DIR="$(mktemp -d /tmp/konsultasi-postgres.XXXXXX)"
  local password port
  password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  printf '%s\n' "$password" > "$TEST_POSTGRES_DIR/password"
  mkdir -p "$TEST_POSTGRES_DIR/socket"
  [ "$(id -u)" -ne 0 ] || chown -R postgres: "$TEST_POSTGRES_DIR"
  step "Starting a throw-away PostgreSQL ($("$TEST_POSTGRES_BIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port"
  as_postgres_owner "$TEST_POSTGRES_BIN/initdb" -D "$TEST_POSTGRES_DIR/data" -U konsultasi \
    --pwfile="$TEST_POSTGRES_DIR/password" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$TEST_POSTGRES_DIR/initdb.log" 2>&1 \
    || { cat "$TEST_POSTGRES_DIR/initdb.log" >&2; exit 1; }
  # Durability is not what these tests measure: fsync off keeps them fast. Enough connections
  # for the 200-connection race and the tests running beside it.
  as_postgres_owner "$TEST_POSTGRES_BIN/pg_ctl" -D "$TEST_POSTGRES_DIR/data" -w -t 30 \
    -l "$TEST_POSTGRES_DIR/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $TEST_POSTGRES_DIR/socket -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$TEST_POSTGRES_DIR/server.log" >&2; exit 1; }
  export KONSULTASI_TEST_POSTGRES="postgres://konsultasi:$password@127.0.0.1:$port/postgres"
  export PATH="$TEST_POSTGRES_BIN:$PATH"
}

stop_test_postgres() {
  if [ -n "$TEST_POSTGRES_DIR" ] && [ -d "$TEST_POSTGRES_DIR/data" ]; then
    as_postgres_owner "$TEST_POSTGRES_BIN/pg_ctl" -D "$TEST_POSTGRES_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$TEST_POSTGRES_DIR"
  fi
  TEST_POSTGRES_DIR=""
}
