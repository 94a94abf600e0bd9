"""A reply's thinking in the history: kept apart from the answer, exported only when
asked, and added to databases of the schema before it without losing a message."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import paths
from engine.storage.history import MIGRATIONS, History
from engine.types import CloudChoice, MessageStatus

#: The migrations of the schema before thinking was kept.
BEFORE_THINKING = 4


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


def old_database(path: Path) -> None:
    """A history as the version before this one wrote it: messages with sources,
    kinds and a cloud author, a conversation with its cloud choice, the search index."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        for migration in MIGRATIONS[:BEFORE_THINKING]:
            migration(db)
        db.execute(f"PRAGMA user_version={BEFORE_THINKING}")
        db.execute(
            "INSERT INTO conversations(id, title, created_at, updated_at, scope, cloud_policy,"
            " cloud_use, cloud_allowed) VALUES (1, 'Harbour', 1.0, 2.0, '', 'ask', 1, 0)"
        )
        rows = [
            ("user", "When was the pier rebuilt?", "complete", "", "", ""),
            ("assistant", "In 1897 [1].", "complete", "SmolLM2", "", ""),
            ("user", "Summarize notes.txt (brief)", "complete", "", "summary", ""),
            ("assistant", "The pier, the lamp.", "stopped", "OpenAI · gpt", "summary", "cloud"),
        ]
        for role, content, status, model, kind, origin in rows:
            db.execute(
                "INSERT INTO messages(conversation_id, role, content, status, created_at, model,"
                " kind, origin) VALUES (1, ?, ?, ?, 3.0, ?, ?, ?)",
                (role, content, status, model, kind, origin),
            )


def test_upgrading_keeps_every_message_and_adds_no_thinking(hisho_home: Path) -> None:
    path = paths.ensure_dir(paths.data_dir()) / "history.sqlite3"
    old_database(path)
    with contextlib.closing(sqlite3.connect(path)) as db:
        before = db.execute("SELECT * FROM messages ORDER BY id").fetchall()

    history = History(path)
    try:
        with contextlib.closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
            after = db.execute("SELECT * FROM messages ORDER BY id").fetchall()
        assert [row[: len(before[0])] for row in after] == before  # old columns untouched
        messages = history.messages(1)
        assert [m.content for m in messages] == [
            "When was the pier rebuilt?",
            "In 1897 [1].",
            "Summarize notes.txt (brief)",
            "The pier, the lamp.",
        ]
        assert [m.kind for m in messages] == ["", "", "summary", "summary"]
        assert messages[3].origin == "cloud" and messages[3].status is MessageStatus.STOPPED
        assert all(m.thinking == "" and m.thought_s == 0.0 for m in messages)
        conversation = history.conversation(1)
        assert conversation is not None
        assert conversation.cloud == CloudChoice("ask", True, False)
        assert conversation.thinking  # on, as it was (no switch existed)
        assert [hit.conversation.id for hit in history.search("rebuilt")] == [1]
    finally:
        history.close()


def test_a_reply_keeps_its_thinking_apart_and_a_conversation_its_switch(
    history: History,
) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "2+2?")
    reply = history.append_message(
        conversation.id, "assistant", "", MessageStatus.STREAMING, model="M"
    )
    history.update_message(reply.id, "", MessageStatus.STREAMING, thinking="Two and")
    history.update_message(reply.id, "Four", MessageStatus.STREAMING)  # thinking kept
    saved = history.message(reply.id)
    assert saved is not None and (saved.content, saved.thinking) == ("Four", "Two and")
    history.update_message(
        reply.id, "Four.", MessageStatus.COMPLETE, thinking="Two and two.", thought_s=2.4
    )
    history.set_thinking(conversation.id, False)

    history.close()
    again = History(history.path)
    try:
        saved = again.message(reply.id)
        assert saved is not None
        assert (saved.content, saved.thinking, saved.thought_s) == ("Four.", "Two and two.", 2.4)
        stored = again.conversation(conversation.id)
        assert stored is not None and not stored.thinking
        assert [h.conversation.id for h in again.search("Two and two")] == []  # not indexed
    finally:
        again.close()


def test_export_leaves_thinking_out_unless_asked(history: History) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "What colour is the sky?")
    reply = history.append_message(conversation.id, "assistant", "")
    history.update_message(
        reply.id, "Blue.", MessageStatus.COMPLETE, thinking="Light scatters.", thought_s=3.2
    )

    plain = history.export_markdown(conversation.id)
    assert "## Hisho\n\nBlue." in plain
    assert "Light scatters" not in plain and "<details>" not in plain

    full = history.export_markdown(conversation.id, thinking=True)
    assert (
        "## Hisho\n\n<details><summary>Thought for 3 s</summary>\n\nLight scatters.\n\n"
        "</details>\n\nBlue.\n" in full
    )
    assert full.count("<details>") == 1  # the question has no thinking
