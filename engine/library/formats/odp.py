"""OpenDocument presentations (.odp): one page per slide, its title as the heading.

The title is the text of the slide's ``presentation:class="title"`` frame (else the
slide's own name, when it was given one); then the other frames' text (text boxes,
shapes, tables) in document order; then the speaker notes, after a "Notes:" line.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from engine.library.formats.odf_xml import Blocks, attr, body, local
from engine.library.formats.slides import slide_page
from engine.library.formats.zip_package import Package
from engine.library.types import Extracted, Page

_DEFAULT_NAME = re.compile(r"^(page|slide)\s*\d+$", re.IGNORECASE)
_NOT_TEXT = frozenset({"page-number", "date-time", "footer", "header"})


def _frame_text(frame: Element) -> str:
    blocks = Blocks()
    blocks.walk(frame)
    return "\n".join(text for text, _ in blocks.blocks)


def _slide(number: int, slide: Element) -> Page:
    title, texts, notes = "", [], []
    for child in slide:
        name = local(child)
        if name == "notes":
            notes += [_frame_text(frame) for frame in child if attr(frame, "class") == "notes"]
            continue
        if attr(child, "class") in _NOT_TEXT:
            continue
        text = _frame_text(child) if name != "frame" else _frame_text(child).strip()
        if attr(child, "class") == "title" and not title:
            title = " ".join(text.split())
        elif text:
            texts.append(text)
    name = attr(slide, "name")
    if not title and name and not _DEFAULT_NAME.match(name):
        title = name
    return slide_page(number, title, texts, [note for note in notes if note.strip()])


def read_odp(package: Package) -> Extracted:
    """Every slide of the presentation in ``package``, one page each."""
    root = package.xml("content.xml", required=True)
    assert root is not None
    presentation = body(root, "presentation")
    slides = [child for child in presentation or () if local(child) == "page"]
    pages = tuple(_slide(number, slide) for number, slide in enumerate(slides, start=1))
    title = next((h.title for page in pages for h in page.headings), "")
    return Extracted("odp", pages or (Page(None, ""),), title=title)
