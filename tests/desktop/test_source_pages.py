"""Opening a PDF source from an answer: the real window, source controller and workers,
with the page drawn by the real guarded child process (PDFium never loads in the
window's process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.controllers.sources import SourceController
from desktop.workers import Workers
from engine.library.types import Passage
from engine.storage.history import History
from tests.conftest import REPO
from tests.documents import make_pdf, report_pages
from ui.main_window import MainWindow

PAGE_2 = "\n".join(report_pages()[1])


def answer_citing(history: History, *pdfs: Path) -> int:
    """A stored answer whose sources are page 2 of each of ``pdfs``; its message id."""
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "What is the name of the new lamp?")
    reply = history.append_message(conversation.id, "assistant", "It is called Aurelia [1].")
    sources = [
        Passage(f"c{n}", "My files", str(pdf), 2, "", PAGE_2, 0, len(PAGE_2), 1.0)
        for n, pdf in enumerate(pdfs, start=1)
    ]
    history.set_sources(reply.id, sources)
    return reply.id


def test_a_damaged_pdf_says_so_and_the_next_source_opens(qtbot: QtBot, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    good = make_pdf(tmp_path / "report.pdf", report_pages())
    history = History(tmp_path / "history.db")
    window = MainWindow()
    qtbot.addWidget(window)
    workers = Workers()
    sources = SourceController(window, history, workers)
    message_id = answer_citing(history, broken, good)

    sources.open_source(message_id, 1)
    viewer = sources.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.message.text() != "Opening…", timeout=30_000)
    assert viewer.stack.currentWidget() is viewer.message
    assert viewer.message.text().startswith("The PDF could not be opened (")
    assert viewer.open_button.isEnabled()  # the file is there, only unreadable

    sources.open_source(message_id, 2)  # the window and the child go on working
    viewer = sources.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.page_label.text() == "Page 2 of 3", timeout=30_000)
    assert viewer.stack.currentWidget() is viewer.pdf_page
    assert not viewer.page_image.pixmap().isNull()
    viewer.close()
    workers.wait()
    history.close()


#: Shows a PDF source in a fresh window process and reports what that process loaded.
SHOW_A_SOURCE = """
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop.controllers.sources import SourceController
from desktop.workers import Workers
from engine.storage.history import History
from tests.desktop.test_source_pages import answer_citing
from tests.documents import make_pdf, report_pages
from ui.main_window import MainWindow
home = Path(sys.argv[1])
history = History(home / "history.db")
message_id = answer_citing(history, make_pdf(home / "report.pdf", report_pages()))
window = MainWindow()
sources = SourceController(window, history, Workers())
sources.open_source(message_id, 1)
viewer = sources.viewer
deadline = time.monotonic() + 60
while viewer.page_label.text() != "Page 2 of 3" and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
print(json.dumps({
    "label": viewer.page_label.text(),
    "drawn": not viewer.page_image.pixmap().isNull(),
    "pdfium_loaded": sorted(m for m in sys.modules if m.startswith("pypdfium2")),
}))
"""


def test_the_window_process_never_loads_pdfium(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SHOW_A_SOURCE, str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown == {"label": "Page 2 of 3", "drawn": True, "pdfium_loaded": []}
