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
# ICS; qpdf and poppler for PDF; reportlab for the PDF benchmark's comparison.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver python3 python3-gi gir1.2-ical-3.0 python3-icalendar
  qpdf poppler-utils python3-reportlab)

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
