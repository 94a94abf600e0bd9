"""Whole documents and scanned pages in the real app on a real X server, in English
and Japanese.

Runs tests/e2e/documents_screenshots.py (the whole app, real model, real library
process, real OCR) and checks what its screenshots show in words, read from the
photographed widgets; they are kept in build/screenshots/ (a person looks at them).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.e2e.screens import keep_screenshots, run_script, shown
from tests.scans import font_path

#: The switch, how much of the long file fits, a scanned page's source, in each language.
TEXTS = {
    "en": ("Use the whole document", r"About (\d+)% of ledger\.csv fits this model's context\.",
           "[1] ferry.pdf · scanned page 1"),
    "ja": ("文書全体を使う",
           r"ledger\.csv のおよそ (\d+)% がこのモデルのコンテキストに収まります。",
           "[1] ferry.pdf · スキャン 1 ページ"),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.timeout(540)  # the script's own limit is 420 s
@pytest.mark.skipif(font_path() is None, reason="no Noto CJK font (scripts/setup.sh)")
@pytest.mark.parametrize("language", ["en", "ja"])
def test_whole_documents_and_scanned_pages_under_xvfb(
    xvfb_display: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setenv("DOC_SHOTS_LANGUAGE", language)
    out = tmp_path / "shots"
    run_script("documents_screenshots.py", xvfb_display, out, 480)
    for picture in out.glob("*.png"):  # one name per language in build/screenshots/
        for suffix in (".png", ".json"):
            shutil.move(picture.with_suffix(suffix), out / f"{picture.stem}-{language}{suffix}")
    names = [p.stem for p in out.glob("*.png")]
    keep_screenshots(out, dict.fromkeys(names, (800, 500)), least_colours=20)
    switch, too_long, scanned = TEXTS[language]

    fits = shown(out, f"whole-fits-{language}")
    assert switch in fits.text("scopeSelector") and fits.facts["checked"] == "True"
    assert "invoices.csv" in fits.facts["tip"]
    answer = shown(out, f"whole-answer-{language}")
    assert answer.facts["sources"] == "[1] invoices.csv"
    assert answer.facts["question"] in answer.text("TranscriptView")
    assert "[1] invoices.csv" in answer.text("TranscriptView")

    long = shown(out, f"whole-too-long-{language}")
    assert long.facts["enabled"] == "False"
    match = re.fullmatch(too_long, long.facts["note"])
    assert match is not None and 10 <= int(match.group(1)) <= 90, long.facts
    assert long.facts["note"] in long.text("scopeSelector")

    viewer = shown(out, f"scanned-viewer-{language}")
    assert viewer.facts["title"] == scanned and int(viewer.facts["regions"]) > 0
    assert scanned in viewer.text("sourceViewer")
