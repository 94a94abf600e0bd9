"""The one contract every chat backend keeps.

``stream(messages, options, cancel)`` yields the reply as text pieces. Non-streaming
use is ``"".join(stream(...))``: there is no second code path. ``count_tokens`` says
what a prompt costs in the model's own tokens, so context fitting and summary sections
are exact where the model's tokenizer is at hand. Local (llama-cpp-python, in its own
process) and remote (OpenAI-compatible) backends are two implementations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from engine.cancel import CancelToken
from engine.types import ChatMessage, GenerationOptions, GenerationStats, ModelInfo


class ChatBackend(Protocol):
    """A model that can answer a conversation."""

    @property
    def name(self) -> str:
        """Short name shown next to each answer."""

    @property
    def last_stats(self) -> GenerationStats:
        """Figures of the most recent ``stream`` call."""

    def load(self) -> ModelInfo:
        """Make the model ready (idempotent). Raises a HishoError subclass on failure."""

    def stream(
        self,
        messages: Sequence[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken,
        on_notice: Callable[[str], None] | None = None,
    ) -> Iterator[str]:
        """Yield the reply piece by piece until done or ``cancel`` is set.

        ``on_notice`` hears what the user should know (e.g. old turns were left out).
        """

    def count_tokens(
        self, messages: Sequence[ChatMessage], texts: Sequence[str] = ()
    ) -> tuple[int, list[int]]:
        """(tokens the prompt ``messages`` render to, tokens of each of ``texts``): exact
        from the model's own tokenizer and chat template, or a cautious estimate where
        the tokenizer is elsewhere (a cloud provider's)."""

    def close(self) -> None:
        """Free the model and its process."""
