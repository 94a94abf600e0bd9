"""The sources under a grounded answer: "[1] report.pdf · page 3 · Heading" and a short
snippet with the question's words highlighted. Plain text only, never HTML.

Which words to highlight is decided outside ui/ (``TermFinder``: the desktop layer
passes the engine's keyword matcher); by default nothing is highlighted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QRegularExpression
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

from engine.library.types import Passage
from engine.types import StoredMessage

#: (question, text) -> character spans of the question's words in ``text``.
TermFinder = Callable[[str, str], list[tuple[int, int]]]
#: Characters of a snippet under a source.
SNIPPET_CHARS = 200
HIGHLIGHT = QColor(255, 213, 79, 150)
_CITATION = QRegularExpression(r"\[(\d{1,2})\]")


def no_terms(question: str, text: str) -> list[tuple[int, int]]:
    return []


def source_href(message_id: int, number: int) -> str:
    return f"hisho://source/{message_id}/{number}"


def link_citations(
    document: QTextDocument, start: int, end: int, message: StoredMessage, color: QColor
) -> None:
    """Make "[1]" in an answer (between ``start`` and ``end``) a link to its first source
    (and so on)."""
    found = QTextCursor(document)
    found.setPosition(start)
    while True:
        found = document.find(_CITATION, found)
        if found.isNull() or found.selectionEnd() > end:
            return
        number = int(found.selectedText()[1:-1])
        if 1 <= number <= len(message.sources):
            link = QTextCharFormat()
            link.setAnchor(True)
            link.setAnchorHref(source_href(message.id, number))
            link.setForeground(color)
            link.setToolTip(message.sources[number - 1].name)
            found.mergeCharFormat(link)


#: A heading that names its own pages ("pages 12–18", a summary's section) replaces
#: "page 12" in the title line.
_NAMES_PAGES = re.compile(r"^pages? \d")


#: What a "page" is in files whose pages are slides, sheets or chapters.
_SLIDES = (".pptx", ".pptm", ".ppsx", ".ppsm", ".potx", ".potm", ".odp", ".otp")
_SHEETS = (".xlsx", ".xlsm", ".xltx", ".xltm", ".ods", ".ots")


def _page_label(passage: Passage) -> str:
    name, page = passage.name.lower(), passage.page
    if passage.scanned:
        return QCoreApplication.translate("Sources", "scanned page {page}").format(page=page)
    if name.endswith(_SLIDES):
        return QCoreApplication.translate("Sources", "slide {page}").format(page=page)
    if name.endswith(_SHEETS):
        return QCoreApplication.translate("Sources", "sheet {page}").format(page=page)
    if name.endswith(".epub"):
        return QCoreApplication.translate("Sources", "chapter {page}").format(page=page)
    return QCoreApplication.translate("Sources", "page {page}").format(page=page)


def source_title(number: int, passage: Passage) -> str:
    """A source's title line: "[1] report.pdf · page 3 · Intro › Scope" ("slide 3" for a
    presentation, "sheet 2" for a workbook, "chapter 4" for an e-book, "scanned page 3"
    for a page read by OCR)."""
    parts = [f"[{number}] {passage.name}"]
    if passage.page and not _NAMES_PAGES.match(passage.heading):
        parts.append(_page_label(passage))
    if passage.heading:
        parts.append(passage.heading)
    return " · ".join(parts)


def snippet(
    text: str, spans: Sequence[tuple[int, int]], width: int = SNIPPET_CHARS
) -> tuple[str, list[tuple[int, int]]]:
    """A window of ``text`` (whitespace already collapsed) around the first highlighted
    word, with "…" where it was cut, and the spans shifted into it."""
    if len(text) <= width:
        return text, list(spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(text) - width))
    if start > 0:  # start at a word boundary
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return prefix + text[start:end] + suffix, inside


def insert_highlighted(
    cursor: QTextCursor,
    text: str,
    spans: Sequence[tuple[int, int]],
    plain: QTextCharFormat,
    marked: QTextCharFormat,
) -> None:
    """Insert ``text`` with ``spans`` in the ``marked`` format."""
    at = 0
    for start, end in spans:
        if start > at:
            cursor.insertText(text[at:start], plain)
        cursor.insertText(text[start:end], marked)
        at = end
    if at < len(text):
        cursor.insertText(text[at:], plain)


def insert_sources(
    cursor: QTextCursor,
    widget: QWidget,
    message_id: int,
    passages: Sequence[Passage],
    question: str,
    find_terms: TermFinder,
    numbers: Sequence[int] | None = None,
) -> None:
    """Insert the "Sources" section (new blocks at ``cursor``): the sources ``numbers``
    (1-based, in that order; default: all of them, [1] first)."""
    heading = _muted(widget)
    heading.setFontWeight(QFont.Weight.DemiBold)
    heading.setFontPointSize(_small(widget))
    block = QTextBlockFormat()
    block.setTopMargin(8)
    block.setBottomMargin(2)
    cursor.insertBlock(block, heading)
    cursor.insertText(QCoreApplication.translate("Sources", "Sources"), heading)
    shown = range(1, len(passages) + 1) if numbers is None else numbers
    insert_source_entries(cursor, widget, message_id, passages, shown, question, find_terms)


def insert_source_entries(
    cursor: QTextCursor,
    widget: QWidget,
    message_id: int,
    passages: Sequence[Passage],
    numbers: Sequence[int],
    question: str,
    find_terms: TermFinder,
) -> None:
    """Insert the sources ``numbers`` (1-based), each its title link and its snippet."""
    palette = widget.palette()
    body = _muted(widget)
    body.setFontPointSize(_small(widget))
    marked = QTextCharFormat(body)
    marked.setBackground(HIGHLIGHT)
    marked.setForeground(palette.color(QPalette.ColorRole.Text))
    for number in numbers:
        passage = passages[number - 1]
        title_block = QTextBlockFormat()
        title_block.setTopMargin(4)
        link = QTextCharFormat()
        link.setAnchor(True)
        link.setAnchorHref(source_href(message_id, number))
        link.setForeground(palette.color(QPalette.ColorRole.Link))
        link.setToolTip(passage.path)
        cursor.insertBlock(title_block, link)
        cursor.insertText(source_title(number, passage), link)
        text = " ".join(passage.text.split())
        shown, spans = snippet(text, find_terms(question, text))
        snippet_block = QTextBlockFormat()
        snippet_block.setLeftMargin(22)
        cursor.insertBlock(snippet_block, body)
        insert_highlighted(cursor, shown, spans, body, marked)
    cursor.setCharFormat(QTextCharFormat())


def _muted(widget: QWidget) -> QTextCharFormat:
    muted = QTextCharFormat()
    muted.setForeground(widget.palette().color(QPalette.ColorRole.PlaceholderText))
    return muted


def _small(widget: QWidget) -> float:
    return max(widget.font().pointSizeF() - 1, 7)
