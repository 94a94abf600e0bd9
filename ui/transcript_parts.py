"""The pieces of a turn in the transcript: its header (who, which model, how it ended)
and the card around the user's turn, in the theme's palette.

Every block of a message carries its id (:data:`MESSAGE`), so the view knows which
message is under the mouse; the header's tooltip gives the time and the model.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QDateTime
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextFrameFormat,
)

from engine.types import MessageStatus, StoredMessage
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.theme import Palette

#: Block property: the id of the message the block belongs to.
MESSAGE = QTextFormat.Property.UserProperty + 50
#: Frame property: the frame is the card of a user's turn.
CARD = QTextFormat.Property.UserProperty + 51
#: How far the user's card stands in from the left (px): their turns lean right.
CARD_INDENT = 96

STATUS_NOTES = {
    MessageStatus.STOPPED: QT_TRANSLATE_NOOP("TranscriptView", "stopped"),
    MessageStatus.INTERRUPTED: QT_TRANSLATE_NOOP(
        "TranscriptView", "interrupted: the reply did not finish"
    ),
    MessageStatus.ERROR: QT_TRANSLATE_NOOP("TranscriptView", "failed"),
}


def muted(p: Palette) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(p.muted))
    return fmt


def accent_label(p: Palette, role: str) -> QTextCharFormat:
    label = QTextCharFormat()
    label.setFontWeight(QFont.Weight.Bold)
    label.setForeground(QColor(p.text if role == "user" else p.accent))
    return label


def hover_text(message: StoredMessage | None, model: str) -> str:
    """The header's tooltip: when the message was written, and by which model."""
    when = message.created_at if message is not None else time.time()
    stamp = QDateTime.fromSecsSinceEpoch(int(when)).toString("yyyy-MM-dd HH:mm")
    if model:
        return QCoreApplication.translate("TranscriptView", "{time} · {model}").format(
            time=stamp, model=model
        )
    return stamp


def insert_author(cursor: QTextCursor, p: Palette, model: str, origin: str) -> None:
    """The model that wrote a reply; a cloud one as a badge no one can miss."""
    if origin == "cloud":
        cursor.insertText("  ", muted(p))
        badge = QTextCharFormat()
        badge.setBackground(QColor(p.badge))
        badge.setForeground(QColor(p.on_badge))
        badge.setFontWeight(QFont.Weight.DemiBold)
        badge.setToolTip(
            QCoreApplication.translate(
                "TranscriptView",
                "This answer was written by a cloud provider, not on this computer.",
            )
        )
        cloud = QCoreApplication.translate("TranscriptView", "cloud")
        cursor.insertText(f"\u2601 {cloud} · {model} ", badge)
    elif origin == "server":  # one of the user's own servers: theirs, not a cloud
        where = QCoreApplication.translate("TranscriptView", "your server")
        cursor.insertText(f"  ·  {model} ({where})", muted(p))
    elif model:
        cursor.insertText(f"  ·  {model}", muted(p))


def insert_status_note(cursor: QTextCursor, p: Palette, message: StoredMessage) -> None:
    """Say how a reply ended ("stopped", "failed"…) when it did not complete."""
    if message.status not in STATUS_NOTES:
        return
    note = muted(p)
    note.setFontItalic(True)
    if message.status is MessageStatus.ERROR:
        note.setForeground(QColor(p.error))
    text = translate("TranscriptView", STATUS_NOTES[message.status])
    cursor.insertText(f"  —  {text}", note)


def insert_header(
    cursor: QTextCursor, p: Palette, message: StoredMessage | None, model: str, origin: str
) -> int:
    """Write who speaks (and the model, and how it ended); returns where it begins.
    ``message`` is None for a reply that starts streaming (from ``model``)."""
    role = message.role if message is not None else "assistant"
    label = accent_label(p, role)
    if message is not None:
        model, origin = message.model, message.origin
    label.setToolTip(hover_text(message, model))
    first = cursor.position() == 0
    if first or cursor.block().length() == 1:  # an empty block: the header's own
        cursor.setBlockFormat(header_block(first))
        cursor.setCharFormat(label)
    else:
        cursor.insertBlock(header_block(first), label)
    start = cursor.block().position()
    you = QCoreApplication.translate("TranscriptView", "You")
    cursor.insertText(you if role == "user" else "Hisho", label)
    if role == "assistant":
        insert_author(cursor, p, model, origin)
    if message is not None:
        insert_status_note(cursor, p, message)
    return start


def body_block() -> QTextBlockFormat:
    """A message body's block: no margins of its own."""
    block = QTextBlockFormat()
    block.setTopMargin(0)
    block.setBottomMargin(0)
    return block


def header_block(first: bool) -> QTextBlockFormat:
    block = QTextBlockFormat()
    block.setTopMargin(0 if first else 18)
    block.setBottomMargin(4)
    return block


def tag_message(cursor: QTextCursor, start: int, message_id: int) -> None:
    """Mark every block from ``start`` to the cursor as ``message_id``'s."""
    tag = QTextCursor(cursor.document())
    tag.setPosition(start)
    tag.setPosition(cursor.position(), QTextCursor.MoveMode.KeepAnchor)
    fmt = QTextBlockFormat()
    fmt.setProperty(MESSAGE, message_id)
    tag.mergeBlockFormat(fmt)


def wrap_in_card(cursor: QTextCursor, start: int, p: Palette) -> None:
    """Put the blocks from ``start`` to the cursor in the user's card; the cursor ends
    after the card."""
    select = QTextCursor(cursor.document())
    select.setPosition(start)
    select.setPosition(cursor.position(), QTextCursor.MoveMode.KeepAnchor)
    card = QTextFrameFormat()
    card.setBackground(QColor(p.raised))
    card.setPadding(12)
    card.setLeftMargin(CARD_INDENT)
    card.setTopMargin(14)
    card.setBorder(0)
    card.setProperty(CARD, True)
    frame = select.insertFrame(card)
    cursor.setPosition(frame.lastPosition() + 1)


def message_at(cursor: QTextCursor) -> int:
    """The id of the message at ``cursor`` (0: none)."""
    value = cursor.block().blockFormat().property(MESSAGE)
    return int(value) if isinstance(value, int) else 0
