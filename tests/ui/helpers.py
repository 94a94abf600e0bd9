"""Small helpers for driving the window like a user does: links, drag and drop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ui.transcript import TranscriptView


def anchor_position(document: QTextDocument, href: str) -> int:
    """Where in ``document`` the link to ``href`` starts (-1 when there is none)."""
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.charFormat().anchorHref() == href:
                return fragment.position()
            iterator += 1
        block = block.next()
    return -1


def anchors(document: QTextDocument) -> list[str]:
    """Every link target in ``document``, in order."""
    found: list[str] = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            href = fragment.charFormat().anchorHref() if fragment.isValid() else ""
            if href and href not in found:
                found.append(href)
            iterator += 1
        block = block.next()
    return found


def click_link(qtbot: QtBot, view: TranscriptView, href: str) -> None:
    """Scroll the link into view and click it with the mouse."""
    position = anchor_position(view.document(), href)
    assert position >= 0, f"no link to {href} in {anchors(view.document())}"
    cursor = QTextCursor(view.document())
    cursor.setPosition(position + 1)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    point = QPoint(rect.left() - 2, rect.center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def click_message_action(qtbot: QtBot, view: TranscriptView, action: str, message_id: int) -> None:
    """Point at the message (its icon buttons appear over it) and click ``action``'s."""
    from ui.transcript_parts import MESSAGE

    block = view.document().begin()
    while block.isValid() and block.blockFormat().property(MESSAGE) != message_id:
        block = block.next()
    assert block.isValid(), f"message {message_id} is not shown"
    cursor = QTextCursor(block)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    qtbot.mouseMove(view.viewport(), QPoint(rect.left() + 4, rect.center().y()))
    view.show_actions_at(QPoint(rect.left() + 4, rect.center().y()))  # (offscreen: no move)
    bar = view.actions_bar
    assert bar.isVisible() and bar.message_id == message_id
    button = bar.buttons[action]
    assert button.isVisible(), f"no {action} button for message {message_id}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def file_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_and_drop(widget: QWidget, mime: QMimeData, at: QPoint | None = None) -> QDropEvent:
    """Enter, move and drop on ``widget`` as a drag from a file manager does; returns
    the drop event (``isAccepted`` says whether the window took it)."""
    point = at if at is not None else widget.rect().center()
    actions = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, actions, mime, buttons, keys)
    QApplication.sendEvent(widget, enter)
    move = QDragMoveEvent(point, actions, mime, buttons, keys)
    QApplication.sendEvent(widget, move)
    drop = QDropEvent(QPointF(point), actions, mime, buttons, keys)
    QApplication.sendEvent(widget, drop)
    return drop


def marked_sentences(document: QTextDocument) -> list[tuple[str, str]]:
    """(text, tooltip) of every run shown as unsupported (dotted underline), in order:
    what a user sees marked, and reads when pointing at it."""
    found: list[tuple[str, str]] = []
    end = -1
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            fmt = fragment.charFormat()
            if fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine:
                if found and fragment.position() == end and found[-1][1] == fmt.toolTip():
                    found[-1] = (found[-1][0] + fragment.text(), fmt.toolTip())
                else:
                    found.append((fragment.text(), fmt.toolTip()))
                end = fragment.position() + fragment.length()
            iterator += 1
        block = block.next()
    return found
