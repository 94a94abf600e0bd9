"""The bundled SmolLM2-135M as a reasoning model, for tests and screenshots: chat
templates that make it think, and a record of what the model is sent.

SmolLM2 is no reasoning model, but its output lands in a thinking block when the
template opens one in the generation prompt (as DeepSeek-R1's template does): the
model process then starts the reply with ``<think>`` and whatever the model writes is
thinking until it writes ``</think>`` itself. A system line and three worked examples
show it the format; on some questions the real model closes the block and answers.

``SWITCHED`` adds Qwen3's switch: ``enable_thinking=false`` closes an empty block in
the prompt instead, so the reply is all answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine.cancel import CancelToken
from engine.types import ChatMessage, GenerationOptions, GenerationStats, ModelInfo

_EXAMPLES = (
    ("What is 1+1?", "One plus one is two.", "The answer is 2."),
    ("What is 3+3?", "Three plus three is six.", "The answer is 6."),
    ("Name a fruit.", "Apples are fruit.", "An apple."),
)
_SHOTS = "".join(
    f"<|im_start|>user\\n{question}<|im_end|>\\n<|im_start|>assistant\\n"
    f"<think>{thought}</think>Answer: {answer}<|im_end|>\\n"
    for question, thought, answer in _EXAMPLES
)
_TURNS = (
    "{{ '<|im_start|>system\\nAlways think inside <think></think> first, then answer."
    "<|im_end|>\\n' }}"
    "{{ '" + _SHOTS + "' }}"
    "{% for message in messages %}{% if message['role'] != 'system' %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endif %}{% endfor %}"
)
#: Always thinks: the generation prompt opens the block.
FORCED = _TURNS + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n<think>' }}{% endif %}"
#: Thinks unless told ``enable_thinking=false`` (Qwen3's switch).
SWITCHED = _TURNS + (
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
    "{% if enable_thinking is defined and enable_thinking is false %}"
    "{{ '<think>\\n\\n</think>\\n\\n' }}{% else %}{{ '<think>' }}{% endif %}{% endif %}"
)
#: A question the real model (greedy) thinks about, then answers, under FORCED.
THINKS_THEN_ANSWERS = "What colour is the sky?"


@contextmanager
def thinking_backend(model: Path, home: Path, template: str = FORCED) -> Iterator[object]:
    """A real model process of the bundled model under ``template`` (its log in
    ``home``), loaded; closed afterwards."""
    import os

    from engine.models.local import LocalBackend

    saved = os.environ.get("HISHO_HOME")
    os.environ["HISHO_HOME"] = str(home)
    try:
        backend = LocalBackend(model, context_length=2048, threads=1, chat_template=template)
        backend.load()
    finally:
        if saved is None:
            os.environ.pop("HISHO_HOME", None)
        else:
            os.environ["HISHO_HOME"] = saved
    try:
        yield backend
    finally:
        backend.close()


class Recording:
    """A real backend, keeping every prompt it is sent (the model's view of the
    conversation) and the options it was sent with."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.prompts: list[list[ChatMessage]] = []
        self.options: list[GenerationOptions] = []

    @property
    def name(self) -> str:
        return str(self.backend.name)

    @property
    def last_stats(self) -> GenerationStats:
        stats: GenerationStats = self.backend.last_stats
        return stats

    def load(self) -> ModelInfo:
        info: ModelInfo = self.backend.load()
        return info

    def stream(
        self,
        messages: Sequence[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken,
        on_notice: Callable[[str], None] | None = None,
    ) -> Iterator[str]:
        self.prompts.append(list(messages))
        self.options.append(options)
        yield from self.backend.stream(messages, options, cancel, on_notice)

    def count_tokens(
        self, messages: Sequence[ChatMessage], texts: Sequence[str] = ()
    ) -> tuple[int, list[int]]:
        counts: tuple[int, list[int]] = self.backend.count_tokens(messages, texts)
        return counts

    def close(self) -> None:
        self.backend.close()
