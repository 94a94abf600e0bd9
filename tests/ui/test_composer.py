"""The composer: Enter sends, Shift+Enter starts a new line, blank text sends nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.composer import Composer


@pytest.fixture()
def composer(qtbot: QtBot) -> Composer:
    widget = Composer()
    qtbot.addWidget(widget)
    widget.show()
    widget.setFocus()
    return widget


def test_enter_sends_the_text(qtbot: QtBot, composer: Composer) -> None:
    qtbot.keyClicks(composer, "Hello Hisho")
    with qtbot.waitSignal(composer.submitted, timeout=1000) as sent:
        qtbot.keyClick(composer, Qt.Key.Key_Return)
    assert sent.args == ["Hello Hisho"]


def test_keypad_enter_sends_too(qtbot: QtBot, composer: Composer) -> None:
    qtbot.keyClicks(composer, "hi")
    with qtbot.waitSignal(composer.submitted, timeout=1000) as sent:
        qtbot.keyClick(composer, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert sent.args == ["hi"]


def test_shift_enter_inserts_a_newline_and_does_not_send(qtbot: QtBot, composer: Composer) -> None:
    qtbot.keyClicks(composer, "first line")
    with qtbot.assertNotEmitted(composer.submitted, wait=50):
        qtbot.keyClick(composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer, "second line")
    assert composer.toPlainText() == "first line\nsecond line"
    with qtbot.waitSignal(composer.submitted, timeout=1000) as sent:
        qtbot.keyClick(composer, Qt.Key.Key_Return)
    assert sent.args == ["first line\nsecond line"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", " \t \n "])
def test_blank_text_sends_nothing(qtbot: QtBot, composer: Composer, text: str) -> None:
    composer.setPlainText(text)
    with qtbot.assertNotEmitted(composer.submitted, wait=50):
        qtbot.keyClick(composer, Qt.Key.Key_Return)
        composer.submit()


def test_escape_asks_to_cancel_an_edit(qtbot: QtBot, composer: Composer) -> None:
    with qtbot.waitSignal(composer.cancel_edit, timeout=1000):
        qtbot.keyClick(composer, Qt.Key.Key_Escape)


def test_grows_with_its_text_up_to_a_limit(composer: Composer) -> None:
    two_lines = composer.sizeHint().height()
    composer.setPlainText("\n".join(["line"] * 5))
    five_lines = composer.sizeHint().height()
    composer.setPlainText("\n".join(["line"] * 50))
    many_lines = composer.sizeHint().height()
    assert two_lines < five_lines < many_lines
    assert many_lines == composer.fontMetrics().lineSpacing() * 8 + 18


def test_the_hint_can_change_and_go_back(qtbot: QtBot) -> None:
    composer = Composer()
    qtbot.addWidget(composer)
    composer.set_hint("Ask about report.pdf…")
    assert composer.placeholderText() == "Ask about report.pdf…"
    composer.set_hint("")
    assert composer.placeholderText() == composer.default_hint
