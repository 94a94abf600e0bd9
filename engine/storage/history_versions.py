"""Reply versions: a conversation's messages as a tree, shown along one path.

Each message names the one it follows (``parent_id``: 0 for a first message, NULL for
one saved before versions existed, which follows the message before it by id). A
conversation shows the path from its first message to its ``leaf_id`` (NULL: its last
message). Regenerate and edit-and-resend add a *sibling* of the message they replace
(:meth:`VersionedHistory.branch_from` moves the leaf back first), so the earlier reply
stays on disk and reachable: "1 / 2" under the message, ‹ › to step between them
(:meth:`VersionedHistory.step_version`). A fork copies the path up to a message into a
new conversation. Nothing here ever deletes a message.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence

from engine.errors import StorageError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library import wire
from engine.storage import checks, tool_blocks
from engine.storage.sqlite_store import SqliteStore
from engine.types import MessageStatus, StoredMessage

_GONE = QT_TRANSLATE_NOOP("Engine", "That message no longer exists.")


def tree_parents(rows: Sequence[sqlite3.Row]) -> dict[int, int]:
    """Each message's parent (0: none), from rows in id order."""
    parents: dict[int, int] = {}
    previous = 0
    for row in rows:
        parent = row["parent_id"]
        parents[row["id"]] = previous if parent is None else int(parent)
        previous = row["id"]
    return parents


def children_of(parents: dict[int, int]) -> dict[int, list[int]]:
    """Each message's children, oldest first (key 0: the first messages)."""
    children: dict[int, list[int]] = {0: []}
    for message_id in sorted(parents):
        children.setdefault(parents[message_id], []).append(message_id)
    return children


def path_to(parents: dict[int, int], leaf: int | None) -> list[int]:
    """The messages from the first one to ``leaf`` (None or unknown: the last message)."""
    if leaf is None or (leaf != 0 and leaf not in parents):
        leaf = max(parents, default=0)
    path: list[int] = []
    seen: set[int] = set()
    node = leaf
    while node and node in parents and node not in seen:
        seen.add(node)
        path.append(node)
        node = parents[node]
    path.reverse()
    return path


def newest_leaf(children: dict[int, list[int]], start: int) -> int:
    """The end of the newest line of messages that goes on from ``start``."""
    node = start
    while children.get(node):
        node = children[node][-1]
    return node


def message_from_row(row: sqlite3.Row, version: int = 1, versions: int = 1) -> StoredMessage:
    return StoredMessage(
        id=row["id"],
        conversation_id=row["conversation_id"],
        role=row["role"],
        content=row["content"],
        status=MessageStatus(row["status"]),
        created_at=row["created_at"],
        model=row["model"],
        error=row["error"],
        sources=tuple(wire.passage(p) for p in json.loads(row["sources"] or "[]")),
        origin=row["origin"],
        kind=row["kind"],
        thinking=row["thinking"],
        thought_s=row["thought_s"],
        check=checks.from_json(row["checks"]),
        version=version,
        versions=versions,
        tool_calls=tool_blocks.from_json(row["tools"]),
    )


def leaf_of(db: sqlite3.Connection, conversation_id: int) -> int:
    """The message a new one follows (inside the caller's transaction; 0: none)."""
    row = db.execute("SELECT leaf_id FROM conversations WHERE id=?", (conversation_id,)).fetchone()
    leaf = None if row is None else row[0]
    if leaf is not None:
        if leaf == 0:
            return 0
        found = db.execute(
            "SELECT 1 FROM messages WHERE id=? AND conversation_id=?", (leaf, conversation_id)
        ).fetchone()
        if found is not None:
            return int(leaf)
    last = db.execute(
        "SELECT max(id) FROM messages WHERE conversation_id=?", (conversation_id,)
    ).fetchone()
    return int(last[0] or 0)


_COPIED = (
    "role, content, CASE status WHEN 'streaming' THEN 'interrupted' ELSE status END,"
    " created_at, model, error, sources, kind, origin, thinking, thought_s, checks, tools"
)
_COPIED_INTO = (
    "role, content, status, created_at, model, error, sources, kind, origin, thinking,"
    " thought_s, checks, tools"
)
_CONVERSATION_COPIED = (
    "scope, cloud_policy, cloud_use, cloud_allowed, thinking, project_id, persona_id"
)


class VersionedHistory(SqliteStore):
    """The part of the history that keeps every version of a turn."""

    def _tree(self, conversation_id: int) -> tuple[list[sqlite3.Row], dict[int, int], int | None]:
        rows = self._query(
            "SELECT * FROM messages WHERE conversation_id=? ORDER BY id", (conversation_id,)
        )
        leaf = self._query("SELECT leaf_id FROM conversations WHERE id=?", (conversation_id,))
        return rows, tree_parents(rows), (leaf[0]["leaf_id"] if leaf else None)

    def messages(self, conversation_id: int) -> list[StoredMessage]:
        """The messages shown: the path to the version chosen last, each with its place
        among its versions."""
        rows, parents, leaf = self._tree(conversation_id)
        by_id = {row["id"]: row for row in rows}
        children = children_of(parents)
        shown = []
        for message_id in path_to(parents, leaf):
            siblings = children[parents[message_id]]
            shown.append(
                message_from_row(by_id[message_id], siblings.index(message_id) + 1, len(siblings))
            )
        return shown

    def message(self, message_id: int) -> StoredMessage | None:
        rows = self._query("SELECT * FROM messages WHERE id=?", (message_id,))
        if not rows:
            return None
        shown = self.messages(rows[0]["conversation_id"])
        return next((m for m in shown if m.id == message_id), message_from_row(rows[0]))

    def all_message_count(self, conversation_id: int) -> int:
        """Every message kept, shown or not (each version of each turn)."""
        rows = self._query(
            "SELECT count(*) AS n FROM messages WHERE conversation_id=?", (conversation_id,)
        )
        return int(rows[0]["n"])

    def branch_from(self, conversation_id: int, message_id: int) -> None:
        """Make the next message a new version of ``message_id`` (it and what follows it
        stay, reachable as the earlier version)."""
        _rows, parents, _leaf = self._tree(conversation_id)
        if message_id not in parents:
            raise StorageError(_GONE)
        self._set_leaf(conversation_id, parents[message_id])

    def step_version(self, message_id: int, step: int) -> bool:
        """Show the version ``step`` places after (or before) the message's own, with the
        newest line of messages that follows it. False: there is none."""
        rows = self._query("SELECT conversation_id FROM messages WHERE id=?", (message_id,))
        if not rows:
            return False
        conversation_id = rows[0]["conversation_id"]
        _rows, parents, _leaf = self._tree(conversation_id)
        children = children_of(parents)
        siblings = children[parents[message_id]]
        at = siblings.index(message_id) + step
        if not 0 <= at < len(siblings):
            return False
        self._set_leaf(conversation_id, newest_leaf(children, siblings[at]))
        return True

    def _set_leaf(self, conversation_id: int, leaf: int) -> None:
        with self._transaction() as db:
            db.execute("UPDATE conversations SET leaf_id=? WHERE id=?", (leaf, conversation_id))

    def fork(self, conversation_id: int, message_id: int, title: str) -> int:
        """A new conversation (``title``) holding the shown messages up to and including
        ``message_id``, with the same scope, project, persona and cloud choice; its id."""
        shown = [m.id for m in self.messages(conversation_id)]
        if message_id not in shown:
            raise StorageError(_GONE)
        now = time.time()
        with self._transaction() as db:
            cursor = db.execute(
                f"INSERT INTO conversations(title, created_at, updated_at, {_CONVERSATION_COPIED})"
                f" SELECT ?, ?, ?, {_CONVERSATION_COPIED} FROM conversations WHERE id=?",
                (title, now, now, conversation_id),
            )
            fork_id = int(cursor.lastrowid or 0)
            parent = 0
            for original in shown[: shown.index(message_id) + 1]:
                row = db.execute(
                    f"INSERT INTO messages(conversation_id, parent_id, {_COPIED_INTO})"
                    f" SELECT ?, ?, {_COPIED} FROM messages WHERE id=?",
                    (fork_id, parent, original),
                )
                parent = int(row.lastrowid or 0)
            db.execute("UPDATE conversations SET leaf_id=? WHERE id=?", (parent, fork_id))
        return fork_id
