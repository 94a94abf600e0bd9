"""A slide as a page, the same for PowerPoint and OpenDocument presentations.

The title comes first and is the page's heading, then the slide's other text, then
the speaker notes after a "Notes:" line, so a question about what the speaker says
finds the slide it belongs to.
"""

from __future__ import annotations

from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Heading, Page


def notes_label() -> str:
    """The line before a slide's speaker notes."""
    return QT_TRANSLATE_NOOP("Engine", "Notes:")


def slide_page(number: int, title: str, texts: list[str], notes: list[str]) -> Page:
    """One slide as a page: the title (a heading), the texts, then the notes."""
    parts = [title] if title else []
    parts += [text for text in texts if text and text != title]
    if notes:
        parts += [notes_label(), *notes]
    headings = (Heading(0, 1, " ".join(title.split())),) if title else ()
    return Page(number, "\n".join(parts), headings)
