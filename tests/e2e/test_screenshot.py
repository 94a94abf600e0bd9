"""The real main window on a real X server: send a message, take a screenshot.

The PNG (and the texts the window showed, beside it) is kept in build/screenshots/ so a
person can look at it after the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO
from tests.e2e.screens import keep_screenshots, shown, shows_answer


def test_main_window_screenshot_under_xvfb(xvfb_display: str, tmp_path: Path) -> None:
    out = tmp_path / "main-window.png"
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "screenshot.py"), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # A real window has many colours (text, buttons); a blank or black grab has one or two.
    keep_screenshots(tmp_path, {"main-window": (800, 500)}, least_colours=20)
    window = shown(tmp_path, "main-window")  # (no error banner)
    assert window.facts["status"] == "complete", window.facts
    transcript = window.text("TranscriptView")
    assert window.facts["question"] in transcript
    assert shows_answer(window, window.facts["answer"], "TranscriptView"), transcript
    assert "Ready" in window.text("mainWindow/QLabel")
