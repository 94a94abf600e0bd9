"""The transcript: streaming (throttled), finishing, status notes and message actions."""

from __future__ import annotations

import dataclasses
import itertools
import time

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from engine.types import MessageStatus, StoredMessage
from tests.ui.helpers import anchors, click_link, click_message_action
from ui.stream_buffer import FLUSH_INTERVAL_MS
from ui.transcript import TranscriptView


def message(
    id: int,
    role: str,
    content: str,
    status: MessageStatus = MessageStatus.COMPLETE,
    error: str = "",
) -> StoredMessage:
    return StoredMessage(id, 1, role, content, status, time.time(), "SmolLM2", error)  # type: ignore[arg-type]


def test_shows_messages_with_their_roles(view: TranscriptView) -> None:
    view.show_messages([message(1, "user", "What is 2+2?"), message(2, "assistant", "**4**")])
    text = view.toPlainText()
    assert text.index("You") < text.index("What is 2+2?") < text.index("Hisho")
    assert "4" in text and "**" not in text  # Markdown is rendered, not shown raw
    assert "SmolLM2" in text


def test_streamed_text_appears_in_batches_then_renders_as_markdown(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.show_messages([message(1, "user", "List two fruits")])
    view.begin_reply("SmolLM2")
    assert view.streaming
    for piece in ["- ", "apple", "\n", "- ", "pear"]:
        view.append_stream(piece)
    assert view.streamed_text() == ""  # nothing painted until the next flush
    qtbot.waitUntil(lambda: view.streamed_text() == "- apple\n- pear", timeout=2000)
    view.finish_reply(message(2, "assistant", "- apple\n- pear"))
    assert not view.streaming
    assert view.streamed_text() == ""
    text = view.toPlainText()
    assert "- apple" not in text  # the list is now a real list
    assert "apple" in text and "pear" in text
    block = view.document().findBlock(view.document().find("apple").position())
    assert block.textList() is not None


def test_a_burst_of_tokens_is_painted_at_most_once_per_flush_interval(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.begin_reply("SmolLM2")
    changes: list[float] = []
    view.document().contentsChange.connect(lambda *_: changes.append(time.monotonic()))
    started = time.monotonic()
    appended = 0
    # Tokens arrive far faster than 20 a second: 1,000 appends spread over ~300 ms.
    while time.monotonic() - started < 0.3:
        for _ in range(50):
            view.append_stream("x")
            appended += 1
        qtbot.wait(5)
    qtbot.waitUntil(lambda: len(view.streamed_text()) == appended, timeout=2000)
    elapsed_ms = (time.monotonic() - started) * 1000
    assert appended >= 250  # a real burst: many appends per flush interval
    # At most one document update per flush interval (plus the first and the last).
    assert 1 <= len(changes) <= elapsed_ms / FLUSH_INTERVAL_MS + 2
    gaps = [b - a for a, b in itertools.pairwise(changes)]
    assert all(gap >= FLUSH_INTERVAL_MS / 1000 * 0.8 for gap in gaps), gaps


def test_flush_timer_stops_when_nothing_is_pending(qtbot: QtBot, view: TranscriptView) -> None:
    view.begin_reply("m")
    view.append_stream("hello")
    qtbot.waitUntil(lambda: view.streamed_text() == "hello", timeout=2000)
    qtbot.waitUntil(lambda: not view._stream.timer.isActive(), timeout=2000)


def test_stopped_and_failed_replies_say_so(view: TranscriptView) -> None:
    view.show_messages(
        [
            message(1, "user", "Tell me a story"),
            message(2, "assistant", "Once upon a time", MessageStatus.STOPPED),
            message(3, "user", "Again"),
            message(4, "assistant", "", MessageStatus.ERROR, error="The model crashed."),
        ]
    )
    text = view.toPlainText()
    assert "Once upon a time" in text and "stopped" in text
    assert "failed" in text and "The model crashed." in text


@pytest.mark.parametrize(
    ("status", "note"),
    [(MessageStatus.STOPPED, "stopped"), (MessageStatus.INTERRUPTED, "interrupted")],
)
def test_a_streamed_reply_that_did_not_complete_says_so(
    qtbot: QtBot, view: TranscriptView, status: MessageStatus, note: str
) -> None:
    view.show_messages([message(1, "user", "Tell me a story")])
    view.begin_reply("SmolLM2")
    view.append_stream("Once upon")
    qtbot.waitUntil(lambda: view.streamed_text() == "Once upon", timeout=2000)
    view.finish_reply(message(2, "assistant", "Once upon a", status))
    lines = view.toPlainText().splitlines()
    header = next(line for line in lines if line.startswith("Hisho"))
    assert header.endswith(note) or note in header
    assert "Once upon a" in lines


def test_a_complete_streamed_reply_has_no_note(qtbot: QtBot, view: TranscriptView) -> None:
    view.begin_reply("SmolLM2")
    view.append_stream("Done")
    view.finish_reply(message(2, "assistant", "Done."))
    assert view.toPlainText().splitlines()[0] == "Hisho  ·  SmolLM2"


def test_end_stream_keeps_what_was_shown(qtbot: QtBot, view: TranscriptView) -> None:
    view.begin_reply("m")
    view.append_stream("partial")
    view.end_stream()
    assert not view.streaming
    assert "partial" in view.toPlainText()


def test_a_reply_with_versions_shows_its_place_and_steps(view: TranscriptView) -> None:
    second = dataclasses.replace(message(8, "assistant", "hello"), version=2, versions=3)
    view.show_messages([message(7, "user", "hi"), second])
    assert "‹ 2 / 3 ›" in view.toPlainText()
    assert anchors(view.document()) == ["hisho://version-prev/8", "hisho://version-next/8"]
    first = dataclasses.replace(second, version=1, versions=2)
    view.show_messages([first])
    assert "1 / 2" in view.toPlainText()
    assert "hisho://version-prev/8" not in anchors(view.document())  # nothing before the first


def test_fork_is_offered_on_every_finished_message(qtbot: QtBot, view: TranscriptView) -> None:
    view.show_messages([message(7, "user", "hi"), message(8, "assistant", "hello")])
    for message_id in (7, 8):
        with qtbot.waitSignal(view.action_requested, timeout=2000) as requested:
            click_message_action(qtbot, view, "fork", message_id)
        assert requested.args == ["fork", message_id]
    assert view.actions_bar.buttons["fork"].accessibleName() == "Fork from here"


def test_icon_buttons_offer_copy_and_edit_per_message(qtbot: QtBot, view: TranscriptView) -> None:
    view.show_messages([message(7, "user", "hi"), message(8, "assistant", "hello")])
    with qtbot.waitSignal(view.action_requested, timeout=2000) as requested:
        click_message_action(qtbot, view, "edit", 7)
    assert requested.args == ["edit", 7]
    with qtbot.waitSignal(view.action_requested, timeout=2000) as requested:
        click_message_action(qtbot, view, "copy", 8)
    assert requested.args == ["copy", 8]
    bar = view.actions_bar
    assert not bar.buttons["edit"].isVisible()  # an answer is not edited
    assert bar.buttons["copy"].accessibleName() == "Copy message"
    assert "Ctrl+Shift+C" in bar.buttons["copy"].toolTip()  # its keyboard equivalent
    assert anchors(view.document()) == []  # no "Copy · Edit" text links any more


def test_regenerate_is_offered_on_the_last_answer_only_when_possible(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.show_messages([message(7, "user", "hi"), message(8, "assistant", "hello")])
    view.actions_bar.can_regenerate = True
    with qtbot.waitSignal(view.action_requested, timeout=2000) as requested:
        click_message_action(qtbot, view, "regenerate", 8)
    assert requested.args == ["regenerate", 8]
    view.actions_bar.can_regenerate = False
    with pytest.raises(AssertionError, match="no regenerate button"):
        click_message_action(qtbot, view, "regenerate", 8)


def test_the_keyboard_reaches_the_latest_answer_and_question(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.show_messages([message(7, "user", "hi"), message(8, "assistant", "hello")])
    with qtbot.waitSignal(view.action_requested, timeout=2000) as requested:
        view.request_latest("copy")
    assert requested.args == ["copy", 8]
    with qtbot.waitSignal(view.action_requested, timeout=2000) as requested:
        view.request_latest("edit")
    assert requested.args == ["edit", 7]


def test_the_header_tells_the_time_and_model_on_hover(view: TranscriptView) -> None:
    sent = time.mktime((2026, 3, 14, 9, 26, 0, 0, 0, -1))
    reply = StoredMessage(8, 1, "assistant", "hello", MessageStatus.COMPLETE, sent, "SmolLM2")
    view.show_messages([reply])
    cursor = view.document().find("Hisho")
    assert cursor.charFormat().toolTip() == "2026-03-14 09:26 · SmolLM2"


def test_a_web_link_is_reported_not_opened(qtbot: QtBot, view: TranscriptView) -> None:
    view.show_messages([message(1, "assistant", "See [the docs](https://example.com/docs).")])
    with qtbot.waitSignal(view.external_link_clicked, timeout=2000) as clicked:
        click_link(qtbot, view, "https://example.com/docs")
    assert clicked.args == [QUrl("https://example.com/docs")]
    assert view.source().isEmpty()  # the view did not navigate
    assert "See the docs." in view.toPlainText()
