"""Take a screenshot of the real main window after one real exchange.

Runs the app in-process on the current display (an Xvfb server in tests and for the
README), sends a prompt to the real model, waits until the reply is done, grabs the
screen and saves a PNG, with a JSON file beside it of the texts the window shows.
Usage: ``python scripts/screenshot.py OUT.png [--prompt TEXT]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.cli import _privacy_defaults


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--prompt", default="Give me three short tips for writing clear emails, as a list."
    )
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    _privacy_defaults()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app import HishoApp

    qt = QApplication([sys.argv[0]])
    app = HishoApp(qt)
    app.window.resize(1100, 700)
    app.window.show()
    app.start()
    assert app.controllers.chat is not None
    chat = app.controllers.chat
    owner = app.controllers.settings
    current = owner.current
    owner.save(
        dataclasses.replace(
            current,
            chat=dataclasses.replace(current.chat, temperature=0.0, max_reply_tokens=160),
        )
    )
    state = {"sent": False, "code": 1}

    def tick() -> None:
        if not state["sent"]:
            state["sent"] = True
            app.window.composer.setPlainText(args.prompt)
            app.window.composer.submit()
            return
        if app.controllers.turns.generating_in is None and not app.window.transcript.streaming:
            timer.stop()
            # A passing message (a link under the pointer, "Saved") hides the status
            # label; the picture is of the window at rest.
            app.window.statusBar().clearMessage()
            QTimer.singleShot(300, finish)

    def finish() -> None:
        from tests.e2e.screens import grab_area

        reply = chat.history.messages(chat.conversations.current_id)[-1]
        facts = {"question": args.prompt, "answer": reply.content, "status": reply.status.value}
        try:  # the PNG, and beside it the texts the window shows (for the test)
            grab_area(args.out, app.window.frameGeometry(), app.window, facts=facts)
            state["code"] = 0
        except RuntimeError:
            state["code"] = 1
        app.shutdown()
        qt.quit()

    timer = QTimer()
    timer.setInterval(250)
    timer.timeout.connect(tick)
    QTimer.singleShot(1000, timer.start)
    QTimer.singleShot(int(args.timeout * 1000), qt.quit)
    qt.exec()
    return int(state["code"])


if __name__ == "__main__":
    raise SystemExit(main())
