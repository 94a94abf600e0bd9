"""Screenshots of a reasoning model's thinking in the real app, on the current display.

Runs the whole app in-process with the bundled model under a template that opens
``<think>`` in the prompt (tests/thinking_model.py: the real model's output lands in
its thinking), asks one question and saves to OUT_DIR:

- ``thinking-folded.png``: the answer under a folded "▸ Thought for N s" line;
- ``thinking-open.png``: the same after a click on that line: the thinking, muted,
  between the line and the answer.

Usage: ``python tests/e2e/thinking_screenshots.py OUT_DIR`` (tests/e2e/
test_thinking_screenshots.py runs it under Xvfb).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from tests.e2e.screens import Step, grab_area, launch_app, run_scenario
from tests.thinking_model import FORCED, THINKS_THEN_ANSWERS


def click_anchor(view: object, href: str) -> None:
    """Click the link to ``href`` in a transcript with the mouse, as a user does."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from tests.ui.helpers import anchor_position
    from ui.transcript import TranscriptView

    assert isinstance(view, TranscriptView)
    position = anchor_position(view.document(), href)
    assert position >= 0, f"no link to {href}"
    cursor = view.textCursor()
    cursor.setPosition(position + 1)
    rect = view.cursorRect(cursor)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() - 2, rect.center().y())
    )


def scenario(app: object, out_dir: Path) -> Iterator[Step]:
    """The steps, each yielding what to wait for before the next one."""
    window = app.window  # type: ignore[attr-defined]
    controllers = app.controllers  # type: ignore[attr-defined]
    backend = app.backend  # type: ignore[attr-defined]
    yield lambda: window.status_label.text() == "Ready"
    backend.chat_template = FORCED  # the same model, made to think
    backend.switch_model(backend.model_path)
    controllers.chat.model.load()
    yield lambda: window.think_button.isVisible() and window.status_label.text() == "Ready"
    window.hide_banner()  # "Chat format: custom template." (true, but not the subject)
    window.composer.setPlainText(THINKS_THEN_ANSWERS)
    window.composer.submit()
    yield lambda: controllers.turns.generating_in is not None
    yield lambda: controllers.turns.generating_in is None and not window.transcript.streaming
    chat = controllers.chat
    reply = chat.history.messages(chat.conversations.current_id)[-1]
    facts = {
        "question": THINKS_THEN_ANSWERS,
        "answer": reply.content,
        "thinking": reply.thinking,
        "status": reply.status.value,
    }
    yield lambda: True
    grab_area(out_dir / "thinking-folded.png", window.frameGeometry(), window, facts=facts)
    click_anchor(window.transcript, f"hisho://thinking/{reply.id}")
    yield lambda: True
    grab_area(out_dir / "thinking-open.png", window.frameGeometry(), window, facts=facts)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    qt, app = launch_app(max_reply_tokens=48, size=(1000, 640))
    return run_scenario(qt, scenario(app, args.out_dir), args.timeout, app.shutdown)


if __name__ == "__main__":
    raise SystemExit(main())
