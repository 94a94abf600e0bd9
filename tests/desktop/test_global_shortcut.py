"""The global shortcut: pressed anywhere on a real X server (Xvfb, keys sent with the
XTEST extension), it opens the quick prompt; a shortcut another program holds gives a
notice and Hisho keeps working; shortcuts are checked before they are grabbed."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.global_shortcut import support
from desktop.global_shortcut.base import ShortcutError, parse
from desktop.global_shortcut.x11 import X11Shortcut
from tests.desktop.conftest import AtHand
from tests.xkeys import Keyboard


@pytest.fixture()
def keyboard(xvfb_display: str) -> Iterator[Keyboard]:
    board = Keyboard(xvfb_display)
    yield board
    board.close()


@pytest.fixture()
def x11_at_hand(
    make_at_hand: Callable[..., AtHand], xvfb_display: str, monkeypatch: pytest.MonkeyPatch
) -> AtHand:
    """The app as on an X11 desktop: its shortcut is grabbed on the Xvfb display (the
    widgets stay offscreen; the grab uses an X connection of its own)."""
    monkeypatch.setenv("DISPLAY", xvfb_display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return make_at_hand(platform="xcb")


def test_shortcuts_are_checked_before_they_are_grabbed() -> None:
    combo = parse("Ctrl+Alt+Space")
    assert (combo.ctrl, combo.alt, combo.shift, combo.meta) == (True, True, False, False)
    assert combo.x11_keysym == 0x20 and combo.windows_vk == 0x20
    assert parse("Meta+Shift+F12").x11_keysym == 0xFFC9
    assert parse("ctrl+alt+h").x11_keysym == ord("h") and parse("Ctrl+Alt+H").windows_vk == 0x48
    refused = [
        ("Space", "no Ctrl, Alt or Super"),
        ("Shift+A", "no Ctrl, Alt or Super"),
        ("Ctrl+K, Ctrl+L", "one key combination"),
        ("", "one key combination"),
    ]
    for bad, why in refused:
        with pytest.raises(ShortcutError, match=why):
            parse(bad)


def test_the_shortcut_pressed_anywhere_opens_and_closes_the_quick_prompt(
    x11_at_hand: AtHand, keyboard: Keyboard
) -> None:
    hand, qtbot = x11_at_hand, x11_at_hand.qtbot
    shortcut = hand.pieces.shortcut
    assert shortcut.active == "Ctrl+Alt+Space" and shortcut.problem == ""
    assert hand.pieces.tray.tray.quick_action.text() == "Quick prompt\tCtrl+Alt+Space"
    hand.window.hide()
    keyboard.press("Control_L", "Alt_L", "space")
    qtbot.waitUntil(hand.prompt.isVisible, timeout=5_000)
    qtbot.waitUntil(hand.prompt.isActiveWindow, timeout=5_000)
    keyboard.press("Control_L", "Alt_L", "space")  # again: it toggles
    qtbot.waitUntil(lambda: not hand.prompt.isVisible(), timeout=5_000)
    keyboard.press("Control_L", "Alt_L", "h")  # another combination: not ours
    keyboard.press("Alt_L", "space")
    qtbot.wait(300)
    assert not hand.prompt.isVisible()


def test_a_changed_shortcut_is_grabbed_and_the_old_one_released(
    x11_at_hand: AtHand, keyboard: Keyboard, xvfb_display: str, qtbot: QtBot
) -> None:
    hand = x11_at_hand
    assert hand.pieces.shortcut.apply("Ctrl+Alt+H") == ""
    other = X11Shortcut(xvfb_display)  # the old one is free for others again
    try:
        assert other.set_shortcut(parse("Ctrl+Alt+Space")) == ""
    finally:
        other.close()
    keyboard.press("Control_L", "Alt_L", "h")
    qtbot.waitUntil(hand.prompt.isVisible, timeout=5_000)
    assert "no Ctrl, Alt or Super key" in hand.pieces.shortcut.apply("F5")
    assert hand.pieces.shortcut.active == ""


def test_a_shortcut_taken_by_another_program_gives_a_notice(
    make_at_hand: Callable[..., AtHand],
    xvfb_display: str,
    keyboard: Keyboard,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = X11Shortcut(xvfb_display)  # another program holds Ctrl+Alt+Space
    assert other.set_shortcut(parse("Ctrl+Alt+Space")) == ""
    try:
        monkeypatch.setenv("DISPLAY", xvfb_display)
        hand = make_at_hand(platform="xcb")
        banner = hand.window.banner
        assert banner.isVisible()
        assert "Ctrl+Alt+Space is already used by another program" in banner.label.text()
        assert "hisho --quick" in banner.label.text()
        assert hand.pieces.shortcut.active == ""
        assert hand.pieces.tray.tray.quick_action.text() == "Quick prompt"
        # Hisho keeps working: the tray opens the quick prompt.
        hand.pieces.tray.tray.quick_action.trigger()
        assert hand.prompt.isVisible()
        # The settings say what went wrong.
        hand.window.menus.settings_action.trigger()
        dialog = hand.pieces.preferences.dialog
        assert dialog is not None
        assert "already used by another program" in dialog.shortcut_note.text()
        dialog.reject()
    finally:
        other.close()


def test_each_desktop_says_what_a_global_shortcut_can_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert support("xcb").available and support("xcb").note == ""
    assert support("windows").available
    wayland = support("wayland")
    assert not wayland.available and wayland.use_desktop_settings
    assert "keyboard settings" in wayland.note and "command below" in wayland.note
    assert support("cocoa").available  # Carbon hot keys: tests/desktop/test_macos_shortcut.py
    assert "not available here" in support("minimal").note
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")  # X11 apps under XWayland
    xwayland = support("xcb")
    assert xwayland.available and "only while an X11 window has the focus" in xwayland.note
