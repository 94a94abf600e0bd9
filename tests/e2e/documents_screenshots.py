"""Screenshots of whole documents and scanned pages in the real app, on the current
display.

Runs the whole app in-process (real model, real library process, real OCR) in the
HISHO_HOME it is given, in the UI language ``DOC_SHOTS_LANGUAGE`` names ("en" unless
set), and saves these PNGs to OUT_DIR:

- ``whole-fits.png``: a small CSV dropped on the conversation, "Use the whole document"
  switched on;
- ``whole-answer.png``: a count question answered from the whole file, its source under it;
- ``whole-too-long.png``: a long CSV dropped next: the switch disabled, how much fits;
- ``scanned-viewer.png``: a scanned PDF page cited by an answer, open in the source
  viewer with the passage's OCR regions marked.

Usage: ``python tests/e2e/documents_screenshots.py OUT_DIR`` (tests/e2e/
test_documents_screenshots.py runs it under Xvfb).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from tests.e2e.screens import Step, grab_area, launch_app, run_scenario

COUNT_QUESTION = "How many invoices are from Sato?"
SCAN_QUESTION = "When does the ferry to Kanda Island leave?"
SCAN_LINES = [
    "Harbour notice, spring timetable.",
    "The ferry to Kanda Island leaves at 7:40",
    "from the north pier every morning.",
]


def make_documents(folder: Path) -> tuple[Path, Path, Path]:
    """A small invoice table, a long one, and a one-page scanned PDF (no text layer)."""
    from tests.desktop.test_whole_document import write_invoices
    from tests.scans import page_image, save_pdf

    folder.mkdir(parents=True, exist_ok=True)
    small = write_invoices(folder / "invoices.csv", 8)
    long = write_invoices(folder / "ledger.csv", 1200)  # the app's context: 8,192
    scan = save_pdf(folder / "ferry.pdf", [page_image(SCAN_LINES, size=(1000, 900))])
    return small, long, scan


def grab(app: object, out: Path, widget: object | None = None, **facts: str) -> None:
    """The main window's screen area (and ``widget``'s on top), with what they show."""
    from PySide6.QtWidgets import QWidget

    window = app.window  # type: ignore[attr-defined]
    area, showing = window.frameGeometry(), [window]
    if isinstance(widget, QWidget):
        area = area.united(widget.frameGeometry())
        showing.append(widget)
    grab_area(out, area, widget if isinstance(widget, QWidget) else window, showing, facts)


def drop_and_measure(app: object, path: Path) -> Iterator[Step]:
    """Drop ``path`` on the conversation; wait until it is read and measured."""
    from tests.ui.helpers import drag_and_drop, file_mime

    window = app.window  # type: ignore[attr-defined]
    controllers = app.controllers  # type: ignore[attr-defined]
    selector = window.scope_selector
    drag_and_drop(window.transcript.viewport(), file_mime(path))
    yield lambda: selector.combo.currentText().endswith(path.name)
    yield lambda: controllers.scope.watch is not None and controllers.scope.watch.finished
    # Measured: the switch on offer (it fits), or disabled with how much fits.
    whole, note = selector.whole, selector.whole_note
    yield lambda: whole.isVisible() and (whole.isEnabled() or note.isVisible())
    yield lambda: True  # let the window repaint first


def ask(app: object, question: str) -> Iterator[Step]:
    window, turns = app.window, app.controllers.turns  # type: ignore[attr-defined]
    window.composer.setPlainText(question)
    window.composer.submit()
    yield lambda: turns.generating_in is not None
    yield lambda: turns.generating_in is None and not window.transcript.streaming
    yield lambda: True


def sources_of_last_reply(app: object) -> str:
    from ui.sources import source_title

    chat = app.controllers.chat  # type: ignore[attr-defined]
    reply = chat.history.messages(chat.conversations.current_id)[-1]
    return "\n".join(source_title(n, p) for n, p in enumerate(reply.sources, start=1))


def scenario(app: object, out_dir: Path, documents: Path) -> Iterator[Step]:
    window = app.window  # type: ignore[attr-defined]
    controllers = app.controllers  # type: ignore[attr-defined]
    selector = window.scope_selector
    small, long, scan = make_documents(documents)
    yield lambda: controllers.turns.model_path != "" and controllers.whole.model_ready
    yield from drop_and_measure(app, small)
    selector.whole.click()  # as the user does
    yield lambda: True
    grab(app, out_dir / "whole-fits.png", tip=selector.whole.toolTip(),
         checked=str(selector.whole.isChecked()))  # fmt: skip
    yield from ask(app, COUNT_QUESTION)
    grab(app, out_dir / "whole-answer.png", question=COUNT_QUESTION,
         sources=sources_of_last_reply(app))  # fmt: skip

    yield from drop_and_measure(app, long)
    grab(app, out_dir / "whole-too-long.png", note=selector.whole_note.text(),
         enabled=str(selector.whole.isEnabled()))  # fmt: skip

    yield from drop_and_measure(app, scan)
    yield from ask(app, SCAN_QUESTION)
    chat = controllers.chat
    reply = chat.history.messages(chat.conversations.current_id)[-1]
    window.transcript.source_requested.emit(reply.id, 1)  # as a click on "[1] …" does
    viewer = controllers.sources.viewer
    yield lambda: viewer is not None and viewer.stack.currentWidget() is viewer.pdf_page
    viewer.move(window.x() + 80, window.y() + 30)
    yield lambda: True
    yield lambda: True
    regions = str(len(reply.sources[0].regions)) if reply.sources else "0"
    grab(app, out_dir / "scanned-viewer.png", viewer, title=viewer.title.text(), regions=regions)
    viewer.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--timeout", type=float, default=420)
    args = parser.parse_args()
    from engine import paths

    language = os.environ.get("DOC_SHOTS_LANGUAGE", "")
    qt, app = launch_app(max_reply_tokens=48, size=(1180, 760), language=language)
    steps = scenario(app, args.out_dir, paths.data_dir() / "documents")
    return run_scenario(qt, steps, args.timeout, app.shutdown)


if __name__ == "__main__":
    raise SystemExit(main())
