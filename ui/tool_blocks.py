"""A reply's tool calls in the transcript: one folded line each above its answer
("▸ Tool add · test-server · done · 2 B"); a click opens the exact arguments and the
result under it, another folds them again.

The blocks live in the transcript's one document, after the reply's thinking and before
its answer. The line is a link to ``hisho://tool/<key>``; while open, the arguments and
the result follow as plain text (never Markdown, never loaded). A result arrives already
cut to what the model read (``engine.tools.spec.cut_result``: 16 KB and a line with the
whole size), and at most :data:`SHOWN_CHARS` of it is ever put in the document, so even a
50 MB result opens at once. Every edit tells the transcript how the document moved
(``moved(at, delta)``), as :mod:`ui.thinking` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QFontDatabase,
    QPalette,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser

from engine.types import StoredMessage, ToolBlock
from ui.i18n import QT_TRANSLATE_NOOP, translate

#: Block properties: the key of a tool line, and of the text opened under it.
LINE = QTextFormat.Property.UserProperty + 60
TEXT = QTextFormat.Property.UserProperty + 61
#: The most characters of a result the transcript shows (the rest is said, not shown).
SHOWN_CHARS = 20_000

OUTCOMES = {
    "ok": QT_TRANSLATE_NOOP("TranscriptView", "done"),
    "cut": QT_TRANSLATE_NOOP("TranscriptView", "done, cut to fit"),
    "denied": QT_TRANSLATE_NOOP("TranscriptView", "denied: nothing was sent"),
    "failed": QT_TRANSLATE_NOOP("TranscriptView", "failed"),
    "stopped": QT_TRANSLATE_NOOP("TranscriptView", "stopped"),
}


def tool_href(key: int) -> str:
    return f"hisho://tool/{key}"


def size_text(size: int) -> str:
    """A size as people read it: "2 B", "3.4 KB", "50.0 MB"."""
    if size < 1000:
        return QCoreApplication.translate("TranscriptView", "{count} B").format(count=size)
    if size < 1_000_000:
        return QCoreApplication.translate("TranscriptView", "{size} KB").format(
            size=f"{size / 1000:.1f}"
        )
    return QCoreApplication.translate("TranscriptView", "{size} MB").format(
        size=f"{size / 1_000_000:.1f}"
    )


def line_text(block: ToolBlock, open_: bool) -> str:
    """The folded line: the tool, where it runs, how the call ended and the result's size."""
    where = block.server or translate("TranscriptView", "built-in")
    parts = [
        QCoreApplication.translate("TranscriptView", "Tool {name}").format(name=block.tool),
        where,
        translate("TranscriptView", OUTCOMES.get(block.outcome, block.outcome)),
    ]
    if block.outcome in ("ok", "cut"):
        parts.append(size_text(block.size))
    return f"{'▾' if open_ else '▸'} {' · '.join(parts)}"


def shown_result(block: ToolBlock) -> str:
    """The result as the transcript shows it: at most SHOWN_CHARS, and a line saying so."""
    if len(block.result) <= SHOWN_CHARS:
        return block.result
    left_out = QCoreApplication.translate("TranscriptView", "[… {size} more not shown]").format(
        size=size_text(len(block.result[SHOWN_CHARS:].encode("utf-8")))
    )
    return f"{block.result[:SHOWN_CHARS]}\n{left_out}"


class Host(Protocol):
    """The transcript, as the tool blocks see it."""

    def document(self) -> QTextDocument: ...

    def moved(self, at: int, delta: int) -> None:
        """The document changed by ``delta`` characters at ``at``."""


class ToolBlocks:
    """Every tool block of one transcript: written folded, opened, folded again."""

    def __init__(self, view: QTextBrowser, host: Host) -> None:
        self.view = view
        self.host = host
        self.blocks: dict[int, ToolBlock] = {}
        self.opened: set[int] = set()
        self._next = 1

    def clear(self) -> None:
        self.blocks.clear()
        self.opened.clear()

    def insert(self, cursor: QTextCursor, message: StoredMessage) -> None:
        """Write a message's tool calls, folded, at the cursor; it ends in a new, empty
        block for the answer."""
        for block in message.tool_calls:
            self._write(cursor, block)

    def insert_live(self, at: int, block: ToolBlock) -> None:
        """Show a call of the reply that streams, folded, at ``at`` (before its answer)."""
        self._edit(at, lambda cursor: self._write(cursor, block))

    def keys(self) -> list[int]:
        """The blocks shown, in the order they were written."""
        return list(self.blocks)

    def toggle(self, key: int) -> None:
        """Open a folded block, or fold an open one."""
        line = self._line(key)
        if line is None:
            return
        at = line.position() + line.length() - 1  # the end of the line
        if key in self.opened:
            self.opened.discard(key)
            last = line
            while _key(last.next(), TEXT) == key:
                last = last.next()
            end = last.position() + last.length() - 1

            def fold(cursor: QTextCursor) -> None:
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()

            self._edit(at, fold)
        else:
            self.opened.add(key)
            self._edit(at, lambda cursor: self._write_open(cursor, key))
        self._relabel(key)

    def is_open(self, key: int) -> bool:
        return key in self.opened

    # --- the document ----------------------------------------------------------------

    def _write(self, cursor: QTextCursor, block: ToolBlock) -> None:
        key, self._next = self._next, self._next + 1
        self.blocks[key] = block
        if cursor.positionInBlock() > 0:  # (a note before it in the block: keep it)
            cursor.insertBlock()
        cursor.setBlockFormat(self._line_block(key))
        cursor.insertText(line_text(block, False), self._link(key))
        answer = QTextBlockFormat()
        answer.setTopMargin(0)
        answer.setBottomMargin(0)
        cursor.insertBlock(answer, QTextCharFormat())

    def _write_open(self, cursor: QTextCursor, key: int) -> None:
        block = self.blocks[key]
        label = self._muted()
        label.setFontItalic(True)
        fixed = self._muted()
        fixed.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        pieces = [
            (translate("TranscriptView", "Arguments:"), label),
            (block.arguments, fixed),
            (translate("TranscriptView", "Result:"), label),
            (shown_result(block) or translate("TranscriptView", "(empty)"), self._muted()),
        ]
        for text, fmt in pieces:
            cursor.insertBlock(self._text_block(key), fmt)
            cursor.insertText(text, fmt)

    def _relabel(self, key: int) -> None:
        line = self._line(key)
        if line is None:
            return
        label = line_text(self.blocks[key], key in self.opened)

        def write(cursor: QTextCursor) -> None:
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText(label, self._link(key))

        self._edit(line.position(), write)

    def _line(self, key: int) -> QTextBlock | None:
        block = self.host.document().firstBlock()
        while block.isValid():
            if _key(block, LINE) == key:
                return block
            block = block.next()
        return None

    def _edit(self, at: int, change: Callable[[QTextCursor], None]) -> None:
        document = self.host.document()
        before = document.characterCount()
        cursor = QTextCursor(document)
        cursor.setPosition(at)
        change(cursor)
        self.host.moved(at, document.characterCount() - before)

    def _muted(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(self.view.palette().color(QPalette.ColorRole.PlaceholderText))
        return fmt

    def _link(self, key: int) -> QTextCharFormat:
        fmt = self._muted()
        fmt.setAnchor(True)
        fmt.setAnchorHref(tool_href(key))
        fmt.setToolTip(
            translate("TranscriptView", "Hide the call's arguments and result")
            if key in self.opened
            else translate("TranscriptView", "Show the call's exact arguments and its result")
        )
        return fmt

    @staticmethod
    def _line_block(key: int) -> QTextBlockFormat:
        block = QTextBlockFormat()
        block.setTopMargin(2)
        block.setBottomMargin(2)
        block.setProperty(LINE, key)
        return block

    @staticmethod
    def _text_block(key: int) -> QTextBlockFormat:
        block = QTextBlockFormat()
        block.setLeftMargin(14)
        block.setTopMargin(0)
        block.setBottomMargin(2)
        block.setProperty(TEXT, key)
        return block


def _key(block: QTextBlock, prop: int) -> int | None:
    if not block.isValid():
        return None
    fmt = block.blockFormat()
    return fmt.intProperty(prop) if fmt.hasProperty(prop) else None
