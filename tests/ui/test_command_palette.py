"""The command palette (Ctrl+K) reaches every menu action from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from ui.command_palette import _clean, menu_actions
from ui.main_window import MainWindow


@pytest.fixture()
def window(qtbot: QtBot) -> MainWindow:
    widget = MainWindow()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def all_menu_actions(window: MainWindow) -> list[QAction]:
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if isinstance(action.menu(), QMenu):
                walk(action.menu())  # type: ignore[arg-type]
            elif not action.isSeparator():
                found.append(action)

    for top in window.menuBar().actions():
        walk(top.menu())  # type: ignore[arg-type]
    return found


def test_every_menu_action_is_in_the_palette(window: MainWindow) -> None:
    listed = {id(action) for _, action in menu_actions(window.menuBar())}
    assert {id(a) for a in all_menu_actions(window)} == listed
    labels = [label for label, _ in menu_actions(window.menuBar())]
    assert "File › New conversation" in labels
    assert "Chat › Summary length › Brief (a paragraph)" in labels  # submenus too


def test_ctrl_k_opens_it_and_typing_filters(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.command_palette
    qtbot.waitUntil(palette.isVisible, timeout=2000)
    assert palette.focusWidget() is palette.filter  # typing goes to the filter
    qtbot.keyClicks(palette.filter, "search conv")
    assert palette.labels() == ["Edit › Search conversations    Ctrl+F"]
    palette.filter.clear()
    qtbot.keyClicks(palette.filter, "palette")
    assert palette.labels() == []  # it does not offer itself
    qtbot.keyClick(palette.filter, Qt.Key.Key_Escape)
    assert not palette.isVisible()


def test_enter_runs_the_chosen_action(qtbot: QtBot, window: MainWindow) -> None:
    window.command_palette.open_palette()
    palette = window.command_palette
    qtbot.keyClicks(palette.filter, "new conversation")
    with qtbot.waitSignal(window.new_conversation_requested, timeout=2000):
        qtbot.keyClick(palette.filter, Qt.Key.Key_Return)
    assert not palette.isVisible()


def test_arrows_move_and_disabled_actions_are_left_out(qtbot: QtBot, window: MainWindow) -> None:
    palette = window.command_palette
    palette.open_palette()
    assert not any("Stop generating" in label for label in palette.labels())  # disabled now
    window.set_generating(True)
    palette.open_palette()
    assert any("Stop generating" in label for label in palette.labels())
    first = palette.list.currentRow()
    qtbot.keyClick(palette.filter, Qt.Key.Key_Down)
    assert palette.list.currentRow() == first + 1


def test_labels_read_without_mnemonic_marks() -> None:
    assert _clean("&File") == "File"
    assert _clean("ファイル(&F)") == "ファイル"
    assert _clean("Save && quit") == "Save & quit"
