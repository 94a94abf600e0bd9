"""Pictures of text: PNG, JPEG, TIFF (every page of a multi-page one), WebP, GIF, BMP.

Reading a picture happens in two steps, both in the guarded child: ``extract_image``
looks at the header only (size, frames) and names the pages OCR must read
(``Extracted.scan``); ``ocr_image_page`` then decodes one frame and reads it
(``engine.library.formats.ocr``). A picture of more than :data:`MAX_PIXELS` is
refused before it is decoded, except a JPEG, which Pillow decodes at 1/2, 1/4 or
1/8 of its size (``draft``): it is read smaller, and the note says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.formats.ocr import MAX_SIDE_PX, read_picture
from engine.library.types import Extracted, Page

#: The most pixels a picture may have to be decoded whole (about 150 MB in RGB).
MAX_PIXELS = 50_000_000

_DAMAGED = QT_TRANSLATE_NOOP(
    "Engine",
    "This image is damaged or not an image Hisho can read. Open it in an image viewer, "
    "save a new copy (PNG or JPEG), and add that.",
)
_TOO_LARGE = QT_TRANSLATE_NOOP(
    "Engine",
    "This image is {width} × {height} pixels, more than Hisho reads ({limit} million). "
    "Save a smaller copy (at most about 7,000 × 7,000) and add that.",
)
_SHRUNK = QT_TRANSLATE_NOOP(
    "Engine", "This image is {width} × {height} pixels; Hisho read it at {small_width} × "
    "{small_height}."
)  # fmt: skip


def _open(path: Path) -> Any:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # Hisho's own size check below says what to do
    try:
        return Image.open(path)
    except (OSError, SyntaxError, ValueError) as exc:
        raise ExtractError("corrupt", _DAMAGED) from exc


def _frames(image: Any) -> int:
    return int(getattr(image, "n_frames", 1)) if image.format == "TIFF" else 1


def extract_image(path: Path, *, max_pages: int) -> Extracted:
    """A picture file as pages waiting for OCR (one per TIFF page, else one).

    Raises:
        ExtractError: ``corrupt`` (not a picture Pillow reads) or ``unsafe`` (too large).
    """
    with _open(path) as image:
        width, height = image.size
        _check_size(image, width, height)
        frames = _frames(image)
    count = min(frames, max_pages)
    note = ""
    if count < frames:
        note = QT_TRANSLATE_NOOP(
            "Engine", "Only the first {read} of {total} pages were read (Hisho's page limit)."
        ).format(read=count, total=frames)
    elif width * height > MAX_PIXELS:
        small = _draft_size(width, height)
        note = _SHRUNK.format(
            width=f"{width:,}", height=f"{height:,}",
            small_width=f"{small[0]:,}", small_height=f"{small[1]:,}",
        )  # fmt: skip
    pages = tuple(Page(number, "", scanned=True) for number in range(1, count + 1))
    return Extracted(
        "image", pages, partial=count < frames, note=note, scan=tuple(range(1, count + 1))
    )


def _check_size(image: Any, width: int, height: int) -> None:
    if width * height <= MAX_PIXELS or (image.format == "JPEG" and _fits_draft(width, height)):
        return
    raise ExtractError(
        "unsafe",
        _TOO_LARGE.format(width=f"{width:,}", height=f"{height:,}", limit=MAX_PIXELS // 10**6),
    )


def _draft_size(width: int, height: int) -> tuple[int, int]:
    """The size a JPEG is decoded at: halved up to three times until it fits."""
    for shift in range(4):
        small = (-(-width >> shift), -(-height >> shift))
        if small[0] * small[1] <= MAX_PIXELS:
            return small
    return (-(-width >> 3), -(-height >> 3))


def _fits_draft(width: int, height: int) -> bool:
    small = _draft_size(width, height)
    return small[0] * small[1] <= MAX_PIXELS


def open_frame(path: Path, number: int) -> tuple[Any, int, int]:
    """Frame ``number`` (1-based, kept inside the file) decoded as an RGB picture, with
    the frame's number and how many the file has.

    Raises:
        FileNotFoundError: no file at ``path``.
        ExtractError: ``corrupt`` when it does not decode (a damaged JPEG, a cut file),
            ``unsafe`` when it is too large.
    """
    if not path.is_file():
        raise FileNotFoundError(QT_TRANSLATE_NOOP("Engine", "No file at {path}").format(path=path))
    with _open(path) as image:
        width, height = image.size
        _check_size(image, width, height)
        count = _frames(image)
        number = min(max(number, 1), count)
        try:
            if image.format == "JPEG" and width * height > MAX_PIXELS:
                image.draft("RGB", _draft_size(width, height))
            if number > 1:
                image.seek(number - 1)
            rgb = image.convert("RGB")
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ExtractError("corrupt", _DAMAGED) from exc
    return rgb, number, count


def ocr_image_page(path: Path, number: int) -> Page:
    """Frame ``number`` (1-based) of a picture, decoded and read by OCR.

    Raises:
        ExtractError: ``corrupt`` when it does not decode (a damaged JPEG, a cut file).
    """
    import numpy

    try:
        rgb, number, _count = open_frame(path, number)
    except FileNotFoundError as exc:
        raise ExtractError("corrupt", _DAMAGED) from exc
    if max(rgb.size) > MAX_SIDE_PX:
        rgb.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX))
    return read_picture(numpy.asarray(rgb), number)
