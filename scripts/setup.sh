#!/usr/bin/env bash
# One idempotent setup for `make run` and `make test`: Debian packages the GUI and
# tests need (only the missing ones), a project-local virtual environment with the
# dependencies from pyproject.toml at the versions in scripts/constraints.txt, and the
# default models in the per-user data folder.
# A second run finds everything in place and takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
VENV=.venv
STAMP="$VENV/.hisho-installed"

# Qt's xcb and offscreen plugins, a virtual screen for screenshots, a tray host,
# CJK glyphs, and a Secret Service for the keyring.
DEB_PACKAGES=(
  xvfb xauth x11-utils libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0
  libxcb-render-util0 libxcb-xkb1 libxkbcommon-x11-0 libxkbcommon0 libegl1 libgl1
  libfontconfig1 libdbus-1-3 fonts-noto-cjk trayer gnome-keyring dbus dbus-x11
)

install_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { echo "setup: not a Debian system; install Qt's runtime libraries yourself"; return 0; }
  local missing=()
  for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python_packages() {
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  local want
  want="$(sha256sum pyproject.toml scripts/setup.sh scripts/constraints.txt | sha256sum | cut -c1-16)"
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    return 0
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip wheel
  # The CPU build of torch first: otherwise sentence-transformers pulls a multi-GB CUDA build.
  if [ "$(uname -s)" = "Linux" ]; then
    "$VENV/bin/python" -m pip install -q -c scripts/constraints.txt "torch==2.13.0"
  fi
  # llama-cpp-python compiles from source (10-14 min on two cores); pip keeps the wheel
  # in its cache, so the next setup reuses it.
  CMAKE_ARGS="${CMAKE_ARGS:--DLLAVA_BUILD=OFF}" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc 2>/dev/null || echo 2)" \
    "$VENV/bin/python" -m pip install -q -c scripts/constraints.txt -e ".[dev,package]"
  echo "$want" > "$STAMP"
}

install_models() {
  HF_HUB_OFFLINE=1 "$VENV/bin/python" -m engine.models install-defaults
}

# The compiled translations Qt loads (assets/i18n/*.qm) from their .ts sources.
build_translations() {
  "$VENV/bin/python" scripts/translations.py build
}

install_debian_packages
install_python_packages
install_models
build_translations
