"""Input methods (Japanese, Chinese, Korean): while one is composing, Enter chooses the
conversion and Esc cancels it. Some platforms still hand those keys to the widget, and
sending half a sentence, or hiding the window, would be wrong; so they are kept from the
widget until the composition ends."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QWidget

_IME_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)


class CompositionGuard(QObject):
    """Watches ``widget``'s input-method events; ``composing`` is True while pre-edit
    text is shown. Installed as the widget's event filter."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.composing = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.InputMethod and isinstance(event, QInputMethodEvent):
            self.composing = bool(event.preeditString())
        elif kind == QEvent.Type.FocusOut:
            self.composing = False
        elif (
            kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and self.composing
            and isinstance(event, QKeyEvent)
            and event.key() in _IME_KEYS
        ):
            event.accept()
            return True
        return False
