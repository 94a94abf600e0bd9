"""One PDF page as an image, with a passage marked on it (PDFium, via pypdfium2).

pypdfium2 is imported only here, inside the function, so it is loaded when the user
first opens a PDF source and never at start-up. :func:`render_page` builds a QImage
(not a QPixmap), so it may run on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

#: Words per piece of the passage looked up on the page (start and end of the passage).
_PIECE_WORDS = 6
MARK = QColor(255, 200, 0, 90)


class PageUnavailable(Exception):
    """The PDF could not be opened or the page drawn; ``str()`` says why."""


@dataclass(frozen=True, slots=True)
class RenderedPage:
    image: QImage
    number: int  # 1-based
    count: int  # pages in the document
    mark_top: float | None = None  # where the marked passage starts (pixels from the top)


def render_page(
    path: str, number: int, scale: float = 1.5, passage: str = "", width: int | None = None
) -> RenderedPage:
    """Draw page ``number`` (1-based, clamped to the document) at ``scale`` pixels per
    point, or ``width`` pixels wide when given, with ``passage`` (if found on the page)
    marked in translucent yellow."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        message = QCoreApplication.translate("PdfPage", "The PDF could not be opened ({error}).")
        raise PageUnavailable(message.format(error=exc)) from exc
    except OSError as exc:
        message = QCoreApplication.translate("PdfPage", "The file could not be read ({error}).")
        raise PageUnavailable(message.format(error=exc.strerror or exc)) from exc
    try:
        count = len(document)
        if count == 0:
            raise PageUnavailable(QCoreApplication.translate("PdfPage", "The PDF has no pages."))
        number = min(max(number, 1), count)
        page = document[number - 1]
        if width is not None:
            scale = width / max(page.get_width(), 1.0)
        bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
        image = QImage(
            bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
        ).copy()  # a copy owns its pixels: the bitmap's buffer is freed with the document
        rects = _passage_rects(page, passage, scale) if passage.strip() else []
    except pdfium.PdfiumError as exc:
        message = QCoreApplication.translate(
            "PdfPage", "Page {number} could not be drawn ({error})."
        )
        raise PageUnavailable(message.format(number=number, error=exc)) from exc
    finally:
        document.close()
    if rects:
        painter = QPainter(image)
        for rect in rects:
            painter.fillRect(rect, MARK)
        painter.end()
    top = min((rect.top() for rect in rects), default=None)
    return RenderedPage(image, number, count, top)


def _find(textpage: Any, words: list[str], start: int, from_end: bool) -> tuple[int, int] | None:
    """(first char, char count) of the first piece of ``words`` found on the page, trying
    pieces from the start (or the end) of the passage."""
    pieces = len(words) - _PIECE_WORDS + 1 if len(words) > _PIECE_WORDS else 1
    offsets = range(pieces - 1, max(pieces - 6, -1), -1) if from_end else range(min(pieces, 5))
    for offset in offsets:
        piece = " ".join(words[offset : offset + _PIECE_WORDS])
        searcher = textpage.search(piece, index=start, match_case=False)
        try:
            found = searcher.get_next()
        finally:
            searcher.close()
        if found:
            return int(found[0]), int(found[1])
    return None


def _passage_rects(page: Any, passage: str, scale: float) -> list[QRectF]:
    """Where ``passage`` lies on the page, in image pixels (empty when not found)."""
    if page.get_rotation():  # rotated pages: the marks would land elsewhere; show none
        return []
    words = passage.split()
    textpage = page.get_textpage()
    try:
        first = _find(textpage, words, 0, from_end=False)
        if first is None:
            return []
        last = _find(textpage, words, first[0], from_end=True) or first
        end = max(first[0] + first[1], last[0] + last[1])
        crop_left, _bottom, _right, crop_top = page.get_cropbox()  # what is drawn
        rects = []
        for index in range(textpage.count_rects(first[0], end - first[0])):
            left, bottom, right, top = textpage.get_rect(index)
            rects.append(
                QRectF((left - crop_left) * scale - 2, (crop_top - top) * scale - 2,
                       (right - left) * scale + 4, (top - bottom) * scale + 4)
            )  # fmt: skip
        return rects
    finally:
        textpage.close()
