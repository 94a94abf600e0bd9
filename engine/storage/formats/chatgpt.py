"""ChatGPT's export: ``conversations.json`` in the zip that "Export data" mails.

The file is an array of conversations. Each holds ``mapping``, a tree of nodes by id
(``{"id", "message", "parent", "children"}``; the root's ``message`` is null), and
``current_node``, the leaf the user last saw. Editing a question or regenerating an
answer adds a sibling branch. A message has ``author.role`` (system, user, assistant,
tool), ``content`` (``content_type`` "text" or "multimodal_text" with ``parts``; others
such as browsing results and reasoning are not shown as messages), ``create_time``
(Unix seconds, may be null), ``recipient`` ("all", or a tool's name for a tool call) and
``metadata.model_slug``. OpenAI does not document the JSON; the shape is the one
open-source readers of real exports describe (e.g. mitkury/chatgpt-export-parser,
docs/chatgpt-data-export-format.md, which reports exports of 2,500+ conversations).

The branch shown is the one ending at ``current_node``, followed back to the root; every
other leaf's branch comes in too (``versions``), so an edited question or a regenerated
answer is a version beside the one shown ("‹ 1 / 2 ›"), as in ChatGPT. Tool calls,
tool output and hidden context (custom instructions, memory) are left out; an answer
written in several messages (around a tool call) becomes one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from engine.storage.exchange import (
    NO_MESSAGES,
    BrokenConversation,
    ImportedConversation,
    ImportedMessage,
    damaged,
)
from engine.storage.formats.common import as_object, fallback_key, fenced, seconds, text, title
from engine.types import MessageStatus, Role

KEY_PREFIX = "chatgpt"
NAME = "ChatGPT"
_ROLES: dict[str, Role] = {"user": "user", "assistant": "assistant", "system": "system"}


def looks_like(item: Any) -> bool:
    """Whether ``item`` is shaped like one ChatGPT conversation."""
    return isinstance(item, dict) and "mapping" in item


def convert(item: Any) -> ImportedConversation:
    """One conversation of ``conversations.json``.

    Raises:
        BrokenConversation: it is not shaped like one, or holds no message.
    """
    data = as_object(item)
    mapping = data.get("mapping")
    if not isinstance(mapping, dict):
        raise damaged("mapping")
    nodes = {key: node for key, node in mapping.items() if isinstance(node, dict)}
    started = seconds(data.get("create_time"))
    default_model = text(data.get("default_model_slug"))
    path = _branch(nodes, data.get("current_node"))
    messages = _merged(_messages(path, started or 0.0, default_model))
    if not messages:
        raise BrokenConversation(NO_MESSAGES)
    created = started if started is not None else messages[0].created_at
    updated = seconds(data.get("update_time")) or max(m.created_at for m in messages)
    ident = text(data.get("conversation_id")) or text(data.get("id"))
    first_question = next((m.content for m in messages if m.role == "user"), "")
    return ImportedConversation(
        key=f"{KEY_PREFIX}:{ident}" if ident else fallback_key(KEY_PREFIX, data),
        title=title(data.get("title"), first_question),
        created_at=created,
        updated_at=max(updated, created),
        messages=tuple(messages),
        versions=_other_branches(nodes, path, started or 0.0, default_model),
    )


def _other_branches(
    nodes: dict[str, dict[str, Any]], shown: list[dict[str, Any]], started: float, model: str
) -> tuple[tuple[ImportedMessage, ...], ...]:
    """Each other leaf's branch as messages (the shown one left out), oldest first."""
    shown_leaf = id(shown[-1]) if shown else None
    branches = []
    for key, node in nodes.items():
        if any(c in nodes for c in _children(node)) or id(node) == shown_leaf:
            continue
        messages = _merged(_messages(_branch(nodes, key), started, model))
        if messages:
            branches.append(tuple(messages))
    return tuple(branches)


def _branch(nodes: dict[str, dict[str, Any]], current: Any) -> list[dict[str, Any]]:
    """The nodes from the root to ``current`` (the last leaf if it names none here)."""
    if not isinstance(current, str) or current not in nodes:
        current = _last_leaf(nodes)
    path: list[dict[str, Any]] = []
    seen: set[str] = set()
    while isinstance(current, str) and current in nodes and current not in seen:
        seen.add(current)
        path.append(nodes[current])
        current = nodes[current].get("parent")
    path.reverse()
    return path


def _last_leaf(nodes: dict[str, dict[str, Any]]) -> str | None:
    """From the root, the newest child each time (what the export's UI shows by default)."""
    roots = [key for key, node in nodes.items() if text(node.get("parent")) not in nodes]
    current = roots[0] if roots else next(iter(nodes), None)
    seen: set[str] = set()
    while current is not None and current not in seen:
        seen.add(current)
        children = [c for c in _children(nodes[current]) if c in nodes]
        if not children:
            break
        current = children[-1]
    return current


def _children(node: dict[str, Any]) -> list[str]:
    children = node.get("children")
    return [c for c in children if isinstance(c, str)] if isinstance(children, list) else []


def _messages(
    path: Iterable[dict[str, Any]], started: float, default_model: str
) -> Iterable[ImportedMessage]:
    when = started
    for node in path:
        message = node.get("message")
        if not isinstance(message, dict):
            continue
        when = seconds(message.get("create_time")) or when
        converted = _message(message, when, default_model)
        if converted is not None:
            yield converted


def _message(message: dict[str, Any], when: float, default_model: str) -> ImportedMessage | None:
    """A message the user saw, or None (tool traffic, hidden context, empty)."""
    author = message.get("author")
    role = _ROLES.get(text(author.get("role")) if isinstance(author, dict) else "")
    metadata = message.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    if role is None or metadata.get("is_visually_hidden_from_conversation"):
        return None
    if message.get("recipient") not in (None, "all"):  # a call to a tool
        return None
    content = _content(message.get("content"))
    if not content.strip():
        return None
    if role != "assistant":
        return ImportedMessage(role, content, when)
    model = text(metadata.get("model_slug")) or default_model
    finish = metadata.get("finish_details")
    stopped = isinstance(finish, dict) and finish.get("type") == "interrupted"
    return ImportedMessage(
        role, content, when,
        model=f"{NAME} · {model}" if model else NAME,
        status=MessageStatus.STOPPED if stopped else MessageStatus.COMPLETE,
        origin="cloud",
    )  # fmt: skip


def _content(content: Any) -> str:
    if not isinstance(content, dict):
        return ""
    kind = content.get("content_type")
    if kind in ("text", "multimodal_text"):
        parts = content.get("parts")
        return "\n".join(filter(None, map(_part, parts))) if isinstance(parts, list) else ""
    if kind == "code":
        language = text(content.get("language"))
        return fenced(text(content.get("text")), "" if language == "unknown" else language)
    return ""  # browsing results, reasoning, context the user does not see as messages


def _part(part: Any) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, dict):
        if part.get("content_type") == "audio_transcription":
            return text(part.get("text"))
        if part.get("content_type") == "image_asset_pointer":
            return "[image]"
    return ""


def _merged(messages: Iterable[ImportedMessage]) -> list[ImportedMessage]:
    """Consecutive answers (split around tool calls) as one."""
    merged: list[ImportedMessage] = []
    for message in messages:
        last = merged[-1] if merged else None
        if last is not None and last.role == message.role == "assistant":
            merged[-1] = ImportedMessage(
                "assistant", f"{last.content}\n\n{message.content}", last.created_at,
                model=last.model if last.model != NAME else message.model,
                status=message.status, origin="cloud",
            )  # fmt: skip
        else:
            merged.append(message)
    return merged
