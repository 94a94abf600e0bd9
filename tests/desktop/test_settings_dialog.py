"""File › Settings…: the toggles are saved and applied (close to tray, shortcut, start
at login), and desktops that cannot grab a shortcut say why and offer the command."""

from __future__ import annotations

import configparser
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from desktop import autostart
from desktop.global_shortcut import WAYLAND_NOTE
from engine.storage import settings as settings_store
from tests.desktop.conftest import AtHand
from ui.settings_dialog import SettingsDialog


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Autostart entries go to a temporary XDG_CONFIG_HOME, never the real one."""
    folder = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def open_dialog(hand: AtHand) -> SettingsDialog:
    hand.window.menus.settings_action.trigger()
    dialog = hand.pieces.preferences.dialog
    assert dialog is not None
    hand.qtbot.waitUntil(dialog.isVisible, timeout=2_000)
    return dialog


def click_ok(hand: AtHand, dialog: SettingsDialog) -> None:
    hand.qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    hand.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)


def test_the_settings_are_saved_and_applied(at_hand: AtHand, config_home: Path) -> None:
    hand = at_hand
    assert hand.window.menus.settings_action.text().replace("&", "") == "Settings…"
    dialog = open_dialog(hand)
    assert dialog.close_to_tray.isChecked() and dialog.close_to_tray.isEnabled()
    assert dialog.shortcut.keySequence().toString() == "Ctrl+Alt+Space"
    assert not dialog.start_at_login.isChecked()
    assert "in the tray" in dialog.start_at_login.text()

    dialog.close_to_tray.setChecked(False)
    dialog.shortcut.setKeySequence(QKeySequence("Ctrl+Alt+H"))
    dialog.start_at_login.setChecked(True)
    click_ok(hand, dialog)

    saved = settings_store.load()[0].desktop
    assert not saved.close_to_tray
    assert saved.quick_prompt_shortcut == "Ctrl+Alt+H"
    assert not hand.window.keep_running_on_close  # closing the window quits now
    entry = config_home / "autostart" / "hisho.desktop"
    assert entry.is_file() and autostart.is_enabled()
    desktop_entry = configparser.ConfigParser(interpolation=None)
    desktop_entry.read(entry, encoding="utf-8")
    assert desktop_entry["Desktop Entry"]["Exec"].endswith("--hidden")

    # Reopened, the dialog shows what was saved; turning start at login off removes it.
    dialog = open_dialog(hand)
    assert not dialog.close_to_tray.isChecked()
    assert dialog.shortcut.keySequence().toString() == "Ctrl+Alt+H"
    assert dialog.start_at_login.isChecked()
    dialog.start_at_login.setChecked(False)
    click_ok(hand, dialog)
    assert not entry.exists() and not autostart.is_enabled()


def test_cancel_changes_nothing(at_hand: AtHand, config_home: Path) -> None:
    dialog = open_dialog(at_hand)
    dialog.close_to_tray.setChecked(False)
    dialog.start_at_login.setChecked(True)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    at_hand.qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert settings_store.load()[0].desktop.close_to_tray
    assert at_hand.window.keep_running_on_close
    assert not (config_home / "autostart").exists()


def test_on_wayland_the_settings_explain_and_offer_the_command(
    make_at_hand: Callable[..., AtHand],
) -> None:
    hand = make_at_hand(platform="wayland")
    assert hand.pieces.shortcut.backend is None
    assert not hand.window.banner.isVisible()  # no grab was tried, so nothing failed
    dialog = open_dialog(hand)
    assert not dialog.shortcut.isEnabled()
    assert dialog.shortcut_note.text() == WAYLAND_NOTE
    assert dialog.command.text().endswith("--quick")
    copy = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Copy")
    hand.qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.command.text()
    dialog.reject()


def test_the_theme_choice_is_saved_and_shown_at_once(at_hand: AtHand) -> None:
    from ui import theme

    dialog = open_dialog(at_hand)
    assert dialog.theme.currentText() == "Same as the system"
    assert [dialog.theme.itemText(i) for i in range(3)] == ["Same as the system", "Light", "Dark"]
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    try:
        click_ok(at_hand, dialog)
        assert settings_store.load()[0].ui.theme == "dark"
        assert theme.colors() is theme.DARK  # live: no restart
        window_colour = QGuiApplication.palette().color(QGuiApplication.palette().ColorRole.Base)
        assert window_colour.name() == theme.DARK.surface
        assert open_dialog(at_hand).theme.currentText() == "Dark"
    finally:
        theme.use("light")
        QGuiApplication.instance().setStyleSheet("")  # type: ignore[union-attr]
