# Makes sure Debian's Prometheus server is installed for the metrics tests (tests/Offerwall.Tests/Operations);
# sourced by scripts/test. Installs the prometheus package with apt-get (as root, or with sudo) when
# /usr/bin/prometheus is missing, the way scripts/chromium.sh installs Chromium. The tests start their own
# server on 127.0.0.1 in a throwaway folder; the package's own service is not used.

prometheus_install() {
  if [ -x /usr/bin/prometheus ]; then return 0; fi
  echo "Prometheus is not installed: installing Debian's prometheus package..."
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "Installing Prometheus needs root (or sudo)." >&2; return 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq prometheus >/dev/null
  [ -x /usr/bin/prometheus ] || { echo "Prometheus install failed." >&2; return 1; }
}
