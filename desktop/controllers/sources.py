"""Source controller: opens the source of an answer where it came from.

Clicking "[2] report.pdf · page 3" under an answer opens the source viewer: a PDF
page drawn by the guarded child process (``engine.library.guard``: PDFium never loads
in the window), asked for from a worker so the GUI thread never waits, or for other
files the passage between its neighbours (from the library process). A scanned page
(a scanned PDF's page, or a picture file read by OCR) is drawn with the passage's OCR
regions marked. A file that is
gone, or one that cannot be drawn, gets a sentence saying so. "Open in default app"
opens local files only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices

from desktop.workers import Workers, WorkerSignals
from engine.errors import ExtractError
from engine.library.extract import IMAGES
from engine.library.guard import render_page_guarded
from engine.library.retrieval import highlight_terms, keyword_query
from engine.library.types import Passage, Region
from engine.storage.history import History
from engine.types import StoredMessage
from ui.i18n import engine_text
from ui.main_window import MainWindow
from ui.pdf_page import PageImage, page_image

if TYPE_CHECKING:
    from ui.source_viewer import SourceViewer

log = logging.getLogger(__name__)

#: (chunk id, on_result, on_error): a passage's neighbours, from the library.
ContextLoader = Callable[[str, Callable[[Any], None], Callable[[str], None]], None]


def question_terms(question: str, text: str) -> list[tuple[int, int]]:
    """Where the question's words occur in ``text`` (for highlighting)."""
    return highlight_terms(text, keyword_query(question).terms) if question.strip() else []


def gone_message(path: str) -> str:
    name = Path(path).name
    return QCoreApplication.translate(
        "SourceController",
        "{name} is no longer at {path}.\n\nIt may have been moved, renamed or deleted. "
        "Add it again from its new place to ask about it.",
    ).format(name=name, path=path)


@dataclass(frozen=True, slots=True)
class NoPage:
    """Why a page could not be shown."""

    text: str
    missing: bool = False  # the file is gone


def shows_page(passage: Passage) -> bool:
    """Whether the viewer draws the source's page: a PDF, or a picture read by OCR."""
    suffix = Path(passage.path).suffix.lower()
    return suffix == ".pdf" or (suffix in IMAGES and passage.scanned)


def _render(
    path: str, number: int, width: int, passage: str, regions: tuple[Region, ...] = ()
) -> PageImage | NoPage:
    """On a worker: the page drawn by the guarded child, or why there is none."""
    if not Path(path).is_file():
        return NoPage(gone_message(path), missing=True)
    try:
        drawn = render_page_guarded(Path(path), number, width, passage=passage, regions=regions)
        return page_image(drawn)
    except ExtractError as exc:
        if exc.reason == "missing":
            return NoPage(gone_message(path), missing=True)
        return NoPage(engine_text(str(exc)))


class SourceController(QObject):
    """Opens one source viewer at a time for the source links in the transcript."""

    def __init__(
        self,
        window: MainWindow,
        history: History,
        workers: Workers,
        passage_context: ContextLoader | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.history = history
        self.workers = workers
        self.passage_context = passage_context
        self.viewer: SourceViewer | None = None
        self._in_flight: set[WorkerSignals] = set()
        window.transcript.find_terms = question_terms
        window.transcript.source_requested.connect(self.open_source)

    def open_source(self, message_id: int, number: int) -> None:
        message = self.history.message(message_id)
        if message is None or not 1 <= number <= len(message.sources):
            return
        from ui.source_viewer import SourceViewer

        passage = message.sources[number - 1]
        if self.viewer is not None and shiboken6.isValid(self.viewer):
            self.viewer.close()
        viewer = SourceViewer(passage, number, self._question(message), question_terms, self.window)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.page_requested.connect(lambda page: self._show_page(viewer, page))
        viewer.open_in_app_requested.connect(lambda: self.open_in_app(passage.path))
        self.viewer = viewer
        viewer.show()
        if shows_page(passage):
            self._show_page(viewer, passage.page or 1)
        else:
            self._show_context(viewer, passage)

    def _question(self, reply: StoredMessage) -> str:
        """The question an answer replied to (its words are highlighted)."""
        earlier = [
            m for m in self.history.messages(reply.conversation_id)
            if m.role == "user" and m.id < reply.id
        ]  # fmt: skip
        return earlier[-1].content if earlier else ""

    def _show_page(self, viewer: SourceViewer, number: int) -> None:
        passage = viewer.passage
        here = number == (passage.page or 1)
        mark = passage.text if here else ""
        regions = passage.regions if here else ()
        width = viewer.render_width()

        def shown(result: PageImage | NoPage) -> None:
            if not shiboken6.isValid(viewer):
                return
            if isinstance(result, PageImage):
                viewer.show_page(result)
            elif result.missing:
                viewer.show_missing(result.text)
            else:
                viewer.show_message(result.text)

        self._run(lambda: _render(passage.path, number, width, mark, regions), shown, viewer)

    def _show_context(self, viewer: SourceViewer, passage: Passage) -> None:
        def shown(neighbours: list[Passage]) -> None:
            if shiboken6.isValid(viewer):
                viewer.show_context(neighbours or [passage])

        def failed(message: str) -> None:
            log.info("passage context unavailable: %s", message)
            shown([])

        if not Path(passage.path).is_file():
            viewer.show_missing(gone_message(passage.path))
        elif self.passage_context is None:
            shown([])
        else:
            self.passage_context(passage.chunk_id, shown, failed)

    def open_in_app(self, path: str) -> None:
        """Open the source in the app the system uses for it (local files only)."""
        if not Path(path).is_file():
            self.window.show_error(gone_message(path).replace("\n\n", " "))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def _run(self, call: Callable[[], object], on_result: Callable[[Any], None],
             viewer: SourceViewer) -> None:  # fmt: skip
        signals: WorkerSignals | None = None

        def failed(message: str) -> None:
            if shiboken6.isValid(viewer):
                viewer.show_message(message)

        def finished() -> None:
            self._in_flight.discard(signals)

        signals = self.workers.run_call(call, on_result, failed, finished)
        self._in_flight.add(signals)
