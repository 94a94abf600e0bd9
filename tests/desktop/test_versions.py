"""Versions and forks in the window, with the real model: Regenerate and edit-and-resend
keep the earlier reply ("1 / 2" with ‹ › under it), Fork copies a conversation up to a
message. No reply is ever lost, also after the history is reopened."""

from __future__ import annotations

from PySide6.QtCore import Qt

from engine.storage.history import History
from tests.desktop.conftest import ChatSession
from tests.ui.helpers import click_link, click_message_action


def regenerate(session: ChatSession) -> None:
    session.qtbot.mouseClick(session.window.regenerate_button, Qt.MouseButton.LeftButton)
    session.qtbot.waitUntil(
        lambda: session.controller.turns.generating_in is not None, timeout=5_000
    )
    session.wait_idle()


def test_regenerate_keeps_both_replies_readable_after_reopening(session: ChatSession) -> None:
    window, qtbot = session.window, session.qtbot
    session.set_reply_tokens(40)
    session.send("Write one sentence about the sea.")
    conversation_id = session.controller.conversations.current_id
    assert conversation_id is not None
    first = session.history.messages(conversation_id)[1]
    session.set_reply_tokens(4)  # greedy: a shorter reply, so the two texts differ
    regenerate(session)

    second = session.history.messages(conversation_id)[1]
    assert second.id != first.id and second.content != first.content
    text = window.transcript.toPlainText()
    assert "2 / 2" in text and second.content.strip()[:20] in text
    assert text.count("Hisho") == 1  # one answer shown, the other a click away

    click_link(qtbot, window.transcript, f"hisho://version-prev/{second.id}")
    qtbot.waitUntil(lambda: "1 / 2" in window.transcript.toPlainText(), timeout=5_000)
    assert first.content.strip()[:30] in window.transcript.toPlainText()

    reopened = History(session.history.path)  # a second reader of the same file
    try:
        shown = reopened.messages(conversation_id)
        assert [m.content for m in shown] == [shown[0].content, first.content]
        assert (shown[1].version, shown[1].versions) == (1, 2)
        assert reopened.step_version(first.id, +1)
        assert reopened.messages(conversation_id)[1].content == second.content
    finally:
        reopened.close()


def test_edit_and_resend_keeps_the_earlier_question_and_answer(session: ChatSession) -> None:
    window, qtbot = session.window, session.qtbot
    session.send("What is the capital of France?")
    conversation_id = session.controller.conversations.current_id
    assert conversation_id is not None
    question, answer = session.history.messages(conversation_id)

    click_message_action(qtbot, window.transcript, "edit", question.id)
    qtbot.waitUntil(window.edit_label.isVisible, timeout=2_000)
    window.composer.setPlainText("What is the capital of Italy?")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.controller.turns.generating_in is not None, timeout=5_000)
    session.wait_idle()

    edited = session.history.messages(conversation_id)[0]
    shown = window.transcript.toPlainText()
    assert "Italy?" in shown and "2 / 2" in shown
    click_link(qtbot, window.transcript, f"hisho://version-prev/{edited.id}")
    qtbot.waitUntil(lambda: "France?" in window.transcript.toPlainText(), timeout=5_000)
    assert [m.id for m in session.history.messages(conversation_id)] == [question.id, answer.id]
    assert "1 / 2" in window.transcript.toPlainText()


def test_fork_starts_a_conversation_with_everything_up_to_the_message(
    session: ChatSession,
) -> None:
    window, qtbot = session.window, session.qtbot
    session.send("Name a fruit.")
    session.send("Name a colour.")
    original = session.controller.conversations.current_id
    assert original is not None
    question, answer, *_later = session.history.messages(original)

    click_message_action(qtbot, window.transcript, "fork", answer.id)
    qtbot.waitUntil(lambda: session.controller.conversations.current_id != original, timeout=5_000)

    fork_id = session.controller.conversations.current_id
    assert fork_id is not None
    forked = session.history.messages(fork_id)
    assert [m.content for m in forked] == [question.content, answer.content]
    text = window.transcript.toPlainText()
    assert "Name a fruit." in text and "Name a colour." not in text
    titles = [window.sidebar.model.data(window.sidebar.model.index(r)) for r in range(2)]
    assert "Name a fruit. (fork)" in titles
    assert len(session.history.messages(original)) == 4  # the original is untouched


def test_the_sidebar_menu_forks_a_whole_conversation(session: ChatSession) -> None:
    session.send("Name a fruit.")
    original = session.controller.conversations.current_id
    assert original is not None
    menu = session.window.sidebar.context_menu_at(0)
    assert menu is not None
    next(a for a in menu.actions() if a.text() == "Fork").trigger()

    fork_id = session.controller.conversations.current_id
    assert fork_id is not None and fork_id != original
    assert [m.content for m in session.history.messages(fork_id)] == [
        m.content for m in session.history.messages(original)
    ]
    assert session.window.status_label.text() == "Forked into a new conversation"
