"""Turning messages into the prompt text a model expects.

The model's own chat template (GGUF ``tokenizer.chat_template``) is rendered in a
sandboxed Jinja environment: a template can format text but cannot reach Python
objects, files or the network. When a model has no template, or its template fails,
ChatML is used and the UI says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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

    def render(self, messages: Sequence[ChatMessage], add_generation_prompt: bool = True) -> str:
        """The prompt text for ``messages``.

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
            return template.render(
                messages=payload,
                add_generation_prompt=add_generation_prompt,
                bos_token=self.bos_token,
                eos_token=self.eos_token,
            )
        except JinjaError as exc:
            raise TemplateError(str(exc)) from exc
        except TemplateError:
            raise
        except Exception as exc:  # a template is foreign code: any failure is its own
            raise TemplateError(f"{type(exc).__name__}: {exc}") from exc


def choose_template(gguf_template: str | None, bos_token: str, eos_token: str) -> ChatTemplate:
    """The model's own template if it renders a simple exchange, else ChatML."""
    if gguf_template:
        candidate = ChatTemplate(gguf_template, "gguf", bos_token, eos_token)
        try:
            probe = [ChatMessage("system", "s"), ChatMessage("user", "u")]
            if "u" in candidate.render(probe):
                return candidate
        except TemplateError:
            pass
        return ChatTemplate(CHATML, "fallback (ChatML): the model's template failed")
    return ChatTemplate(CHATML, "fallback (ChatML): the model has no template")
