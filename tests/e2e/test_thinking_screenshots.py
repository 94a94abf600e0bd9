"""A reasoning model's thinking in the real app on a real X server: folded, then open.

Runs tests/e2e/thinking_screenshots.py (the whole app, the real model made to think)
and checks what each screenshot shows in words (read from the photographed widgets);
they are kept in build/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.screens import keep_screenshots, run_script, shown, shows_answer

SHOTS = ["thinking-folded", "thinking-open"]


@pytest.mark.timeout(240)  # the script's own limit is 180 s
def test_thinking_screenshots_under_xvfb(xvfb_display: str, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    run_script("thinking_screenshots.py", xvfb_display, out, 200)
    keep_screenshots(out, dict.fromkeys(SHOTS, (800, 500)), least_colours=20)

    folded = shown(out, "thinking-folded")
    thinking = folded.facts["thinking"]
    assert folded.facts["status"] == "complete", folded.facts
    assert thinking, "the real model's words should land in its thinking"
    transcript = folded.text("TranscriptView")
    assert folded.facts["question"] in transcript
    assert "▸ Thought for" in transcript
    # Folded: the thinking shows only where the answer says the same words (greedy
    # SmolLM2 may think and answer one sentence twice).
    answer = folded.facts["answer"]
    assert transcript.count(thinking) == answer.count(thinking)
    if folded.facts["answer"].strip():
        assert shows_answer(folded, folded.facts["answer"], "TranscriptView"), transcript
    assert "Think" in folded.text("thinkButton")

    opened = shown(out, "thinking-open").text("TranscriptView")
    assert "▾ Thought for" in opened
    assert opened.count(thinking) == transcript.count(thinking) + 1
