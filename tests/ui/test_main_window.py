"""The main window on its own: what it shows for each state a controller sets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow


@pytest.fixture()
def window(qtbot: QtBot) -> MainWindow:
    widget = MainWindow()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_send_and_stop_swap_while_generating(window: MainWindow) -> None:
    assert window.send_button.isEnabled() and not window.stop_button.isEnabled()
    window.set_can_regenerate(True)
    window.set_generating(True)
    assert not window.send_button.isEnabled()
    assert window.stop_button.isEnabled() and window.menus.stop_action.isEnabled()
    assert not window.regenerate_button.isEnabled()
    window.set_generating(False)
    assert window.send_button.isEnabled() and not window.stop_button.isEnabled()


def test_the_send_button_submits_the_composer(qtbot: QtBot, window: MainWindow) -> None:
    window.composer.setPlainText("hello")
    with qtbot.waitSignal(window.prompt_submitted, timeout=1000) as sent:
        qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    assert sent.args == ["hello"]


def test_stop_button_requests_a_stop(qtbot: QtBot, window: MainWindow) -> None:
    window.set_generating(True)
    with qtbot.waitSignal(window.stop_requested, timeout=1000):
        qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)


def test_errors_show_in_the_banner_until_dismissed(qtbot: QtBot, window: MainWindow) -> None:
    window.show_error("The model could not be loaded.")
    assert window.banner.isVisible()
    assert window.banner.label.text() == "The model could not be loaded."
    assert window.banner.property("kind") == "error"
    window.show_notice("Old turns were left out.")
    assert window.banner.property("kind") == "notice"
    close = window.banner.findChild(QToolButton)  # the ✕ button
    assert close is not None
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()


def test_editing_puts_the_message_back_in_the_composer(window: MainWindow) -> None:
    window.set_editing(True, "my earlier question")
    assert window.edit_label.isVisible()
    assert window.composer.toPlainText() == "my earlier question"
    window.set_editing(False)
    assert not window.edit_label.isVisible()
