"""A reply's code: highlighted once finished, with its language, a Copy link, no wrapping."""

from __future__ import annotations

import time

from PySide6.QtGui import QFont, QGuiApplication, QTextFormat, QTextTable
from pytestqt.qtbot import QtBot

from engine.types import MessageStatus, StoredMessage
from tests.ui.helpers import anchors, click_link
from ui import theme
from ui.transcript import TranscriptView

REPLY = (
    "Call it like `greet()`:\n\n"
    "```python\n"
    "def greet(name):\n"
    "    # say hello\n"
    '    return "hello " + name  ' + "x" * 150 + "\n"
    "```\n\n"
    "> Quoted advice.\n\n"
    "| Tool | Use |\n|---|---|\n| pip | install |\n"
)


def reply(content: str = REPLY, id: int = 4) -> StoredMessage:
    return StoredMessage(id, 1, "assistant", content, MessageStatus.COMPLETE, time.time(), "m")


def colour_of(view: TranscriptView, text: str) -> str:
    return view.document().find(text).charFormat().foreground().color().name()


def test_code_is_highlighted_with_its_language_and_a_copy_link(view: TranscriptView) -> None:
    view.show_messages([reply()])
    text = view.toPlainText()
    assert "python    Copy" in text  # the language label and Copy, above the code
    assert text.index("python    Copy") < text.index("def greet(name):")
    palette = theme.colors()
    assert colour_of(view, "def") == palette.code_keyword
    assert colour_of(view, "say hello") == palette.code_comment
    assert colour_of(view, '"hello "') == palette.code_string
    assert "hisho://code/4/0" in anchors(view.document())


def test_copy_puts_just_the_code_on_the_clipboard(qtbot: QtBot, view: TranscriptView) -> None:
    view.show_messages([reply()])
    with qtbot.waitSignal(view.code_copied, timeout=2000):
        click_link(qtbot, view, "hisho://code/4/0")
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("def greet(name):\n    # say hello\n")
    assert "```" not in copied and "Copy" not in copied


def test_long_code_lines_do_not_wrap(view: TranscriptView) -> None:
    view.show_messages([reply()])
    block = view.document().findBlock(view.document().find("return").position())
    assert block.blockFormat().nonBreakableLines()
    assert block.layout().lineCount() == 1  # one line, however long: the view scrolls


def test_inline_code_quotes_and_tables_are_styled(view: TranscriptView) -> None:
    view.show_messages([reply()])
    palette = theme.colors()
    inline = view.document().find("greet()").charFormat()
    assert inline.background().color().name() == palette.code
    quote = view.document().findBlock(view.document().find("Quoted").position())
    assert quote.blockFormat().hasProperty(QTextFormat.Property.BlockQuoteLevel)
    assert colour_of(view, "Quoted") == palette.muted
    tables = [f for f in view.document().rootFrame().childFrames() if isinstance(f, QTextTable)]
    assert len(tables) == 1 and tables[0].format().border() == 1


def test_a_table_right_after_code_keeps_its_header_row_in_line(view: TranscriptView) -> None:
    view.show_messages([reply("```\nx = 1\n```\n\n| Mode | Meaning |\n|---|---|\n| r | read |\n")])
    table = next(f for f in view.document().rootFrame().childFrames() if isinstance(f, QTextTable))
    first = table.cellAt(0, 0).firstCursorPosition()
    assert first.block().text() == "Mode"  # no empty line above it (Qt's importer adds one)
    for column in range(2):
        header = table.cellAt(0, column).lastCursorPosition().charFormat()
        assert header.fontWeight() == QFont.Weight.Bold


def test_a_streaming_reply_stays_plain_until_it_is_finished(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.begin_reply("m")
    view.append_stream("```python\ndef f():\n")
    qtbot.waitUntil(lambda: "def f():" in view.streamed_text(), timeout=2000)
    assert "Copy" not in view.toPlainText()  # no highlighting while it streams
    view.finish_reply(reply("```python\ndef f():\n    pass\n```", id=9))
    assert "python    Copy" in view.toPlainText()
    assert colour_of(view, "def") == theme.colors().code_keyword
