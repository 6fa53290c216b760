#!/usr/bin/env bash
# Finds headless Chromium for the report rendering tests, installing Debian's `chromium` package when it
# is missing, and prints the browser's path on stdout (everything else goes to stderr):
#
#   export PERSONALIZATION_CHROMIUM="$(bash eng/chromium.sh)"
#
# Idempotent: an installed browser (PERSONALIZATION_CHROMIUM, /usr/bin/chromium or `chromium` on PATH) is
# reused. Installing needs apt-get and root; sudo is used only when the caller is not root.
set -euo pipefail

log() { echo "chromium.sh: $*" >&2; }

find_chromium() {
  local candidate
  for candidate in "${PERSONALIZATION_CHROMIUM:-}" /usr/bin/chromium; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  for candidate in chromium chromium-browser; do
    if command -v "$candidate" >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if path="$(find_chromium)"; then
  echo "$path"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "Chromium is not installed and apt-get is not available; install Chromium and set PERSONALIZATION_CHROMIUM to its path."
  exit 1
fi

as_root=()
if [ "$(id -u)" != "0" ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    log "Chromium is not installed and this user is not root and has no sudo; run 'apt-get install chromium' as root."
    exit 1
  fi
  as_root=(sudo)
fi

log "installing chromium (and the DejaVu fonts it draws text with) with apt-get"
export DEBIAN_FRONTEND=noninteractive
("${as_root[@]}" apt-get update -qq && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null) >&2

if path="$(find_chromium)"; then
  echo "$path"
  exit 0
fi
log "apt-get installed the chromium package, but no chromium binary was found."
exit 1
