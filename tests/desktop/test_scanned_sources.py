"""A scanned source opened from an answer: the page picture with the passage's OCR
regions marked. Real pages drawn with a real font, read by the real OCR engine in the
guarded child, indexed in a real library, found by search, shown by the real source
controller and viewer (the page drawn in the child again); the marks are checked
against where the text was drawn. Two small pages: OCR takes seconds a page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from desktop.controllers.sources import SourceController
from desktop.workers import Workers
from engine.library.library import Library
from engine.library.types import Passage
from engine.storage.history import History
from tests.scans import font_path, page_image, save_pdf
from ui.main_window import MainWindow

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(600),
    pytest.mark.skipif(font_path() is None, reason="no Noto CJK font (scripts/setup.sh)"),
]

SIZE = (1000, 900)  # the page picture, in pixels
FONT_PX = 34
TOP, STEP = 120, int(FONT_PX * 1.7)  # where tests.scans.page_image draws line i
PDF_LINES = ["The ferry to Kanda Island leaves at 7:40", "from the north pier every morning."]
PNG_LINES = ["Receipt 5521: two lanterns and a rope,", "paid in cash at the harbour shop."]


def marked_rows(image: QImage) -> list[int]:
    """The rows of ``image`` with yellow in them (a mark over white paper or black ink;
    the page itself is grey)."""
    rows = []
    for y in range(image.height()):
        for x in range(0, image.width(), 3):
            colour = image.pixelColor(x, y)
            if colour.red() - colour.blue() > 40:
                rows.append(y)
                break
    return rows


def answer_citing(history: History, passages: Sequence[Passage]) -> int:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "When does the ferry leave?")
    reply = history.append_message(conversation.id, "assistant", "At 7:40 [1].")
    history.set_sources(reply.id, list(passages))
    return reply.id


def open_page(qtbot: QtBot, sources: SourceController, message_id: int, number: int) -> Any:
    sources.open_source(message_id, number)
    viewer = sources.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.stack.currentWidget() is viewer.pdf_page, timeout=60_000)
    return viewer


def assert_marks_on(image: QImage, lines: int) -> None:
    """Yellow over the passage's lines, from a little above the first to a little below
    the last, and nowhere else on the page."""
    rows = marked_rows(image)
    assert rows, "no mark on the page"
    scale = image.height() / SIZE[1]
    first_top = TOP * scale
    last_bottom = (TOP + STEP * (lines - 1) + FONT_PX * 1.3) * scale  # descenders too
    assert first_top - 12 * scale <= rows[0] <= first_top + 14 * scale, (rows[0], first_top)
    assert last_bottom - 24 * scale <= rows[-1] <= last_bottom + 20 * scale, (rows[-1], last_bottom)
    assert rows[-1] < image.height() / 3  # nothing marked below the text


def test_a_scanned_pdf_page_and_a_picture_open_with_the_passage_marked(
    qtbot: QtBot, tmp_path: Path, embedder: object
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    save_pdf(folder / "ferry.pdf", [page_image(PDF_LINES, size=SIZE, font_px=FONT_PX)])
    page_image(PNG_LINES, size=SIZE, font_px=FONT_PX).save(folder / "receipt.png")
    library = Library(tmp_path / "library", embedder)  # type: ignore[arg-type]
    try:
        list(library.index([folder]))
        ferry = library.search("When does the ferry to Kanda Island leave?", k=1)[0]
        receipt = library.search("What did the receipt for the lanterns say?", k=1)[0]
    finally:
        library.close()
    assert (ferry.name, ferry.page, ferry.scanned) == ("ferry.pdf", 1, True)
    assert (receipt.name, receipt.page, receipt.scanned) == ("receipt.png", 1, True)
    assert ferry.regions and receipt.regions

    history = History(tmp_path / "history.db")
    window = MainWindow()
    qtbot.addWidget(window)
    workers = Workers()
    sources = SourceController(window, history, workers)
    message_id = answer_citing(history, [ferry, receipt])
    try:
        viewer = open_page(qtbot, sources, message_id, 1)
        assert viewer.title.text() == "[1] ferry.pdf · scanned page 1"
        assert viewer.page_label.text() == "Page 1 of 1"
        assert_marks_on(viewer._image, len(PDF_LINES))

        viewer = open_page(qtbot, sources, message_id, 2)
        assert viewer.title.text() == "[2] receipt.png · scanned page 1"
        assert viewer.page_label.text() == "Page 1 of 1"
        assert_marks_on(viewer._image, len(PNG_LINES))
        viewer.close()
    finally:
        workers.wait()
        history.close()
