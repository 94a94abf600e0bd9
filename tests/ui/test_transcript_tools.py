"""A reply's tool calls in the transcript: a folded line each above the answer, opened
by a click to the exact arguments and the result, folded again; shown while the reply
streams without touching its text; a huge result shown cut, with its size."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from engine.types import MessageStatus, StoredMessage, ToolBlock
from tests.ui.helpers import anchors, click_link
from ui.tool_blocks import SHOWN_CHARS
from ui.transcript import TranscriptView

ADD = ToolBlock("test-server", "add", '{"a": 17, "b": 23}', "40", "ok", 2)
CALC = ToolBlock("", "calculator", '{"expression": "17*23"}', "391", "ok", 3)
DENIED = ToolBlock("test-server", "add", "{}", "You did not allow this call.", "denied")


def reply(id: int, content: str, *calls: ToolBlock) -> StoredMessage:
    return StoredMessage(id, 1, "assistant", content, MessageStatus.COMPLETE, time.time(),
                         "SmolLM2", tool_calls=calls)  # fmt: skip


def question(id: int, text: str = "What is 17 plus 23?") -> StoredMessage:
    return StoredMessage(id, 1, "user", text, MessageStatus.COMPLETE, time.time())


def tool_links(view: TranscriptView) -> list[str]:
    return [a for a in anchors(view.document()) if a.startswith("hisho://tool/")]


def test_each_call_is_a_folded_line_that_a_click_opens_and_folds(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.show_messages([question(1), reply(2, "The sum is **40**.", ADD, CALC, DENIED)])
    text = view.toPlainText()
    assert "▸ Tool add · test-server · done · 2 B" in text
    assert "▸ Tool calculator · built-in · done · 3 B" in text
    assert "▸ Tool add · test-server · denied: nothing was sent" in text
    assert text.index("Tool add") < text.index("The sum is 40.")
    assert '"a": 17' not in text  # folded
    first, _second, _third = tool_links(view)

    click_link(qtbot, view, first)
    text = view.toPlainText()
    assert "▾ Tool add · test-server · done · 2 B" in text
    opened = text[text.index("▾ Tool add") : text.index("Tool calculator")]
    assert opened.split("\n")[1:5] == ["Arguments:", '{"a": 17, "b": 23}', "Result:", "40"]
    assert text.index("Result:") < text.index("The sum is 40.")

    click_link(qtbot, view, first)
    assert '"a": 17' not in view.toPlainText()
    assert "▸ Tool add · test-server · done · 2 B" in view.toPlainText()


def test_a_call_shows_while_the_reply_streams_and_stays_once_it_is_saved(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.show_messages([question(1)])
    view.begin_reply("SmolLM2")
    view.show_tool_call(ADD)
    assert "▸ Tool add · test-server · done · 2 B" in view.toPlainText()
    assert view.streamed_text() == ""
    view.append_stream("The sum")
    view.append_stream(" is 40.")
    qtbot.waitUntil(lambda: view.streamed_text() == "The sum is 40.", timeout=2000)
    click_link(qtbot, view, tool_links(view)[0])  # opened while the answer streams
    view.append_stream(" Done.")
    qtbot.waitUntil(lambda: view.streamed_text() == "The sum is 40. Done.", timeout=2000)
    assert view.toPlainText().endswith("The sum is 40. Done.")

    view.finish_reply(reply(2, "The sum is 40. Done.", ADD))
    text = view.toPlainText()
    assert text.count("Tool add · test-server") == 1
    assert text.index("Tool add") < text.index("The sum is 40. Done.")


def test_a_huge_result_is_shown_cut_with_its_size(qtbot: QtBot, view: TranscriptView) -> None:
    huge = ToolBlock("test-server", "big", '{"mb": 50}', "x" * 60_000, "cut", 50_000_000)
    view.show_messages([question(1, "Give me 50 MB"), reply(2, "Here it is.", huge)])
    assert "▸ Tool big · test-server · done, cut to fit · 50.0 MB" in view.toPlainText()
    click_link(qtbot, view, tool_links(view)[0])
    text = view.toPlainText()
    assert "[… 40.0 KB more not shown]" in text
    assert text.count("x") <= SHOWN_CHARS + 10
