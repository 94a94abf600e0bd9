"""Conversations moving into the history from an export, and the keys that make it idempotent.

An imported conversation arrives as an :class:`ImportedConversation` (every format module
of :mod:`engine.storage.formats` makes one) with a stable ``key``: the source and its own
id (``chatgpt:<id>``, ``claude:<uuid>``, ``hisho:<uuid>``). The ``exchange_keys`` table
(migration :func:`add_exchange_keys`) remembers the key of each conversation that has one,
so importing the same file again adds nothing. A conversation made here gets a
``hisho:`` key when it is first exported, so importing Hisho's own export back into the
same history adds nothing either. Deleting a conversation deletes its key (a later
import brings it back, as the user asked for).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Passage, Scope
from engine.library.wire import to_wire
from engine.types import CloudChoice, MessageStatus, Role


class BrokenConversation(ValueError):
    """One conversation of an export could not be read; ``str()`` says why, short: one of
    the reasons below (marked for translation)."""


NO_MESSAGES = QT_TRANSLATE_NOOP("Engine", "no messages")
NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Engine", "not a JSON object")
DAMAGED_FIELD = QT_TRANSLATE_NOOP("Engine", "its “{field}” is missing or damaged")


def damaged(field: str) -> BrokenConversation:
    return BrokenConversation(DAMAGED_FIELD.format(field=field))


@dataclass(frozen=True, slots=True)
class ImportedMessage:
    """One message as an export holds it, in the history's terms."""

    role: Role
    content: str
    created_at: float
    model: str = ""
    status: MessageStatus = MessageStatus.COMPLETE
    error: str = ""
    sources: tuple[Passage, ...] = ()
    origin: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class ImportedConversation:
    """One conversation read from an export, ready to be added."""

    key: str
    title: str
    created_at: float
    updated_at: float
    messages: tuple[ImportedMessage, ...]
    scope: Scope | None = None
    cloud: CloudChoice = field(default_factory=CloudChoice)
    #: Branches of the export's tree left out (edited questions, regenerated answers).
    other_branches: int = 0
    #: Other branches brought in, each from the first message to its leaf: where one
    #: parts from ``messages`` it becomes a version beside it ("‹ 1 / 2 ›").
    versions: tuple[tuple[ImportedMessage, ...], ...] = ()


def add_exchange_keys(db: sqlite3.Connection) -> None:
    """Migration: a stable key per imported (or exported) conversation.

    A table of its own, so the step stands alone: existing rows are untouched.
    """
    db.execute(
        """CREATE TABLE exchange_keys(
               key TEXT PRIMARY KEY,
               conversation_id INTEGER NOT NULL UNIQUE
                   REFERENCES conversations(id) ON DELETE CASCADE)"""
    )


def has_key(db: sqlite3.Connection, key: str) -> bool:
    return db.execute("SELECT 1 FROM exchange_keys WHERE key=?", (key,)).fetchone() is not None


def insert(db: sqlite3.Connection, conversation: ImportedConversation) -> int | None:
    """Add ``conversation`` with its messages (inside the caller's transaction); None
    when a conversation with its key is already here."""
    if has_key(db, conversation.key):
        return None
    cloud = conversation.cloud
    scope = conversation.scope
    cursor = db.execute(
        "INSERT INTO conversations(title, created_at, updated_at, scope, cloud_policy,"
        " cloud_use, cloud_allowed) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            conversation.title,
            conversation.created_at,
            conversation.updated_at,
            "" if scope is None else json.dumps(to_wire(scope), ensure_ascii=False),
            cloud.policy,
            int(cloud.use_cloud),
            int(cloud.allowed),
        ),
    )
    conversation_id = int(cursor.lastrowid or 0)
    added: dict[tuple[int, ImportedMessage], int] = {}  # (parent, message) -> its id
    for branch in conversation.versions:  # first: the branch shown is the newest version
        _insert_branch(db, conversation_id, branch, added)
    leaf = _insert_branch(db, conversation_id, conversation.messages, added)
    db.execute("UPDATE conversations SET leaf_id=? WHERE id=?", (leaf, conversation_id))
    db.execute(
        "INSERT INTO exchange_keys(key, conversation_id) VALUES (?, ?)",
        (conversation.key, conversation_id),
    )
    return conversation_id


def _insert_branch(
    db: sqlite3.Connection,
    conversation_id: int,
    branch: Iterable[ImportedMessage],
    added: dict[tuple[int, ImportedMessage], int],
) -> int:
    """Add the messages of one branch that are not in the history yet (a shared start
    is added once), each after the one before it; the id of its last message."""
    parent = 0
    for message in branch:
        known = added.get((parent, message))
        if known is None:
            cursor = db.execute(
                "INSERT INTO messages(conversation_id, role, content, status, created_at, model,"
                " error, sources, origin, kind, parent_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*_message_row(conversation_id, message), parent),
            )
            known = added[(parent, message)] = int(cursor.lastrowid or 0)
        parent = known
    return parent


def _message_row(conversation_id: int, message: ImportedMessage) -> tuple[object, ...]:
    status = message.status
    if status is MessageStatus.STREAMING:  # caught mid-reply by the export
        status = MessageStatus.INTERRUPTED
    sources = (
        json.dumps(to_wire(list(message.sources)), ensure_ascii=False) if message.sources else ""
    )
    return (
        conversation_id, message.role, message.content, status.value, message.created_at,
        message.model, message.error, sources, message.origin, message.kind,
    )  # fmt: skip


def keys_for(db: sqlite3.Connection, conversation_ids: Iterable[int]) -> dict[int, str]:
    """The key of each conversation; one that has none gets a new ``hisho:`` key
    (inside the caller's transaction)."""
    found: dict[int, str] = {}
    for conversation_id in conversation_ids:
        row = db.execute(
            "SELECT key FROM exchange_keys WHERE conversation_id=?", (conversation_id,)
        ).fetchone()
        if row is None:
            key = f"hisho:{uuid.uuid4()}"
            db.execute(
                "INSERT INTO exchange_keys(key, conversation_id) VALUES (?, ?)",
                (key, conversation_id),
            )
        else:
            key = row[0]
        found[conversation_id] = key
    return found
