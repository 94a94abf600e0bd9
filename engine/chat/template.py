"""Turning messages into the prompt text a model expects.

The model's own chat template (GGUF ``tokenizer.chat_template``) is rendered in a
sandboxed Jinja environment: a template can format text but cannot reach Python
objects, files or the network. When a model has no template, or its template fails,
ChatML is used and the UI says so.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from engine.i18n import QT_TRANSLATE_NOOP
from engine.types import ChatMessage

CHATML = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


class TemplateError(Exception):
    """The template could not be rendered."""


def _raise(message: str) -> None:
    raise TemplateError(message)


@dataclass(frozen=True)
class ChatTemplate:
    """A compiled chat template; ``source`` says where it came from."""

    text: str
    source: str
    bos_token: str = ""
    eos_token: str = ""

    def render(
        self,
        messages: Sequence[ChatMessage],
        add_generation_prompt: bool = True,
        thinking: bool = True,
    ) -> str:
        """The prompt text for ``messages`` (``thinking=False``: the template is told
        ``enable_thinking=False``, which turns a reasoning model's thinking off where
        its template knows the flag, as Qwen3's does).

        Raises:
            TemplateError: the template rejected the messages or is broken.
        """
        from jinja2 import TemplateError as JinjaError
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        env.globals["raise_exception"] = _raise
        try:
            template = env.from_string(self.text)
            payload: list[dict[str, Any]] = [
                {"role": m.role, "content": m.content} for m in messages
            ]
            flags = {} if thinking else {"enable_thinking": False}
            return template.render(
                messages=payload,
                add_generation_prompt=add_generation_prompt,
                bos_token=self.bos_token,
                eos_token=self.eos_token,
                **flags,
            )
        except JinjaError as exc:
            raise TemplateError(str(exc)) from exc
        except TemplateError:
            raise
        except Exception as exc:  # a template is foreign code: any failure is its own
            raise TemplateError(f"{type(exc).__name__}: {exc}") from exc

    def render_parts(
        self,
        messages: Sequence[ChatMessage],
        add_generation_prompt: bool = True,
        thinking: bool = True,
    ) -> list[tuple[str, bool]]:
        """The prompt as (text, is_message_content) pieces, in order.

        The model process tokenizes the template's own text with special tokens parsed
        and every message's content as plain text. So a document or a message that
        contains ``<|im_start|>system`` stays text and cannot open a turn of its own (a
        prompt injection through the tokenizer). Contents go through the template as
        unique markers; a template that alters them (trims or rewrites) is located by
        finding each content in the rendered text instead.
        """
        nonce = secrets.token_hex(4)
        marked = [replace(m, content=f"\ue000{nonce}:{i}\ue001") for i, m in enumerate(messages)]
        rendered = self.render(marked, add_generation_prompt, thinking)
        marker = re.compile(f"\ue000{nonce}:(\\d+)\ue001")
        pieces = marker.split(rendered)
        found = [int(i) for i in pieces[1::2]]
        if sorted(found) == list(range(len(messages))):
            parts: list[tuple[str, bool]] = []
            for at, piece in enumerate(pieces):
                text = messages[int(piece)].content if at % 2 else piece
                if text:
                    parts.append((text, bool(at % 2)))
            return parts
        return _located(self.render(messages, add_generation_prompt, thinking), messages)


def _located(prompt: str, messages: Sequence[ChatMessage]) -> list[tuple[str, bool]]:
    """Pieces of ``prompt`` with each message's content (found in order) marked."""
    parts: list[tuple[str, bool]] = []
    at = 0
    for message in messages:
        where = prompt.find(message.content, at) if message.content else -1
        if where < 0:
            continue
        if where > at:
            parts.append((prompt[at:where], False))
        parts.append((message.content, True))
        at = where + len(message.content)
    if at < len(prompt):
        parts.append((prompt[at:], False))
    return parts


def choose_template(
    gguf_template: str | None, bos_token: str, eos_token: str, source: str = "gguf"
) -> ChatTemplate:
    """The model's own template (or one given instead, named by ``source``) if it renders
    a simple exchange, else ChatML."""
    if gguf_template:
        candidate = ChatTemplate(gguf_template, source, bos_token, eos_token)
        try:
            probe = [ChatMessage("system", "s"), ChatMessage("user", "u")]
            if "u" in candidate.render(probe):
                return candidate
        except TemplateError:
            pass
        failed = QT_TRANSLATE_NOOP("Engine", "fallback (ChatML): the model's template failed")
        return ChatTemplate(CHATML, failed)
    return ChatTemplate(
        CHATML, QT_TRANSLATE_NOOP("Engine", "fallback (ChatML): the model has no template")
    )
