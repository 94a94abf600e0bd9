"""One PDF page as an image with a passage marked on it, from a page drawn elsewhere.

The page is drawn by the guarded child process (``engine.library.guard``), which
sends PNG bytes and the passage's boxes; this module only decodes the image and paints
the boxes in translucent yellow. It builds a QImage (not a QPixmap), so it may run on
a worker thread. PDFium is never loaded in the window's process.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from engine.library.types import RenderedPage

MARK = QColor(255, 200, 0, 90)


@dataclass(frozen=True, slots=True)
class PageImage:
    """A page ready to show: the image with the passage marked, and where it is."""

    image: QImage
    number: int  # 1-based
    count: int  # pages in the document
    mark_top: float | None = None  # where the marked passage starts (pixels from the top)


def page_image(page: RenderedPage) -> PageImage:
    """``page``'s PNG as an image, with its passage boxes painted over it."""
    image = QImage.fromData(page.png).convertToFormat(QImage.Format.Format_RGBX8888)
    if page.marks:
        painter = QPainter(image)
        for box in page.marks:
            painter.fillRect(QRectF(box.left, box.top, box.width, box.height), MARK)
        painter.end()
    return PageImage(image, page.number, page.count, page.mark_top)
