"""Conversation history in SQLite: nothing the user saw as sent is ever lost.

WAL journal with ``synchronous=FULL``: a row is on disk when its call returns, so a
``kill -9`` right after loses nothing. The user's message is saved before generation
starts; the reply row is created at once and updated while it streams, so even a
crash mid-reply keeps what was shown (marked "interrupted" at the next start).

The schema grows through ``MIGRATIONS``, an ordered list of small functions;
``PRAGMA user_version`` records how many have run.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from engine.errors import StorageError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library import wire
from engine.library.types import Passage, Scope
from engine.library.wire import to_wire
from engine.storage import checks
from engine.storage.sqlite_store import SqliteStore
from engine.types import (
    AnswerCheck,
    CloudChoice,
    Conversation,
    MessageStatus,
    Role,
    SearchHit,
    StoredMessage,
)

DEFAULT_TITLE = QT_TRANSLATE_NOOP("Engine", "New conversation")  # stored; shown translated


def _m1_tables(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE conversations(
               id INTEGER PRIMARY KEY,
               title TEXT NOT NULL,
               created_at REAL NOT NULL,
               updated_at REAL NOT NULL)"""
    )
    db.execute(
        """CREATE TABLE messages(
               id INTEGER PRIMARY KEY,
               conversation_id INTEGER NOT NULL
                   REFERENCES conversations(id) ON DELETE CASCADE,
               role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
               content TEXT NOT NULL,
               status TEXT NOT NULL,
               created_at REAL NOT NULL,
               model TEXT NOT NULL DEFAULT '',
               error TEXT NOT NULL DEFAULT '')"""
    )
    db.execute("CREATE INDEX messages_by_conversation ON messages(conversation_id, id)")
    db.execute("CREATE INDEX conversations_by_update ON conversations(updated_at)")


def _m2_fulltext(db: sqlite3.Connection) -> None:
    # Trigram tokens need no spaces between words, so Japanese is searchable too.
    db.execute(
        """CREATE VIRTUAL TABLE messages_fts USING fts5(
               content, content='messages', content_rowid='id', tokenize='trigram')"""
    )
    # Index the messages a version-1 database already holds (the triggers only see new ones).
    db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')")
    db.execute(
        """CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
               INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
           END"""
    )
    db.execute(
        """CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
               INSERT INTO messages_fts(messages_fts, rowid, content)
               VALUES ('delete', old.id, old.content);
           END"""
    )
    db.execute(
        """CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
               INSERT INTO messages_fts(messages_fts, rowid, content)
               VALUES ('delete', old.id, old.content);
               INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
           END"""
    )


def _m3_sources_and_scope(db: sqlite3.Connection) -> None:
    # JSON: the passages a grounded answer cites; what a conversation's questions draw on.
    db.execute("ALTER TABLE messages ADD COLUMN sources TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE conversations ADD COLUMN scope TEXT NOT NULL DEFAULT ''")


#: The request a summary turn saves ("Summarize report.pdf (brief)"); databases from
#: before message kinds existed are told their summaries by it (migration 4).
_SUMMARY_REQUEST = re.compile(r"^Summarize .+ \((brief|bullet points|detailed)\)$", re.DOTALL)


def _m4_kind_origin_cloud(db: sqlite3.Connection) -> None:
    # What a message is ("summary" turns are not re-asked by Regenerate), who wrote an
    # answer ("cloud": a provider did; ``model`` says which), and each conversation's
    # own cloud policy, choice and consent.
    db.execute("ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE messages ADD COLUMN origin TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE conversations ADD COLUMN cloud_policy TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE conversations ADD COLUMN cloud_use INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE conversations ADD COLUMN cloud_allowed INTEGER NOT NULL DEFAULT 0")
    rows = db.execute(
        "SELECT id, conversation_id, role, content FROM messages ORDER BY conversation_id, id"
    ).fetchall()
    summary_in: int | None = None  # conversation whose last request was a summary
    for message_id, conversation_id, role, content in rows:
        if role == "user":
            summary_in = conversation_id if _SUMMARY_REQUEST.match(content) else None
        elif summary_in != conversation_id:
            continue
        if summary_in == conversation_id:
            db.execute("UPDATE messages SET kind='summary' WHERE id=?", (message_id,))


def _m5_checks(db: sqlite3.Connection) -> None:
    # JSON: a grounded answer checked against its sources (engine.storage.checks); ''
    # for the messages before, which stay as they were.
    db.execute("ALTER TABLE messages ADD COLUMN checks TEXT NOT NULL DEFAULT ''")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m1_tables,
    _m2_fulltext,
    _m3_sources_and_scope,
    _m4_kind_origin_cloud,
    _m5_checks,
]

_CONVERSATION_COLUMNS = (
    "id, title, created_at, updated_at, scope, cloud_policy, cloud_use, cloud_allowed"
)


class History(SqliteStore):
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
        """All conversations, most recently used first."""
        rows = self._query(
            f"SELECT {_CONVERSATION_COLUMNS} FROM conversations ORDER BY updated_at DESC, id DESC"
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

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        title = " ".join(title.split()) or DEFAULT_TITLE
        with self._transaction() as db:
            db.execute("UPDATE conversations SET title=? WHERE id=?", (title, conversation_id))

    def delete_conversation(self, conversation_id: int) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM messages WHERE conversation_id=?", (conversation_id,))
            db.execute("DELETE FROM conversations WHERE id=?", (conversation_id,))

    # --- messages ------------------------------------------------------------------

    def messages(self, conversation_id: int) -> list[StoredMessage]:
        rows = self._query(
            "SELECT * FROM messages WHERE conversation_id=? ORDER BY id", (conversation_id,)
        )
        return [_message(r) for r in rows]

    def message(self, message_id: int) -> StoredMessage | None:
        rows = self._query("SELECT * FROM messages WHERE id=?", (message_id,))
        return _message(rows[0]) if rows else None

    def append_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        status: MessageStatus = MessageStatus.COMPLETE,
        model: str = "",
        kind: str = "",
    ) -> StoredMessage:
        """Add a message; it is on disk when this returns. A first user message names
        a still-untitled conversation."""
        now = time.time()
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO messages(conversation_id, role, content, status, created_at, model,"
                " kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, role, content, status.value, now, model, kind),
            )
            db.execute("UPDATE conversations SET updated_at=? WHERE id=?", (now, conversation_id))
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

    def set_author(self, message_id: int, model: str, origin: str) -> None:
        """Say who wrote a reply: ``model`` ("OpenAI · gpt-4o-mini") and ``origin``
        ("cloud", or "" for the local model)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE messages SET model=?, origin=? WHERE id=?", (model, origin, message_id)
            )

    def update_message(
        self, message_id: int, content: str, status: MessageStatus, error: str = ""
    ) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE messages SET content=?, status=?, error=? WHERE id=?",
                (content, status.value, error, message_id),
            )

    def delete_messages_from(self, conversation_id: int, message_id: int) -> None:
        """Delete ``message_id`` and every later message of the conversation
        (edit-and-resend and regenerate replace what followed)."""
        with self._transaction() as db:
            db.execute(
                "DELETE FROM messages WHERE conversation_id=? AND id>=?",
                (conversation_id, message_id),
            )

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

    def export_markdown(self, conversation_id: int) -> str:
        """The conversation as a Markdown document."""
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
            parts += [f"## {label}", "", message.content.rstrip(), ""]
        return "\n".join(parts)


def _message(row: sqlite3.Row) -> StoredMessage:
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
        check=checks.from_json(row["checks"]),
    )


def _conversation(row: sqlite3.Row) -> Conversation:
    scope = None
    if row["scope"]:
        data = json.loads(row["scope"])
        scope = Scope(data.get("library"), data.get("path"))
    cloud = CloudChoice(row["cloud_policy"], bool(row["cloud_use"]), bool(row["cloud_allowed"]))
    return Conversation(row["id"], row["title"], row["created_at"], row["updated_at"], scope, cloud)


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
