"""The sources under a checked answer: those the answer used first, the rest folded
behind one line ("3 more sources", a link to ``hisho://sources/<message id>``) that
opens them in place. Each keeps its number, so "[2]" in the answer is still source 2.

An answer without a check (a plain grounded answer, one from before checks), one whose
check used nothing, and a summary (each source a cited section) list every source in
order, as :func:`ui.sources.insert_sources` does.

The transcript owns where the streaming reply sits; unfolding tells it how the document
moved (``moved(at, delta)``), as :mod:`ui.thinking` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QPalette,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

from engine.library.types import Passage
from engine.types import AnswerCheck, StoredMessage
from ui.evidence_quote import insert_quote
from ui.sources import TermFinder, insert_source_entries, insert_sources


class Host(Protocol):
    """The transcript, as the folded sources see it."""

    def document(self) -> QTextDocument: ...

    def moved(self, at: int, delta: int) -> None:
        """The document changed by ``delta`` characters at ``at``."""


def sources_href(message_id: int) -> str:
    return f"hisho://sources/{message_id}"


def used_first(count: int, check: AnswerCheck | None) -> tuple[list[int], list[int]]:
    """The source numbers (1-based) of ``count`` sources to show, and those folded."""
    used = [] if check is None else [n for n in dict.fromkeys(check.used) if 1 <= n <= count]
    if not used:
        return list(range(1, count + 1)), []
    return used, [n for n in range(1, count + 1) if n not in used]


def more_label(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("Sources", "1 more source")
    return QCoreApplication.translate("Sources", "{count} more sources").format(count=count)


@dataclass(frozen=True, slots=True)
class _Folded:
    passages: tuple[Passage, ...]
    numbers: list[int]
    question: str
    find_terms: TermFinder


class SourceFold:
    """Every folded source list of one transcript: written, then opened on a click."""

    def __init__(self, widget: QWidget, host: Host) -> None:
        self.widget = widget
        self.host = host
        self._folded: dict[int, _Folded] = {}

    def clear(self) -> None:
        self._folded.clear()

    def insert_under(
        self, cursor: QTextCursor, message: StoredMessage, question: str, find_terms: TermFinder
    ) -> None:
        """Under an answer (new blocks at ``cursor``): its key sentence quoted
        (:mod:`ui.evidence_quote`), then its sources, the used ones first."""
        insert_quote(cursor, self.widget, message)
        self.insert(cursor, message, question, find_terms)

    def insert(
        self, cursor: QTextCursor, message: StoredMessage, question: str, find_terms: TermFinder
    ) -> None:
        """Insert ``message``'s sources (new blocks at ``cursor``), the used ones first."""
        if not message.sources:
            return
        check = None if message.kind == "summary" else message.check
        shown, folded = used_first(len(message.sources), check)
        widget = self.widget
        insert_sources(cursor, widget, message.id, message.sources, question, find_terms, shown)
        if not folded:
            return
        self._folded[message.id] = _Folded(message.sources, folded, question, find_terms)
        block = QTextBlockFormat()
        block.setTopMargin(4)
        link = QTextCharFormat()
        link.setAnchor(True)
        link.setAnchorHref(sources_href(message.id))
        link.setForeground(widget.palette().color(QPalette.ColorRole.Link))
        link.setFontPointSize(max(widget.font().pointSizeF() - 1, 7))
        link.setToolTip(
            QCoreApplication.translate("Sources", "Sources this answer did not draw on")
        )
        cursor.insertBlock(block, link)
        cursor.insertText(f"▸ {more_label(len(folded))}", link)
        cursor.setCharFormat(QTextCharFormat())

    def is_folded(self, message_id: int) -> bool:
        return message_id in self._folded

    def unfold(self, message_id: int) -> None:
        """Show the folded sources of a message in place of its "N more sources" line."""
        folded = self._folded.pop(message_id, None)
        line = self._line(message_id)
        if folded is None or line is None:
            return
        document = self.host.document()
        before = document.characterCount()
        at = line.position() - 1  # the end of the block above it
        cursor = QTextCursor(document)
        cursor.setPosition(at)
        cursor.setPosition(line.position() + line.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        insert_source_entries(
            cursor, self.widget, message_id, folded.passages, folded.numbers,
            folded.question, folded.find_terms,
        )  # fmt: skip
        self.host.moved(at, document.characterCount() - before)

    def _line(self, message_id: int) -> QTextBlock | None:
        href = sources_href(message_id)
        block = self.host.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if fragment.isValid() and fragment.charFormat().anchorHref() == href:
                    return block
                iterator += 1
            block = block.next()
        return None
