"""The key sentence under a checked answer: the one sentence of its sources most likely
holding the answer, quoted with the answer words marked, and linked to its page (a
click opens the source viewer there, as a citation does).

Left out when the reply already quotes that sentence (the evidence fallback, "Your
documents say: “…” [2]"), or when its source is not among the reply's.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QWidget

from engine.types import KeySentence, StoredMessage
from ui.sources import insert_highlighted, source_href, source_title


def quoted_sentence(message: StoredMessage) -> KeySentence | None:
    """The key sentence to quote under ``message`` (None: nothing to quote)."""
    key = message.check.key_sentence if message.check is not None else None
    if key is None or not 1 <= key.source <= len(message.sources) or not key.text.strip():
        return None
    if " ".join(key.text.split()) in " ".join(message.content.split()):
        return None  # the reply is that quote
    return key


def mark_colour(palette: QPalette) -> QColor:
    """The background of the marked answer words: the palette's highlight, light."""
    colour = QColor(palette.color(QPalette.ColorRole.Highlight))
    colour.setAlpha(70)
    return colour


def insert_quote(cursor: QTextCursor, widget: QWidget, message: StoredMessage) -> None:
    """Insert "In your documents" and the quoted key sentence, with a link to its page
    (new blocks at ``cursor``), when ``message`` has one to quote."""
    key = quoted_sentence(message)
    if key is None:
        return
    palette = widget.palette()
    small = max(widget.font().pointSizeF() - 1, 7)
    heading = QTextCharFormat()
    heading.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
    heading.setFontWeight(QFont.Weight.DemiBold)
    heading.setFontPointSize(small)
    block = QTextBlockFormat()
    block.setTopMargin(8)
    block.setBottomMargin(2)
    cursor.insertBlock(block, heading)
    cursor.insertText(QCoreApplication.translate("EvidenceQuote", "In your documents"), heading)
    quote_block = QTextBlockFormat()
    quote_block.setLeftMargin(12)
    plain = QTextCharFormat()
    plain.setFontItalic(True)
    plain.setForeground(palette.color(QPalette.ColorRole.Text))
    marked = QTextCharFormat(plain)
    marked.setFontWeight(QFont.Weight.Bold)
    marked.setBackground(mark_colour(palette))
    cursor.insertBlock(quote_block, plain)
    text = "".join(" " if c.isspace() else c for c in key.text)  # the marks keep their place
    cursor.insertText("“", plain)
    insert_highlighted(cursor, text.strip(), _marks(key, text), plain, marked)
    cursor.insertText("”  ", plain)
    _insert_page_link(cursor, widget, message, key)
    cursor.setCharFormat(QTextCharFormat())


def _marks(key: KeySentence, text: str) -> list[tuple[int, int]]:
    """The answer words' spans in ``text.strip()``, in order, inside it."""
    shift = len(text) - len(text.lstrip())
    length = len(text.strip())
    spans = sorted((a - shift, b - shift) for a, b in key.marks)
    out: list[tuple[int, int]] = []
    for start, end in spans:
        start, end = max(start, out[-1][1] if out else 0), min(end, length)
        if start < end:
            out.append((start, end))
    return out


def _insert_page_link(
    cursor: QTextCursor, widget: QWidget, message: StoredMessage, key: KeySentence
) -> None:
    passage = message.sources[key.source - 1]
    link = QTextCharFormat()
    link.setAnchor(True)
    link.setAnchorHref(source_href(message.id, key.source))
    link.setForeground(widget.palette().color(QPalette.ColorRole.Link))
    link.setFontPointSize(max(widget.font().pointSizeF() - 1, 7))
    link.setToolTip(QCoreApplication.translate("EvidenceQuote", "Open this page of {name}").format(
        name=passage.name
    ))  # fmt: skip
    cursor.insertText(f"— {source_title(key.source, passage)}", link)
