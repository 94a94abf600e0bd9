#!/usr/bin/env bash
# Screenshot of the real main window on a private Xvfb server (for the README).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-assets/screenshots/main-window.png}"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/data/models"
ln -s "$(.venv/bin/python -m engine.models where)/SmolLM2-135M-Instruct.Q4_1.gguf" "$home/data/models/"
HISHO_HOME="$home" QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" \
  .venv/bin/python scripts/screenshot.py "$out"
echo "saved $out"
