"""The real app on a real X server, working with files: drop, read, answer, view.

Runs tests/e2e/files_screenshots.py (the whole app, real model, real library
process) and checks the screenshots it takes, and what each shows in words (read from
the photographed widgets); they are kept in build/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.screens import keep_screenshots, run_script, shown, shows_answer

SHOTS = [
    "drop-hint",
    "reading",
    "grounded-answer",
    "files-panel",
    "pdf-viewer",
    "summarize-hint",
    "summary",
]


@pytest.mark.timeout(540)  # the script's own limit is 480 s
def test_files_screenshots_under_xvfb(xvfb_display: str, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    run_script("files_screenshots.py", xvfb_display, out, 480)
    keep_screenshots(out, dict.fromkeys(SHOTS, (800, 500)), least_colours=20)
    check_texts(out)


def check_texts(out: Path) -> None:
    """What a user reads on each screenshot (``shown`` also fails on an error banner)."""
    hints = shown(out, "drop-hint").text("dropHint").splitlines()
    assert hints == [  # where the pointer is, and the other target of the drop
        "Ask about “lighthouse-report.pdf” in a new conversation",
        "Summarize “lighthouse-report.pdf”",
    ]
    assert "Reading" in shown(out, "reading").text("scopeSelector")

    answer = shown(out, "grounded-answer")
    assert answer.facts["status"] == "complete", answer.facts
    transcript = answer.text("TranscriptView")
    assert answer.facts["question"] in transcript
    assert shows_answer(answer, answer.facts["answer"], "TranscriptView"), transcript
    assert re.match(r"\[\d\] lighthouse-report\.pdf · page ", answer.facts["first_source"])
    assert "Sources" in transcript and answer.facts["first_source"] in transcript

    files = shown(out, "files-panel").text("libraryPanel")
    for state in ("Failed", "Not supported", "No text found", "meeting-notes.md"):
        assert state in files, state
    assert " of " in shown(out, "files-panel").text("libraryPanel/QLabel")  # "12 of 30 files"

    viewer = shown(out, "pdf-viewer").text("sourceViewer")
    assert "Page" in viewer and "lighthouse-report.pdf" in viewer

    summarize = shown(out, "summarize-hint").text("dropHint")
    assert "Summarize “lighthouse-report.pdf”" in summarize, summarize
    summary = shown(out, "summary")
    assert summary.facts["status"] == "complete", summary.facts
    assert shows_answer(summary, summary.facts["answer"], "TranscriptView")
