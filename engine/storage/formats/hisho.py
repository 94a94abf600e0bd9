"""Hisho's own export: every conversation, in full, as one JSON file (format version 1).

The Markdown export is for reading; this one is for moving a history (another computer,
a backup a person can read) and comes back whole: an export imported into an empty
history gives the same conversations, and exported again, the same file. The file::

    {"format": "hisho-conversations", "version": 1, "exported_at": <Unix seconds>,
     "app_version": "…",
     "conversations": [
       {"key": "hisho:<uuid>" (or the key it was imported with, "chatgpt:<id>" …),
        "title", "created_at", "updated_at" (Unix seconds),
        "scope": null | {"library", "path"},
        "cloud": {"policy", "use_cloud", "allowed"},
        "messages": [{"role", "content", "status", "created_at", "model", "error",
                      "origin", "kind", "sources": [<passage>, …]}, …]},
       …]}

``format`` and ``version`` come first, ``conversations`` last, so a reader streams it.
A reader of version 1 ignores keys it does not know.
"""

from __future__ import annotations

from typing import Any

from engine.library import wire
from engine.library.types import Scope
from engine.library.wire import to_wire
from engine.storage.exchange import ImportedConversation, ImportedMessage, damaged
from engine.storage.formats.common import as_object
from engine.types import CloudChoice, Conversation, MessageStatus, Role, StoredMessage

FORMAT = "hisho-conversations"
VERSION = 1
NAME = "Hisho"
_ROLES: tuple[Role, ...] = ("system", "user", "assistant")


def is_header(header: dict[str, Any]) -> bool:
    """Whether a document's top-level keys say it is a Hisho export."""
    return header.get("format") == FORMAT


def header(exported_at: float, app_version: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at,
        "app_version": app_version,
    }


def conversation_json(
    conversation: Conversation, messages: list[StoredMessage], key: str
) -> dict[str, Any]:
    """One conversation as the export writes it."""
    cloud = conversation.cloud
    return {
        "key": key,
        "title": conversation.title,
        "created_at": conversation.created_at,
        "updated_at": conversation.updated_at,
        "scope": None if conversation.scope is None else to_wire(conversation.scope),
        "cloud": {"policy": cloud.policy, "use_cloud": cloud.use_cloud, "allowed": cloud.allowed},
        "messages": [_message_json(m) for m in messages],
    }


def _message_json(message: StoredMessage) -> dict[str, Any]:
    return {
        "role": message.role,
        "content": message.content,
        "status": message.status.value,
        "created_at": message.created_at,
        "model": message.model,
        "error": message.error,
        "origin": message.origin,
        "kind": message.kind,
        "sources": to_wire(list(message.sources)),
    }


def convert(item: Any) -> ImportedConversation:
    """One conversation of a Hisho export.

    Raises:
        BrokenConversation: a field is missing or of the wrong type.
    """
    data = as_object(item)
    key = _field(data, "key", str)
    if ":" not in key:
        raise damaged("key")
    raw = _field(data, "messages", list)
    messages = tuple(_message(m, f"messages[{n}]") for n, m in enumerate(raw))
    cloud = data.get("cloud", {})
    if not isinstance(cloud, dict):
        raise damaged("cloud")
    return ImportedConversation(
        key=key,
        title=_field(data, "title", str),
        created_at=_time(data, "created_at"),
        updated_at=_time(data, "updated_at"),
        messages=messages,
        scope=_scope(data.get("scope")),
        cloud=CloudChoice(
            str(cloud.get("policy", "")), bool(cloud.get("use_cloud")), bool(cloud.get("allowed"))
        ),
    )


def _message(data: Any, where: str) -> ImportedMessage:
    if not isinstance(data, dict):
        raise damaged(where)
    role = data.get("role")
    if role not in _ROLES:
        raise damaged(f"{where}.role")
    try:
        status = MessageStatus(data.get("status", "complete"))
    except ValueError:
        raise damaged(f"{where}.status") from None
    try:
        sources = tuple(wire.passage(p) for p in data.get("sources") or ())
    except TypeError:
        raise damaged(f"{where}.sources") from None
    return ImportedMessage(
        role=role,
        content=_field(data, "content", str, where),
        created_at=_time(data, "created_at", where),
        model=str(data.get("model", "")),
        status=status,
        error=str(data.get("error", "")),
        sources=sources,
        origin=str(data.get("origin", "")),
        kind=str(data.get("kind", "")),
    )


def _field(data: dict[str, Any], name: str, kind: type[Any], where: str = "") -> Any:
    value = data.get(name)
    if not isinstance(value, kind):
        raise damaged(f"{where}.{name}" if where else name)
    return value


def _time(data: dict[str, Any], name: str, where: str = "") -> float:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise damaged(f"{where}.{name}" if where else name)
    return float(value)


def _scope(value: Any) -> Scope | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise damaged("scope")
    library, path = value.get("library"), value.get("path")
    if not all(v is None or isinstance(v, str) for v in (library, path)):
        raise damaged("scope")
    return Scope(library, path)
