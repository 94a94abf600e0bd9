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
    # Drop the oldest turns until it fits; binary search keeps the token counts few.
    low, high = 0, len(turns) - 1  # number of turns to drop
    while low < high:
        mid = (low + high) // 2
        if count_tokens(system + turns[mid:]) <= budget:
            high = mid
        else:
            low = mid + 1
    dropped = low
    # Never start on an assistant turn: the model should see a question first.
    while dropped < len(turns) - 1 and turns[dropped].role != "user":
        dropped += 1
    kept = turns[dropped:]
    notices = []
    if dropped == 1:
        notices.append(
            QT_TRANSLATE_NOOP(
                "Engine",
                "This conversation is longer than the model's context: the 1 oldest "
                "message was left out of this reply.",
            )
        )
    elif dropped:
        notices.append(
            QT_TRANSLATE_NOOP(
                "Engine",
                "This conversation is longer than the model's context: the {count} oldest "
                "messages were left out of this reply.",
            ).format(count=dropped)
        )
    total = count_tokens(system + kept)
    if total <= budget:
        return FitResult(system + kept, dropped, 0, notices)
    # The newest message alone is too long: keep its beginning.
    last = kept[-1]
    overhead = count_tokens([*system, *kept[:-1], ChatMessage(last.role, "")])
    own = total - overhead
    room = max(budget - overhead, 0)
    cut = truncate(last.content, room)
    kept = [*kept[:-1], ChatMessage(last.role, cut)]
    # Tokenization at the cut may differ by a token or two: trim until it really fits.
    while count_tokens(system + kept) > budget and room > 0:
        room = max(room - max(8, room // 50), 0)
        kept = [*kept[:-1], ChatMessage(last.role, truncate(last.content, room))]
    notices.append(
        QT_TRANSLATE_NOOP(
            "Engine",
            "Your message is too long for the model's context ({count} tokens, room for "
            "{room}): only its beginning was used.",
        ).format(count=f"{own:,}", room=f"{room:,}")
    )
    return FitResult(system + kept, dropped, own - room, notices)
