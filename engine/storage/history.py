"""Conversation history in SQLite: nothing the user saw as sent is ever lost.

WAL journal with ``synchronous=FULL``: a row is on disk when its call returns, so a
``kill -9`` right after loses nothing. The user's message is saved before generation
starts; the reply row is created at once and updated while it streams, so even a
crash mid-reply keeps what was shown (marked "interrupted" at the next start).

Messages form a tree (engine.storage.history_versions): Regenerate and edit-and-resend
add a version beside the one they replace. Projects, pins, personas and the user's
prompts live in engine.storage.history_organize.

The schema grows through ``MIGRATIONS`` (engine.storage.history_schema), an ordered list
of small functions;
``PRAGMA user_version`` records how many have run.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from engine.errors import StorageError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Passage, Scope
from engine.library.wire import to_wire
from engine.storage import checks, exchange, tool_blocks
from engine.storage.exchange import ImportedConversation
from engine.storage.history_organize import OrganizedHistory
from engine.storage.history_schema import MIGRATIONS
from engine.storage.history_versions import VersionedHistory, leaf_of
from engine.types import (
    AnswerCheck,
    CloudChoice,
    Conversation,
    MessageStatus,
    Role,
    SearchHit,
    StoredMessage,
    ToolBlock,
)

DEFAULT_TITLE = QT_TRANSLATE_NOOP("Engine", "New conversation")  # stored; shown translated


_CONVERSATION_COLUMNS = (
    "id, title, created_at, updated_at, scope, cloud_policy, cloud_use, cloud_allowed, thinking,"
    " project_id, pinned, persona_id"
)


class History(VersionedHistory, OrganizedHistory):
    """The history database. Safe to call from several threads (one lock, one connection)."""

    what = QT_TRANSLATE_NOOP("Engine", "the conversation history")

    def __init__(self, path: Path) -> None:
        super().__init__(path, MIGRATIONS)
        self._mark_interrupted()

    def _mark_interrupted(self) -> None:
        with self._transaction():
            self._db.execute(
                "UPDATE messages SET status=? WHERE status=?",
                (MessageStatus.INTERRUPTED.value, MessageStatus.STREAMING.value),
            )

    # --- conversations ---------------------------------------------------------------

    def create_conversation(self, title: str = DEFAULT_TITLE) -> Conversation:
        now = time.time()
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO conversations(title, created_at, updated_at) VALUES (?, ?, ?)",
                (title, now, now),
            )
        return Conversation(int(cursor.lastrowid or 0), title, now, now)

    def conversations(self) -> list[Conversation]:
        """All conversations, pinned ones first, then most recently used first."""
        rows = self._query(
            f"SELECT {_CONVERSATION_COLUMNS} FROM conversations"
            " ORDER BY pinned DESC, updated_at DESC, id DESC"
        )
        return [_conversation(r) for r in rows]

    def conversation(self, conversation_id: int) -> Conversation | None:
        rows = self._query(
            f"SELECT {_CONVERSATION_COLUMNS} FROM conversations WHERE id=?",
            (conversation_id,),
        )
        return _conversation(rows[0]) if rows else None

    def set_scope(self, conversation_id: int, scope: Scope | None) -> None:
        """Make the conversation's questions draw on ``scope`` (None: plain chat)."""
        value = "" if scope is None else json.dumps(to_wire(scope), ensure_ascii=False)
        with self._transaction() as db:
            db.execute("UPDATE conversations SET scope=? WHERE id=?", (value, conversation_id))

    def set_cloud(self, conversation_id: int, choice: CloudChoice) -> None:
        """Keep the conversation's own cloud policy, choice and consent."""
        with self._transaction() as db:
            db.execute(
                "UPDATE conversations SET cloud_policy=?, cloud_use=?, cloud_allowed=? WHERE id=?",
                (choice.policy, int(choice.use_cloud), int(choice.allowed), conversation_id),
            )

    def set_thinking(self, conversation_id: int, on: bool) -> None:
        """Let a reasoning model think before it answers in this conversation, or not."""
        with self._transaction() as db:
            db.execute("UPDATE conversations SET thinking=? WHERE id=?", (int(on), conversation_id))

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        title = " ".join(title.split()) or DEFAULT_TITLE
        with self._transaction() as db:
            db.execute("UPDATE conversations SET title=? WHERE id=?", (title, conversation_id))

    def delete_conversation(self, conversation_id: int) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM messages WHERE conversation_id=?", (conversation_id,))
            db.execute("DELETE FROM conversations WHERE id=?", (conversation_id,))

    # --- messages ------------------------------------------------------------------

    def append_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        status: MessageStatus = MessageStatus.COMPLETE,
        model: str = "",
        kind: str = "",
    ) -> StoredMessage:
        """Add a message after the one shown last; it is on disk when this returns. A
        first user message names a still-untitled conversation."""
        now = time.time()
        with self._transaction() as db:
            parent = leaf_of(db, conversation_id)
            cursor = db.execute(
                "INSERT INTO messages(conversation_id, role, content, status, created_at, model,"
                " kind, parent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, role, content, status.value, now, model, kind, parent),
            )
            db.execute(
                "UPDATE conversations SET updated_at=?, leaf_id=? WHERE id=?",
                (now, cursor.lastrowid, conversation_id),
            )
            if role == "user":
                db.execute(
                    "UPDATE conversations SET title=? WHERE id=? AND title=?",
                    (title_from(content), conversation_id, DEFAULT_TITLE),
                )
        return StoredMessage(
            int(cursor.lastrowid or 0), conversation_id, role, content, status, now, model,
            kind=kind,
        )  # fmt: skip

    def set_sources(self, message_id: int, sources: Sequence[Passage]) -> None:
        value = json.dumps(to_wire(list(sources)), ensure_ascii=False) if sources else ""
        with self._transaction() as db:
            db.execute("UPDATE messages SET sources=? WHERE id=?", (value, message_id))

    def set_check(self, message_id: int, check: AnswerCheck) -> None:
        """Keep a reply's check with it, so a reopened conversation shows the same marks."""
        with self._transaction() as db:
            db.execute(
                "UPDATE messages SET checks=? WHERE id=?", (checks.to_json(check), message_id)
            )

    def set_tool_calls(self, message_id: int, blocks: Sequence[ToolBlock]) -> None:
        """Keep the tools a reply called with it (a reopened conversation shows them)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE messages SET tools=? WHERE id=?",
                (tool_blocks.to_json(list(blocks)), message_id),
            )

    def set_author(self, message_id: int, model: str, origin: str) -> None:
        """Say who wrote a reply: ``model`` ("OpenAI · gpt-4o-mini") and ``origin``
        ("cloud", or "" for the local model)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE messages SET model=?, origin=? WHERE id=?", (model, origin, message_id)
            )

    def update_message(
        self,
        message_id: int,
        content: str,
        status: MessageStatus,
        error: str = "",
        thinking: str | None = None,
        thought_s: float | None = None,
    ) -> None:
        """Save a reply's text and status (and its thinking, and how long that took,
        unless None: kept as they are)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE messages SET content=?, status=?, error=?,"
                " thinking=coalesce(?, thinking), thought_s=coalesce(?, thought_s) WHERE id=?",
                (content, status.value, error, thinking, thought_s, message_id),
            )

    def delete_messages_from(self, conversation_id: int, message_id: int) -> None:
        """Delete ``message_id`` and every later message of the conversation
        (edit-and-resend and regenerate replace what followed)."""
        with self._transaction() as db:
            db.execute(
                "DELETE FROM messages WHERE conversation_id=? AND id>=?",
                (conversation_id, message_id),
            )

    # --- imports and exports -------------------------------------------------------

    def add_imported(self, batch: Sequence[ImportedConversation]) -> list[int | None]:
        """Add conversations read from an export, in one transaction. A conversation whose
        key is already here is left alone (its entry is None): importing twice adds nothing."""
        with self._transaction() as db:
            return [exchange.insert(db, conversation) for conversation in batch]

    def exchange_keys(self, conversation_ids: Sequence[int]) -> dict[int, str]:
        """Each conversation's stable key for an export (new ones are made and kept)."""
        with self._transaction() as db:
            return exchange.keys_for(db, conversation_ids)

    # --- search and export ---------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Conversations whose title or messages contain ``query`` (case-insensitive,
        any language: works without spaces between words)."""
        query = " ".join(query.split())
        if not query:
            return []
        like = "%" + re.sub(r"([%_\\])", r"\\\1", query) + "%"
        if len(query) >= 3:
            phrase = '"' + query.replace('"', '""') + '"'
            matches = self._query(
                "SELECT m.conversation_id AS cid, m.content AS content FROM messages_fts f "
                "JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ? ORDER BY m.id",
                (phrase,),
            )
        else:  # trigrams need three characters; two-character words use a scan
            matches = self._query(
                "SELECT conversation_id AS cid, content FROM messages "
                "WHERE content LIKE ? ESCAPE '\\' ORDER BY id",
                (like,),
            )
        snippets: dict[int, str] = {}
        for row in matches:
            snippets.setdefault(row["cid"], _snippet(row["content"], query))
        for row in self._query(
            "SELECT id, title FROM conversations WHERE title LIKE ? ESCAPE '\\'", (like,)
        ):
            snippets.setdefault(row["id"], row["title"])
        hits = [
            SearchHit(conversation, snippets[conversation.id])
            for conversation in self.conversations()
            if conversation.id in snippets
        ]
        return hits[:limit]

    def export_markdown(self, conversation_id: int, thinking: bool = False) -> str:
        """The conversation as a Markdown document (with each answer's thinking, folded
        in a ``<details>`` block, when ``thinking``)."""
        conversation = self.conversation(conversation_id)
        if conversation is None:
            raise StorageError(QT_TRANSLATE_NOOP("Engine", "That conversation no longer exists."))
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(conversation.created_at))
        parts = [f"# {conversation.title}", "", f"*{stamp}*", ""]
        names = {"user": "You", "assistant": "Hisho", "system": "System"}
        for message in self.messages(conversation_id):
            label = names[message.role]
            if message.status in (MessageStatus.STOPPED, MessageStatus.INTERRUPTED):
                label += f" ({message.status.value})"
            parts += [f"## {label}", ""]
            if thinking and message.thinking:
                seconds = f" for {round(message.thought_s)} s" if message.thought_s >= 1 else ""
                parts += [f"<details><summary>Thought{seconds}</summary>", "",
                          message.thinking.strip(), "", "</details>", ""]  # fmt: skip
            parts += [message.content.rstrip(), ""]
        return "\n".join(parts)


def _conversation(row: sqlite3.Row) -> Conversation:
    scope = None
    if row["scope"]:
        data = json.loads(row["scope"])
        scope = Scope(data.get("library"), data.get("path"))
    cloud = CloudChoice(row["cloud_policy"], bool(row["cloud_use"]), bool(row["cloud_allowed"]))
    return Conversation(
        row["id"], row["title"], row["created_at"], row["updated_at"], scope, cloud,
        bool(row["thinking"]), row["project_id"], bool(row["pinned"]), row["persona_id"],
    )  # fmt: skip


def title_from(text: str, width: int = 60) -> str:
    """A conversation title from its first message: the first line, shortened."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = " ".join(line.split())
    if not line:
        return DEFAULT_TITLE
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _snippet(content: str, query: str, radius: int = 40) -> str:
    at = content.casefold().find(query.casefold())
    if at < 0:
        return " ".join(content.split())[: radius * 2]
    start, end = max(0, at - radius), min(len(content), at + len(query) + radius)
    text = " ".join(content[start:end].split())
    return ("…" if start else "") + text + ("…" if end < len(content) else "")
