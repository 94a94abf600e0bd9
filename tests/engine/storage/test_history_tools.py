"""A reply's tool calls in the history: kept with it (exact arguments, the result as
the model read it, the whole size), shown again when the conversation is reopened,
copied into a fork, and added to a database of the schema before without a loss."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

import pytest

from engine import paths
from engine.storage.history import MIGRATIONS, History
from engine.types import MessageStatus, ToolBlock

BLOCKS = (
    ToolBlock("test-server", "add", '{"a": 17, "b": 23}', "40", "ok", 2),
    ToolBlock("", "calculator", '{"expression": "2*3"}', "6", "ok", 1),
    ToolBlock("test-server", "big", '{"mb": 50}', "x" * 16_000 + "\n[cut]", "cut", 50_000_000),
)


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


def test_tool_calls_are_kept_with_the_reply_and_come_back(history: History) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "What is 17 plus 23?")
    reply = history.append_message(conversation.id, "assistant", "40.", MessageStatus.COMPLETE)
    history.set_tool_calls(reply.id, BLOCKS)
    history.close()
    reopened = History(paths.history_db())
    try:
        shown = reopened.messages(conversation.id)
        assert shown[0].tool_calls == ()
        assert shown[1].tool_calls == BLOCKS
        fork = reopened.fork(conversation.id, reply.id, "Fork")
        assert reopened.messages(fork)[1].tool_calls == BLOCKS
    finally:
        reopened.close()


def test_a_database_from_before_tool_calls_gains_the_column_and_keeps_its_messages() -> None:
    path = paths.history_db()
    paths.ensure_dir(path.parent)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        for migration in MIGRATIONS[:-1]:
            migration(db)
        db.execute(f"PRAGMA user_version={len(MIGRATIONS) - 1}")
        db.execute("INSERT INTO conversations(id, title, created_at, updated_at)"
                   " VALUES (1, 'Old', 1.0, 1.0)")  # fmt: skip
        db.execute("INSERT INTO messages(conversation_id, role, content, status, created_at)"
                   " VALUES (1, 'assistant', 'Kept.', 'complete', 1.0)")  # fmt: skip
    history = History(path)
    try:
        [message] = history.messages(1)
        assert (message.content, message.tool_calls) == ("Kept.", ())
    finally:
        history.close()
