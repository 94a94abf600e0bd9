"""The macOS global shortcut (Carbon ``RegisterEventHotKey``), on Linux.

There is no Carbon here, so these tests load tests/desktop/fake_carbon.c, compiled for
the run: a stand-in with the real C names and signatures that checks its arguments
and plays the system's part (another program holding a key, the user pressing one).
A mock, said plainly: it proves the ctypes calls, the structures passed by value, the
handler callback and the layout lookup, not that macOS delivers the event. The key
codes and modifier bits are checked against Apple's headers by value."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.global_shortcut import macos, support
from desktop.global_shortcut.base import parse
from desktop.global_shortcut.macos import (
    CMD_KEY,
    CONTROL_KEY,
    OPTION_KEY,
    SHIFT_KEY,
    MacShortcut,
    carbon_modifiers,
    key_code,
)
from tests.desktop.conftest import AtHand

SPACE, F5, A_PLACE, Q_PLACE, H_PLACE = 0x31, 0x60, 0x00, 0x0C, 0x04


@pytest.fixture(scope="module")
def fake_carbon(tmp_path_factory: pytest.TempPathFactory) -> Path:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build the Carbon stand-in")
    library = tmp_path_factory.mktemp("carbon") / "libfakecarbon.so"
    source = Path(__file__).with_name("fake_carbon.c")
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o", str(library), str(source)],
        check=True,
    )
    return library


@pytest.fixture()
def carbon(fake_carbon: Path) -> Iterator[ctypes.CDLL]:
    """The stand-in's controls; a test leaves nothing registered behind it."""
    lib = ctypes.CDLL(str(fake_carbon))
    yield lib
    assert lib.fake_registered() == 0 and lib.fake_handlers() == 0
    assert lib.fake_sources_held() == 0


def test_qt_keys_become_carbon_key_codes_and_modifiers() -> None:
    combo = parse("Ctrl+Alt+Space")  # Qt's Ctrl is ⌘ on macOS
    assert carbon_modifiers(combo) == CMD_KEY | OPTION_KEY == 0x0900
    assert carbon_modifiers(parse("Meta+Shift+F5")) == CONTROL_KEY | SHIFT_KEY == 0x1200
    assert key_code(combo, {}) == SPACE
    assert key_code(parse("Alt+F5"), {}) == F5 and key_code(parse("Alt+F12"), {}) == 0x6F
    assert key_code(parse("Alt+Up"), {}) == 0x7E
    # Characters: the layout's code when it could be read, else the US place.
    assert key_code(parse("Ctrl+Alt+A"), {}) == A_PLACE
    assert key_code(parse("Ctrl+Alt+A"), {"a": Q_PLACE}) == Q_PLACE
    assert key_code(parse("Ctrl+Alt+/"), {}) == 0x2C
    assert key_code(parse("Ctrl+Alt+A"), {"q": A_PLACE}) is None  # no such key


def test_a_pressed_hot_key_reaches_the_app_and_only_its_own(
    carbon: ctypes.CDLL, fake_carbon: Path, qtbot: QtBot
) -> None:
    shortcut = MacShortcut(library=str(fake_carbon))
    presses: list[str] = []
    shortcut.activated.connect(lambda: presses.append("pressed"))
    try:
        assert shortcut.set_shortcut(parse("Ctrl+Alt+Space")) == ""
        assert carbon.fake_registered() == 1 and carbon.fake_handlers() == 1
        assert carbon.fake_press(SPACE, CMD_KEY | OPTION_KEY) == 0  # noErr: handled
        assert presses == ["pressed"]
        assert carbon.fake_press(SPACE, CMD_KEY) == 1  # not registered: nothing called
        # A changed shortcut: the old hot key is given back, the new one is the layout's.
        assert shortcut.set_shortcut(parse("Ctrl+Alt+A")) == ""
        assert carbon.fake_registered() == 1
        assert carbon.fake_press(SPACE, CMD_KEY | OPTION_KEY) == 1
        assert carbon.fake_press(Q_PLACE, CMD_KEY | OPTION_KEY) == 0  # "a" on AZERTY
        assert presses == ["pressed", "pressed"]
        assert shortcut.set_shortcut(None) == "" and carbon.fake_registered() == 0
    finally:
        shortcut.close()


def test_a_hot_key_held_by_another_program_is_reported(
    carbon: ctypes.CDLL, fake_carbon: Path
) -> None:
    assert carbon.fake_hold(H_PLACE, CMD_KEY | OPTION_KEY) == 0
    shortcut = MacShortcut(library=str(fake_carbon))
    try:
        problem = shortcut.set_shortcut(parse("Ctrl+Alt+H"))
        assert problem == "Ctrl+Alt+H is already used by another program. Choose another shortcut."
        assert carbon.fake_registered() == 0
        assert carbon.fake_press(H_PLACE, CMD_KEY | OPTION_KEY) == 1  # theirs, not ours
        assert shortcut.set_shortcut(parse("Ctrl+Alt+Space")) == ""  # another one works
    finally:
        shortcut.close()
        carbon.fake_release_others()


def test_without_carbon_the_shortcut_says_why(tmp_path: Path) -> None:
    shortcut = MacShortcut(library=str(tmp_path / "no-such-framework"))
    problem = shortcut.set_shortcut(parse("Ctrl+Alt+Space"))
    assert problem.startswith("macOS's Carbon framework could not be loaded")
    shortcut.close()


def test_on_macos_the_app_opens_the_quick_prompt_from_the_hot_key(
    carbon: ctypes.CDLL,
    fake_carbon: Path,
    make_at_hand: Callable[..., AtHand],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole app with Qt's platform name "cocoa": the backend is Carbon's."""
    assert support("cocoa").available and support("cocoa").note == ""
    monkeypatch.setattr(macos, "CARBON", str(fake_carbon))
    hand = make_at_hand(platform="cocoa")
    assert isinstance(hand.pieces.shortcut.backend, MacShortcut)
    assert hand.pieces.shortcut.active == "Ctrl+Alt+Space"
    hand.window.hide()
    assert carbon.fake_press(SPACE, CMD_KEY | OPTION_KEY) == 0
    hand.qtbot.waitUntil(hand.prompt.isVisible, timeout=5_000)
    hand.pieces.shortcut.apply("")  # removed in the settings: the hot key is given back
    assert carbon.fake_registered() == 0
