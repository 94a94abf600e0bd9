"""The message composer: Enter sends, Shift+Enter starts a new line."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ui.ime import CompositionGuard


class Composer(QPlainTextEdit):
    """Multi-line input that grows with its text up to a few lines."""

    submitted = Signal(str)
    cancel_edit = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAccessibleName(self.tr("Message"))
        self.default_hint = self.tr(
            "Ask Hisho anything…  (Enter to send, Shift+Enter for a new line)"
        )
        self.setPlaceholderText(self.default_hint)
        self.setTabChangesFocus(True)
        self.document().contentsChanged.connect(self.updateGeometry)
        self.ime = CompositionGuard(self)  # Enter while composing Japanese never sends

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
                return
            if not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                self.submit()
                return
        if key == Qt.Key.Key_Escape:
            self.cancel_edit.emit()
        super().keyPressEvent(event)

    def set_hint(self, text: str) -> None:
        """Change the placeholder text (and repaint: Qt only repaints it when it
        appears or disappears, not when it changes)."""
        self.setPlaceholderText(text or self.default_hint)
        self.viewport().update()

    def submit(self) -> None:
        text = self.toPlainText()
        if text.strip():
            self.submitted.emit(text)

    def sizeHint(self) -> QSize:
        lines = max(2, min(8, self.document().blockCount()))
        height = self.fontMetrics().lineSpacing() * lines + 18
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.fontMetrics().lineSpacing() * 2 + 18)
