"""A long conversation opens at its end at once; earlier turns come as the user scrolls up."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from engine.types import MessageStatus, StoredMessage
from ui.transcript import PAGE, TranscriptView


def conversation(turns: int) -> list[StoredMessage]:
    messages: list[StoredMessage] = []
    for turn in range(turns):
        for role, text in (("user", f"Question {turn}?"), ("assistant", f"Answer **{turn}**.")):
            status, now = MessageStatus.COMPLETE, time.time()
            messages.append(StoredMessage(len(messages) + 1, 1, role, text, status, now, "m"))  # type: ignore[arg-type]
    return messages


def test_opening_renders_only_the_last_page(view: TranscriptView) -> None:
    view.show_messages(conversation(500))
    assert view.pages.rendered() == PAGE
    text = view.toPlainText()
    assert "Answer 499." in text and "Question 480?" in text
    assert "Question 479?" not in text
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum()  # at the latest turn


def test_scrolling_to_the_top_brings_earlier_turns_in_order(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.show_messages(conversation(60))
    bar = view.verticalScrollBar()
    bar.setValue(bar.minimum())
    qtbot.waitUntil(lambda: view.pages.rendered() == 2 * PAGE, timeout=2000)
    assert bar.value() > bar.minimum()  # the view stays on what the user was reading
    bar.setValue(bar.minimum())
    qtbot.waitUntil(lambda: view.pages.rendered() == 120, timeout=2000)
    text = view.toPlainText()
    order = [text.index(f"Question {n}?") for n in (0, 1, 19, 20, 39, 40, 59)]
    assert order == sorted(order)
    assert text.count("Question 20?") == 1


def test_a_reply_streams_at_the_end_while_earlier_turns_come_in(
    qtbot: QtBot, view: TranscriptView
) -> None:
    messages = conversation(30)
    view.show_messages(messages)
    view.begin_reply("m")
    view.append_stream("Streaming now")
    qtbot.waitUntil(lambda: view.streamed_text() == "Streaming now", timeout=2000)
    view.show_earlier()
    assert view.pages.rendered() == 60
    assert view.streamed_text() == "Streaming now"  # its place moved with the insert
    last = StoredMessage(61, 1, "assistant", "Done.", MessageStatus.COMPLETE, time.time(), "m")
    view.finish_reply(last)
    text = view.toPlainText()
    assert text.endswith("Done.") and "Streaming now" not in text
    assert text.index("Question 0?") < text.index("Answer 29.") < text.index("Done.")
