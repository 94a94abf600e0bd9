"""Fitting a conversation into the model's context window.

When a conversation outgrows the context, the oldest turns are left out (the system
prompt is always kept) and the user is told; if the newest message alone is too long
(a 1 MB paste), it is cut to fit, again with a notice. Never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine.i18n import QT_TRANSLATE_NOOP
from engine.types import ChatMessage

CountTokens = Callable[[Sequence[ChatMessage]], int]
TruncateText = Callable[[str, int], str]


@dataclass(frozen=True, slots=True)
class FitResult:
    messages: list[ChatMessage]
    dropped_messages: int
    truncated_tokens: int  # how many tokens were cut from the newest message
    notices: list[str]


def fit_messages(
    messages: Sequence[ChatMessage],
    budget: int,
    count_tokens: CountTokens,
    truncate: TruncateText,
) -> FitResult:
    """Keep as much of the conversation as fits in ``budget`` prompt tokens.

    Args:
        messages: system prompt (optional, first) then the turns, oldest first.
        budget: prompt tokens allowed (context length minus room for the reply).
        count_tokens: tokens of the rendered prompt for some messages.
        truncate: ``truncate(text, n)`` keeps the first ``n`` tokens of ``text``.
    """
    system = [m for m in messages[:1] if m.role == "system"]
    turns = list(messages[len(system) :])
    if not turns or count_tokens(system + turns) <= budget:
        return FitResult(system + turns, 0, 0, [])
    dropped = _oldest_to_leave_out(system, turns, budget, count_tokens)
    kept = turns[dropped:]
    notices = _left_out_notices(dropped)
    total = count_tokens(system + kept)
    if total <= budget:
        return FitResult(system + kept, dropped, 0, notices)
    kept, own, room = _cut_newest(system, kept, total, budget, count_tokens, truncate)
    notices.append(
        QT_TRANSLATE_NOOP(
            "Engine",
            "Your message is too long for the model's context ({count} tokens, room for "
            "{room}): only its beginning was used.",
        ).format(count=f"{own:,}", room=f"{room:,}")
    )
    return FitResult(system + kept, dropped, own - room, notices)


def _oldest_to_leave_out(
    system: list[ChatMessage], turns: list[ChatMessage], budget: int, count_tokens: CountTokens
) -> int:
    """How many of the oldest turns to leave out for the rest to fit, never starting on an
    assistant turn (the model should see a question first)."""
    low, high = 0, len(turns) - 1  # binary search keeps the token counts few
    while low < high:
        mid = (low + high) // 2
        if count_tokens(system + turns[mid:]) <= budget:
            high = mid
        else:
            low = mid + 1
    dropped = low
    while dropped < len(turns) - 1 and turns[dropped].role != "user":
        dropped += 1
    return dropped


def _left_out_notices(dropped: int) -> list[str]:
    """What the user is told when old turns were left out of this reply."""
    if dropped == 1:
        return [
            QT_TRANSLATE_NOOP(
                "Engine",
                "This conversation is longer than the model's context: the 1 oldest "
                "message was left out of this reply.",
            )
        ]
    if dropped:
        return [
            QT_TRANSLATE_NOOP(
                "Engine",
                "This conversation is longer than the model's context: the {count} oldest "
                "messages were left out of this reply.",
            ).format(count=dropped)
        ]
    return []


def _cut_newest(
    system: list[ChatMessage],
    kept: list[ChatMessage],
    total: int,
    budget: int,
    count_tokens: CountTokens,
    truncate: TruncateText,
) -> tuple[list[ChatMessage], int, int]:
    """The newest message alone is too long: keep its beginning. Returns the turns, the
    newest message's own tokens, and the tokens it was cut to."""
    last = kept[-1]
    overhead = count_tokens([*system, *kept[:-1], ChatMessage(last.role, "")])
    own = total - overhead
    room = max(budget - overhead, 0)
    kept = [*kept[:-1], ChatMessage(last.role, truncate(last.content, room))]
    # Tokenization at the cut may differ by a token or two: trim until it really fits.
    while count_tokens(system + kept) > budget and room > 0:
        room = max(room - max(8, room // 50), 0)
        kept = [*kept[:-1], ChatMessage(last.role, truncate(last.content, room))]
    return kept, own, room
