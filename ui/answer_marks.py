"""A checked reply's marks in the transcript: each sentence its sources don't hold is
underlined (dotted) with a tooltip that says why ("Not found in your documents: 1903 is
not in source [2]"), and a reply none of whose sentences is supported gets a notice
above it. Summaries' points are marked the same way.

The check (``engine.types.AnswerCheck``) counts characters in the reply's Markdown
source; the transcript shows it rendered (no ``**``, no list markers), so the source's
offsets are first aligned with the rendered characters (:func:`align`). The colour comes
from the widget's palette (:func:`unsupported_colour`), never a literal.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QColor,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

from engine.types import AnswerCheck, SentenceCheck, StoredMessage
from ui.i18n import engine_text

#: Rendered characters a source character may skip to find its twin (paragraph and
#: line breaks, spaces the source wrote as markup).
_BREAKS = " \t\n\u2029\u2028\xa0"


def unsupported_colour(palette: QPalette) -> QColor:
    """The colour of an unsupported sentence's underline and the notice: a red as light
    or dark as the palette's text, so it reads on a light and a dark theme alike."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    dark_theme = text.lightnessF() > base.lightnessF()
    return QColor.fromHslF(0.0, 0.75, 0.68 if dark_theme else 0.42)


def align(source: str, rendered: str) -> list[int]:
    """For each character of ``source`` (Markdown), its index in ``rendered`` (the
    characters the document shows), or -1 for markup that shows nothing."""
    out = [-1] * len(source)
    at = 0
    for index, char in enumerate(source):
        if at >= len(rendered):
            break
        if char == rendered[at]:
            out[index], at = at, at + 1
            continue
        if char.isspace():
            continue  # collapsed, or a line break that ends a paragraph
        ahead = at
        while ahead < len(rendered) and rendered[ahead] in _BREAKS:
            ahead += 1
        if ahead < len(rendered) and rendered[ahead] == char:
            out[index], at = ahead, ahead + 1
        # else: markup (* _ # ` > list markers, a link's address): nothing shown
    return out


def span_in(positions: Sequence[int], start: int, end: int) -> tuple[int, int] | None:
    """The rendered range of ``source[start:end]`` (None when none of it shows)."""
    shown = [p for p in positions[start:end] if p >= 0]
    return (shown[0], shown[-1] + 1) if shown else None


def why_unsupported(sentence: SentenceCheck) -> str:
    """The tooltip of an unsupported sentence, in the user's language."""
    reasons = "\n".join(engine_text(line) for line in sentence.reason.splitlines() if line)
    lead = QCoreApplication.translate("AnswerMarks", "Not found in your documents")
    return f"{lead}: {reasons}" if reasons else lead


def mark_check(
    document: QTextDocument, start: int, end: int, message: StoredMessage, palette: QPalette
) -> None:
    """Mark the sentences of ``message`` (shown rendered between ``start`` and ``end``)
    that its check found unsupported; a supported one with a note (found in another
    source than it cites) gets the note as its tooltip."""
    check = message.check
    if check is None or not check.sentences:
        return
    rendered = "".join(document.characterAt(p) for p in range(start, end))
    positions = align(message.content, rendered)
    colour = unsupported_colour(palette)
    for sentence in check.sentences:
        if not 0 <= sentence.start < sentence.end <= len(message.content):
            continue  # a check of other text (never saved so): nothing to mark
        found = span_in(positions, sentence.start, sentence.end)
        if found is None:
            continue
        cursor = QTextCursor(document)
        cursor.setPosition(start + found[0])
        cursor.setPosition(start + found[1], QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(_format(sentence, colour))


def _format(sentence: SentenceCheck, colour: QColor) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if sentence.supported:
        notes = [engine_text(line) for line in sentence.reason.splitlines() if line]
        fmt.setToolTip("\n".join(notes))
        return fmt
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(colour)
    fmt.setToolTip(why_unsupported(sentence))
    return fmt


def insert_notice(cursor: QTextCursor, widget: QWidget, check: AnswerCheck | None) -> None:
    """Above a reply none of whose claims its sources hold: the check's notice (in the
    current block, then a new block for the reply)."""
    if check is None or not check.notice:
        return
    notice = QTextCharFormat()
    notice.setForeground(unsupported_colour(widget.palette()))
    notice.setFontItalic(True)
    cursor.insertText(f"⚠ {engine_text(check.notice)}", notice)
    block = QTextBlockFormat()
    block.setTopMargin(0)
    block.setBottomMargin(0)
    cursor.insertBlock(block, QTextCharFormat())
