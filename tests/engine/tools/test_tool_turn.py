"""A turn with tools, end to end: the real bundled model (SmolLM2-135M), constrained by
the line-format grammar, calls a real MCP server's tool over stdio; the consent question
shows the exact arguments; the result returns and the reply uses it; Deny sends nothing;
every call is in the Tools log, sizes only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import paths
from engine.cancel import CancelToken
from engine.chat.assistant import ask
from engine.models.local import LocalBackend
from engine.storage.history import History
from engine.tools.builtin import Builtins
from engine.tools.ledger import ToolLog
from engine.tools.loop import ToolSession
from engine.tools.mcp_client import McpServers
from engine.types import (
    GenerationOptions,
    MessageStatus,
    StreamEvent,
    Token,
    ToolBlock,
    ToolCallEnded,
    ToolCallStarted,
    ToolConsentNeeded,
    TurnFinished,
)


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


@pytest.fixture()
def log() -> Iterator[ToolLog]:
    store = ToolLog()
    yield store
    store.close()


def run(events: Iterator[StreamEvent], decision: str) -> tuple[list[StreamEvent], list[str]]:
    """The turn's events, each consent question answered with ``decision``; and the
    arguments each question showed."""
    seen, shown = [], []
    for event in events:
        if isinstance(event, ToolConsentNeeded):
            shown.append(f"{event.server} › {event.tool} {event.arguments}")
            event.answer(decision)
        seen.append(event)
    return seen, shown


def mcp_session(servers: McpServers, log: ToolLog, *names: str) -> ToolSession:
    specs, problems = servers.tools(CancelToken())
    assert problems == []
    return ToolSession([s for s in specs if s.name in names], log=log)


OPTIONS = GenerationOptions(temperature=0.0, max_tokens=24, repeat_penalty=1.0)


def test_the_model_calls_an_mcp_tool_after_consent_and_the_reply_uses_it(
    history: History, local_backend: LocalBackend, servers: McpServers, log: ToolLog,
    calls_file: Path,
) -> None:  # fmt: skip
    conversation = history.create_conversation()
    session = mcp_session(servers, log, "add")
    events, shown = run(ask(history, local_backend, conversation.id, "What is 17 plus 23?",
                            OPTIONS, CancelToken(), tools=session), "once")  # fmt: skip
    started = next(e for e in events if isinstance(e, ToolCallStarted))
    arguments = json.loads(started.call.arguments)
    assert sorted(arguments.values()) == [17, 23]
    assert shown == [f"test-server › add {started.call.arguments}"]  # exactly what is sent
    assert calls_file.read_text() == f"add {arguments['a']} {arguments['b']}\n"
    ended = next(e for e in events if isinstance(e, ToolCallEnded))
    assert (ended.result, ended.outcome) == ("40", "ok")
    finished = events[-1]
    assert isinstance(finished, TurnFinished) and finished.status is MessageStatus.COMPLETE
    assert "40" in finished.text
    [entry] = log.entries()
    assert (entry.server, entry.tool, entry.outcome) == ("test-server", "add", "ok")
    assert (entry.arguments_bytes, entry.result_bytes) == (18, 2)
    # The call itself is kept with the reply only: the exact arguments and the result.
    reply = history.messages(conversation.id)[-1]
    assert reply.tool_calls == (
        ToolBlock("test-server", "add", started.call.arguments, "40", "ok", 2),
    )


def test_deny_sends_nothing_to_the_server(
    history: History, local_backend: LocalBackend, servers: McpServers, log: ToolLog,
    calls_file: Path,
) -> None:  # fmt: skip
    conversation = history.create_conversation()
    session = mcp_session(servers, log, "add")
    events, shown = run(ask(history, local_backend, conversation.id, "What is 17 plus 23?",
                            OPTIONS, CancelToken(), tools=session), "deny")  # fmt: skip
    assert shown
    ended = next(e for e in events if isinstance(e, ToolCallEnded))
    assert (ended.result, ended.outcome) == ("You did not allow this call.", "denied")
    assert not calls_file.exists()
    assert [e.outcome for e in log.entries()] == ["denied"]
    [denied] = history.messages(conversation.id)[-1].tool_calls
    assert (denied.tool, denied.outcome, denied.result) == (
        "add", "denied", "You did not allow this call.",
    )  # fmt: skip
    assert isinstance(events[-1], TurnFinished)


def test_a_built_in_tool_runs_without_a_question(
    history: History, local_backend: LocalBackend, log: ToolLog
) -> None:
    conversation = history.create_conversation()
    session = ToolSession([s for s in Builtins(None).specs() if s.name == "calculator"], log=log)
    events, shown = run(ask(history, local_backend, conversation.id, "What is 17*23?",
                            OPTIONS, CancelToken(), tools=session), "deny")  # fmt: skip
    assert shown == []
    started = next(e for e in events if isinstance(e, ToolCallStarted))
    assert started.call.name == "calculator" and started.server == ""
    ended = next(e for e in events if isinstance(e, ToolCallEnded))
    assert ended.result == "391"
    assert "".join(e.text for e in events if isinstance(e, Token))
    assert [e.tool for e in log.entries()] == ["calculator"]
