"""Claude's export: ``conversations.json`` in the zip that Settings › Privacy › Export
data mails.

The file is an array of conversations: ``uuid``, ``name`` (the title), ``created_at``
and ``updated_at`` (ISO 8601), and ``chat_messages`` in order. A message has ``uuid``,
``sender`` ("human" or "assistant"), ``text`` and ``content`` (blocks: ``{"type":
"text", "text"}``, also "thinking", "tool_use", "tool_result"), ``created_at``, and
``attachments`` (``file_name`` and the ``extracted_content`` Claude read) and ``files``.
Newer exports give each message a ``parent_message_uuid`` and the conversation a
``current_leaf_message_uuid``; then the branch kept is the one ending there. Anthropic
does not document the JSON; the shape is the one open-source readers of real exports
describe (e.g. Sinity/polylogue, docs/providers/claude-ai.md).

Reasoning ("thinking") and tool traffic are left out; an artifact Claude wrote is kept
as a code block, and an attachment's text is kept under the message that sent it.
"""

from __future__ import annotations

from typing import Any

from engine.storage.exchange import (
    NO_MESSAGES,
    BrokenConversation,
    ImportedConversation,
    ImportedMessage,
    damaged,
)
from engine.storage.formats.common import as_object, fallback_key, fenced, seconds, text, title
from engine.types import Role

KEY_PREFIX = "claude"
NAME = "Claude"
_SENDERS: dict[str, Role] = {"human": "user", "user": "user", "assistant": "assistant"}


def looks_like(item: Any) -> bool:
    """Whether ``item`` is shaped like one Claude conversation."""
    return isinstance(item, dict) and "chat_messages" in item


def convert(item: Any) -> ImportedConversation:
    """One conversation of Claude's ``conversations.json``.

    Raises:
        BrokenConversation: it is not shaped like one, or holds no message.
    """
    data = as_object(item)
    raw = data.get("chat_messages")
    if not isinstance(raw, list):
        raise damaged("chat_messages")
    chain, other_branches = _branch(
        [m for m in raw if isinstance(m, dict)], data.get("current_leaf_message_uuid")
    )
    started = seconds(data.get("created_at"))
    model = text(data.get("model"))
    messages: list[ImportedMessage] = []
    when = started or 0.0
    for message in chain:
        when = seconds(message.get("created_at")) or when
        converted = _message(message, when, model)
        if converted is not None:
            messages.append(converted)
    if not messages:
        raise BrokenConversation(NO_MESSAGES)
    created = started if started is not None else messages[0].created_at
    updated = seconds(data.get("updated_at")) or max(m.created_at for m in messages)
    ident = text(data.get("uuid"))
    first_question = next((m.content for m in messages if m.role == "user"), "")
    return ImportedConversation(
        key=f"{KEY_PREFIX}:{ident}" if ident else fallback_key(KEY_PREFIX, data),
        title=title(data.get("name"), first_question),
        created_at=created,
        updated_at=max(updated, created),
        messages=tuple(messages),
        other_branches=other_branches,
    )


def _branch(messages: list[dict[str, Any]], leaf: Any) -> tuple[list[dict[str, Any]], int]:
    """The messages of the branch ending at ``leaf`` and how many other branches there
    are; the list as it is when the export has no parent links."""
    by_id = {text(m.get("uuid")): m for m in messages if text(m.get("uuid"))}
    parents = {text(m.get("parent_message_uuid")) for m in messages}
    if not messages or not (parents - {""}) & by_id.keys():
        return messages, 0
    current = text(leaf) if text(leaf) in by_id else text(messages[-1].get("uuid"))
    chain: list[dict[str, Any]] = []
    while current in by_id and len(chain) < len(by_id):  # the length caps a cycle
        chain.append(by_id[current])
        current = text(by_id[current].get("parent_message_uuid"))
    chain.reverse()
    leaves = sum(1 for key in by_id if key not in parents)
    return chain, max(leaves - 1, 0)


def _message(message: dict[str, Any], when: float, model: str) -> ImportedMessage | None:
    role = _SENDERS.get(text(message.get("sender")))
    if role is None:
        return None
    content = "\n\n".join(filter(None, [_body(message), *_attachments(message)]))
    if not content.strip():
        return None
    if role == "user":
        return ImportedMessage(role, content, when)
    author = f"{NAME} · {model}" if model else NAME
    return ImportedMessage(role, content, when, model=author, origin="cloud")


def _body(message: dict[str, Any]) -> str:
    """The text blocks (and artifacts) of ``content``; else the plain ``text``."""
    blocks = message.get("content")
    if isinstance(blocks, list) and blocks:
        parts = [_block(block) for block in blocks if isinstance(block, dict)]
        joined = "\n\n".join(filter(None, parts))
        if joined.strip():
            return joined
    return text(message.get("text"))


def _block(block: dict[str, Any]) -> str:
    kind = block.get("type")
    if kind == "text":
        return text(block.get("text"))
    made = block.get("input")
    if kind == "tool_use" and block.get("name") == "artifacts" and isinstance(made, dict):
        body = text(made.get("content"))
        if body:
            heading = text(made.get("title"))
            code = fenced(body, text(made.get("language")))
            return f"**{heading}**\n\n{code}" if heading else code
    return ""  # reasoning and tool traffic


def _attachments(message: dict[str, Any]) -> list[str]:
    found: dict[str, str] = {}  # by name: a file may be listed under both keys
    for key in ("attachments", "files"):
        items = message.get(key)
        for attached in items if isinstance(items, list) else ():
            if not isinstance(attached, dict):
                continue
            name = text(attached.get("file_name")) or "file"
            body = text(attached.get("extracted_content"))
            if name not in found or body:
                found[name] = f"📎 {name}\n\n{fenced(body)}" if body else f"📎 {name}"
    return list(found.values())
