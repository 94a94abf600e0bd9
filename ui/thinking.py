"""A reasoning model's thinking in the transcript: a folded "▸ Thought for 12 s" line
above the answer; a click opens the thinking under it, another folds it again.

The thinking lives in the transcript's one document, between a reply's header and its
answer: the line (a link to ``hisho://thinking/<message id>``) and, while open, the
thinking as muted plain text. While a reply thinks, the line says "▸ Thinking… 4 s";
its pieces are buffered and painted at most ~20 times a second, and only that line
changes unless the user opened the section. Nothing is ever rendered as Markdown here.

The transcript owns where the streaming reply sits; every edit here tells it how the
document moved (``moved(at, delta)``), so its positions stay true.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QPalette,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser

from engine.types import StoredMessage
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.stream_buffer import StreamBuffer

#: Block properties: the message id of a thinking line, and of the thinking under it.
LINE = QTextFormat.Property.UserProperty + 40
TEXT = QTextFormat.Property.UserProperty + 41
#: The id the streaming reply's thinking goes by until it is saved.
LIVE = 0

NO_ANSWER = QT_TRANSLATE_NOOP("TranscriptView", "The model gave no answer after its thinking.")


def thinking_href(message_id: int) -> str:
    return f"hisho://thinking/{message_id}"


def thinking_label(seconds: float | None, open_: bool) -> str:
    """The line's text: ``seconds`` None while thinking (and how long so far)."""
    arrow = "▾" if open_ else "▸"
    if seconds is None:
        text = translate("TranscriptView", "Thinking…")
    elif seconds > 0:
        text = QCoreApplication.translate("TranscriptView", "Thought for {count} s").format(
            count=max(1, round(seconds))
        )
    else:  # how long is not known
        text = translate("TranscriptView", "Thinking")
    return f"{arrow} {text}"


class Host(Protocol):
    """The transcript, as the thinking sections see it."""

    def document(self) -> QTextDocument: ...

    def stream_start(self) -> int | None:
        """Where the streaming reply's text begins (None: no reply streams)."""

    def moved(self, at: int, delta: int) -> None:
        """The document changed by ``delta`` characters at ``at``."""


@dataclass
class _Live:
    """The thinking of the reply that streams."""

    began: float
    pieces: list[str] = field(default_factory=list)
    seconds: float | None = None  # None while it thinks


class ThinkingSections:
    """Every thinking section of one transcript: written, folded, opened, streamed."""

    def __init__(self, view: QTextBrowser, host: Host) -> None:
        self.view = view
        self.host = host
        #: The thinking of each message shown (id -> (text, seconds)).
        self.texts: dict[int, tuple[str, float]] = {}
        #: The sections the user opened.
        self.opened: set[int] = set()
        self.live: _Live | None = None
        self.buffer = StreamBuffer(self._paint_live, view)

    def clear(self) -> None:
        self.buffer.discard()
        self.texts.clear()
        self.opened.clear()
        self.live = None

    # --- a stored message --------------------------------------------------------------

    def insert(self, cursor: QTextCursor, message: StoredMessage) -> None:
        """Write a message's thinking into the cursor's (empty) block, folded unless the
        user opened it; the cursor ends in a new block, for the answer (which says so
        when there is none)."""
        if not message.thinking:
            return
        self.texts[message.id] = (message.thinking, message.thought_s)
        self._write(cursor, message.id, message.thinking, message.thought_s)
        if not message.content.strip() and not message.error:
            note = self._muted()
            note.setFontItalic(True)
            cursor.insertText(translate("TranscriptView", NO_ANSWER), note)

    def _write(
        self, cursor: QTextCursor, message_id: int, text: str, seconds: float | None
    ) -> None:
        cursor.setBlockFormat(self._line_block(message_id))
        cursor.insertText(
            thinking_label(seconds, message_id in self.opened), self._link(message_id)
        )
        if message_id in self.opened:
            cursor.insertBlock(self._text_block(message_id), self._muted())
            cursor.insertText(text, self._muted())
        answer = QTextBlockFormat()
        answer.setTopMargin(0)
        answer.setBottomMargin(0)
        cursor.insertBlock(answer, QTextCharFormat())

    def toggle(self, message_id: int) -> None:
        """Open a folded section, or fold an open one."""
        line = self._line(message_id)
        if line is None:
            return
        at = line.position() + line.length() - 1  # the end of the line
        if message_id in self.opened:
            self.opened.discard(message_id)
            last = line
            while last.next().isValid() and _id(last.next(), TEXT) == message_id:
                last = last.next()

            def fold(cursor: QTextCursor) -> None:
                cursor.setPosition(
                    last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor
                )
                cursor.removeSelectedText()

            self._edit(at, fold)
        else:
            self.opened.add(message_id)
            text = self._text(message_id)

            def unfold(cursor: QTextCursor) -> None:
                cursor.insertBlock(self._text_block(message_id), self._muted())
                cursor.insertText(text, self._muted())

            self._edit(at, unfold)
        self._relabel(message_id)

    def is_open(self, message_id: int) -> bool:
        return message_id in self.opened

    # --- the reply that streams ------------------------------------------------------

    def append_live(self, text: str) -> None:
        """Queue a piece of the streaming reply's thinking (painted with the next flush)."""
        self.buffer.append(text)

    def end_live(self, seconds: float | None = None) -> None:
        """The streaming reply stopped thinking (after ``seconds``; None: as measured here)."""
        self.buffer.flush()
        live = self.live
        if live is None or live.seconds is not None:
            return
        live.seconds = seconds if seconds is not None else time.monotonic() - live.began
        self._relabel(LIVE)

    def finish_live(self, message: StoredMessage) -> None:
        """The streaming reply is saved: its section becomes the message's (opened if
        the user opened it while it streamed)."""
        self.buffer.discard()
        if LIVE in self.opened:
            self.opened.discard(LIVE)
            self.opened.add(message.id)
        self.live = None

    def live_text(self) -> str:
        """The streaming reply's thinking so far (painted or not)."""
        painted = "".join(self.live.pieces) if self.live is not None else ""
        return painted + self.buffer.pending()

    def _paint_live(self, text: str) -> None:
        start = self.host.stream_start()
        if start is None:
            return
        if self.live is None:
            self.live = _Live(time.monotonic())
            self._edit(start, lambda cursor: self._write(cursor, LIVE, "", None))
        self.live.pieces.append(text)
        if LIVE in self.opened:
            line = self._line(LIVE)
            last = line.next() if line is not None else None
            if last is not None and _id(last, TEXT) == LIVE:
                end = last
                while _id(end.next(), TEXT) == LIVE:
                    end = end.next()
                at = end.position() + end.length() - 1
                self._edit(at, lambda cursor: cursor.insertText(text, self._muted()))
        self._relabel(LIVE)

    # --- the document ----------------------------------------------------------------

    def _text(self, message_id: int) -> str:
        if message_id == LIVE:
            return "".join(self.live.pieces) if self.live is not None else ""
        return self.texts.get(message_id, ("", 0.0))[0]

    def _seconds(self, message_id: int) -> float | None:
        if message_id == LIVE:
            live = self.live
            if live is None or live.seconds is None:
                return None
            return live.seconds
        return self.texts.get(message_id, ("", 0.0))[1]

    def _relabel(self, message_id: int) -> None:
        line = self._line(message_id)
        if line is None:
            return
        label = thinking_label(self._seconds(message_id), message_id in self.opened)
        if message_id == LIVE and self.live is not None and self.live.seconds is None:
            elapsed = int(time.monotonic() - self.live.began)
            if elapsed:
                label += " " + QCoreApplication.translate("TranscriptView", "{count} s").format(
                    count=elapsed
                )
        if line.text() == label:
            return

        def write(cursor: QTextCursor) -> None:
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText(label, self._link(message_id))

        self._edit(line.position(), write)

    def _line(self, message_id: int) -> QTextBlock | None:
        block = self.host.document().firstBlock()
        while block.isValid():
            if _id(block, LINE) == message_id:
                return block
            block = block.next()
        return None

    def _edit(self, at: int, change: Callable[[QTextCursor], None]) -> None:
        """Change the document at ``at`` and tell the host how far it moved."""
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

    def _link(self, message_id: int) -> QTextCharFormat:
        fmt = self._muted()
        fmt.setAnchor(True)
        fmt.setAnchorHref(thinking_href(message_id))
        fmt.setToolTip(
            translate("TranscriptView", "Hide the model's thinking")
            if message_id in self.opened
            else translate("TranscriptView", "Show what the model thought before it answered")
        )
        return fmt

    @staticmethod
    def _line_block(message_id: int) -> QTextBlockFormat:
        block = QTextBlockFormat()
        block.setTopMargin(2)
        block.setBottomMargin(4)
        block.setProperty(LINE, message_id)
        return block

    @staticmethod
    def _text_block(message_id: int) -> QTextBlockFormat:
        block = QTextBlockFormat()
        block.setLeftMargin(14)
        block.setTopMargin(0)
        block.setBottomMargin(6)
        block.setProperty(TEXT, message_id)
        return block


def _id(block: QTextBlock, prop: int) -> int | None:
    """The message id a block's ``prop`` holds (None: none)."""
    if not block.isValid():
        return None
    fmt = block.blockFormat()
    return fmt.intProperty(prop) if fmt.hasProperty(prop) else None
