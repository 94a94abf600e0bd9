"""The source viewer: a real PDF drawn by PDFium in the guarded child, page navigation,
text in context."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from engine.errors import ExtractError
from engine.library.guard import ExtractorProcess, render_page_guarded
from engine.library.types import Passage
from tests.documents import make_pdf, report_pages
from ui.pdf_page import MARK, PageImage, page_image
from ui.source_viewer import SourceViewer

PAGE_2 = "\n".join(report_pages()[1])


@pytest.fixture()
def pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "report.pdf", report_pages(), "Annual report")


def pdf_passage(pdf: Path) -> Passage:
    return Passage("1-abc-1", "My files", str(pdf), 2, "", PAGE_2, 0, len(PAGE_2), 1.0)


def drawn(pdf: Path, number: int, width: int = 900, passage: str = "") -> PageImage:
    """Page ``number`` drawn by the guarded child, as the viewer gets it."""
    return page_image(render_page_guarded(pdf, number, width, passage=passage, time_limit_s=60))


def ink(image: QImage) -> int:
    """How many sampled pixels are not white (text, marks)."""
    return sum(
        1
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if image.pixelColor(x, y) != QColor("white")
    )


def test_a_page_is_drawn_in_the_child_with_the_passage_marked(pdf: Path) -> None:
    page = drawn(pdf, 2, width=612, passage=PAGE_2)
    assert (page.number, page.count) == (2, 3)
    assert (page.image.width(), page.image.height()) == (612, 792)  # points at scale 1
    assert ink(page.image) > 100
    assert page.mark_top is not None and 60 < page.mark_top < 100  # the top of the text
    top = int(page.mark_top)
    yellow = [
        (x, y)
        for x in range(60, 400, 2)
        for y in range(top, top + 60, 2)
        if (c := page.image.pixelColor(x, y)).red() > 200 and c.blue() < 200
    ]
    assert len(yellow) > 200  # the mark is drawn over the passage
    plain = drawn(pdf, 2, width=612)
    assert plain.mark_top is None
    assert ink(plain.image) < ink(page.image)  # the text alone, no mark
    assert MARK.alpha() < 255  # the text stays readable under the mark


def test_the_child_draws_at_the_width_asked(pdf: Path) -> None:
    with ExtractorProcess() as process:
        page = process.render_page(pdf, 1, 1224)
        assert process.pid is not None  # it ran in a child, which stays for the next page
    assert page.png.startswith(b"\x89PNG")
    image = page_image(page).image
    assert (image.width(), image.height()) == (1224, 1584)


def test_page_numbers_are_kept_inside_the_document(pdf: Path) -> None:
    assert drawn(pdf, 99).number == 3
    assert drawn(pdf, 0).number == 1


def test_a_passage_not_on_the_page_marks_nothing(pdf: Path) -> None:
    assert drawn(pdf, 1, passage=PAGE_2).mark_top is None


def test_a_damaged_pdf_says_so(tmp_path: Path, pdf: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(ExtractError, match="could not be opened") as raised:
        drawn(broken, 1)
    assert raised.value.reason == "corrupt"
    with pytest.raises(ExtractError) as raised:
        drawn(tmp_path / "gone.pdf", 1)
    assert raised.value.reason == "missing"
    assert drawn(pdf, 2).number == 2  # the child goes on to the next file


def test_a_page_that_takes_too_long_is_stopped(pdf: Path) -> None:
    with ExtractorProcess() as process:
        process.render_page(pdf, 1, 100)  # warm: the next call's time is the drawing alone
        with pytest.raises(ExtractError, match="took longer than") as raised:
            process.render_page(pdf, 1, 4000, time_limit_s=0.001)
        assert raised.value.reason == "timeout"
        assert process.render_page(pdf, 2, 100).number == 2  # a fresh child draws the next


def test_the_viewer_shows_a_page_and_asks_for_the_next(pdf: Path, qtbot: QtBot) -> None:
    viewer = SourceViewer(pdf_passage(pdf), 1, "What is the name of the new lamp?")
    qtbot.addWidget(viewer)
    viewer.show()
    assert viewer.title.text() == "[1] report.pdf · page 2"
    assert viewer.message.text() == "Opening…"
    viewer.show_page(drawn(pdf, 2, passage=PAGE_2))
    assert viewer.stack.currentWidget() is viewer.pdf_page
    assert viewer.page_label.text() == "Page 2 of 3"
    pixmap = viewer.page_image.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 300
    assert viewer.previous_button.isEnabled() and viewer.next_button.isEnabled()
    assert "cobalt-blue lantern" in viewer.passage_view.toPlainText()

    with qtbot.waitSignal(viewer.page_requested, timeout=1000) as requested:
        qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    assert requested.args == [3]
    assert not viewer.next_button.isEnabled()  # until the page arrives
    viewer.show_page(drawn(pdf, 3))
    assert viewer.page_label.text() == "Page 3 of 3"
    assert viewer.previous_button.isEnabled() and not viewer.next_button.isEnabled()
    viewer.activateWindow()
    qtbot.waitUntil(viewer.isActiveWindow, timeout=2000)
    with qtbot.waitSignal(viewer.page_requested, timeout=1000) as requested:
        qtbot.keyClick(viewer.passage_view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert requested.args == [2]


def test_the_viewer_shows_text_in_context_with_the_passage_highlighted(qtbot: QtBot) -> None:
    text = "Line one of the notes. The cited passage says the lamp is blue. Last words."
    cited = Passage("c2", "My files", "/n/notes.md", None, "", text[23:63], 23, 63, 1.0)
    before = Passage("c1", "My files", "/n/notes.md", None, "", text[:30], 0, 30, 0.0)
    after = Passage("c3", "My files", "/n/notes.md", None, "", text[55:], 55, len(text), 0.0)
    viewer = SourceViewer(
        cited, 2, "lamp colour", lambda q, t: [(t.find("lamp"), t.find("lamp") + 4)]
    )
    qtbot.addWidget(viewer)
    viewer.show_context([before, cited, after])
    assert viewer.stack.currentWidget() is viewer.context_view
    shown = viewer.context_view.toPlainText()
    assert shown.count("The cited passage") == 1  # overlaps are shown once
    assert "Line one" in shown and "Last words." in shown
    cursor = viewer.context_view.document().find("lamp")
    assert cursor.charFormat().fontWeight() == 700


def test_a_missing_file_gets_a_sentence_not_a_crash(qtbot: QtBot, tmp_path: Path) -> None:
    viewer = SourceViewer(pdf_passage(tmp_path / "gone.pdf"), 1)
    qtbot.addWidget(viewer)
    viewer.show()
    viewer.show_missing("report.pdf is no longer at /x.")
    assert viewer.message.isVisible()
    assert "no longer" in viewer.message.text()
    assert not viewer.open_button.isEnabled()


def test_a_picture_is_drawn_in_the_child_with_its_regions_marked(tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "receipt.png"
    Image.new("RGB", (2000, 1000), "white").save(picture)
    region = (0.25, 0.5, 0.5, 0.1)  # as OCR gives it: fractions of the picture
    page = page_image(render_page_guarded(picture, 1, 1000, regions=[region], time_limit_s=60))
    assert (page.number, page.count) == (1, 1)
    assert (page.image.width(), page.image.height()) == (1000, 500)  # scaled to the width
    assert page.mark_top == pytest.approx(250 - 3)  # the region's top, a little above it
    inside, outside = page.image.pixelColor(500, 275), page.image.pixelColor(500, 200)
    assert inside != QColor("white") and inside.red() > inside.blue()  # yellow over white
    assert outside == QColor("white")

    damaged = tmp_path / "photo.jpg"
    damaged.write_bytes(b"\xff\xd8\xff\xe0" + bytes(40))
    with pytest.raises(ExtractError, match="This image is damaged"):
        render_page_guarded(damaged, 1, 1000, regions=[region], time_limit_s=60)
