"""The real main window on a real X server: send a message, take a screenshot.

The PNG is kept in build/screenshots/ so a person can look at it after the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.conftest import REPO


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
    image = QImage(str(out))
    assert image.width() >= 800 and image.height() >= 500
    # A real window has many colours (text, buttons); a blank or black grab has one or two.
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20
    keep = REPO / "build" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(out, keep / out.name)
