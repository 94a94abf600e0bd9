"""The real app on a real X server, working with files: drop, read, answer, view.

Runs tests/e2e/files_screenshots.py (the whole app, real model, real library
process) and checks the screenshots it takes; they are kept in build/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.conftest import REPO

SHOTS = [
    "drop-hint",
    "reading",
    "grounded-answer",
    "files-panel",
    "pdf-viewer",
    "summarize-hint",
    "summary",
]


def colours(image: QImage) -> int:
    return len(
        {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    )


def test_files_screenshots_under_xvfb(xvfb_display: str, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    script = REPO / "tests" / "e2e" / "files_screenshots.py"
    result = subprocess.run(
        [sys.executable, str(script), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=480,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    keep = REPO / "build" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    for name in SHOTS:
        image = QImage(str(out / f"{name}.png"))
        assert image.width() >= 800 and image.height() >= 500, name
        assert colours(image) > 20, name  # a real window, not a blank grab
        shutil.copy(out / f"{name}.png", keep / f"{name}.png")
