"""The tools controller in the real window: tools off by default, each turn's tools when
on, the consent question answered from the window, Stop closing it, the Tools log."""

from __future__ import annotations

from collections.abc import Callable

from desktop.controllers.tools import ToolsController
from engine.cancel import CancelToken
from engine.types import (
    MessageStatus,
    ToolCall,
    ToolCallEnded,
    ToolCallStarted,
    ToolConsentNeeded,
    TurnFinished,
)
from tests.desktop.conftest import ChatSession


def tools_for(session: ChatSession) -> ToolsController:
    turns = session.controller.turns
    return ToolsController(session.window, session.controller.settings, turns, turns.files)


def test_tools_are_off_until_the_setting_turns_them_on(
    make_session: Callable[..., ChatSession],
) -> None:
    session = make_session()
    tools = tools_for(session)
    try:
        assert tools.session(1, CancelToken()) is None
        assert session.controller.settings.update(tools={"enabled": True})
        offered = tools.session(1, CancelToken())
        assert offered is not None
        assert [t.name for t in offered.tools] == ["calculator", "date_time"]
    finally:
        tools.close()


def test_the_question_shows_the_call_and_gives_the_answer(
    make_session: Callable[..., ChatSession],
) -> None:
    session = make_session()
    tools = tools_for(session)
    try:
        request = ToolConsentNeeded("test-server", "add", "Add two numbers.", '{"a": 1, "b": 2}')
        dialog = tools.ask_consent(request)
        assert dialog.isVisible() and dialog.arguments.toPlainText() == '{"a": 1, "b": 2}'
        dialog.conversation_button.click()
        assert request.wait(lambda: False) == "conversation"
        stopped = ToolConsentNeeded("test-server", "add", "", "{}")
        tools.ask_consent(stopped)
        session.controller.turns.turn_event.emit(1, TurnFinished(1, MessageStatus.STOPPED, ""))
        assert request.wait(lambda: False) == "conversation"
        assert stopped.wait(lambda: False) == "deny"  # Stop closed the question: denied
    finally:
        tools.close()


def test_a_failed_call_is_told_in_the_window(make_session: Callable[..., ChatSession]) -> None:
    session = make_session()
    tools = tools_for(session)
    try:
        call = ToolCall("c0", "crash", "{}")
        turns = session.controller.turns
        turns.turn_event.emit(1, ToolCallStarted(call, "test-server"))
        assert session.window.status_label.text() == "Running the tool crash…"
        failed = "The tool server test-server stopped during crash (Connection closed)."
        turns.turn_event.emit(1, ToolCallEnded(call, "test-server", failed, "failed"))
        assert failed in session.window.banner.label.text()
    finally:
        tools.close()


def test_help_opens_the_tools_log(make_session: Callable[..., ChatSession]) -> None:
    session = make_session()
    tools = tools_for(session)
    try:
        session.window.tools_log_requested.emit()
        assert tools.log_window is not None and tools.log_window.isVisible()
        assert tools.log_window.summary.text() == "No tool has been called yet."
    finally:
        tools.close()


def test_a_call_of_the_reply_on_screen_shows_as_a_block_in_the_transcript(
    make_session: Callable[..., ChatSession],
) -> None:
    session = make_session()
    tools = tools_for(session)
    try:
        conversations = session.controller.conversations
        conversation = conversations.history.create_conversation()
        conversations.open_conversation(conversation.id)
        transcript = session.window.transcript
        transcript.begin_reply("SmolLM2")
        call = ToolCall("c0", "add", '{"a": 17, "b": 23}')
        ended = ToolCallEnded(call, "test-server", "40", "ok", 2)
        session.controller.turns.turn_event.emit(conversation.id, ended)
        assert "▸ Tool add · test-server · done · 2 B" in transcript.toPlainText()
        other = ToolCallEnded(ToolCall("c1", "big", "{}"), "test-server", "x", "cut", 50_000_000)
        session.controller.turns.turn_event.emit(conversation.id + 1, other)  # not on screen
        assert "Tool big" not in transcript.toPlainText()
    finally:
        tools.close()
