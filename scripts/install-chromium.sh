#!/usr/bin/env bash
# Makes a headless Chromium available for Ayni's PDF rendering (npm run setup:chromium).
#
#   1. CHROMIUM_PATH set and executable      -> use it.
#   2. A system Chromium/Chrome already there -> use it (and add DejaVu fonts if missing).
#   3. Debian/Ubuntu (apt-get)                -> install chromium, fonts and poppler-utils
#                                                (as root, or through passwordless sudo).
#   4. Anything else (e.g. macOS)             -> explain what to install, exit 1.
#
# Idempotent; prints one line on success. Warnings and errors go to stderr.
set -euo pipefail

if [[ "${AYNI_SKIP_CHROMIUM:-}" == 1 ]]; then exit 0; fi

CANDIDATES=(/usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome-stable)
PACKAGES=(chromium fonts-dejavu-core fonts-liberation poppler-utils)
APT_HINT="sudo apt-get update && sudo apt-get install -y --no-install-recommends ${PACKAGES[*]}"

warn() { printf 'install-chromium: %s\n' "$*" >&2; }

find_chromium() {
  local candidate
  for candidate in "${CANDIDATES[@]}"; do
    if [[ -f "$candidate" && -x "$candidate" ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

# Runs a command as root: directly when root, else through passwordless sudo. Returns 2 when neither is possible.
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    sudo "$@"
  else
    return 2
  fi
}

can_be_root() {
  [[ "$(id -u)" -eq 0 ]] || { command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; }
}

# apt-get update + install, quiet on success; on failure shows apt's output.
apt_install() {
  local log status=0
  log="$(mktemp)"
  {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
  } >"$log" 2>&1 || status=$?
  if [[ $status -ne 0 ]]; then
    cat "$log" >&2
  fi
  rm -f "$log"
  return "$status"
}

has_dejavu() {
  local fonts
  if command -v fc-list >/dev/null 2>&1; then
    # Captured first: `fc-list | grep -q` can fail under pipefail when grep exits early.
    fonts="$(fc-list 2>/dev/null || true)"
    grep -qi dejavu <<<"$fonts"
  else
    compgen -G '/usr/share/fonts/truetype/dejavu/*.ttf' >/dev/null
  fi
}

# 1. An explicit CHROMIUM_PATH wins when it is usable.
if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  if [[ -f "$CHROMIUM_PATH" && -x "$CHROMIUM_PATH" ]]; then
    echo "Chromium found at $CHROMIUM_PATH (CHROMIUM_PATH)"
    exit 0
  fi
  warn "warning: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file; looking for a system Chromium instead"
fi

# 2. A system Chromium is already installed.
if found="$(find_chromium)"; then
  if command -v apt-get >/dev/null 2>&1 && ! has_dejavu; then
    if can_be_root; then
      apt_install fonts-dejavu-core ||
        warn "warning: could not install fonts-dejavu-core; PDFs may use fallback fonts"
    else
      warn "warning: DejaVu fonts are missing; PDFs may use fallback fonts. Run: sudo apt-get install -y fonts-dejavu-core"
    fi
  fi
  echo "Chromium found at $found"
  exit 0
fi

# 3. Debian/Ubuntu: install it.
if command -v apt-get >/dev/null 2>&1; then
  if ! can_be_root; then
    warn "Chromium is not installed and this script needs root to install it. Either run:"
    warn "  $APT_HINT"
    warn "or install Chrome/Chromium yourself and set CHROMIUM_PATH to its executable."
    exit 1
  fi
  if ! apt_install "${PACKAGES[@]}"; then
    warn "apt-get could not install ${PACKAGES[*]} (output above)."
    warn "Install Chrome/Chromium another way and set CHROMIUM_PATH to its executable."
    exit 1
  fi
  if found="$(find_chromium)"; then
    echo "Chromium installed at $found"
    exit 0
  fi
  warn "the chromium package installed, but none of ${CANDIDATES[*]} is executable."
  warn "Set CHROMIUM_PATH to the Chromium/Chrome executable."
  exit 1
fi

# 4. No apt (e.g. macOS): the user installs a browser.
warn "No Chromium found and no apt-get to install one."
warn "Install Google Chrome or Chromium, then set CHROMIUM_PATH to its executable, e.g. on macOS:"
warn "  export CHROMIUM_PATH='/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'"
exit 1
