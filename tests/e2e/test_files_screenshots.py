"""The real app on a real X server, working with files: drop, read, answer, view.

Runs tests/e2e/files_screenshots.py (the whole app, real model, real library
process) and checks the screenshots it takes; they are kept in build/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.screens import keep_screenshots, run_script

SHOTS = [
    "drop-hint",
    "reading",
    "grounded-answer",
    "files-panel",
    "pdf-viewer",
    "summarize-hint",
    "summary",
]


def test_files_screenshots_under_xvfb(xvfb_display: str, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    run_script("files_screenshots.py", xvfb_display, out, 480)
    keep_screenshots(out, dict.fromkeys(SHOTS, (800, 500)), least_colours=20)
