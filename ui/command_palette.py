"""The command palette (Ctrl+K): every menu action, found by typing, run with Enter.

The actions are collected from the window's menu bar when the palette opens (submenus
included, as "Chat › Summary length › Brief"), so a new menu item is reachable here
without being listed twice. Disabled actions are not offered; checkable ones show a
check when on. Esc closes it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)

#: The object name of the menu action that opens the palette (not offered in it).
PALETTE_ACTION = "commandPaletteAction"


def _clean(label: str) -> str:
    """A menu label as read: without its mnemonic marks ("&File", or "ファイル(&F)" as
    Japanese menus write them; "&&" stays as "&")."""
    label = re.sub(r"\(&[^&)]\)", "", label.replace("&&", "\0"))
    return label.replace("&", "").replace("\0", "&")


def menu_actions(bar: QMenuBar) -> list[tuple[str, QAction]]:
    """("Menu › Item", action) for every action reachable from ``bar``, in menu order."""
    found: list[tuple[str, QAction]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            label = f"{path} › {_clean(action.text())}"
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, label)
            else:
                found.append((label, action))

    for top in bar.actions():
        if isinstance(top.menu(), QMenu):
            walk(top.menu(), _clean(top.text()))  # type: ignore[arg-type]
    return found


class CommandPalette(QDialog):
    """A filter field over the list of actions; Enter runs the one selected."""

    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.setWindowTitle(self.tr("Command palette"))
        self.bar = bar
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Type a command…"))
        self.filter.setAccessibleName(self.tr("Find a command"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Commands"))
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._refilter)
        self.filter.returnPressed.connect(self.run_selected)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self.run_selected())
        self.resize(520, 380)

    def open_palette(self) -> None:
        """Collect the actions afresh and show the palette, the filter empty."""
        self.filter.clear()
        self._refilter("")
        self.show()
        self.raise_()
        self.activateWindow()
        self.filter.setFocus()

    def _refilter(self, text: str) -> None:
        words = text.casefold().split()
        self.list.clear()
        for label, action in menu_actions(self.bar):
            if action.objectName() == PALETTE_ACTION or not action.isEnabled():
                continue
            if not all(w in label.casefold() for w in words):
                continue
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            mark = "✓ " if action.isCheckable() and action.isChecked() else ""
            shown = f"{mark}{label}" + (f"    {shortcut}" if shortcut else "")
            item = QListWidgetItem(shown, self.list)
            item.setData(Qt.ItemDataRole.UserRole, action)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
        if self.list.count():
            self.list.setCurrentRow(0)

    def labels(self) -> list[str]:
        """What the list offers now (for tests and screen readers)."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def run_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        action = item.data(Qt.ItemDataRole.UserRole)
        self.hide()
        if isinstance(action, QAction):
            action.trigger()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the filter move through the list."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()), 0)
            if step and self.list.count():
                row = (self.list.currentRow() + step) % self.list.count()
                self.list.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)
