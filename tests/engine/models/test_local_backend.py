"""The local model, in its own process: answers, streams, stops, and survives bad files.

Most tests share the session's model process (``local_backend``, context 2048). Tests
that break a process on purpose, or time it, start their own small one.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.errors import ModelCrashedError, ModelLoadError, ModelNotFoundError
from engine.models.local import LocalBackend
from engine.types import ChatMessage, GenerationOptions

QUESTION = [ChatMessage("user", "What is the capital of France?")]
# Keeps generating past the end-of-turn token, so only Stop (or max_tokens) ends it.
ENDLESS = GenerationOptions(temperature=0.0, max_tokens=400, repeat_penalty=1.0, ignore_eos=True)


def answer(backend: LocalBackend, messages: list[ChatMessage], options: GenerationOptions) -> str:
    return "".join(backend.stream(messages, options, CancelToken()))


@pytest.fixture()
def own_backend(chat_model_path: Path) -> Iterator[LocalBackend]:
    """A separate small model process that a test may break (one thread: it stays quick
    even when other processes are busy on a small machine)."""
    backend = LocalBackend(chat_model_path, context_length=512, threads=1)
    yield backend
    backend.close()


def test_the_loaded_model_describes_itself(local_backend: LocalBackend) -> None:
    info = local_backend.load()  # already loaded: returns at once, same process
    assert info.name == "SmolLM2-135M-Instruct.Q4_1"
    assert info.context_length == 2048
    assert info.trained_context_length >= info.context_length
    assert info.threads == local_backend.threads
    assert local_backend.pid is not None
    assert local_backend.pid != os.getpid()  # the model runs in its own process


def test_greedy_answers_are_the_same_every_time(
    local_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    first = answer(local_backend, QUESTION, greedy)
    second = answer(local_backend, QUESTION, greedy)
    assert first.strip()
    assert first == second


def test_a_reply_cut_inside_a_character_never_ends_in_a_broken_one(
    local_backend: LocalBackend,
) -> None:
    """Japanese characters take two or three tokens here: a reply stopped by its length
    limit after any token is still whole text, never ending in "\ufffd"."""
    question = [ChatMessage("user", "日本の首都はどこですか？日本語で答えてください。")]
    cut_inside = 0
    for most in range(1, 13):
        options = GenerationOptions(max_tokens=most, temperature=0.0, repeat_penalty=1.0)
        reply = "".join(local_backend.stream(question, options, CancelToken()))
        assert "\ufffd" not in reply, (most, reply)
        cut_inside += local_backend.last_stats.generated_tokens == most and not reply.strip()
    assert cut_inside < 12  # the model did write something


def test_the_reply_arrives_in_many_pieces(
    local_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    pieces = list(local_backend.stream(QUESTION, greedy, CancelToken()))
    assert len(pieces) > 1
    assert all(isinstance(p, str) and p for p in pieces)
    stats = local_backend.last_stats
    assert 1 < stats.generated_tokens <= greedy.max_tokens
    assert stats.prompt_tokens > 0
    assert stats.tokens_per_second > 0


def test_stop_ends_the_reply_quickly_and_the_model_stays_ready(
    own_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    # Its own one-thread process: the timing below is not at the mercy of other busy
    # processes on a two-core machine the way a two-thread process is.
    own_backend.load()
    pid = own_backend.pid

    cancel = CancelToken()
    cancel.cancel()  # Stop pressed before the first word arrived
    assert list(own_backend.stream(QUESTION, ENDLESS, cancel)) == []

    cancel = CancelToken()
    pieces: list[str] = []
    stopped_at = 0.0
    for piece in own_backend.stream(QUESTION, ENDLESS, cancel):
        pieces.append(piece)
        if len(pieces) == 3:
            stopped_at = time.monotonic()
            cancel.cancel()
    ended_at = time.monotonic()

    assert stopped_at, "the model should have streamed at least three pieces"
    assert ended_at - stopped_at < 1.0  # it stops within a token or so
    assert len(pieces) < 10  # nothing streams after Stop except what was already in flight
    assert own_backend.last_stats.generated_tokens < ENDLESS.max_tokens
    # Stopping did not cost the loaded model: the same process answers the next question.
    assert own_backend.pid == pid
    assert answer(own_backend, QUESTION, greedy).strip()


def test_a_follow_up_question_reuses_the_evaluated_conversation(
    local_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    reply = answer(local_backend, QUESTION, greedy)
    follow_up = [
        *QUESTION,
        ChatMessage("assistant", reply),
        ChatMessage("user", "And of Germany?"),
    ]
    assert answer(local_backend, follow_up, greedy).strip()
    stats = local_backend.last_stats
    assert stats.reused_tokens > 0
    assert stats.reused_tokens < stats.prompt_tokens


def test_a_missing_model_says_where_it_looked(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "model.gguf"
    backend = LocalBackend(missing, context_length=512, threads=1)
    with pytest.raises(ModelNotFoundError, match=str(missing)):
        backend.load()
    with pytest.raises(ModelNotFoundError):
        list(backend.stream(QUESTION, GenerationOptions(max_tokens=4), CancelToken()))
    assert backend.pid is None  # no process was started for nothing
    backend.close()


def write_damaged_models(folder: Path, real_model: Path) -> list[Path]:
    garbage = folder / "x.gguf"
    garbage.write_bytes(os.urandom(64 * 1024))
    fake_header = folder / "fake-header.gguf"
    fake_header.write_bytes(b"GGUF\x03\x00\x00\x00" + os.urandom(64 * 1024))
    truncated = folder / "truncated.gguf"
    with real_model.open("rb") as source:
        truncated.write_bytes(source.read(real_model.stat().st_size // 3))
    empty = folder / "empty.gguf"
    empty.write_bytes(b"")
    return [garbage, fake_header, truncated, empty]


def test_a_damaged_model_file_gives_a_clear_error_and_the_app_carries_on(
    tmp_path: Path,
    chat_model_path: Path,
    local_backend: LocalBackend,
    greedy: GenerationOptions,
) -> None:
    for damaged in write_damaged_models(tmp_path, chat_model_path):
        backend = LocalBackend(damaged, context_length=512, threads=1)
        with pytest.raises(ModelLoadError) as caught:
            backend.load()
        message = str(caught.value)
        assert damaged.name in message, message
        assert "damaged" in message, message
        assert backend.pid is None
        # Asking again fails the same clear way (no hang, no half-loaded state).
        with pytest.raises(ModelLoadError):
            list(backend.stream(QUESTION, greedy, CancelToken()))
        backend.close()
    # This process, and the model it already had, are unharmed.
    assert answer(local_backend, QUESTION, greedy).strip()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_model_process_killed_mid_reply_is_an_error_then_it_recovers(
    own_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    own_backend.load()
    doomed = own_backend.pid
    assert doomed is not None
    pieces: list[str] = []
    with pytest.raises(ModelCrashedError, match="SIGKILL"):
        for piece in own_backend.stream(QUESTION, ENDLESS, CancelToken()):
            pieces.append(piece)
            if len(pieces) == 2:
                os.kill(doomed, signal.SIGKILL)
    assert 2 <= len(pieces) < ENDLESS.max_tokens
    assert own_backend.pid is None

    # The next request starts a fresh process and answers.
    assert answer(own_backend, QUESTION, greedy).strip()
    fresh = own_backend.pid
    assert fresh is not None
    assert fresh != doomed

    # A process that died while idle is replaced just as quietly.
    os.kill(fresh, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while own_backend.pid is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert answer(own_backend, QUESTION, greedy).strip()


def test_close_ends_the_model_process(own_backend: LocalBackend) -> None:
    own_backend.load()
    pid = own_backend.pid
    assert pid is not None
    own_backend.close()
    assert own_backend.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_reply_its_reader_drops_midway_does_not_leak_into_the_next(
    local_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    """A local-API client that hangs up leaves its stream unread: the next request must
    get only its own tokens."""
    story = [ChatMessage("user", "Tell me a long story about the sea.")]
    answer(local_backend, story, greedy)
    expected = answer(local_backend, QUESTION, greedy)  # after the story's prompt, as below
    pieces = local_backend.stream(story, ENDLESS, CancelToken())
    next(pieces), next(pieces)
    pieces.close()
    assert answer(local_backend, QUESTION, greedy) == expected
