"""A reasoning model's thinking in the transcript: folded above the answer, opened and
folded by a click, streamed cheaply, and never in the way of the answer that streams."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from engine.types import MessageStatus, StoredMessage
from tests.ui.helpers import anchors, click_link
from ui.stream_buffer import FLUSH_INTERVAL_MS
from ui.transcript import TranscriptView

THOUGHT = "The user asks about the sky.\nRayleigh scattering makes it blue."


def reply(id: int, content: str, thinking: str = THOUGHT, seconds: float = 3.4) -> StoredMessage:
    return StoredMessage(
        id, 1, "assistant", content, MessageStatus.COMPLETE, time.time(), "SmolLM2",
        thinking=thinking, thought_s=seconds,
    )  # fmt: skip


def question(id: int, text: str = "What colour is the sky?") -> StoredMessage:
    return StoredMessage(id, 1, "user", text, MessageStatus.COMPLETE, time.time())


def test_thinking_is_folded_and_a_click_opens_and_folds_it(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.show_messages([question(1), reply(2, "It is **blue**.")])
    text = view.toPlainText()
    assert "▸ Thought for 3 s" in text
    assert "Rayleigh" not in text  # folded
    assert text.index("Thought for") < text.index("It is blue.")
    assert "hisho://thinking/2" in anchors(view.document())

    click_link(qtbot, view, "hisho://thinking/2")
    text = view.toPlainText()
    assert "▾ Thought for 3 s" in text
    assert text.index("Thought for") < text.index("Rayleigh scattering") < text.index("It is blue")
    assert "**" not in text  # the answer is still rendered Markdown

    click_link(qtbot, view, "hisho://thinking/2")
    assert "Rayleigh" not in view.toPlainText()
    assert "▸ Thought for 3 s" in view.toPlainText()


def test_a_reply_that_only_thought_says_it_gave_no_answer(view: TranscriptView) -> None:
    view.show_messages([question(1), reply(2, "")])
    text = view.toPlainText()
    assert "▸ Thought for 3 s" in text
    assert "The model gave no answer after its thinking." in text


def test_streamed_thinking_shows_as_a_line_then_how_long_it_took(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.show_messages([question(1)])
    view.begin_reply("SmolLM2")
    for piece in ["The user", " asks", " about the sky."]:
        view.append_thinking(piece)
    qtbot.waitUntil(lambda: "▸ Thinking…" in view.toPlainText(), timeout=2000)
    assert "asks" not in view.toPlainText()  # folded while it streams, too
    assert view.streamed_text() == ""

    view.end_thinking(4.2)
    assert "▸ Thought for 4 s" in view.toPlainText()
    view.append_stream("It is")
    view.append_stream(" blue.")
    qtbot.waitUntil(lambda: view.streamed_text() == "It is blue.", timeout=2000)
    text = view.toPlainText()
    assert text.index("Thought for 4 s") < text.index("It is blue.")

    view.finish_reply(reply(2, "It is blue.", "The user asks about the sky.", 4.2))
    text = view.toPlainText()
    assert text.count("Thought for 4 s") == 1 and "asks" not in text
    assert "hisho://thinking/2" in anchors(view.document())


def test_thinking_opened_while_it_streams_grows_and_stays_open(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.show_messages([question(1)])
    view.begin_reply("SmolLM2")
    view.append_thinking("First thought.")
    qtbot.waitUntil(lambda: "Thinking…" in view.toPlainText(), timeout=2000)
    click_link(qtbot, view, "hisho://thinking/0")
    assert "▾ Thinking…" in view.toPlainText() and "First thought." in view.toPlainText()

    view.append_thinking("\nSecond thought.")
    qtbot.waitUntil(lambda: "Second thought." in view.toPlainText(), timeout=2000)
    view.end_thinking(2.0)
    view.append_stream("Blue.")
    qtbot.waitUntil(lambda: view.streamed_text() == "Blue.", timeout=2000)
    text = view.toPlainText()
    assert text.index("First thought.") < text.index("Second thought.") < text.index("Blue.")

    view.finish_reply(reply(2, "Blue.", "First thought.\nSecond thought.", 2.0))
    text = view.toPlainText()
    assert "▾ Thought for 2 s" in text
    assert text.index("Second thought.") < text.index("Blue.")


def test_opening_an_earlier_thought_keeps_the_streaming_answer_in_place(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.show_messages([question(1), reply(2, "Blue."), question(3, "And at night?")])
    view.begin_reply("SmolLM2")
    view.append_stream("Dark")
    qtbot.waitUntil(lambda: view.streamed_text() == "Dark", timeout=2000)
    click_link(qtbot, view, "hisho://thinking/2")
    assert "Rayleigh" in view.toPlainText()
    view.append_stream(" blue.")
    qtbot.waitUntil(lambda: view.streamed_text() == "Dark blue.", timeout=2000)
    assert view.toPlainText().endswith("Dark blue.")
    click_link(qtbot, view, "hisho://thinking/2")
    view.append_stream(" Stars.")
    qtbot.waitUntil(lambda: view.streamed_text() == "Dark blue. Stars.", timeout=2000)


def test_folded_thinking_repaints_one_line_at_most_once_per_flush(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.begin_reply("SmolLM2")
    changes: list[float] = []
    view.document().contentsChange.connect(lambda *_: changes.append(time.monotonic()))
    started = time.monotonic()
    appended = 0
    while time.monotonic() - started < 0.3:  # far faster than 20 pieces a second
        for _ in range(50):
            view.append_thinking("x")
            appended += 1
        qtbot.wait(5)
    qtbot.waitUntil(lambda: len(view.thinking.live_text()) == appended, timeout=2000)
    qtbot.waitUntil(lambda: not view.thinking.buffer.timer.isActive(), timeout=2000)
    elapsed_ms = (time.monotonic() - started) * 1000
    assert appended >= 250
    # The line is written once, then rewritten (or left) per flush: one or two edits each.
    assert len(changes) <= 2 * (elapsed_ms / FLUSH_INTERVAL_MS + 2)
    assert "x" * 10 not in view.toPlainText()  # folded: the text itself is never painted
