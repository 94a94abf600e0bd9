"""A reasoning model's thinking with the real bundled model: streamed and saved apart
from the answer, and never sent back to the model on the next turn.

SmolLM2-135M thinks here because its template opens ``<think>`` in the prompt, as
DeepSeek-R1's does (tests/thinking_model.py): the model process starts the reply
with the tag and whatever the real model writes lands in the thinking. The model's view
of the conversation is read from the prompts the real backend was sent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import paths
from engine.cancel import CancelToken
from engine.chat.assistant import ask
from engine.chat.thinking import OPEN
from engine.models.local import LocalBackend
from engine.storage.history import History
from engine.types import (
    ChatMessage,
    GenerationOptions,
    ThinkingDelta,
    ThinkingDone,
    ThinkingSupport,
    Token,
    TurnFinished,
)
from tests.thinking_model import SWITCHED, THINKS_THEN_ANSWERS, Recording, thinking_backend


@pytest.fixture(scope="module")
def thinker(chat_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The bundled model under a template that opens its thinking (one process)."""
    with thinking_backend(chat_model_path, tmp_path_factory.mktemp("thinker")) as backend:
        yield backend


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


def test_the_models_thinking_streams_and_is_saved_apart_from_its_answer(
    thinker: LocalBackend, history: History, greedy: GenerationOptions
) -> None:
    assert thinker.load().thinking is ThinkingSupport.ALWAYS
    conversation = history.create_conversation()
    question = THINKS_THEN_ANSWERS
    events = list(ask(history, thinker, conversation.id, question, greedy, CancelToken()))

    thought = "".join(e.text for e in events if isinstance(e, ThinkingDelta))
    answer = "".join(e.text for e in events if isinstance(e, Token))
    assert thought.strip(), "the real model's words should land in its thinking"
    assert len([e for e in events if isinstance(e, ThinkingDone)]) == 1
    finished = events[-1]
    assert isinstance(finished, TurnFinished)
    reply = history.messages(conversation.id)[-1]
    assert reply.thinking == finished.thinking == thought.strip()
    assert reply.content == finished.text == answer
    assert reply.thought_s > 0
    for tag in ("<think>", "</think>"):
        assert tag not in reply.content and tag not in reply.thinking


def test_the_thinking_is_not_sent_back_on_the_next_turn(
    thinker: LocalBackend, history: History, greedy: GenerationOptions
) -> None:
    recording = Recording(thinker)
    conversation = history.create_conversation()
    list(ask(history, recording, conversation.id, THINKS_THEN_ANSWERS, greedy, CancelToken()))
    first = history.messages(conversation.id)[-1]
    assert first.thinking

    list(ask(history, recording, conversation.id, "And at night?", greedy, CancelToken()))
    sent = recording.prompts[-1]
    assert ChatMessage("user", THINKS_THEN_ANSWERS) in sent
    assert sent[-1] == ChatMessage("user", "And at night?")
    assert not any(first.thinking in m.content for m in sent)
    assistant = [m for m in sent if m.role == "assistant"]
    # The answer goes back as it was shown; a reply that was all thinking not at all.
    assert assistant == ([ChatMessage("assistant", first.content)] if first.content.strip() else [])


def test_the_switch_turns_thinking_off_where_the_template_has_one(
    chat_model_path: Path, tmp_path: Path, greedy: GenerationOptions
) -> None:
    with thinking_backend(chat_model_path, tmp_path, SWITCHED) as backend:
        assert isinstance(backend, LocalBackend)
        assert backend.load().thinking is ThinkingSupport.SWITCH
        question = [ChatMessage("user", THINKS_THEN_ANSWERS)]
        on = list(backend.stream(question, greedy, CancelToken()))
        off_options = dataclasses.replace(greedy, thinking=False)
        off = list(backend.stream(question, off_options, CancelToken()))
    # On: the prompt opened the block and the reply reads from it. Off: Qwen3's way,
    # the prompt closed an empty block, so the reply starts where the answer does.
    assert on[0] == OPEN and len(on) > 1
    assert off and off[0] != OPEN


def test_the_bundled_model_does_not_think(local_backend: LocalBackend) -> None:
    assert local_backend.load().thinking is ThinkingSupport.NONE
