"""The sidebar with projects in English and Japanese on a real X server: runs
tests/e2e/projects_screenshots.py (the whole app, the real model) and checks what the
screenshot shows in words: the folders with their conversations, the pin, and the
"2 / 2" of a regenerated reply. The pictures are kept in build/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import translations
from tests.e2e.screens import keep_screenshots, run_script, shown


@pytest.mark.timeout(300)
@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_sidebar_shows_projects(
    xvfb_display: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    translations.build()
    monkeypatch.setenv("HISHO_SHOT_LANGUAGE", language)
    out = tmp_path / "shots"
    run_script("projects_screenshots.py", xvfb_display, out, 280)
    name = f"projects-{language}"
    keep_screenshots(out, {name: (800, 500)}, least_colours=5)
    screen = shown(out, name)
    rows = screen.facts["rows"].splitlines()
    if language == "en":
        assert rows[:3] == ["▾ Tax 2026 (2)", "    Name three fruits.", "    Receipts for March"]
        assert "★ Weekly notes" in rows and "▾ Travel (1)" in rows
        assert "New conversation" in screen.text()
    else:
        assert "▾ 確定申告 2026 (2)" in rows and "    札幌行きの便" in rows
        assert "★ 週次メモ" in rows
        assert "新しい会話" in screen.text()
    assert "2 / 2" in screen.text()
