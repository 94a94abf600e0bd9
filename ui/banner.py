"""The banner: the one place in the window where errors and notices reach the user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from ui import theme
from ui.i18n import engine_text


class Banner(QFrame):
    """One place where errors and notices reach the user."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName(self.tr("Dismiss message"))
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str, kind: str) -> None:
        text = engine_text(text)  # what the engine said, in the user's language
        self.setProperty("kind", kind)
        p = theme.colors()
        colors = {
            "error": (p.error_fill, p.on_error_fill),
            "notice": (p.notice_fill, p.on_notice_fill),
        }
        background, foreground = colors.get(kind, colors["notice"])
        self.setStyleSheet(
            f"#banner {{ background: {background}; border: 1px solid {foreground}40;"
            f" border-radius: 6px; }} #banner QLabel {{ color: {foreground}; }}"
            f" #banner QToolButton {{ color: {foreground}; }}"
        )
        self.label.setText(text)
        kinds = {"error": self.tr("error"), "notice": self.tr("notice")}
        self.label.setAccessibleName(
            self.tr("{kind}: {text}").format(kind=kinds.get(kind, kind), text=text)
        )
        self.show()
