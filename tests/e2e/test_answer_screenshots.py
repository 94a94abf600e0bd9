"""A checked answer in the real app on a real X server, in English and Japanese.

Runs tests/e2e/answer_screenshots.py (the whole app, real model, real library process)
and checks what its screenshots show in words, read from the photographed widgets; they
are kept in build/screenshots/ (a person looks at them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.screens import keep_screenshots, run_script, shown, shows_answer

#: What the answer's check adds, in each language.
LABELS = {
    "en": ("In your documents", "Sources", "Not found in your documents"),
    "ja": ("資料の該当箇所", "出典", "資料に見つかりません"),
}


@pytest.mark.timeout(480)  # the script's own limit is 360 s
@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_checked_answer_under_xvfb(
    xvfb_display: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setenv("ANSWER_SHOTS_LANGUAGE", language)
    out = tmp_path / "shots"
    run_script("answer_screenshots.py", xvfb_display, out, 420)
    for picture in out.glob("*.png"):  # one name per language in build/screenshots/
        for suffix in (".png", ".json"):
            renamed = out / f"{picture.stem}-{language}{suffix}"
            shutil.move(picture.with_suffix(suffix), renamed)
    names = [p.stem for p in out.glob("*.png")]
    keep_screenshots(out, dict.fromkeys(names, (800, 500)), least_colours=20)
    quote, sources, not_found = LABELS[language]
    answer = shown(out, f"checked-answer-{language}")
    facts, transcript = answer.facts, answer.text("TranscriptView")
    assert facts["status"] == "complete", facts
    assert shows_answer(answer, facts["answer"], "TranscriptView"), transcript
    assert sources in transcript and "Nikola_Tesla.txt" in transcript
    assert "1884" in facts["key_sentence"], facts
    if " ".join(facts["key_sentence"].split()) not in " ".join(facts["answer"].split()):
        assert quote in transcript and "1884" in transcript.split(quote)[1], transcript
    if facts["marked"]:  # a sentence the sources don't hold: pointing at it says why
        pointed = shown(out, f"checked-answer-tooltip-{language}")
        assert pointed.facts["tooltip"].startswith(not_found), pointed.facts
