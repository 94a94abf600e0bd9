"""One chat turn end to end: the real model, a real history file, every ending saved."""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import paths
from engine.cancel import CancelToken
from engine.chat.assistant import ask
from engine.models.local import LocalBackend
from engine.storage.history import History
from engine.types import (
    GenerationOptions,
    MessageStatus,
    Notice,
    StreamEvent,
    Token,
    TurnFinished,
    TurnStarted,
)

ENDLESS = GenerationOptions(temperature=0.0, max_tokens=400, repeat_penalty=1.0, ignore_eos=True)


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


def rows_on_disk(path: Path) -> list[tuple[str, str, str]]:
    """What another program reading the file would see right now."""
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT role, content, status FROM messages ORDER BY id").fetchall()
    finally:
        db.close()


def finished(events: list[StreamEvent]) -> TurnFinished:
    assert isinstance(events[-1], TurnFinished)
    return events[-1]


def text_of(events: list[StreamEvent]) -> str:
    return "".join(e.text for e in events if isinstance(e, Token))


def test_the_question_is_on_disk_before_the_answer_starts_and_the_answer_after(
    history: History, local_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    conversation = history.create_conversation()
    turn = ask(history, local_backend, conversation.id, "Name a fruit.", greedy, CancelToken())

    started = next(turn)
    assert isinstance(started, TurnStarted)
    assert rows_on_disk(history.path) == [
        ("user", "Name a fruit.", "complete"),
        ("assistant", "", "streaming"),
    ]
    assert history.conversation(conversation.id).title == "Name a fruit."  # type: ignore[union-attr]

    events = list(turn)
    end = finished(events)
    assert end.status is MessageStatus.COMPLETE
    assert end.text.strip()
    assert end.text == text_of(events)
    assert end.stats.generated_tokens > 0
    reply = history.message(started.reply_message_id)
    assert reply is not None
    assert (reply.content, reply.status, reply.model) == (
        end.text,
        MessageStatus.COMPLETE,
        local_backend.name,
    )
    assert [m.id for m in history.messages(conversation.id)] == [
        started.user_message_id,
        started.reply_message_id,
    ]


def test_stop_keeps_the_partial_answer_as_stopped(
    history: History, local_backend: LocalBackend
) -> None:
    conversation = history.create_conversation()
    cancel = CancelToken()
    events: list[StreamEvent] = []
    for event in ask(history, local_backend, conversation.id, "Tell a story.", ENDLESS, cancel):
        events.append(event)
        if sum(isinstance(e, Token) for e in events) == 3:
            cancel.cancel()

    end = finished(events)
    assert end.status is MessageStatus.STOPPED
    assert end.text.strip()
    assert end.text == text_of(events)
    assert end.stats.generated_tokens < ENDLESS.max_tokens
    reply = history.message(end.reply_message_id)
    assert reply is not None
    assert (reply.content, reply.status) == (end.text, MessageStatus.STOPPED)


def test_a_backend_error_is_saved_with_its_message_and_the_question_kept(
    history: History, tmp_path: Path, local_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    broken = LocalBackend(tmp_path / "gone.gguf", context_length=512, threads=1)
    conversation = history.create_conversation()

    events = list(ask(history, broken, conversation.id, "Hello?", greedy, CancelToken()))

    assert isinstance(events[0], TurnStarted)
    end = finished(events)
    assert end.status is MessageStatus.ERROR
    assert "No chat model" in end.error
    question, reply = history.messages(conversation.id)
    assert (question.role, question.content, question.status) == (
        "user",
        "Hello?",
        MessageStatus.COMPLETE,
    )
    assert (reply.status, reply.error) == (MessageStatus.ERROR, end.error)

    # With a working model, answering again works and the failed reply is not shown to it.
    history.delete_messages_from(conversation.id, reply.id)
    events = list(ask(history, local_backend, conversation.id, None, greedy, CancelToken()))
    assert finished(events).status is MessageStatus.COMPLETE


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_model_crash_mid_reply_keeps_the_partial_answer(
    history: History, chat_model_path: Path
) -> None:
    backend = LocalBackend(chat_model_path, context_length=512, threads=1)
    conversation = history.create_conversation()
    events: list[StreamEvent] = []
    killed = False
    try:
        for event in ask(
            history, backend, conversation.id, "Tell a story.", ENDLESS, CancelToken()
        ):
            events.append(event)
            if not killed and sum(isinstance(e, Token) for e in events) == 3:
                pid = backend.pid
                assert pid is not None and pid != os.getpid()
                os.kill(pid, signal.SIGKILL)
                killed = True
    finally:
        backend.close()

    end = finished(events)
    assert end.status is MessageStatus.INTERRUPTED
    assert "stopped unexpectedly" in end.error
    assert end.text == text_of(events)
    assert end.text
    reply = history.message(end.reply_message_id)
    assert reply is not None
    assert (reply.content, reply.status, reply.error) == (
        end.text,
        MessageStatus.INTERRUPTED,
        end.error,
    )


def test_an_empty_message_sends_nothing(
    history: History, local_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    conversation = history.create_conversation()
    for blank in ("", "   ", "\n\t "):
        assert (
            list(ask(history, local_backend, conversation.id, blank, greedy, CancelToken())) == []
        )
    assert history.messages(conversation.id) == []


def test_regenerate_answers_the_last_question_again(
    history: History, local_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    conversation = history.create_conversation()
    first = finished(
        list(ask(history, local_backend, conversation.id, "Name a color.", greedy, CancelToken()))
    )
    history.delete_messages_from(conversation.id, first.reply_message_id)

    events = list(ask(history, local_backend, conversation.id, None, greedy, CancelToken()))

    started = events[0]
    assert isinstance(started, TurnStarted)
    assert started.user_message_id is None  # the question was not saved twice
    again = finished(events)
    assert again.status is MessageStatus.COMPLETE
    assert again.text == first.text  # greedy: the same question gives the same answer
    assert [(m.role, m.status) for m in history.messages(conversation.id)] == [
        ("user", MessageStatus.COMPLETE),
        ("assistant", MessageStatus.COMPLETE),
    ]


def test_a_conversation_longer_than_the_context_says_so_and_still_answers(
    history: History, chat_model_path: Path
) -> None:
    backend = LocalBackend(chat_model_path, context_length=256, threads=1)
    conversation = history.create_conversation()
    filler = "This is a long message about gardening, soil, water and sunlight. " * 6
    for _ in range(4):
        history.append_message(conversation.id, "user", filler)
        history.append_message(conversation.id, "assistant", filler)
    options = GenerationOptions(temperature=0.0, max_tokens=8, repeat_penalty=1.0)
    try:
        events = list(
            ask(
                history, backend, conversation.id, "Summarize.", options, CancelToken(), "Be brief."
            )
        )
    finally:
        backend.close()

    notices = [e for e in events if isinstance(e, Notice)]
    assert len(notices) == 1
    assert "oldest messages were left out" in notices[0].text
    first_token = next(i for i, e in enumerate(events) if isinstance(e, Token))
    assert events.index(notices[0]) < first_token  # told before the answer appears
    assert finished(events).status is MessageStatus.COMPLETE
    assert len(history.messages(conversation.id)) == 10  # nothing was deleted from history


class Watching:
    """The real backend, with the messages of each request noted (only observed)."""

    def __init__(self, backend: LocalBackend) -> None:
        self.backend = backend
        self.sent: list[list[tuple[str, str]]] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.backend, name)

    def stream(self, messages, options, cancel, on_notice=None):  # type: ignore[no-untyped-def]
        self.sent.append([(m.role, m.content) for m in messages])
        return self.backend.stream(messages, options, cancel, on_notice)


def test_a_japanese_question_asks_for_a_japanese_answer(
    history: History, local_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    from engine.chat.language import JAPANESE_REPLY, SAME_LANGUAGE_REPLY, reply_language_rule

    watching = Watching(local_backend)
    conversation = history.create_conversation()
    events = list(ask(history, watching, conversation.id, "富士山の高さは？", greedy,  # type: ignore[arg-type]
                      CancelToken(), "You are Hisho."))  # fmt: skip
    assert finished(events).status is MessageStatus.COMPLETE
    assert watching.sent[-1][0] == ("system", f"You are Hisho.\n{JAPANESE_REPLY}")
    list(ask(history, watching, conversation.id, "How high is it?", greedy,  # type: ignore[arg-type]
             CancelToken(), "You are Hisho."))  # fmt: skip
    assert watching.sent[-1][0] == ("system", "You are Hisho.")
    assert reply_language_rule("北京的人口是多少") == SAME_LANGUAGE_REPLY  # CJK, no kana
    assert reply_language_rule("How high is the mountain called 富士山?") == ""
