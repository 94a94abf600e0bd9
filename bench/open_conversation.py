"""Opening a long conversation: the transcript against a bare QTextDocument, same text.

A real history database (temporary HISHO_HOME) holds one conversation of ``--turns``
exchanges (a question; a Markdown reply with a list, inline code and, every third
turn, a fenced Python block). Each round opens it as the window does, on the GUI
thread: ``History.messages`` then ``TranscriptView.show_messages``, and paints the
viewport once (``repaint``: layout and drawing, so nothing is left for later).
The baseline, in the same run, puts the same messages' text into a bare
``QTextDocument`` (``setPlainText``) and lays it out at the view's width. ``full_ms``
renders every message (what opening did before lazy rendering), for scale.

The last stdout line is one JSON object: ``open_ms`` (median; goal <= 200),
``baseline_ms``, ``open_to_baseline_ratio``, ``full_ms``. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import emit, isolated_home, log, median, rounded

REPLY = (
    "Here is what to do for step {n}:\n\n"
    "- check the `config.toml` file\n- restart the **service**\n\n"
    "{code}Then ask again if it still fails."
)
CODE = "```python\ndef step_{n}(path):\n    return open(path).read()  # {n}\n```\n\n"


def fill(history: object, turns: int) -> int:
    from engine.storage.history import History
    from engine.types import MessageStatus

    assert isinstance(history, History)
    conversation = history.create_conversation("Bench")
    for n in range(turns):
        history.append_message(conversation.id, "user", f"How do I fix problem {n}?")
        code = CODE.format(n=n) if n % 3 == 0 else ""
        reply = REPLY.format(n=n, code=code)
        history.append_message(conversation.id, "assistant", reply, MessageStatus.COMPLETE, "m")
    return conversation.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QApplication

    from engine.storage.history import History
    from ui.transcript import TranscriptView

    app = QApplication.instance() or QApplication(sys.argv)
    with isolated_home() as home:
        history = History(home / "history.db")
        conversation = fill(history, args.turns)
        view = TranscriptView()
        view.resize(900, 700)
        view.show()
        app.processEvents()
        opened, baseline, full = [], [], []
        for round_ in range(args.rounds):
            started = time.perf_counter()
            messages = history.messages(conversation)
            view.show_messages(messages)
            view.viewport().repaint()
            opened.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            document = QTextDocument()
            document.setPlainText("\n\n".join(m.content for m in history.messages(conversation)))
            document.setTextWidth(view.viewport().width())
            document.size()  # lays it all out
            baseline.append((time.perf_counter() - started) * 1000)
            if round_ < 2:
                view.clear()
                started = time.perf_counter()
                for message in messages:
                    view.add_message(message)
                view.viewport().repaint()
                full.append((time.perf_counter() - started) * 1000)
            log(f"round {round_}: open {opened[-1]:.1f} ms, baseline {baseline[-1]:.1f} ms")
            app.processEvents()
        history.close()
    open_ms, baseline_ms = median(opened), median(baseline)
    emit(
        {
            "bench": "open_conversation",
            "turns": args.turns,
            "messages": 2 * args.turns,
            "open_ms": rounded(open_ms, 1),
            "baseline_ms": rounded(baseline_ms, 1),
            "open_to_baseline_ratio": rounded(open_ms / baseline_ms if baseline_ms else 0.0, 2),
            "full_ms": rounded(median(full), 1),
            "rounds_open_ms": [rounded(v, 1) for v in opened],
            "goals": {"open_ms": 200, "met": open_ms <= 200},
        }
    )


if __name__ == "__main__":
    main()
