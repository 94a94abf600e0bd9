"""Japanese input: an input method's pre-edit text, its commit, and Enter while composing,
in the composer and in the quick prompt; and CJK glyphs from a real CJK font.

The input method is played by the events Qt's platform input context sends (there is no
IBus/Fcitx daemon here): QInputMethodEvent with pre-edit text, then with a commit string.
The candidate window itself belongs to the input method; what Hisho owes it is a cursor
rectangle to sit under, which is checked.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QTextLayout
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ui.composer import Composer
from ui.quick_prompt import QuickPrompt
from ui.transcript import TranscriptView


def compose(widget: QWidget, preedit: str = "", commit: str = "") -> None:
    """What an input method sends: pre-edit text (underlined, not yet typed) or a commit."""
    attributes = [
        QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.Cursor, len(preedit), 1, 0)
    ]
    event = QInputMethodEvent(preedit, attributes)
    if commit:
        event.setCommitString(commit)
    QApplication.sendEvent(widget, event)


def press_enter(widget: QWidget) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
        QApplication.sendEvent(widget, event)


def test_the_composer_takes_pre_edit_and_commit(qtbot: QtBot) -> None:
    composer = Composer()
    qtbot.addWidget(composer)
    composer.show()
    composer.setFocus()
    assert composer.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert composer.inputMethodQuery(Qt.InputMethodQuery.ImEnabled)
    compose(composer, commit="東京で")
    before = composer.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)

    compose(composer, preedit="にほんご")
    assert composer.toPlainText() == "東京で"  # pre-edit is shown, not typed
    layout = composer.textCursor().block().layout()
    assert layout.preeditAreaText() == "にほんご"
    after = composer.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)
    assert after.x() > before.x()  # the candidate window follows the pre-edit text
    assert composer.rect().contains(after.toRect().center())

    sent: list[str] = []
    composer.submitted.connect(sent.append)
    press_enter(composer)  # Enter while composing chooses the conversion: it never sends
    assert sent == []
    compose(composer, commit="日本語")
    assert composer.toPlainText() == "東京で日本語"
    assert layout.preeditAreaText() == ""
    press_enter(composer)
    assert sent == ["東京で日本語"]


def test_the_quick_prompt_takes_pre_edit_and_commit(qtbot: QtBot) -> None:
    prompt = QuickPrompt()
    qtbot.addWidget(prompt)
    prompt.show()
    prompt.input.setFocus()
    asked: list[str] = []
    prompt.submitted.connect(asked.append)

    compose(prompt.input, commit="今日の")
    compose(prompt.input, preedit="しつもん")
    assert prompt.input.text() == "今日の"
    press_enter(prompt.input)  # chooses the conversion: never asks half a question
    assert asked == []
    compose(prompt.input, commit="質問")
    assert prompt.input.text() == "今日の質問"
    press_enter(prompt.input)
    assert asked == ["今日の質問"]


def test_japanese_text_is_drawn_with_a_cjk_font(view: TranscriptView) -> None:
    """Every glyph of Japanese text in the transcript's font exists (no tofu boxes), and
    it comes from a Japanese CJK font (the JP variant: Japanese glyph shapes)."""
    text = "日本語の文章です。全角ＡＢＣと半角ｶﾀｶﾅ、直骨"
    layout = QTextLayout(text, view.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert runs
    for run in runs:
        assert 0 not in list(run.glyphIndexes()), run.rawFont().familyName()
    families = {run.rawFont().familyName() for run in runs}
    assert any("CJK JP" in family or "Japanese" in family for family in families), families
