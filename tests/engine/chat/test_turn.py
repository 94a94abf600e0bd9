"""The one turn lifecycle (engine.chat.turn), as both kinds of turn use it.

An answer (``ask``) and a summary (``summarize_turn``) share how a turn is saved, routed
and finished, so each test here runs both with the real bundled model, a real history
file and a real OpenAI-compatible server on loopback: saved while streaming, stopped,
crashed, sent to the cloud only with consent, handed to the cloud by the policy. A
regression in the lifecycle, or a kind of turn that stops using it, fails here.
"""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import paths
from engine.cancel import CancelToken
from engine.chat import turn as turn_module
from engine.chat.assistant import ask
from engine.cloud.backend import CloudBackend
from engine.cloud.policy import Decision, Policy
from engine.cloud.providers import CloudConfig, provider
from engine.cloud.route import CloudRoute
from engine.models.backend import ChatBackend
from engine.models.local import LocalBackend
from engine.storage.egress import EgressLog
from engine.storage.history import History
from engine.summary.sources import text_source
from engine.summary.turn import summarize_turn
from engine.types import (
    AuthorChanged,
    ConsentNeeded,
    GenerationOptions,
    MessageStatus,
    Notice,
    StreamEvent,
    SummaryLength,
    Token,
    TurnFinished,
    TurnStarted,
)
from tests.cloud import API_KEY, MODEL, CloudServer

KINDS = ["answer", "summary"]
NOTES = (
    "The pier was rebuilt in 1897 after the winter storm. The lamp at its end is called "
    "Aurora and was lit again in 1902. The harbour museum opens on Saturdays and keeps "
    "the old ferry timetables. Boats for the islands leave from pier 3 at dawn."
)


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


def start(
    kind: str,
    history: History,
    backend: ChatBackend,
    cancel: CancelToken,
    cloud: CloudRoute | None = None,
    long: bool = True,
) -> Iterator[StreamEvent]:
    """A turn of ``kind`` in a new conversation (``long``: a reply of many tokens)."""
    conversation = history.create_conversation()
    if kind == "answer":
        tokens = 400 if long else 24
        options = GenerationOptions(
            temperature=0.0, max_tokens=tokens, repeat_penalty=1.0, ignore_eos=long
        )
        return ask(history, backend, conversation.id, "Tell me a story about the pier.",
                   options, cancel, cloud=cloud)  # fmt: skip
    length = SummaryLength.DETAILED if long else SummaryLength.BRIEF
    return summarize_turn(history, backend, None, conversation.id, "the notes",
                          lambda: text_source(NOTES), length, cancel, cloud)  # fmt: skip


def route(server: CloudServer, ledger: EgressLog, policy: Policy, use_cloud: bool) -> CloudRoute:
    config = CloudConfig(provider("custom"), server.base_url, MODEL)
    backend = CloudBackend(config, lambda: API_KEY, ledger)
    return CloudRoute(backend, policy, use_cloud, False, lambda: None)


def reply_on_disk(history: History, reply_id: int) -> tuple[str, str]:
    """The reply row as another program reading the file sees it now."""
    db = sqlite3.connect(history.path)
    try:
        row = db.execute("SELECT content, status FROM messages WHERE id=?", (reply_id,))
        content, status = row.fetchone()
        return str(content), str(status)
    finally:
        db.close()


def streamed(events: list[StreamEvent]) -> str:
    return "".join(e.text for e in events if isinstance(e, Token))


def finished(events: list[StreamEvent]) -> TurnFinished:
    assert isinstance(events[-1], TurnFinished), events[-1]
    return events[-1]


@pytest.mark.parametrize("kind", KINDS)
def test_a_reply_is_saved_while_it_streams_and_kept_as_stopped(
    kind: str, history: History, local_backend: LocalBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(turn_module, "SAVE_EVERY_S", 0.0)  # save at every token
    cancel = CancelToken()
    events: list[StreamEvent] = []
    for event in start(kind, history, local_backend, cancel):
        events.append(event)
        if isinstance(event, Token) and sum(isinstance(e, Token) for e in events) == 3:
            started = events[0]
            assert isinstance(started, TurnStarted)
            assert reply_on_disk(history, started.reply_message_id) == (streamed(events),
                                                                        "streaming")  # fmt: skip
            cancel.cancel()

    end = finished(events)
    assert end.status is MessageStatus.STOPPED
    assert end.text.strip() and end.text == streamed(events)
    assert reply_on_disk(history, end.reply_message_id) == (end.text, "stopped")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize("kind", KINDS)
def test_a_model_crash_mid_reply_keeps_the_partial_reply_as_interrupted(
    kind: str, history: History, chat_model_path: Path
) -> None:
    backend = LocalBackend(chat_model_path, context_length=2048, threads=1)
    events: list[StreamEvent] = []
    killed = False
    try:
        for event in start(kind, history, backend, CancelToken()):
            events.append(event)
            if not killed and sum(isinstance(e, Token) for e in events) == 3:
                assert backend.pid is not None and backend.pid != os.getpid()
                os.kill(backend.pid, signal.SIGKILL)
                killed = True
    finally:
        backend.close()

    end = finished(events)
    assert killed and end.status is MessageStatus.INTERRUPTED
    assert "stopped unexpectedly" in end.error
    assert end.text and end.text == streamed(events)
    reply = history.message(end.reply_message_id)
    assert reply is not None
    assert (reply.content, reply.status, reply.error) == (end.text, end.status, end.error)


@pytest.mark.parametrize("kind", KINDS)
def test_cancel_in_the_consent_dialog_sends_nothing(
    kind: str,
    history: History,
    local_backend: LocalBackend,
    server: CloudServer,
    ledger: EgressLog,
) -> None:
    cloud = route(server, ledger, Policy.ASK, use_cloud=True)
    events: list[StreamEvent] = []
    asked: list[ConsentNeeded] = []
    for event in start(kind, history, local_backend, CancelToken(), cloud):
        events.append(event)
        if isinstance(event, ConsentNeeded):
            asked.append(event)
            event.answer(Decision.CANCEL)

    assert len(asked) == 1 and "This conversation answers with" in asked[0].reason
    end = finished(events)
    assert end.status is MessageStatus.ERROR and "Nothing left this computer" in end.error
    assert not any(isinstance(e, (Token, AuthorChanged)) for e in events)
    assert server.requests() == [] and ledger.entries() == []
    reply = history.message(end.reply_message_id)
    assert reply is not None and reply.origin != "cloud"
    assert (reply.status, reply.error) == (MessageStatus.ERROR, end.error)


@pytest.mark.parametrize("kind", KINDS)
def test_stop_while_the_consent_dialog_is_open_sends_nothing(
    kind: str,
    history: History,
    local_backend: LocalBackend,
    server: CloudServer,
    ledger: EgressLog,
) -> None:
    cancel = CancelToken()
    cloud = route(server, ledger, Policy.ASK, use_cloud=True)
    events: list[StreamEvent] = []
    for event in start(kind, history, local_backend, cancel, cloud):
        events.append(event)
        if isinstance(event, ConsentNeeded):
            cancel.cancel()  # Stop pressed; the dialog is never answered
    assert finished(events).status is MessageStatus.ERROR
    assert server.requests() == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_cloud_takes_over_as_the_policy_allows_when_there_is_no_local_model(
    kind: str, history: History, tmp_path: Path, server: CloudServer, ledger: EgressLog
) -> None:
    missing = LocalBackend(tmp_path / "no-model.gguf", context_length=2048, threads=1)
    cloud = route(server, ledger, Policy.AUTO, use_cloud=False)
    events = list(start(kind, history, missing, CancelToken(), cloud, long=False))

    assert not any(isinstance(e, ConsentNeeded) for e in events)  # automatic: no question
    notice = next(i for i, e in enumerate(events) if isinstance(e, Notice))
    author = next(i for i, e in enumerate(events) if isinstance(e, AuthorChanged))
    first_token = next(i for i, e in enumerate(events) if isinstance(e, Token))
    assert notice < author < first_token  # told, then shown who answers, then the reply
    end = finished(events)
    assert end.status is MessageStatus.COMPLETE and end.text.strip()
    assert len(server.requests()) == 1
    reply = history.message(end.reply_message_id)
    assert reply is not None and reply.origin == "cloud"
    assert reply.model == cloud.backend.name and reply.content == end.text
