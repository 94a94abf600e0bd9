"""Fitting a conversation into the context window: old turns go first, never an error.

The pure logic tests use a tiny fake token counter (one token per word, plus 3 per
message for the template's markers) so the budgets are easy to read. The last test
uses the real model's tokenizer through the real backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from engine.cancel import CancelToken
from engine.chat.context import fit_messages
from engine.models.local import LocalBackend
from engine.types import ChatMessage, GenerationOptions

PER_MESSAGE = 3


def count_words(messages: Sequence[ChatMessage]) -> int:
    """Fake token counter (for the pure logic tests only): words plus per-message overhead."""
    return sum(len(m.content.split()) + PER_MESSAGE for m in messages)


def first_words(text: str, n: int) -> str:
    """Fake truncation matching ``count_words``: keep the first ``n`` words."""
    return " ".join(text.split()[:n])


def words(n: int, word: str = "w") -> str:
    return " ".join([word] * n)


SYSTEM = ChatMessage("system", "be brief")  # 2 words + 3 = 5 tokens


def conversation(turns: int, size: int = 7) -> list[ChatMessage]:
    """``turns`` messages of ``size`` + 3 tokens each, alternating user/assistant."""
    roles = ("user", "assistant")
    return [ChatMessage(roles[i % 2], words(size, f"t{i}")) for i in range(turns)]


def test_a_conversation_that_fits_is_left_alone() -> None:
    messages = [SYSTEM, *conversation(4)]
    result = fit_messages(messages, 100, count_words, first_words)
    assert result.messages == messages
    assert (result.dropped_messages, result.truncated_tokens, result.notices) == (0, 0, [])


def test_oldest_turns_are_dropped_and_the_system_prompt_kept() -> None:
    messages = [SYSTEM, *conversation(10)]  # 5 + 10 * 10 = 105 tokens
    result = fit_messages(messages, 50, count_words, first_words)

    assert result.messages[0] == SYSTEM
    assert result.messages[1:] == messages[-4:]  # 5 + 4 * 10 = 45 fits, 55 would not
    assert result.dropped_messages == 6
    assert count_words(result.messages) <= 50
    assert len(result.notices) == 1
    assert "6 oldest messages were left out" in result.notices[0]


def test_without_a_system_prompt_the_newest_turns_are_kept() -> None:
    messages = conversation(6)
    result = fit_messages(messages, 20, count_words, first_words)
    assert result.messages == messages[-2:]
    assert result.dropped_messages == 4


def test_the_kept_part_never_starts_with_an_assistant_turn() -> None:
    messages = [SYSTEM, *conversation(10)]
    # 35 tokens: the last three turns (30) would fit, but they start with an answer.
    result = fit_messages(messages, 35, count_words, first_words)

    assert result.messages[0] == SYSTEM
    assert result.messages[1].role == "user"
    assert result.messages[1:] == messages[-2:]
    assert result.dropped_messages == 8
    assert "8 oldest messages" in result.notices[0]


def test_one_dropped_message_is_said_in_the_singular() -> None:
    messages = [ChatMessage("user", words(10)), ChatMessage("user", words(10))]
    result = fit_messages(messages, 20, count_words, first_words)
    assert result.dropped_messages == 1
    assert "the 1 oldest message was left out" in result.notices[0]


def test_an_over_long_last_message_is_cut_to_fit_with_a_notice() -> None:
    paste = " ".join(f"word{i}" for i in range(5000))
    messages = [SYSTEM, *conversation(4), ChatMessage("user", paste)]

    result = fit_messages(messages, 100, count_words, first_words)

    assert count_words(result.messages) <= 100
    assert result.messages[0] == SYSTEM
    last = result.messages[-1]
    assert last.role == "user"
    assert last.content.startswith("word0 word1 word2")  # the beginning is what is kept
    assert paste.startswith(last.content)
    assert len(last.content.split()) > 50  # it uses the room there is, not just a little
    assert result.truncated_tokens == 5000 - len(last.content.split())
    assert "too long" in result.notices[-1]
    assert "5,000 tokens" in result.notices[-1]


def test_a_paste_too_long_for_any_history_drops_the_history_too() -> None:
    messages = [SYSTEM, *conversation(6), ChatMessage("user", words(1000))]
    result = fit_messages(messages, 60, count_words, first_words)

    assert [m.role for m in result.messages] == ["system", "user"]
    assert count_words(result.messages) <= 60
    assert result.dropped_messages == 6
    assert len(result.notices) == 2  # one for the left-out turns, one for the cut


def test_a_million_character_paste_through_the_real_model_still_gets_an_answer(
    chat_model_path: Path,
) -> None:
    # Its own small-context process: a full 2048-token prompt is slow on a small CPU.
    backend = LocalBackend(chat_model_path, context_length=256, threads=1)
    sentence = "The quarterly report shows steady growth in every region we serve. "
    paste = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    notices: list[str] = []
    try:
        pieces = list(
            backend.stream(
                [ChatMessage("system", "Summarize."), ChatMessage("user", paste)],
                GenerationOptions(temperature=0.0, max_tokens=6, repeat_penalty=1.0),
                CancelToken(),
                notices.append,
            )
        )
        stats = backend.last_stats
    finally:
        backend.close()

    assert len(notices) == 1
    assert "too long" in notices[0]
    assert "only its beginning was used" in notices[0]
    assert "".join(pieces).strip(), "the model should still answer"
    assert 0 < stats.generated_tokens <= 6
    assert stats.prompt_tokens <= 256 - 6
