"""The "Think" switch beside the composer: the Chat menu's "Think before answering"
action as a button, shown only while a model that thinks is loaded."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton, QWidget

from engine.types import ThinkingSupport


class ThinkButton(QToolButton):
    """Mirrors ``action`` (checked, enabled, tooltip); hidden for a model that doesn't think."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thinkButton")
        self.setAccessibleName(self.tr("Think before answering"))
        # A chip, filled while on (palette roles only: it follows light and dark).
        self.setStyleSheet(
            "QToolButton#thinkButton { border: 1px solid palette(mid); border-radius: 10px;"
            " padding: 2px 10px; }"
            " QToolButton#thinkButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text); border-color: palette(highlight); }"
            " QToolButton#thinkButton:disabled { color: palette(placeholder-text); }"
            " QToolButton#thinkButton:checked:disabled { background: palette(midlight);"
            " border-color: palette(mid); }"
        )
        self.hide()  # until a model that thinks has loaded

    def use(self, action: QAction) -> None:
        self.setDefaultAction(action)

    def show_for(self, support: ThinkingSupport) -> None:
        self.setVisible(support is not ThinkingSupport.NONE)
