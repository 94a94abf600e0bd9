"""Text in a picture of a page (OCR), English and Japanese, with RapidOCR (PP-OCRv6).

The models ship inside the ``rapidocr`` wheel (ONNX, run by onnxruntime), so nothing
is downloaded. The line-direction classifier stays off: it read upright lines as
upside-down garbage (English CER 0.147 with it, 0.002 without; bench/README.md).

One page at a time, in the guarded parser child (``engine.library.guard``, op ``ocr``):
a scanned PDF page is drawn by PDFium at :data:`DPI`, an image file's frame is
decoded by Pillow (``images``). Lines come back in reading order (top to bottom;
right to left for vertical Japanese), each with its place on the page, so the source
viewer can mark a passage's region.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Page, Region, TextLine

#: How finely a scanned PDF page is drawn for OCR.
DPI = 200
#: The longest side of a picture handed to the engine (larger pages are drawn smaller).
MAX_SIDE_PX = 4000
#: A line whose box is this much taller than wide is a vertical (tategaki) line.
_VERTICAL = 1.5
#: Fewer letters than this on a page with drawings: its text layer is not the text.
_FEW_LETTERS = 16
_MOJIBAKE = re.compile("[\ufffd\ue000-\uf8ff\x80-\x9f]|Ã.|â€")


@functools.cache
def _engine() -> Any:
    """The OCR engine, loaded once per process (about a second)."""
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error"})


def text_layer_is_poor(text: str, pictured: bool) -> bool:
    """Whether a drawn page's text layer misses its text: none at all, too few letters
    on a page with pictures (a scan with a stray caption), mostly non-letters, or
    mojibake (text decoded with the wrong encoding)."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return True
    letters = sum(1 for c in visible if unicodedata.category(c)[0] in "LN")
    if pictured and letters < _FEW_LETTERS:
        return True
    if len(visible) >= _FEW_LETTERS and letters < 0.5 * len(visible):
        return True
    return len(_MOJIBAKE.findall(text)) > 0.05 * len(visible)


def read_picture(rgb: Any, number: int | None) -> Page:
    """The text of one page picture (an ``H × W × 3`` uint8 array), as a scanned page."""
    height, width = rgb.shape[:2]
    if height < 8 or width < 8:
        return Page(number, "", scanned=True)
    result = _engine()(rgb)
    if result.boxes is None or not result.txts:
        return Page(number, "", scanned=True)
    found = [
        (_region(box, width, height), str(text).strip())
        for box, text in zip(result.boxes, result.txts, strict=False)
        if str(text).strip()
    ]
    return _page(number, _reading_order(found))


def _region(box: Any, width: int, height: int) -> Region:
    xs = [float(point[0]) for point in box]
    ys = [float(point[1]) for point in box]
    left, top = max(min(xs), 0.0), max(min(ys), 0.0)
    return (left / width, top / height, (max(xs) - left) / width, (max(ys) - top) / height)


def _reading_order(found: list[tuple[Region, str]]) -> list[tuple[Region, str]]:
    """Top to bottom, left to right; columns right to left when most lines stand upright."""
    upright = sum(1 for (_, _, w, h), _ in found if h > _VERTICAL * w)
    if found and upright > len(found) / 2:
        return sorted(found, key=lambda item: (-round(item[0][0] + item[0][2], 2), item[0][1]))
    return found  # the engine already gives them in reading order, line by line


def _page(number: int | None, found: list[tuple[Region, str]]) -> Page:
    """Lines joined into a page's text; a wide gap above a line starts a paragraph."""
    parts: list[str] = []
    lines: list[TextLine] = []
    offset = 0
    previous: Region | None = None
    for region, text in found:
        if previous is not None:
            gap = region[1] - (previous[1] + previous[3])
            separator = "\n\n" if gap > 1.2 * max(previous[3], 1e-6) else "\n"
            parts.append(separator)
            offset += len(separator)
        parts.append(text)
        lines.append(TextLine(offset, offset + len(text), region))
        offset += len(text)
        previous = region
    return Page(number, "".join(parts), scanned=True, lines=tuple(lines))


def ocr_pdf_page(path: Path, number: int) -> Page:
    """PDF page ``number`` (1-based) drawn and read by OCR.

    Raises:
        ExtractError: ``corrupt`` when the page can't be drawn.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise ExtractError("corrupt", _UNDRAWN.format(number=number)) from exc
    try:
        page = document[number - 1]
        width, height = page.get_size()
        if width < 1 or height < 1:
            return Page(number, "", scanned=True)  # a page of no size shows nothing
        scale = min(DPI / 72, MAX_SIDE_PX / max(width, height))
        bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB
        rgb = bitmap.to_numpy()[:, :, :3].copy()
    except (pdfium.PdfiumError, IndexError, ValueError) as exc:
        raise ExtractError("corrupt", _UNDRAWN.format(number=number)) from exc
    finally:
        document.close()
    return read_picture(rgb, number)


_UNDRAWN = QT_TRANSLATE_NOOP("Engine", "Page {number} could not be drawn to be read.")
