#!/usr/bin/env bash
# The whole test suite: lint, types (Linux, Windows, macOS), then every test (real model,
# real widgets).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# The Windows and macOS code paths (shortcuts, autostart, locks, single instance) are
# checked here too, each platform with a cache of its own so every run stays incremental.
.venv/bin/mypy --platform win32 --cache-dir .mypy_cache/win32
.venv/bin/mypy --platform darwin --cache-dir .mypy_cache/darwin
exec .venv/bin/python -m pytest "$@"
