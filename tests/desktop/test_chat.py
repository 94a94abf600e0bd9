"""Chatting in the main window with the real model: send, stream, stop, regenerate, edit."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer

from engine.types import MessageStatus
from tests.desktop.conftest import REPLY_TIMEOUT_MS, ChatSession
from tests.ui.helpers import click_message_action
from ui.markdown import markdown_document


def test_enter_sends_streams_and_saves_the_reply(session: ChatSession) -> None:
    window, transcript, qtbot = session.window, session.window.transcript, session.qtbot
    composer = window.composer
    composer.setFocus()
    qtbot.keyClicks(composer, "Name three fruits.")
    qtbot.keyClick(composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer, "Say why each is healthy.")
    assert composer.toPlainText() == "Name three fruits.\nSay why each is healthy."
    assert session.history.conversations() == []  # Shift+Enter sent nothing

    # Watch the streamed text the way a user sees it: sampled while it streams.
    seen: list[int] = []
    sampler = QTimer()
    sampler.setInterval(5)
    sampler.timeout.connect(
        lambda: seen.append(len(transcript.streamed_text())) if transcript.streaming else None
    )
    sampler.start()
    qtbot.keyClick(composer, Qt.Key.Key_Return)
    # The user's message shows at once; the reply streams in below it.
    qtbot.waitUntil(
        lambda: transcript.streaming and bool(transcript.streamed_text()), timeout=REPLY_TIMEOUT_MS
    )
    shown = transcript.toPlainText()
    assert "You" in shown and "Name three fruits.\nSay why each is healthy." in shown
    assert not window.send_button.isEnabled() and window.stop_button.isEnabled()
    assert composer.toPlainText() == ""  # saved, so the composer lets go of it
    session.wait_idle()
    sampler.stop()
    growth = sorted({length for length in seen if length})
    assert len(growth) >= 2, f"the reply did not grow while streaming: {seen}"
    assert seen == sorted(seen)  # it only ever grows

    conversation = session.history.conversations()[0]
    user, reply = session.history.messages(conversation.id)
    assert (user.role, user.content, user.status) == (
        "user",
        "Name three fruits.\nSay why each is healthy.",
        MessageStatus.COMPLETE,
    )
    assert reply.role == "assistant" and reply.status is MessageStatus.COMPLETE
    assert reply.content.strip()
    assert markdown_document(reply.content).toPlainText().strip() in transcript.toPlainText()
    assert not transcript.streaming
    assert window.status_label.text().startswith("Ready")
    assert window.send_button.isEnabled() and not window.stop_button.isEnabled()
    assert window.regenerate_button.isEnabled()
    # The sidebar lists the conversation, titled from the first line of the first message.
    model = window.sidebar.model
    assert model.rowCount() == 1
    assert model.data(model.index(0)) == "Name three fruits."
    assert window.sidebar.current_id() == conversation.id


def test_blank_prompt_sends_nothing(session: ChatSession) -> None:
    for text in ("", "   ", "\n \n"):
        session.window.composer.setPlainText(text)
        session.qtbot.keyClick(session.window.composer, Qt.Key.Key_Return)
        session.window.send_button.click()
    assert session.controller.turns.generating_in is None
    assert session.history.conversations() == []
    assert session.window.transcript.toPlainText() == ""


def test_stop_keeps_the_partial_reply(session: ChatSession) -> None:
    window, transcript, qtbot = session.window, session.window.transcript, session.qtbot
    session.set_reply_tokens(400)
    session.type_and_enter("Write a long story about a dragon who learns to bake bread.")
    qtbot.waitUntil(lambda: len(transcript.streamed_text()) >= 40, timeout=REPLY_TIMEOUT_MS)
    shown = transcript.streamed_text()
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    stopped_at = time.monotonic()
    session.wait_idle()
    assert time.monotonic() - stopped_at < 10  # stops within the grace period, not 400 tokens

    conversation_id = session.controller.conversations.current_id
    assert conversation_id is not None
    reply = session.history.messages(conversation_id)[-1]
    assert reply.status is MessageStatus.STOPPED
    assert reply.content.startswith(shown.rstrip())
    text = transcript.toPlainText()
    assert "stopped" in text
    assert window.status_label.text().startswith("Stopped")
    assert window.send_button.isEnabled() and not window.stop_button.isEnabled()


def test_regenerate_replaces_the_last_answer(session: ChatSession) -> None:
    session.send("What is the capital of France?")
    conversation_id = session.controller.conversations.current_id
    assert conversation_id is not None
    before = session.history.messages(conversation_id)
    assert len(before) == 2

    session.qtbot.mouseClick(session.window.regenerate_button, Qt.MouseButton.LeftButton)
    session.qtbot.waitUntil(
        lambda: session.controller.turns.generating_in is not None, timeout=5_000
    )
    session.wait_idle()

    after = session.history.messages(conversation_id)
    assert len(after) == 2
    assert after[0] == before[0]  # the question is kept as it was
    assert after[1].created_at > before[1].created_at  # a new reply row
    assert after[1].status is MessageStatus.COMPLETE
    assert after[1].content == before[1].content  # greedy: the same answer again
    # The transcript shows one answer, not two.
    assert session.window.transcript.toPlainText().count("Hisho") == 1


def test_edit_and_resend_replaces_the_message_and_what_followed(session: ChatSession) -> None:
    window, qtbot = session.window, session.qtbot
    session.send("What is the capital of France?")
    conversation_id = session.controller.conversations.current_id
    assert conversation_id is not None
    question, _answer = session.history.messages(conversation_id)

    # Edit, then change one's mind: Esc leaves everything as it was.
    click_message_action(qtbot, window.transcript, "edit", question.id)
    qtbot.waitUntil(window.edit_label.isVisible, timeout=2_000)
    assert window.composer.toPlainText() == "What is the capital of France?"
    qtbot.keyClick(window.composer, Qt.Key.Key_Escape)
    assert not window.edit_label.isVisible() and window.composer.toPlainText() == ""

    click_message_action(qtbot, window.transcript, "edit", question.id)
    qtbot.waitUntil(window.edit_label.isVisible, timeout=2_000)
    window.composer.setPlainText("What is the capital of Italy?")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.controller.turns.generating_in is not None, timeout=5_000)
    session.wait_idle()

    messages = session.history.messages(conversation_id)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[0].content == "What is the capital of Italy?"
    assert messages[0].created_at > question.created_at
    assert messages[1].status is MessageStatus.COMPLETE and messages[1].content.strip()
    text = window.transcript.toPlainText()
    assert "France?" not in text and "Italy?" in text
    assert not window.edit_label.isVisible()
