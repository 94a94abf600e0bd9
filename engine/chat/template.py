"""Turning messages into the prompt text a model expects.

The model's own chat template (GGUF ``tokenizer.chat_template``) is rendered in a sandboxed
Jinja environment (``engine.chat.jinja_sandbox``): a template can format text but cannot
reach Python objects, files or the network. A template that has no system role, or shows no
tool calls, is probed once and given the conversation in a shape it takes
(``engine.chat.template_messages``). When a model has no template, or its template fails,
ChatML is used and the UI says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from engine.chat import template_messages as views
from engine.chat.jinja_sandbox import TemplateError, compiled
from engine.i18n import QT_TRANSLATE_NOOP
from engine.types import ChatMessage, ToolCall

__all__ = ["CHATML", "ChatTemplate", "TemplateError", "choose_template"]

CHATML = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

#: Tool definitions as chat templates take them (OpenAI's ``{"type": "function", …}``).
Tools = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class ChatTemplate:
    """A chat template; ``source`` says where it came from."""

    text: str
    source: str
    bos_token: str = ""
    eos_token: str = ""
    #: It has no system role: the system prompt opens the first user turn.
    fold_system: bool = False
    #: It shows no tool calls or results: they go in as text turns.
    tools_as_text: bool = False

    def adapted(self, messages: Sequence[ChatMessage]) -> list[ChatMessage]:
        """``messages`` in the shape this template takes."""
        shaped = views.tools_as_text(messages) if self.tools_as_text else list(messages)
        return views.system_folded(shaped) if self.fold_system else shaped

    def render(
        self,
        messages: Sequence[ChatMessage],
        add_generation_prompt: bool = True,
        tools: Tools | None = None,
        thinking: bool = True,
    ) -> str:
        """The prompt text for ``messages`` (``thinking=False``: the template is told
        ``enable_thinking=False``, which turns a reasoning model's thinking off where
        its template knows the flag, as Qwen3's does).

        Raises:
            TemplateError: the template rejected the messages or is broken.
        """
        payload = [views.template_dict(m) for m in self.adapted(messages)]
        return self._render(payload, add_generation_prompt, tools, thinking)

    def _render(
        self,
        payload: list[dict[str, Any]],
        add_generation_prompt: bool,
        tools: Tools | None,
        thinking: bool = True,
    ) -> str:
        from jinja2 import TemplateError as JinjaError

        flags = {} if thinking else {"enable_thinking": False}
        try:
            return str(
                compiled(self.text).render(
                    messages=payload,
                    tools=[dict(tool) for tool in tools] if tools else None,
                    add_generation_prompt=add_generation_prompt,
                    bos_token=self.bos_token,
                    eos_token=self.eos_token,
                    **flags,
                )
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
        tools: Tools | None = None,
        thinking: bool = True,
    ) -> list[tuple[str, bool]]:
        """The prompt as (text, is_message_text) pieces, in order.

        The model process tokenizes the template's own text with special tokens parsed
        and every message's text (its content, the texts in its tool calls' arguments) as
        plain text. So a document or a message that contains ``<|im_start|>system`` stays
        text and cannot open a turn of its own (a prompt injection through the tokenizer).
        Texts go through the template as unique stand-ins; a template that alters a
        stand-in (cuts or escapes it) is rendered with the real texts, each content then
        found in the prompt.

        Raises:
            TemplateError: the template failed, or it rewrote a message's text so that it
                cannot be told apart from the template's own.
        """
        shaped = self.adapted(messages)
        marks = views.Marks()
        payload = [views.template_dict(m, marks) for m in shaped]
        parts = marks.split(self._render(payload, add_generation_prompt, tools, thinking))
        if parts is not None:
            return parts
        real = [views.template_dict(m) for m in shaped]
        return _located(self._render(real, add_generation_prompt, tools, thinking), shaped)


def _located(prompt: str, messages: Sequence[ChatMessage]) -> list[tuple[str, bool]]:
    """Pieces of ``prompt`` with each message's content (found in order) marked.

    Raises:
        TemplateError: a content is not in the prompt as it is, nor trimmed.
    """
    parts: list[tuple[str, bool]] = []
    at = 0
    for message in messages:
        text = message.content.strip()
        if not text:
            continue
        where = prompt.find(text, at)
        if where < 0:
            raise TemplateError("the template rewrites message text")
        if where > at:
            parts.append((prompt[at:where], False))
        parts.append((text, True))
        at = where + len(text)
    if at < len(prompt):
        parts.append((prompt[at:], False))
    return parts


#: Texts the probes look for (no template prints them of itself).
_SYSTEM_PROBE = "Probe system text 7e1f"
_USER_PROBE = "Probe user text 7e1f"
_RESULT_PROBE = "Probe tool result 7e1f"
_TOOL_PROBE = "probe_tool_7e1f"


def _shows(template: ChatTemplate, messages: list[ChatMessage], *wanted: str) -> bool:
    try:
        text = template.render(messages)
    except TemplateError:
        return False
    return all(w in text for w in wanted)


def _shows_tools(template: ChatTemplate) -> bool:
    """Whether the template shows a tool call and its result (ids of 9 letters and digits,
    as Mistral's templates demand)."""
    call = ToolCall("probe7e1f", _TOOL_PROBE, '{"query": "x"}')
    exchange = [
        ChatMessage("user", _USER_PROBE),
        ChatMessage("assistant", "", (call,)),
        ChatMessage("tool", _RESULT_PROBE, tool_call_id=call.id, name=call.name),
    ]
    return _shows(template, exchange, _USER_PROBE, _TOOL_PROBE, _RESULT_PROBE)


def choose_template(
    gguf_template: str | None, bos_token: str, eos_token: str, source: str = "gguf"
) -> ChatTemplate:
    """The model's own template (or one given instead, named by ``source``) if it renders
    a simple exchange, else ChatML; probed for a system role and for tool calls."""
    if not gguf_template:
        return ChatTemplate(
            CHATML, QT_TRANSLATE_NOOP("Engine", "fallback (ChatML): the model has no template")
        )
    candidate = ChatTemplate(gguf_template, source, bos_token, eos_token)
    probe = [ChatMessage("system", _SYSTEM_PROBE), ChatMessage("user", _USER_PROBE)]
    if not _shows(candidate, probe, _SYSTEM_PROBE, _USER_PROBE):
        candidate = replace(candidate, fold_system=True)
        if not _shows(candidate, probe, _SYSTEM_PROBE, _USER_PROBE):
            failed = QT_TRANSLATE_NOOP("Engine", "fallback (ChatML): the model's template failed")
            return ChatTemplate(CHATML, failed)
    return replace(candidate, tools_as_text=not _shows_tools(candidate))
