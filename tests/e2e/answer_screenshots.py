"""Screenshots of a checked answer in the real app, on the current display.

Runs the whole app in-process (real model, real library process) in the HISHO_HOME it
is given, in the UI language ``ANSWER_SHOTS_LANGUAGE`` names ("en" unless set): drops
the Nikola Tesla text, asks the issue's question and saves ``checked-answer.png``
(the answer with what its check found: marks, the quoted key sentence, the sources)
and, when a sentence is marked, ``checked-answer-tooltip.png`` (the pointer on it).

Usage: ``python tests/e2e/answer_screenshots.py OUT_DIR`` (tests/e2e/
test_answer_screenshots.py runs it under Xvfb).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from tests.e2e.screens import Step, grab_area, launch_app, run_scenario

QUESTION = "In which year did Tesla move to the United States?"


def tesla_file(folder: Path) -> Path:
    from tests.engine.chat.test_rag import EVAL_TESLA, TESLA

    folder.mkdir(parents=True, exist_ok=True)
    document = folder / "Nikola_Tesla.txt"
    if EVAL_TESLA.is_file():
        shutil.copy(EVAL_TESLA, document)
    else:
        document.write_text(TESLA, encoding="utf-8")
    return document


def facts(app: object) -> dict[str, str]:
    """The stored answer and what its check found, for the sidecar."""
    from tests.ui.helpers import marked_sentences

    chat = app.controllers.chat  # type: ignore[attr-defined]
    reply = chat.history.messages(chat.conversations.current_id)[-1]
    key = reply.check.key_sentence if reply.check is not None else None
    marks = marked_sentences(app.window.transcript.document())  # type: ignore[attr-defined]
    return {
        "answer": reply.content,
        "status": reply.status.value,
        "key_sentence": "" if key is None else " ".join(key.text.split()),
        "marked": "\n".join(text for text, _why in marks),
        "why": "\n".join(why for _text, why in marks),
    }


def point_at(view: object, text: str) -> None:
    """Show the tooltip a user gets pointing at ``text`` in the transcript."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent, QTextCursor
    from PySide6.QtWidgets import QApplication

    found = view.document().find(text)  # type: ignore[attr-defined]
    cursor = QTextCursor(view.document())  # type: ignore[attr-defined]
    cursor.setPosition(found.selectionStart() + min(len(text) // 2, 8))
    view.setTextCursor(cursor)  # type: ignore[attr-defined]
    view.ensureCursorVisible()  # type: ignore[attr-defined]
    point = view.cursorRect(cursor).center()  # type: ignore[attr-defined]
    viewport = view.viewport()  # type: ignore[attr-defined]
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)


def scenario(app: object, out_dir: Path, documents: Path) -> Iterator[Step]:
    from PySide6.QtWidgets import QToolTip

    from engine.library.types import FileStatus
    from tests.ui.helpers import drag_and_drop, file_mime

    window = app.window  # type: ignore[attr-defined]
    controllers = app.controllers  # type: ignore[attr-defined]
    yield lambda: controllers.turns.model_path != "" and not window.transcript.streaming
    drag_and_drop(window.transcript.viewport(), file_mime(tesla_file(documents)))
    client = controllers.library.client
    yield lambda: controllers.chat.conversations.current_id is not None
    yield lambda: [r.status for r in client.files(None)] == [FileStatus.DONE]
    yield lambda: window.scope_selector.combo.currentText().endswith("Nikola_Tesla.txt")
    window.composer.setPlainText(QUESTION)
    window.composer.submit()
    yield lambda: controllers.turns.generating_in is not None
    yield lambda: controllers.turns.generating_in is None and not window.transcript.streaming
    yield lambda: True
    shot = facts(app)
    grab_area(out_dir / "checked-answer.png", window.frameGeometry(), window, [window], shot)
    if shot["marked"]:
        point_at(window.transcript, shot["marked"].splitlines()[0])
        yield QToolTip.isVisible
        yield lambda: True
        area = window.frameGeometry()
        shot["tooltip"] = QToolTip.text()
        grab_area(out_dir / "checked-answer-tooltip.png", area, window, [window], shot)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--timeout", type=float, default=360)
    args = parser.parse_args()
    from engine import paths

    language = os.environ.get("ANSWER_SHOTS_LANGUAGE", "")
    qt, app = launch_app(max_reply_tokens=64, size=(1100, 760), language=language)
    steps = scenario(app, args.out_dir, paths.data_dir() / "documents")
    return run_scenario(qt, steps, args.timeout, app.shutdown)


if __name__ == "__main__":
    raise SystemExit(main())
