"""Pictures of pages for the OCR tests and bench/ocr.py: text from ../shared/eval drawn
with a real font (Noto Sans CJK, which scripts/setup.sh installs, for English and
Japanese alike), as a clean page or a scan-like copy, saved as PNG, TIFF, JPEG or an
image-only PDF (no text layer: what a scanner writes).

``HISHO_SHARED`` names the shared folder when it is not beside the checkout.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("HISHO_SHARED") or REPO.parent / "shared")
EVAL = SHARED / "eval"
FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
)


def font_path() -> Path | None:
    """A font with Latin and Japanese glyphs, or None when none is installed."""
    return next((path for path in FONTS if path.exists()), None)


def eval_text(lang: str, document: str, chars: int) -> str:
    """About ``chars`` characters of an eval document's first paragraphs (whole words)."""
    folder = EVAL / ("en-squad" if lang == "en" else "ja-jsquad") / "docs"
    paragraphs = (folder / document).read_text(encoding="utf-8").split("\n\n")[1:]
    text = " ".join(" ".join(p.split()) for p in paragraphs)
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", 0, chars) if lang == "en" else chars
    return text[: cut if cut > 0 else chars]


def japanese_run(text: str, chars: int) -> str:
    """The first ``chars`` characters of ``text`` with no ASCII in them (tategaki sets
    Latin words sideways, which these pages do not draw)."""
    import re

    for run in re.findall(r"[^\x00-\x7f（）]+", text):
        if len(run) >= chars:
            return run[:chars]
    raise ValueError("no run of Japanese that long")


def wrap(text: str, width: int, lang: str) -> list[str]:
    """``text`` in lines of at most ``width`` characters (at spaces for English)."""
    if lang != "en":
        return [text[i : i + width] for i in range(0, len(text), width)]
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def page_image(
    lines: Sequence[str], *, size: tuple[int, int] = (1654, 2339), font_px: int = 34
) -> Any:
    """A white page (A4 at 200 dpi by default) with ``lines`` drawn in black."""
    from PIL import Image, ImageDraw, ImageFont

    found = font_path()
    assert found is not None, "no font: skip before drawing (font_path())"
    font = ImageFont.truetype(str(found), font_px)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((120, 120 + int(font_px * 1.7) * index), line, font=font, fill="black")
    return image


def vertical_image(columns: Sequence[str], *, font_px: int = 34) -> Any:
    """Vertical Japanese (tategaki): one character under the other, columns right to left."""
    from PIL import Image, ImageDraw, ImageFont

    found = font_path()
    assert found is not None
    font = ImageFont.truetype(str(found), font_px)
    step = int(font_px * 1.15)
    height = 120 * 2 + step * max(len(column) for column in columns)
    width = 120 * 2 + int(font_px * 1.8) * len(columns)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for index, column in enumerate(columns):
        x = width - 120 - int(font_px * 1.8) * (index + 1)
        for row, char in enumerate(column):
            draw.text((x, 120 + step * row), char, font=font, fill="black")
    return image


def scan_like(image: Any, seed: int = 7) -> Any:
    """A copy as a scanner makes it: grey paper, a slight tilt, blur and speckles."""
    import random

    from PIL import Image, ImageFilter

    grey = image.convert("L").rotate(0.6, expand=False, fillcolor=255, resample=Image.BICUBIC)
    grey = grey.filter(ImageFilter.GaussianBlur(0.8)).point(lambda v: 40 + v * 0.8)
    pixels = grey.load()
    rng = random.Random(seed)
    for _ in range(grey.width * grey.height // 400):
        x, y = rng.randrange(grey.width), rng.randrange(grey.height)
        pixels[x, y] = rng.choice((30, 230))
    return grey.convert("RGB")


def save_pdf(path: Path, images: Sequence[Any]) -> Path:
    """An image-only PDF (one picture a page, no text layer), as a scanner writes it."""
    first, *rest = images
    first.save(path, "PDF", resolution=200.0, save_all=True, append_images=list(rest))
    return path


def cer(reference: str, read: str) -> float:
    """Character error rate: edit distance ÷ reference length, whitespace ignored and
    both sides NFKC-normalised (full-width and half-width forms count as the same)."""
    ref = "".join(unicodedata.normalize("NFKC", reference).split())
    hyp = "".join(unicodedata.normalize("NFKC", read).split())
    previous = list(range(len(hyp) + 1))
    for i, a in enumerate(ref, start=1):
        current = [i]
        for j, b in enumerate(hyp, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] / max(len(ref), 1)
