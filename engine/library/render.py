"""One PDF page drawn as a PNG, with the boxes of a passage on it (PDFium, via pypdfium2).

This runs in the guarded child (``engine.library.guard``, op ``render``): PDFium is
native code reading the user's file, so the window never loads it. The window gets
PNG bytes and the passage's boxes in image pixels and paints the mark itself
(``ui.pdf_page``). The PNG is written with zlib alone (no imaging library needed).

Errors are :class:`ExtractError`: ``corrupt`` (the PDF does not open, or the page
does not draw), ``empty`` (no pages), ``missing`` / ``unreadable`` (the file).
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.render_scan import region_boxes, render_picture
from engine.library.types import PageBox, Region, RenderedPage

#: Words per piece of the passage looked up on the page (start and end of the passage).
_PIECE_WORDS = 6
#: How many pieces from each end of the passage are tried.
_PIECES_TRIED = 5


def render_page(
    path: Path, number: int, width_px: int, passage: str = "", regions: Sequence[Region] = ()
) -> RenderedPage:
    """A page of a PDF, or of a picture file, drawn ``width_px`` wide with the passage
    marked: by ``regions`` (a scanned page's OCR regions) when given, else where the
    text of ``passage`` is found on a PDF page."""
    from engine.library.extract import IMAGES

    if path.suffix.lower() in IMAGES:
        return render_picture(path, number, width_px, regions)
    return render_pdf_page(path, number, width_px, passage, regions)


def render_pdf_page(
    path: Path, number: int, width_px: int, passage: str = "", regions: Sequence[Region] = ()
) -> RenderedPage:
    """Page ``number`` (1-based, kept inside the document) drawn ``width_px`` pixels wide,
    with the boxes of ``passage`` where it is found on that page (or, on a scanned page,
    its ``regions``).

    Raises:
        ExtractError: the file or the page could not be read (see the module).
    """
    import pypdfium2 as pdfium

    document = _open(path)
    try:
        count = len(document)
        if count == 0:
            raise ExtractError("empty", QT_TRANSLATE_NOOP("Engine", "The PDF has no pages."))
        number = min(max(number, 1), count)
        try:
            png, marks = _draw(document[number - 1], width_px, passage, regions)
        except pdfium.PdfiumError as exc:
            message = QT_TRANSLATE_NOOP("Engine", "Page {number} could not be drawn ({error}).")
            raise ExtractError("corrupt", message.format(number=number, error=exc)) from exc
    finally:
        document.close()
    return RenderedPage(png, number, count, marks)


def _open(path: Path) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = QT_TRANSLATE_NOOP("Engine", "The PDF could not be opened ({error}).")
        raise ExtractError("corrupt", message.format(error=exc)) from exc
    except OSError as exc:
        reason = "missing" if isinstance(exc, FileNotFoundError) else "unreadable"
        message = QT_TRANSLATE_NOOP("Engine", "The file could not be read ({error}).")
        raise ExtractError(reason, message.format(error=exc.strerror or exc)) from exc


def _draw(
    page: Any, width_px: int, passage: str, regions: Sequence[Region]
) -> tuple[bytes, tuple[PageBox, ...]]:
    """The page as PNG bytes ``width_px`` wide, and the passage's boxes on it."""
    scale = width_px / max(page.get_width(), 1.0)
    bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB, three bytes a pixel
    png = encode_png(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride)
    if regions:  # a scanned page: where OCR read the passage's lines
        return png, region_boxes(regions, bitmap.width, bitmap.height)
    marks = _passage_boxes(page, passage, scale) if passage.strip() else ()
    return png, marks


def encode_png(rgb: bytes, width: int, height: int, stride: int) -> bytes:
    """An 8-bit RGB PNG of ``height`` rows of ``stride`` bytes (``width`` pixels used)."""
    row = 3 * width
    view = memoryview(rgb)
    scanlines = b"".join(
        piece for y in range(height) for piece in (b"\x00", view[y * stride : y * stride + row])
    )  # filter type 0 (none) before each row: zlib does the compressing

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(scanlines, 6))
        + chunk(b"IEND", b"")
    )


def _find(textpage: Any, words: list[str], start: int, from_end: bool) -> tuple[int, int] | None:
    """(first char, char count) of the first piece of ``words`` found on the page, trying
    pieces from the start (or the end) of the passage."""
    pieces = len(words) - _PIECE_WORDS + 1 if len(words) > _PIECE_WORDS else 1
    offsets = (
        range(pieces - 1, max(pieces - _PIECES_TRIED - 1, -1), -1)
        if from_end
        else range(min(pieces, _PIECES_TRIED))
    )
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


def _passage_boxes(page: Any, passage: str, scale: float) -> tuple[PageBox, ...]:
    """Where ``passage`` lies on the page, in image pixels (empty when not found)."""
    if page.get_rotation():  # rotated pages: the marks would land elsewhere; show none
        return ()
    words = passage.split()
    textpage = page.get_textpage()
    try:
        first = _find(textpage, words, 0, from_end=False)
        if first is None:
            return ()
        last = _find(textpage, words, first[0], from_end=True) or first
        end = max(first[0] + first[1], last[0] + last[1])
        crop_left, _bottom, _right, crop_top = page.get_cropbox()  # what is drawn
        boxes = []
        for index in range(textpage.count_rects(first[0], end - first[0])):
            left, bottom, right, top = textpage.get_rect(index)
            boxes.append(
                PageBox((left - crop_left) * scale - 2, (crop_top - top) * scale - 2,
                        (right - left) * scale + 4, (top - bottom) * scale + 4)
            )  # fmt: skip
        return tuple(boxes)
    finally:
        textpage.close()


# --- the wire format (JSON lines between the child and the caller) ----------------


def render_request(request: dict[str, Any]) -> dict[str, Any]:
    """The child's side of op ``render``: the page the request asks for, as JSON."""
    regions: list[Region] = [(float(a), float(b), float(c), float(d))
                             for a, b, c, d in request.get("regions", ())]  # fmt: skip
    page = render_page(
        Path(request["path"]),
        int(request["number"]),
        int(request["width_px"]),
        str(request.get("passage", "")),
        regions,
    )
    return rendered_to_dict(page)


def rendered_to_dict(page: RenderedPage) -> dict[str, Any]:
    return {
        "png": base64.b64encode(page.png).decode("ascii"),
        "number": page.number,
        "count": page.count,
        "marks": [list(box) for box in page.marks],
    }


def rendered_from_dict(data: dict[str, Any]) -> RenderedPage:
    return RenderedPage(
        png=base64.b64decode(data["png"]),
        number=int(data["number"]),
        count=int(data["count"]),
        marks=tuple(PageBox(*map(float, box)) for box in data["marks"]),
    )
