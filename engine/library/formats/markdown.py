"""Markdown: the text as written, with headings from ``#`` lines and setext underlines.

Headings inside fenced code blocks (```` ``` ```` or ``~~~``) and indented code are
not headings. Offsets are character offsets of the heading's line in the text.
"""

from __future__ import annotations

import re

from engine.library.formats.text import clean_text, decode_bytes, read_capped, size_note
from engine.library.types import Extracted, Heading, Page

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^ {0,3}(?:[-+*>]|\d{1,9}[.)])(?:[ \t]|$)|^(?: {4}|\t)")


def markdown_headings(text: str) -> tuple[Heading, ...]:
    """ATX (``# Title``) and setext (``Title`` over ``===``/``---``) headings."""
    headings: list[Heading] = []
    offset = 0
    fence = ""
    paragraph: tuple[int, list[str]] | None = None  # start offset, lines
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if fence:
            if re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", line):
                fence = ""
            continue
        if match := _FENCE.match(line):
            fence, paragraph = match.group(1), None
            continue
        if match := _ATX.match(line):
            title = (match.group(2) or "").strip()
            if title:
                headings.append(Heading(start, len(match.group(1)), title))
            paragraph = None
            continue
        if paragraph is not None and (match := _SETEXT.match(line)):
            level = 1 if match.group(1).startswith("=") else 2
            headings.append(Heading(paragraph[0], level, " ".join(paragraph[1])))
            paragraph = None
        elif not line.strip() or _NOT_PARAGRAPH.match(line):
            paragraph = None
        elif paragraph is None:
            paragraph = (start, [line.strip()])
        else:
            paragraph[1].append(line.strip())
    return tuple(headings)


def extract_markdown(data: bytes, *, max_bytes: int, total_size: int) -> Extracted:
    """A Markdown file as one page, decoded like plain text."""
    capped, cut = read_capped(data, max_bytes)
    cut = cut or total_size > len(data)
    decoded = decode_bytes(capped, complete=not cut)
    text = clean_text(decoded.text)
    headings = markdown_headings(text)
    return Extracted(
        kind="markdown",
        pages=(Page(None, text, headings),),
        title=next((heading.title for heading in headings if heading.level == 1), ""),
        encoding=decoded.encoding,
        partial=cut,
        note=size_note(max_bytes) if cut else "",
    )
