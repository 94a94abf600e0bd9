"""Every window in Japanese on a real X server: runs tests/e2e/japanese_screenshots.py
(the whole app, real model, real library process, translators installed as at start)
and checks its screenshots, and what each shows in words (read from the photographed
widgets: Japanese menus, buttons and status, no English left); they are kept in
build/screenshots/ to be looked at."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scripts import translations
from tests.e2e.screens import Shown, keep_screenshots, run_script, shown, shows_answer

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
    screens = {name: shown(out, name) for name in SHOTS}  # (each without an error banner)
    english = untranslated_patterns()
    for screen in screens.values():
        left = [e for e in screen.texts if any(p.fullmatch(e["text"]) for p in english)]
        assert not left, f"{screen.name} shows English: {left}"
    check_main_window(screens["ja-answer"], screens["ja-files"], screens["ja-file-menu"])
    check_dialogs(screens)


def untranslated_patterns() -> list[re.Pattern[str]]:
    """Each English message of the .ts file that has a different Japanese translation,
    as a pattern a visible text would match if it were left untranslated (placeholders
    match anything; messages of fewer than two English words are left out, since such a
    name may be shown as it is)."""
    patterns = []
    for message in ET.parse(translations.ts_file("ja")).getroot().iter("message"):
        source = message.findtext("source") or ""
        if source == (message.findtext("translation") or "") or "numerus" in message.attrib:
            continue
        if len(re.findall(r"[A-Za-z]{3,}", re.sub(r"\{\w*\}", "", source))) < 2:
            continue
        parts = re.split(r"\{\w*\}", source.replace("&", ""))
        patterns.append(re.compile(".+".join(re.escape(part) for part in parts), re.DOTALL))
    return patterns


def check_main_window(answer: Shown, files: Shown, file_menu: Shown) -> None:
    assert answer.of_class("QMenuBar") == [
        "ファイル(&F)",
        "編集(&E)",
        "チャット(&C)",
        "ヘルプ(&H)",
    ]
    buttons = answer.text("QPushButton").splitlines()
    assert {"送信", "停止", "再生成"} <= set(buttons), buttons
    assert answer.text("QTabBar").splitlines() == ["チャット", "ライブラリ"]
    assert answer.text("mainWindow/QLabel").startswith("準備完了")  # the status bar
    assert answer.facts["status"] == "complete", answer.facts
    transcript = answer.text("TranscriptView")
    assert answer.facts["question"] in transcript
    assert shows_answer(answer, answer.facts["answer"], "TranscriptView"), transcript
    assert "出典\n[1] 会社概要.txt" in transcript  # the source under the answer
    panel = files.text("libraryPanel").splitlines()
    assert {"ファイルを追加…", "フォルダーを追加…"} <= set(panel), panel
    assert any(line.startswith("会社概要.txt") for line in panel), panel
    items = file_menu.of_class("QMenu")
    assert items[0] == "新しい会話(&N)" and items[-2:] == ["設定(&S)…", "終了(&Q)"], items


def check_dialogs(screens: dict[str, Shown]) -> None:
    settings_tabs = screens["ja-settings-general"].text("QTabBar").splitlines()
    assert settings_tabs[:3] == ["一般", "ドキュメント", "クラウド"], settings_tabs
    for name in ("ja-settings-general", "ja-settings-documents", "ja-settings-cloud"):
        assert "設定" in screens[name].texts[0]["text"], screens[name].texts[0]  # the title
    assert "モデル" in screens["ja-models"].texts[0]["text"]
    quick = screens["ja-quick-prompt"].text().splitlines()
    assert {"Hisho クイックプロンプト", "Hisho に質問…", "ドキュメントを使用"} <= set(quick), quick
    assert re.search("[ぁ-んァ-ン一-龯]", screens["ja-egress-log"].text())
    confirm = screens["ja-confirm"].of_class("QPushButton")
    assert confirm == ["削除", "キャンセル"], confirm  # Qt's own Cancel in Japanese too
