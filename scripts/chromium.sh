# Makes sure Debian's Chromium is installed for the browser tests (tests/Offerwall.Tests/Pages);
# sourced by scripts/test. Installs the chromium package with apt-get (as root, or with sudo) when
# /usr/bin/chromium is missing, the way scripts/postgres.sh installs PostgreSQL. Playwright drives
# this browser: it never downloads one of its own.

chromium_install() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  echo "Chromium is not installed: installing Debian's chromium package..."
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "Installing Chromium needs root (or sudo)." >&2; return 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] || { echo "Chromium install failed." >&2; return 1; }
}
