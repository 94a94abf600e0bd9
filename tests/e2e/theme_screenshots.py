"""The designed transcript in light and dark, in the real app on the current display.

The app starts as ``hisho`` does (in English, or with ``HISHO_SHOT_LANGUAGE=ja`` in
Japanese); a stored conversation with a code block, a table and a quote is opened, the
pointer's icon buttons are shown over the user's turn, and the window is saved as
``look-<language>-<theme>.png`` in each theme (switched live, as the OS or Settings
would), then the command palette over it.

Usage: ``python tests/e2e/theme_screenshots.py OUT_DIR`` (tests/e2e/test_theme_screenshots.py
runs it under Xvfb and checks the pictures).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from tests.e2e.screens import Step, grab_area, launch_app, run_scenario

TEXTS = {
    "en": (
        "How do I read a file in Python?",
        "Open it with a `with` block, so it is closed for you:\n\n"
        "```python\ndef read(path):\n    # the whole file, as text\n"
        '    with open(path, encoding="utf-8") as f:\n        return f.read()\n```\n\n'
        "| Mode | Meaning |\n|---|---|\n| `r` | read |\n| `w` | write |\n\n"
        "> Always name the encoding.",
    ),
    "ja": (
        "Python でファイルを読むには？",
        "`with` ブロックで開くと、自動で閉じられます。\n\n"
        "```python\ndef read(path):\n    # ファイル全体を文字列で\n"
        '    with open(path, encoding="utf-8") as f:\n        return f.read()\n```\n\n'
        "| モード | 意味 |\n|---|---|\n| `r` | 読み込み |\n| `w` | 書き込み |\n\n"
        "> 文字コードは必ず指定しましょう。",
    ),
}


def scenario(app: object, out: Path, language: str) -> Iterator[Step]:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QTextCursor

    from engine.types import MessageStatus
    from ui import theme

    window = app.window  # type: ignore[attr-defined]
    yield lambda: app.history is not None and app.controllers is not None  # type: ignore[attr-defined]
    question, answer = TEXTS[language]
    history = app.history  # type: ignore[attr-defined]
    conversation = history.create_conversation()
    asked = history.append_message(conversation.id, "user", question)
    history.append_message(conversation.id, "assistant", answer, MessageStatus.COMPLETE, "SmolLM2")
    app.controllers.conversations.open_conversation(conversation.id)  # type: ignore[attr-defined]
    yield lambda: question in window.transcript.toPlainText()
    view = window.transcript
    for mode in (theme.LIGHT_MODE, theme.DARK_MODE):
        theme.use(mode)
        yield lambda: True  # let it repaint
        view.verticalScrollBar().setValue(0)
        found = view.document().find(question)
        rect = view.cursorRect(QTextCursor(found.block()))
        view.show_actions_at(QPoint(rect.left() + 8, rect.center().y()))
        yield lambda: view.actions_bar.isVisible()
        facts = {"theme": mode, "question": question, "message": str(asked.id)}
        grab_area(out / f"look-{language}-{mode}.png", window.frameGeometry(), window, facts=facts)
    window.command_palette.open_palette()
    yield lambda: window.command_palette.isVisible()
    palette = window.command_palette
    grab_area(out / f"look-{language}-palette.png", palette.frameGeometry(), palette)
    palette.hide()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--timeout", type=float, default=200)
    args = parser.parse_args()
    language = os.environ.get("HISHO_SHOT_LANGUAGE", "en")
    qt, app = launch_app(40, (1180, 760), language="" if language == "en" else language)
    return run_scenario(qt, scenario(app, args.out_dir, language), args.timeout, app.shutdown)


if __name__ == "__main__":
    raise SystemExit(main())
