"""Messages as chat templates read them, as the model process's wire carries them, and as
templates that lack a feature can still take them.

A template reads each message as a dict, in the shape Hugging Face's ``apply_chat_template``
passes: ``role`` and ``content``; an assistant's ``tool_calls`` as ``[{"id", "type":
"function", "function": {"name", "arguments": {…}}}]``; a tool result's ``tool_call_id`` and
``name``. A key is there only when it has a value: templates test ``'tool_calls' in
message`` or ``message.tool_calls is defined``. ``Marks`` puts unique stand-ins in place of
the messages' texts, so the prompt can be split into the template's text and theirs.

Some templates refuse what others take; the adaptations are llama.cpp's (its ``minja``
polyfills), chosen by probing the template (``engine.chat.template.choose_template``):
- without a system role, the system prompt opens the first user turn;
- without tool calls or results, a call becomes the assistant's JSON text and results
  become a user turn.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, get_args

from engine.types import ChatMessage, ChatRole, ToolCall

_ROLES: dict[str, ChatRole] = {role: role for role in get_args(ChatRole)}

#: The private-use characters around a stand-in (no template prints them).
_PRIVATE = ("\ue000", "\ue001")


def parsed_arguments(arguments: str) -> Any:
    """A call's arguments as templates expect them: the JSON object, else the text."""
    try:
        value = json.loads(arguments)
    except ValueError:
        return arguments
    return value if isinstance(value, dict) else arguments


class Marks:
    """Unique stand-ins for the texts of messages, and the texts they stand for.

    The template sees each stand-in instead of the text, so what it prints around them is
    the template's own text, and each stand-in is where a message's text goes.
    """

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(4)
        self.texts: list[str] = []
        self._pattern = re.compile(f"\ue000{self.nonce}:(\\d+)\ue001")

    def _new(self, text: str) -> str:
        self.texts.append(text)
        return f"\ue000{self.nonce}:{len(self.texts) - 1}\ue001"

    def content(self, text: str) -> str:
        """A content's stand-in, its outer white space left outside (templates trim)."""
        core = text.strip()
        if not core:
            return text
        at = text.index(core)
        return text[:at] + self._new(core) + text[at + len(core) :]

    def raw(self, text: str) -> str:
        """A stand-in for a text printed as it is."""
        return self._new(text) if text else text

    def json_string(self, text: str) -> str:
        """A stand-in for a string inside JSON (templates print arguments with ``tojson``)."""
        return self._new(json.dumps(text, ensure_ascii=False)[1:-1]) if text else text

    def split(self, rendered: str) -> list[tuple[str, bool]] | None:
        """``rendered`` as (text, is_message_text) pieces, each stand-in replaced by its
        text; None when the template changed a stand-in (cut, escaped, upper-cased)."""
        pieces = self._pattern.split(rendered)
        if any(mark in piece for piece in pieces[0::2] for mark in _PRIVATE):
            return None
        parts: list[tuple[str, bool]] = []
        for at, piece in enumerate(pieces):
            text = self.texts[int(piece)] if at % 2 else piece
            if text:
                parts.append((text, bool(at % 2)))
        return parts


def _marked_value(value: Any, marks: Marks) -> Any:
    if isinstance(value, str):
        return marks.json_string(value)
    if isinstance(value, dict):
        return {key: _marked_value(item, marks) for key, item in value.items()}
    if isinstance(value, list):
        return [_marked_value(item, marks) for item in value]
    return value


def _arguments(call: ToolCall, marks: Marks | None) -> Any:
    value = parsed_arguments(call.arguments)
    if marks is None:
        return value
    return _marked_value(value, marks) if isinstance(value, dict) else marks.raw(value)


def template_dict(message: ChatMessage, marks: Marks | None = None) -> dict[str, Any]:
    """The dict a template reads for ``message``; with ``marks``, its texts as stand-ins."""
    content = message.content if marks is None else marks.content(message.content)
    view: dict[str, Any] = {"role": message.role, "content": content}
    if message.tool_calls:
        view["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": _arguments(call, marks)},
            }
            for call in message.tool_calls
        ]
    if message.tool_call_id:
        view["tool_call_id"] = message.tool_call_id
    if message.name:
        view["name"] = message.name
    return view


def to_wire(message: ChatMessage) -> dict[str, Any]:
    """``message`` as a JSON object for the model process."""
    wire: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.tool_calls:
        wire["tool_calls"] = [
            {"id": c.id, "name": c.name, "arguments": c.arguments} for c in message.tool_calls
        ]
    if message.tool_call_id:
        wire["tool_call_id"] = message.tool_call_id
    if message.name:
        wire["name"] = message.name
    return wire


def from_wire(wire: dict[str, Any]) -> ChatMessage:
    """The message a JSON object from ``to_wire`` stands for.

    Raises:
        ValueError: it has a role no template knows.
    """
    role = _ROLES.get(str(wire.get("role")))
    if role is None:
        raise ValueError(f"a message has the unknown role {wire.get('role')!r}")
    calls = tuple(
        ToolCall(str(c.get("id", "")), str(c.get("name", "")), str(c.get("arguments", "{}")))
        for c in wire.get("tool_calls") or ()
    )
    return ChatMessage(role, str(wire.get("content", "")), calls,
                       str(wire.get("tool_call_id", "")), str(wire.get("name", "")))  # fmt: skip


def system_folded(messages: Sequence[ChatMessage]) -> list[ChatMessage]:
    """The conversation for a template without a system role: the system prompt opens the
    first user turn (a user turn of its own when there is none)."""
    if not messages or messages[0].role != "system":
        return list(messages)
    system, rest = messages[0], list(messages[1:])
    at = next((i for i, m in enumerate(rest) if m.role == "user"), None)
    if at is None:
        return [ChatMessage("user", system.content), *rest]
    first = rest[at]
    joined = f"{system.content}\n\n{first.content}" if first.content else system.content
    rest[at] = replace(first, content=joined)
    return rest


def _call_text(message: ChatMessage) -> str:
    calls = [
        {"name": c.name, "arguments": parsed_arguments(c.arguments), "id": c.id}
        for c in message.tool_calls
    ]
    text = json.dumps({"tool_calls": calls}, ensure_ascii=False)
    return f"{message.content}\n{text}" if message.content else text


def _result_text(message: ChatMessage) -> str:
    result = {"tool": message.name, "content": message.content}
    if message.tool_call_id:
        result["tool_call_id"] = message.tool_call_id
    return json.dumps({"tool_response": result}, ensure_ascii=False)


def tools_as_text(messages: Sequence[ChatMessage]) -> list[ChatMessage]:
    """The conversation for a template that shows no tool calls or results: each call is
    the assistant's JSON, and each run of results one user turn."""
    adapted: list[ChatMessage] = []
    after_result = False
    for message in messages:
        if message.role == "tool":
            text = _result_text(message)
            if after_result:
                text = f"{adapted.pop().content}\n{text}"
            adapted.append(ChatMessage("user", text))
            after_result = True
            continue
        after_result = False
        calls = message.tool_calls
        adapted.append(ChatMessage(message.role, _call_text(message)) if calls else message)
    return adapted
