"""Small helpers for driving the transcript like a user does."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor, QTextDocument
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
