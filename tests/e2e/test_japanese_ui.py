"""Every window in Japanese on a real X server: runs tests/e2e/japanese_screenshots.py
(the whole app, real model, real library process, translators installed as at start)
and checks its screenshots; they are kept in build/screenshots/ to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import translations
from tests.e2e.screens import keep_screenshots, run_script

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
    run_script("japanese_screenshots.py", xvfb_display, out, 400)
    keep_screenshots(out, dict.fromkeys(SHOTS, (200, 60)), least_colours=5)
