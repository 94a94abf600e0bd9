"""Screenshots of "your files, answered" in the real app, on the current display.

Runs the whole app in-process (real model, real library process) in the HISHO_HOME it
is given, and saves these PNGs to OUT_DIR:

- ``drop-hint.png`` and ``reading.png``: a PDF dragged over the conversation, then
  dropped and being read;
- ``grounded-answer.png``: a question about it, the answer with its sources under it;
- ``files-panel.png``: the Files panel with files read, one failed, one without text,
  one not supported, and indexing still running;
- ``pdf-viewer.png``: the cited PDF page open in the source viewer;
- ``summarize-hint.png`` and ``summary.png``: the PDF dragged over the lower part of the
  conversation (Summarize), then its summary with the pages it cites.

Usage: ``python tests/e2e/files_screenshots.py OUT_DIR`` (tests/e2e/test_screenshot.py
runs it under Xvfb).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from tests.e2e.screens import (
    Step,
    drag_leave,
    drag_over,
    grab_area,
    launch_app,
    run_scenario,
)

QUESTION = "What is the name of the new lamp, and where was it built?"


def make_documents(folder: Path) -> tuple[Path, Path]:
    """The report to ask about, and a folder of mixed files (some bad) to index."""
    from tests.documents import make_pdf, report_pages

    folder.mkdir(parents=True, exist_ok=True)
    report = make_pdf(folder / "lighthouse-report.pdf", report_pages(), "Annual report")
    papers = folder / "Harbour archive"
    papers.mkdir(exist_ok=True)
    (papers / "meeting-notes.md").write_text(
        "# Meeting notes\n\nThe harbour opens at dawn. Boats leave from pier 3.\n",
        encoding="utf-8",
    )
    make_pdf(papers / "scanned-invoice.pdf", [[]])
    (papers / "damaged-contract.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (papers / "harbour-photo.heic").write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(200))
    for month in range(1, 25):
        lines = [f"Tide table, month {month}."] + [
            f"Day {day}: high water at {6 + day % 5}:{day % 6}0, low water at "
            f"{12 + day % 5}:{day % 6}5. Wind from the {'north' if day % 2 else 'west'}."
            for day in range(1, 60)
        ]
        (papers / f"tides-{month:02d}.txt").write_text("\n".join(lines), encoding="utf-8")
    return report, papers


def grab(
    app: object, out: Path, widget: object | None = None, facts: dict[str, str] | None = None
) -> None:
    """Save the screen area of the main window (and ``widget`` on top of it), with the
    texts both show and the ``facts`` the test checks them against."""
    from PySide6.QtWidgets import QWidget

    window = app.window  # type: ignore[attr-defined]
    area = window.frameGeometry()
    showing = [window]
    if isinstance(widget, QWidget):
        area = area.united(widget.frameGeometry())
        showing.append(widget)
    grab_area(out, area, widget if isinstance(widget, QWidget) else window, showing, facts)


def last_reply(chat: object) -> dict[str, str]:
    """The stored answer of the current conversation, and the title line of the first
    source shown under it, as facts for the screenshot's sidecar."""
    from ui.source_fold import used_first
    from ui.sources import source_title

    reply = chat.history.messages(chat.conversations.current_id)[-1]  # type: ignore[attr-defined]
    check = None if reply.kind == "summary" else reply.check  # an answer's used ones lead
    lead, _folded = used_first(len(reply.sources), check)
    first = source_title(lead[0], reply.sources[lead[0] - 1]) if reply.sources else ""
    return {"answer": reply.content, "status": reply.status.value, "first_source": first}


def scenario(app: object, out_dir: Path, documents: Path) -> Iterator[Step]:
    """The steps, each yielding what to wait for before the next one."""
    from PySide6.QtCore import Qt

    from tests.ui.helpers import drag_and_drop, file_mime

    window = app.window  # type: ignore[attr-defined]
    report, papers = make_documents(documents)
    yield lambda: window.status_label.text() == "Ready"
    mime = file_mime(report)
    target = window.transcript.viewport()
    drag_over(target, mime)
    yield lambda: True
    grab(app, out_dir / "drop-hint.png")
    drag_leave(target)
    drag_and_drop(target, mime)
    status = window.scope_selector.status
    yield lambda: status.text().startswith("Reading")
    yield lambda: True  # let the window repaint first
    grab(app, out_dir / "reading.png")
    yield lambda: status.text().endswith("ask away")
    window.composer.setPlainText(QUESTION)
    window.composer.submit()
    chat = app.controllers.chat  # type: ignore[attr-defined]
    yield lambda: app.controllers.turns.generating_in is not None
    yield lambda: app.controllers.turns.generating_in is None and not window.transcript.streaming
    window.transcript.verticalScrollBar().setValue(window.transcript.verticalScrollBar().maximum())
    yield lambda: True
    grab(app, out_dir / "grounded-answer.png", facts={"question": QUESTION, **last_reply(chat)})

    window.show_files_tab()
    panel = window.library_panel
    folder_mime = file_mime(papers)
    drag_and_drop(window, folder_mime, panel.mapTo(window, panel.rect().center()))
    texts = lambda: [  # noqa: E731
        panel.model.data(panel.model.index(r), Qt.ItemDataRole.AccessibleTextRole)
        for r in range(panel.model.rowCount())
    ]
    yield (
        lambda: (
            panel.progress_box.isVisible()
            and any("Failed" in t for t in texts())
            and any("Not supported" in t for t in texts())
            and any("No text found" in t for t in texts())
        )
    )
    grab(app, out_dir / "files-panel.png")

    window.left_tabs.setCurrentIndex(0)
    reply = chat.history.messages(chat.conversations.current_id)[-1]
    window.transcript.source_requested.emit(reply.id, 1)  # as a click on "[1] …" does
    viewer = app.controllers.sources.viewer  # type: ignore[attr-defined]
    yield lambda: viewer is not None and viewer.page_label.text().startswith("Page")
    viewer.move(window.x() + 120, window.y() + 40)
    yield lambda: True
    grab(app, out_dir / "pdf-viewer.png", viewer)
    viewer.close()

    # One file dragged over the lower part of the conversation: Summarize.
    composer = window.composer.viewport()
    drag_over(composer, mime)
    yield lambda: True
    grab(app, out_dir / "summarize-hint.png")
    drag_leave(composer)
    drag_and_drop(composer, mime)
    yield lambda: app.controllers.turns.generating_in is not None
    yield lambda: app.controllers.turns.generating_in is None and not window.transcript.streaming
    yield lambda: True
    grab(app, out_dir / "summary.png", facts=last_reply(chat))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--timeout", type=float, default=420)
    args = parser.parse_args()
    from engine import paths

    qt, app = launch_app(max_reply_tokens=120, size=(1180, 760))
    steps = scenario(app, args.out_dir, paths.data_dir() / "documents")
    return run_scenario(qt, steps, args.timeout, app.shutdown)


if __name__ == "__main__":
    raise SystemExit(main())
