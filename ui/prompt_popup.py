"""The prompt library at hand: typing "/" at the start of the composer lists the prompts
(``/summarize``, ``/translate`` and the user's own), filtered as more is typed; Enter or
Tab (or a click) puts the chosen prompt's text in place of "/word", Esc closes the list.
The focus stays in the composer throughout."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPlainTextEdit, QWidget

from engine.types import PromptPreset
from ui.i18n import engine_text

#: "/word" as the whole of the composer's first line, up to the cursor.
_TYPED = re.compile(r"^/([^\s/]*)$")
TextRole = Qt.ItemDataRole.UserRole + 1


def matching(prompts: list[PromptPreset], typed: str) -> list[PromptPreset]:
    """The prompts whose name starts with ``typed``, then those that contain it."""
    typed = typed.casefold()
    starts = [p for p in prompts if p.name.casefold().startswith(typed)]
    contains = [p for p in prompts if typed in p.name.casefold() and p not in starts]
    return starts + contains


def prompt_text(preset: PromptPreset) -> str:
    """What the prompt puts in the composer (a built-in one in the user's language)."""
    return engine_text(preset.text) if preset.builtin else preset.text


class PromptPopup(QListWidget):
    """The list of prompts under "/" (a child of the window, shown above the composer)."""

    #: The user chose a prompt (its name); its text is in the composer now.
    inserted = Signal(str)

    def __init__(self, composer: QPlainTextEdit, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("promptPopup")
        self.setAccessibleName(self.tr("Prompts"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.composer = composer
        self.window_widget = parent
        self.prompts: list[PromptPreset] = []
        self.hide()
        composer.textChanged.connect(self.follow)
        composer.installEventFilter(self)
        self.itemClicked.connect(self._insert)

    def set_prompts(self, prompts: list[PromptPreset]) -> None:
        self.prompts = list(prompts)
        self.follow()

    def typed(self) -> str | None:
        """The word after "/" being typed (None: no prompt is being asked for)."""
        cursor = self.composer.textCursor()
        before = self.composer.toPlainText()[: cursor.position()]
        found = _TYPED.match(before)
        return found.group(1) if found else None

    def follow(self) -> None:
        """Show, filter or hide the list as the composer's text changes."""
        typed = self.typed()
        shown = matching(self.prompts, typed) if typed is not None else []
        if not shown:
            self.hide()
            return
        self.clear()
        for preset in shown:
            text = prompt_text(preset)
            first = text.splitlines()[0] if text.strip() else ""
            item = QListWidgetItem(f"/{preset.name}  —  {first[:60]}", self)
            item.setData(TextRole, text)
            item.setData(Qt.ItemDataRole.UserRole, preset.name)
        self.setCurrentRow(0)
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        rows = min(self.count(), 6)
        height = rows * max(self.sizeHintForRow(0), 18) + 2 * self.frameWidth() + 4
        width = max(self.composer.width() // 2, 320)
        top_left = self.composer.mapTo(self.window_widget, QPoint(0, 0))
        self.setGeometry(top_left.x(), max(top_left.y() - height, 0), width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.composer and self.isVisible() and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                self.setCurrentRow((self.currentRow() + step) % self.count())
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
                item = self.currentItem()
                if item is not None:
                    self._insert(item)
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(watched, event)

    def _insert(self, item: QListWidgetItem) -> None:
        text = str(item.data(TextRole))
        cursor = self.composer.textCursor()
        cursor.setPosition(0, cursor.MoveMode.KeepAnchor)  # the "/word" typed
        cursor.insertText(text.rstrip() + "\n")
        self.composer.setTextCursor(cursor)
        self.hide()
        self.inserted.emit(str(item.data(Qt.ItemDataRole.UserRole)))
