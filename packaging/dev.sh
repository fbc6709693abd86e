#!/usr/bin/env bash
# Sets up everything Kvalitet Desktop needs on Debian/Ubuntu, then starts it or runs the tests.
#
#   bash packaging/dev.sh start [kvalitet options]   # the program on the default database
#   bash packaging/dev.sh test  [pytest options]     # the whole test suite, headless
#   bash packaging/dev.sh setup                      # only install
#
# System libraries Qt needs are installed with apt-get when running as root (or with sudo when
# it works without a password); otherwise the missing packages are listed for you to install.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-start}"
[ $# -gt 0 ] && shift

# Qt offscreen (tests, screenshots) and a font, so Swedish text is never drawn as boxes.
QT_BASE="libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 fonts-dejavu-core"
# A real window on an X11/Wayland desktop.
QT_DESKTOP="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1"

say() { printf 'kvalitet: %s\n' "$*" >&2; }

install_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local wanted="$QT_BASE"
  [ "$MODE" = "start" ] && wanted="$wanted $QT_DESKTOP"
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || wanted="$wanted python3-venv python3-pip"
  local missing=()
  for pkg in $wanted; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else
      say "installera först: sudo apt-get install ${missing[*]}"
      return 0
    fi
  fi
  say "installerar systempaket: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  say "Python 3.11 eller senare behövs."; exit 1
}

setup_venv() {
  local stamp=.venv/.installed
  local digest
  digest=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ ! -x .venv/bin/python ]; then
    "$(pick_python)" -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    say "installerar Python-paket i .venv"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e ".[dev]"
    echo "$digest" > "$stamp"
  fi
}

install_debian_packages
setup_venv

case "$MODE" in
  setup) ;;
  start) exec .venv/bin/kvalitet "$@" ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    exec .venv/bin/python -m pytest "$@" ;;
  *) say "okänt läge '$MODE' (välj start, test eller setup)"; exit 2 ;;
esac
