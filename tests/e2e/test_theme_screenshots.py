"""The designed transcript in light and dark, English and Japanese, on a real X server:
runs tests/e2e/theme_screenshots.py (the whole app) and checks what each picture shows
in words and in colour; the PNGs are kept in build/screenshots/ to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from scripts import translations
from tests.e2e.screens import keep_screenshots, run_script, shown
from ui import theme

WORDS = {
    "en": ("You", "How do I read a file in Python?", "python", "Copy", "Always name the encoding."),
    "ja": (
        "あなた",
        "Python でファイルを読むには？",
        "python",
        "コピー",
        "文字コードは必ず指定しましょう。",
    ),
}


def background(image: QImage) -> str:
    """The most common colour of the picture's right half (the transcript's surface)."""
    counts: dict[int, int] = {}
    for x in range(image.width() // 2, image.width(), 9):
        for y in range(60, image.height() - 60, 9):
            pixel = image.pixel(x, y)
            counts[pixel] = counts.get(pixel, 0) + 1
    return QColor(max(counts, key=lambda p: counts[p])).name()


@pytest.mark.timeout(600)
@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_transcript_in_light_and_dark(
    language: str, xvfb_display: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    translations.build()
    monkeypatch.setenv("HISHO_SHOT_LANGUAGE", language)
    out = tmp_path / "shots"
    run_script("theme_screenshots.py", xvfb_display, out, 300)
    names = [f"look-{language}-{mode}" for mode in ("light", "dark")]
    keep_screenshots(out, dict.fromkeys(names, (800, 500)), least_colours=20)
    keep_screenshots(out, {f"look-{language}-palette": (300, 200)}, least_colours=5)
    for name, palette in zip(names, (theme.LIGHT, theme.DARK), strict=True):
        screen = shown(out, name)
        transcript = screen.text("TranscriptView")
        for words in WORDS[language]:
            assert words in transcript, (name, words, transcript)
        assert "f.read()" in transcript
        assert background(QImage(str(out / f"{name}.png"))) == palette.surface, name
        actions = [t["text"] for t in screen.texts if "messageActions" in t["where"]]
        assert actions == [], actions  # icon buttons: no words, accessible names instead
    menu = shown(out, f"look-{language}-palette")
    rows = menu.text("commandPalette")
    assert ("New conversation" if language == "en" else "新しい会話") in rows
