"""The history database's schema: ``MIGRATIONS``, an ordered list of small functions,
each run once (``PRAGMA user_version`` records how many have run). A new column or table
is a new function at the end; none is ever changed once released."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from engine.storage import exchange


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


def _m5_thinking(db: sqlite3.Connection) -> None:
    # What a reasoning model thought before its answer, apart from the answer (so it
    # is never sent back as context), and for how long; each conversation's own
    # switch for thinking (on until the user turns it off).
    db.execute("ALTER TABLE messages ADD COLUMN thinking TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE messages ADD COLUMN thought_s REAL NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE conversations ADD COLUMN thinking INTEGER NOT NULL DEFAULT 1")


def _m7_checks(db: sqlite3.Connection) -> None:
    # JSON: a grounded answer checked against its sources (engine.storage.checks); ''
    # for the messages before, which stay as they were.
    db.execute("ALTER TABLE messages ADD COLUMN checks TEXT NOT NULL DEFAULT ''")


def _m8_organize(db: sqlite3.Connection) -> None:
    # Projects (folders with defaults for their conversations), personas (a named system
    # prompt, model and temperature), the user's own prompts for the "/" library; each
    # conversation's project, pin and persona.
    db.execute(
        """CREATE TABLE projects(
               id INTEGER PRIMARY KEY,
               name TEXT NOT NULL,
               scope TEXT NOT NULL DEFAULT '',
               system_prompt TEXT NOT NULL DEFAULT '',
               model TEXT NOT NULL DEFAULT '',
               created_at REAL NOT NULL)"""
    )
    db.execute(
        """CREATE TABLE personas(
               id INTEGER PRIMARY KEY,
               name TEXT NOT NULL,
               system_prompt TEXT NOT NULL DEFAULT '',
               model TEXT NOT NULL DEFAULT '',
               temperature REAL)"""
    )
    db.execute(
        """CREATE TABLE prompts(
               name TEXT PRIMARY KEY,
               text TEXT NOT NULL)"""
    )
    db.execute("ALTER TABLE conversations ADD COLUMN project_id INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE conversations ADD COLUMN persona_id INTEGER NOT NULL DEFAULT 0")


def _m9_reply_versions(db: sqlite3.Connection) -> None:
    # Messages form a tree: each names the one it follows (``parent_id``; 0: the first,
    # NULL: the one before it by id, as every message did before), and a conversation
    # shows the path to its ``leaf_id`` (NULL: its last message). A regenerated reply or
    # an edited question is a sibling of the one it replaces, which stays reachable.
    db.execute("ALTER TABLE messages ADD COLUMN parent_id INTEGER")
    db.execute("ALTER TABLE conversations ADD COLUMN leaf_id INTEGER")
    db.execute(
        """UPDATE messages SET parent_id = coalesce(
               (SELECT max(p.id) FROM messages p
                WHERE p.conversation_id = messages.conversation_id AND p.id < messages.id),
               0)"""
    )
    db.execute(
        """UPDATE conversations SET leaf_id =
               (SELECT max(m.id) FROM messages m WHERE m.conversation_id = conversations.id)"""
    )
    db.execute("CREATE INDEX messages_by_parent ON messages(parent_id)")


def _m10_tool_calls(db: sqlite3.Connection) -> None:
    # JSON: the tools a reply called, with their exact arguments and results (cut as the
    # model read them; engine.storage.tool_blocks); '' for a reply that called none.
    db.execute("ALTER TABLE messages ADD COLUMN tools TEXT NOT NULL DEFAULT ''")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m1_tables,
    _m2_fulltext,
    _m3_sources_and_scope,
    _m4_kind_origin_cloud,
    _m5_thinking,
    exchange.add_exchange_keys,
    _m7_checks,
    _m8_organize,
    _m9_reply_versions,
    _m10_tool_calls,
]
