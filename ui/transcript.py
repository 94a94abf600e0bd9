"""The transcript: a conversation rendered as one read-only rich-text document.

Streaming appends plain text at the end, at most ~20 times a second; the transcript is
never re-rendered per token. When the reply ends, just that reply is replaced by its
Markdown rendering. Nothing is ever fetched (:meth:`loadResource` refuses everything).

An answer drawn from the user's files lists its sources under it (shown as soon as
they are found, while the answer streams above them); "[1]" in the answer and each
source link to ``hisho://source/<message id>/<number>``.

A reasoning model's thinking is a folded line above its answer (:mod:`ui.thinking`),
and so is each tool call it made (:mod:`ui.tool_blocks`).
The user's turns sit in cards (:mod:`ui.transcript_parts`) in a column of readable
width; Copy, Edit and Regenerate are icon buttons over the message under the mouse
(:mod:`ui.message_actions`); a finished reply's code is highlighted
(:mod:`ui.rich_markdown`). A long conversation renders a page at a time
(:mod:`ui.transcript_pages`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from engine.library.types import Passage
from engine.types import StoredMessage, ToolBlock
from ui import theme
from ui import transcript_parts as parts
from ui.i18n import engine_text
from ui.message_actions import MessageActions
from ui.message_links import insert_version_links
from ui.reply_body import insert_answer
from ui.source_fold import SourceFold
from ui.sources import TermFinder, insert_sources, no_terms
from ui.stream_buffer import StreamBuffer
from ui.thinking import ThinkingSections
from ui.tool_blocks import ToolBlocks
from ui.transcript_links import follow_link
from ui.transcript_pages import PAGE, Pages

__all__ = ["PAGE", "TranscriptView"]


class TranscriptView(QTextBrowser):
    """Shows messages; emits what the user asked for (copy, edit, open a link)."""

    #: ("copy" | "edit" | "fork" | "version-prev" | "version-next", message id)
    action_requested = Signal(str, int)
    #: A link in a message was clicked (the controller asks before opening it).
    external_link_clicked = Signal(QUrl)
    #: The URL under the mouse ("" when none), for the status bar.
    link_hovered = Signal(str)
    #: (message id, source number from 1): the user wants to see that source.
    source_requested = Signal(int, int)
    #: The selected text, to be summarized (from the context menu).
    summarize_selection_requested = Signal(str)
    #: A code block's Copy link put its code on the clipboard.
    code_copied = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName(self.tr("Conversation"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setPlaceholderText(
            self.tr("Ask anything. Hisho answers on this computer; nothing you type leaves it.")
        )
        self.document().setDocumentMargin(16)
        self.anchorClicked.connect(lambda url: follow_link(self, url))
        self.highlighted.connect(lambda url: self.link_hovered.emit(url.toString()))
        self._stream = StreamBuffer(self._paint_stream, self)
        self._stream_start: int | None = None  # where the streaming reply begins
        self._answer_start = 0  # where its answer begins (after any thinking)
        self._stream_end = 0  # where streamed text goes (sources may follow it)
        self.thinking = ThinkingSections(self, self)
        self.tool_blocks = ToolBlocks(self, self)
        self.source_fold = SourceFold(self, self)
        self._waiting = False  # the streaming reply shows a note while its files are read
        self._stream_chars = 0
        self._question = ""  # the last question shown: its words are highlighted in sources
        #: Finds the question's words in a source's text (set by the desktop layer).
        self.find_terms: TermFinder = no_terms
        self.pages = Pages()
        self.actions_bar = MessageActions(self.viewport())
        self.actions_bar.follow(self.viewport(), self.show_actions_at)  # the mouse
        self.actions_bar.triggered.connect(self.action_requested)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        selected = self.textCursor().selectedText().replace("\u2029", "\n").strip()
        if selected:
            menu.addSeparator()
            action = menu.addAction(self.tr("Summarize selection"))
            action.triggered.connect(lambda: self.summarize_selection_requested.emit(selected))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    # --- safety ----------------------------------------------------------------------

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Never load anything: no remote images, no local files, no UNC paths."""
        return None

    def copy_code(self, message_id: int, number: int) -> None:
        """Put a code block's code on the clipboard (its Copy link)."""
        if (code := self.pages.codes.get((message_id, number))) is not None:
            QGuiApplication.clipboard().setText(code)
            self.code_copied.emit()

    # --- whole conversations ---------------------------------------------------------

    def show_messages(self, messages: list[StoredMessage], first: int | None = None) -> None:
        """Show a conversation: its last :data:`PAGE` messages now (or from ``first``),
        earlier ones when the user scrolls up."""
        self._stream.discard()
        self.thinking.clear()
        self.tool_blocks.clear()
        self.source_fold.clear()
        self._stream_start = None
        self._question = ""
        self.actions_bar.hide()
        self.clear()
        for message in self.pages.open(messages, first):
            self._write_message(self._end_cursor(), message)
        self._scroll_to_end()

    def add_message(self, message: StoredMessage) -> None:
        self.pages.messages.append(message)
        self._write_message(self._end_cursor(), message)
        self._scroll_to_end()

    def show_earlier(self) -> None:
        """Put the previous page of messages in front, keeping the view where it is."""
        bar = self.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        added = self.pages.put_earlier_in_front(self.document(), self._write_message)
        if added:
            self.moved(0, added)
            bar.setValue(bar.maximum() - from_bottom)

    def _scrolled(self, value: int) -> None:
        self.actions_bar.hide()
        if value == self.verticalScrollBar().minimum() and self.pages.first > 0:
            QTimer.singleShot(0, self.show_earlier)

    def _write_message(self, cursor: QTextCursor, message: StoredMessage) -> None:
        """Render one message at ``cursor`` (the end of its document)."""
        if message.role == "user":
            self._question = message.content
        start = self._insert_header(cursor, message)
        self._insert_body(cursor, message)
        self.source_fold.insert_under(cursor, message, self._question, self.find_terms)
        insert_version_links(cursor, message)
        self._close_message(cursor, start, message)

    # --- streaming -------------------------------------------------------------------

    @property
    def streaming(self) -> bool:
        return self._stream_start is not None

    def begin_reply(self, model: str, origin: str = "") -> None:
        """Start showing a reply that will arrive piece by piece."""
        cursor = self._end_cursor()
        self.actions_bar.hide()
        self._insert_header(cursor, None, model, origin)
        cursor.insertBlock(parts.body_block(), QTextCharFormat())
        self._stream_start = self._answer_start = self._stream_end = cursor.position()
        self._stream_chars = 0
        self._waiting = False
        self.thinking.live = None
        self._scroll_to_end()

    def stream_start(self) -> int | None:
        """Where the streaming reply begins (None: no reply streams)."""
        return self._stream_start

    def moved(self, at: int, delta: int) -> None:
        """``delta`` characters came (or went) at ``at``: the streaming reply's marks follow."""
        if self._stream_start is None:
            return
        if at < self._stream_start:
            self._stream_start += delta
        if at <= self._answer_start:
            self._answer_start += delta
            self._stream_end += delta

    def append_thinking(self, text: str) -> None:
        """Queue a piece of the streaming reply's thinking (shown folded)."""
        self.thinking.append_live(text)

    def end_thinking(self, seconds: float | None = None) -> None:
        """The streaming reply has finished thinking (after ``seconds``)."""
        self.thinking.end_live(seconds)

    def show_tool_call(self, block: ToolBlock) -> None:
        """Show a tool call of the streaming reply, folded, above its answer."""
        if self._stream_start is not None:
            self._stream.flush()
            self.tool_blocks.insert_live(self._answer_start, block)

    def show_sources(self, message_id: int, passages: Sequence[Passage]) -> None:
        """List the sources of the reply that is streaming, under it, as soon as known."""
        if self._stream_start is None or not passages:
            return
        self._insert_sources(self._end_cursor(), message_id, passages)
        self._scroll_to_end()

    def append_stream(self, text: str) -> None:
        """Queue reply text; it is painted with the next flush (at most 20 a second)."""
        self._stream.append(text)

    def flush(self) -> None:
        self._stream.flush()

    def _paint_stream(self, text: str) -> None:
        if self._stream_start is None:
            return
        if text and self.thinking.live is not None:
            self.thinking.end_live()  # the answer began: the thinking is over
        at_end = self._at_end()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._stream_end)
        if self._waiting and text:  # the answer began: the note on waiting goes
            cursor.setPosition(self._answer_start, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            self._waiting = False
        cursor.insertText(text, QTextCharFormat())
        self._stream_end = cursor.position()
        self._stream_chars += len(text)
        if at_end:
            self._scroll_to_end()

    def finish_reply(self, message: StoredMessage) -> None:
        """Replace the streamed plain text with the reply's rendered Markdown."""
        self._stream.discard()
        self.thinking.finish_live(message)
        if self._stream_start is None:
            self.add_message(message)
            return
        self.pages.messages.append(message)
        at_end = self._at_end()
        cursor = self._end_cursor()
        cursor.setPosition(self._stream_start, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.setBlockFormat(parts.body_block())  # not that of a removed source
        # The header was written before the status was known: add its note now.
        note_at = QTextCursor(self.document())
        note_at.setPosition(self._stream_start - 1)  # end of the header block
        parts.insert_status_note(note_at, theme.colors(), message)
        header = note_at.block().position()
        self._stream_start = None
        cursor = self._end_cursor()
        self._insert_body_text(cursor, message, first_block_exists=True)
        self.source_fold.insert_under(cursor, message, self._question, self.find_terms)
        insert_version_links(cursor, message)
        self._close_message(cursor, header, message)
        if at_end:
            self._scroll_to_end()

    def show_waiting(self, text: str) -> None:
        """Say where the reply will be why it has not begun; its first text replaces it."""
        self._stream.flush()
        if self._stream_start is None or self._stream_chars:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._answer_start)
        cursor.setPosition(self._stream_end, QTextCursor.MoveMode.KeepAnchor)
        note = parts.muted(theme.colors())
        note.setFontItalic(True)
        cursor.insertText(text, note)
        self._stream_end = cursor.position()
        self._waiting = True

    def end_stream(self) -> None:
        """Stop streaming and keep what is shown (the reply could not be saved)."""
        self.thinking.end_live()
        self._stream.flush()
        self._stream.discard()
        self._stream_start = None

    def streamed_text(self) -> str:
        """What the streaming reply's answer shows so far (for tests and accessibility)."""
        if self._stream_start is None:
            return ""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._stream_end)
        cursor.setPosition(self._answer_start, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")

    # --- pieces ----------------------------------------------------------------------

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor

    def _insert_header(
        self, cursor: QTextCursor, message: StoredMessage | None, model: str = "", origin: str = ""
    ) -> int:
        """Write who speaks (and the model, and how it ended); returns where it begins."""
        return parts.insert_header(cursor, theme.colors(), message, model, origin)

    def _close_message(self, cursor: QTextCursor, start: int, message: StoredMessage) -> None:
        """Tag the message's blocks with its id; put the user's turn in its card."""
        parts.tag_message(cursor, start, message.id)
        if message.role == "user":
            parts.wrap_in_card(cursor, start, theme.colors())
        cursor.setCharFormat(QTextCharFormat())

    def set_stream_author(self, model: str, origin: str) -> None:
        """The streaming reply comes from another model than announced (the cloud)."""
        if self._stream_start is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._stream_start - 1)  # end of the reply's header block
        header_end = cursor.position()
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
        label = parts.accent_label(theme.colors(), "assistant")
        label.setToolTip(parts.hover_text(None, model))
        cursor.removeSelectedText()
        cursor.insertText("Hisho", label)
        parts.insert_author(cursor, theme.colors(), model, origin)
        shift = cursor.position() - header_end
        self._stream_start += shift
        self._answer_start += shift
        self._stream_end += shift

    def _insert_body(self, cursor: QTextCursor, message: StoredMessage) -> None:
        cursor.insertBlock(parts.body_block(), QTextCharFormat())
        self._insert_body_text(cursor, message, first_block_exists=True)

    def _insert_body_text(
        self, cursor: QTextCursor, message: StoredMessage, first_block_exists: bool
    ) -> None:
        self.thinking.insert(cursor, message)  # and says so when no answer followed it
        self.tool_blocks.insert(cursor, message)  # folded, above the answer
        if message.role == "user":
            cursor.insertText(message.content, QTextCharFormat())
        elif message.content.strip():  # rendered; code kept for Copy; checks marked
            insert_answer(cursor, self, message, self.pages.codes)
        if message.error:
            error = QTextCharFormat()
            error.setForeground(QColor(theme.colors().error))
            if message.content.strip():
                cursor.insertBlock(parts.body_block(), error)
            cursor.insertText(engine_text(message.error), error)

    def _insert_sources(
        self, cursor: QTextCursor, message_id: int, passages: Sequence[Passage]
    ) -> None:
        if passages:
            insert_sources(cursor, self, message_id, passages, self._question, self.find_terms)

    # --- the look: column width, hover actions, theme changes ------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the text column at a readable width, centred."""
        spare = max(0, self.width() - theme.READING_WIDTH - 48)
        self.setViewportMargins(spare // 2, 0, spare - spare // 2, 0)
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self.streaming:
            self.actions_bar.refresh_icons()
            if self.pages.messages:  # colours are in the document: render it again
                self.show_messages(self.pages.messages, self.pages.first)

    def show_actions_at(self, point: QPoint) -> None:
        """Offer the actions of the message at ``point`` (viewport coordinates)."""
        self.actions_bar.offer(self, self.cursorForPosition(point), self.pages.messages)

    def request_latest(self, action: str) -> None:
        """Ask for ``action`` on the latest message it applies to (from the keyboard)."""
        if message := self.pages.latest("user" if action == "edit" else "assistant"):
            self.action_requested.emit(action, message.id)

    def _at_end(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 4

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
