"""The icon buttons that appear over a message under the mouse: Copy, Edit, Regenerate,
Fork (a new conversation with everything up to the message).

One small bar floats over the transcript's viewport, at the top right of the message the
pointer is on; each button has an accessible name and a tooltip with its keyboard
equivalent (the same actions are in the Edit and Chat menus, and so in the command
palette).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Signal
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QTextBrowser, QToolButton, QWidget

from engine.types import MessageStatus, StoredMessage
from ui import icons
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.transcript_parts import message_at

#: action -> (accessible name, keyboard equivalent)
BUTTONS = {
    "copy": (QT_TRANSLATE_NOOP("MessageActions", "Copy message"), "Ctrl+Shift+C"),
    "edit": (QT_TRANSLATE_NOOP("MessageActions", "Edit message"), "Ctrl+Shift+E"),
    "regenerate": (QT_TRANSLATE_NOOP("MessageActions", "Regenerate answer"), "Ctrl+R"),
    "fork": (QT_TRANSLATE_NOOP("MessageActions", "Fork from here"), "Ctrl+Shift+F"),
}


class MessageActions(QWidget):
    """The floating bar; ``triggered`` carries (action, message id)."""

    triggered = Signal(str, int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("messageActions")
        self.setAccessibleName(translate("MessageActions", "Message actions"))
        self.message_id = 0
        #: The last answer can be regenerated (the window says when).
        self.can_regenerate = False
        self.buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 2, 3, 2)
        layout.setSpacing(2)
        for action, (name, keys) in BUTTONS.items():
            button = QToolButton(self)
            button.setIconSize(QSize(16, 16))
            button.setAccessibleName(translate("MessageActions", name))
            button.setToolTip(f"{translate('MessageActions', name)} ({keys})")
            button.clicked.connect(lambda _=False, a=action: self._trigger(a))
            layout.addWidget(button)
            self.buttons[action] = button
        self.refresh_icons()
        self.hide()

    def follow(self, viewport: QWidget, offer_at: Callable[[QPoint], None]) -> None:
        """Offer the actions at the mouse as it moves over ``viewport``; hide as it leaves."""
        self._offer_at = offer_at
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            self._offer_at(event.position().toPoint())
        elif event.type() == QEvent.Type.Leave and not self.underMouse():
            self.hide()
        return False

    def _trigger(self, action: str) -> None:
        self.hide()
        self.triggered.emit(action, self.message_id)

    def refresh_icons(self) -> None:
        """Draw the icons in the current theme's colours."""
        for action, button in self.buttons.items():
            button.setIcon(icons.icon(action))

    def show_for(self, message_id: int, actions: set[str], top_right: QPoint) -> None:
        """Offer ``actions`` for the message, with the bar's top right at ``top_right``."""
        self.message_id = message_id
        for action, button in self.buttons.items():
            button.setVisible(action in actions)
        self.adjustSize()
        self.move(top_right.x() - self.width(), max(0, top_right.y()))
        self.show()
        self.raise_()

    def offer(
        self, view: QTextBrowser, cursor: QTextCursor, messages: Sequence[StoredMessage]
    ) -> None:
        """Offer the actions of the message at ``cursor`` in ``view`` (hide when none)."""
        message_id = message_at(cursor)
        message = next((m for m in reversed(messages) if m.id == message_id), None)
        if message is None:
            self.hide()
            return
        actions = {"copy", "edit"} if message.role == "user" else {"copy"}
        if message is messages[-1] and message.role == "assistant" and self.can_regenerate:
            actions.add("regenerate")
        if message.status is not MessageStatus.STREAMING:
            actions.add("fork")
        block = cursor.block()
        while block.previous().isValid() and message_at(QTextCursor(block.previous())) == (
            message_id
        ):
            block = block.previous()
        layout = view.document().documentLayout()
        top = int(layout.blockBoundingRect(block).top()) - view.verticalScrollBar().value()
        self.show_for(message_id, actions, QPoint(view.viewport().width() - 8, top - 4))
