"""Every window in Japanese on a real X server: runs tests/e2e/japanese_screenshots.py
(the whole app, real model, real library process, translators installed as at start)
and checks its screenshots; they are kept in build/screenshots/ to be looked at."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from scripts import translations
from tests.conftest import REPO
from tests.e2e.test_files_screenshots import colours

SHOTS = [
    "ja-answer",
    "ja-files",
    "ja-settings-general",
    "ja-settings-documents",
    "ja-settings-cloud",
    "ja-models",
    "ja-model-settings",
    "ja-egress-log",
    "ja-quick-prompt",
    "ja-file-menu",
    "ja-confirm",
]


@pytest.mark.timeout(420)
def test_every_window_in_japanese_under_xvfb(xvfb_display: str, tmp_path: Path) -> None:
    translations.build()
    out = tmp_path / "shots"
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    script = REPO / "tests" / "e2e" / "japanese_screenshots.py"
    result = subprocess.run(
        [sys.executable, str(script), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    keep = REPO / "build" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    for name in SHOTS:
        image = QImage(str(out / f"{name}.png"))
        assert image.width() >= 200 and image.height() >= 60, name
        assert colours(image) > 5, name  # drawn, not a blank grab
        shutil.copy(out / f"{name}.png", keep / f"{name}.png")
