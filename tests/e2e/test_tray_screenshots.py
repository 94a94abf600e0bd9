"""Hisho in a real tray: an Xvfb of its own with a tray host (Debian's trayer), the
whole app, the tray menu, close-to-tray, the global shortcut and the quick prompt.

Runs tests/e2e/tray_screenshots.py and checks the screenshots it takes; they are kept
in build/screenshots/ so a person can look at them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.screens import keep_screenshots, run_script, shown, shows_answer
from tests.xvfb import XvfbUnavailable, xvfb_server

SHOTS = {
    "tray-menu": (150, 100),
    "quick-prompt": (600, 120),
    "continued": (800, 500),
    "settings": (400, 250),
}


@pytest.fixture()
def display_with_tray() -> Iterator[str]:
    """A fresh Xvfb with trayer docked at its top right."""
    if shutil.which("trayer") is None:
        pytest.skip("trayer is not installed (setup installs Debian's trayer)")
    try:
        with xvfb_server() as display:
            tray = subprocess.Popen(
                ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
                 "--height", "30", "--SetDockType", "true", "--SetPartialStrut", "true",
                 "--transparent", "false", "--tint", "0x2b2b2b", "--expand", "true"],
                env=dict(os.environ, DISPLAY=display),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                time.sleep(0.5)  # the app also waits for the tray to appear
                assert tray.poll() is None, "trayer did not start"
                yield display
            finally:
                tray.terminate()
                tray.wait(timeout=10)
    except XvfbUnavailable as exc:
        pytest.skip(str(exc))


def test_tray_menu_and_quick_prompt_screenshots(display_with_tray: str, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    stdout = run_script("tray_screenshots.py", display_with_tray, out, 400)
    assert "tray available: True" in stdout
    assert "FAILED" not in stdout
    keep_screenshots(out, SHOTS, least_colours=12)  # real widgets and text, not a blank grab
    check_texts(out)


def check_texts(out: Path) -> None:
    """What a user reads on each screenshot (``shown`` also fails on an error banner)."""
    menu = shown(out, "tray-menu").text("trayMenu").splitlines()
    assert menu[0] == "Quick prompt\tCtrl+Alt+Space", menu  # with the global shortcut
    assert menu[1] == "Show Hisho" and menu[-1] == "Quit Hisho", menu
    assert any(item.startswith("Files: ") for item in menu), menu

    quick = shown(out, "quick-prompt")
    assert quick.facts["status"] == "complete", quick.facts
    assert quick.facts["question"] in quick.text("quickInput")
    assert shows_answer(quick, quick.facts["answer"], "quickAnswer"), quick.text("quickAnswer")
    assert "Continue in Hisho" in quick.text("quickPrompt/QPushButton")

    continued = shown(out, "continued")
    transcript = continued.text("TranscriptView")
    assert quick.facts["question"] in transcript
    assert shows_answer(continued, quick.facts["answer"], "TranscriptView"), transcript

    settings = shown(out, "settings").text()
    for option in ("Keep Hisho running in the tray when I close the window", "Quick prompt"):
        assert option in settings, option
