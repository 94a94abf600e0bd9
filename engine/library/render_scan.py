"""A scanned page drawn for the source viewer, with a passage's OCR regions marked.

OCR gives each line it reads a region of the page picture, as fractions of its width
and height (``engine.library.formats.ocr``); a passage from a scanned page keeps the
regions of its lines (``Passage.regions``). Here those fractions become boxes on the
drawn page: a scanned PDF page drawn by PDFium (``engine.library.render``), or a
picture file (PNG, JPEG, TIFF page…) decoded by Pillow and scaled to the width asked
for. Like all page drawing, this runs in the guarded child (op ``render``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from engine.errors import ExtractError
from engine.library.types import PageBox, Region, RenderedPage

#: Pixels a mark reaches beyond the region OCR gave (the region hugs the letters).
PAD_PX = 3.0


def region_boxes(regions: Sequence[Region], width: int, height: int) -> tuple[PageBox, ...]:
    """``regions`` (fractions of the page) as boxes on a picture of ``width`` × ``height``
    pixels, each a little larger than the letters it covers."""
    return tuple(
        PageBox(left * width - PAD_PX, top * height - PAD_PX,
                w * width + 2 * PAD_PX, h * height + 2 * PAD_PX)
        for left, top, w, h in regions
        if w > 0 and h > 0
    )  # fmt: skip


def render_picture(
    path: Path, number: int, width_px: int, regions: Sequence[Region] = ()
) -> RenderedPage:
    """Frame ``number`` (1-based, kept inside the file) of a picture, drawn ``width_px``
    wide (never enlarged), with ``regions`` marked.

    Raises:
        ExtractError: ``corrupt`` (not a picture that decodes), ``unsafe`` (too large),
            ``missing`` / ``unreadable`` (the file).
    """
    from engine.library.formats.images import open_frame

    try:
        rgb, number, count = open_frame(path, number)
    except FileNotFoundError as exc:
        raise ExtractError("missing", str(exc)) from exc
    if rgb.width > width_px > 0:
        height = max(1, round(rgb.height * width_px / rgb.width))
        rgb = rgb.resize((width_px, height))
    png = io.BytesIO()
    rgb.save(png, "PNG", compress_level=6)
    return RenderedPage(png.getvalue(), number, count, region_boxes(regions, rgb.width, rgb.height))
