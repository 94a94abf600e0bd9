"""Reply versions, forks and the migration that brings them: no reply is ever lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from engine import paths
from engine.errors import StorageError
from engine.storage import history_schema
from engine.storage.history import MIGRATIONS, History
from engine.types import MessageStatus


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


def reopen(history: History) -> History:
    history.close()
    return History(history.path)


def texts(history: History, conversation_id: int) -> list[str]:
    return [m.content for m in history.messages(conversation_id)]


def places(history: History, conversation_id: int) -> list[str]:
    return [f"{m.version} / {m.versions}" for m in history.messages(conversation_id)]


# --- the migration, on a database the current release made ------------------------------


def release_database() -> sqlite3.Connection:
    """A history as the release before reply versions writes it: its migrations, then
    conversations filled the way its History filled them."""
    path = paths.ensure_dir(paths.data_dir()) / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    release = MIGRATIONS[: MIGRATIONS.index(history_schema._m8_organize)]
    for migration in release:
        migration(db)
    db.execute(f"PRAGMA user_version={len(release)}")
    for cid in (1, 2, 3):
        db.execute(
            "INSERT INTO conversations(id, title, created_at, updated_at, scope, thinking)"
            ' VALUES (?, ?, ?, ?, \'{"library": "Work", "path": null}\', 0)',
            (cid, f"Old {cid}", cid * 10.0, cid * 10.0 + 5),
        )
    # interleaved, as conversations used side by side write them
    for n in range(12):
        cid = n % 3 + 1
        role = "user" if (n // 3) % 2 == 0 else "assistant"
        db.execute(
            "INSERT INTO messages(conversation_id, role, content, status, created_at, model,"
            " sources, thinking, thought_s, checks) VALUES (?, ?, ?, ?, ?, 'm', '', ?, 1.5, '')",
            (cid, role, f"old {cid}.{n} 古い", "complete" if n % 5 else "stopped", n * 1.0,
             "thought" if role == "assistant" else ""),
        )  # fmt: skip
    return db


def test_the_migration_keeps_every_message_of_a_release_database(hisho_home: object) -> None:
    db = release_database()
    rows_before = db.execute("SELECT * FROM messages ORDER BY id").fetchall()
    shown_before = {
        cid: [r[0] for r in db.execute(
            "SELECT content FROM messages WHERE conversation_id=? ORDER BY id", (cid,))]
        for cid in (1, 2, 3)
    }  # fmt: skip
    db.close()

    history = History(paths.ensure_dir(paths.data_dir()) / "history.sqlite3")
    try:
        after = [tuple(r) for r in history._query("SELECT * FROM messages ORDER BY id")]
        assert [row[: len(rows_before[0])] for row in after] == rows_before
        for cid, contents in shown_before.items():
            assert texts(history, cid) == contents
            assert set(places(history, cid)) == {"1 / 1"}
        conversation = history.conversation(2)
        assert conversation is not None and conversation.project_id == 0
        assert not conversation.pinned and conversation.persona_id == 0
        # a conversation goes on after the last message it had
        history.append_message(2, "user", "new question")
        assert texts(history, 2) == [*shown_before[2], "new question"]
        assert texts(history, 1) == shown_before[1]
    finally:
        history.close()


# --- versions ------------------------------------------------------------------------


def test_regenerate_keeps_the_earlier_reply_as_version_one(history: History) -> None:
    conversation = history.create_conversation()
    question = history.append_message(conversation.id, "user", "Name a colour")
    first = history.append_message(conversation.id, "assistant", "Red")

    history.branch_from(conversation.id, first.id)
    second = history.append_message(conversation.id, "assistant", "Blue")

    assert texts(history, conversation.id) == ["Name a colour", "Blue"]
    assert places(history, conversation.id) == ["1 / 1", "2 / 2"]
    history = reopen(history)
    assert history.step_version(second.id, -1)
    assert texts(history, conversation.id) == ["Name a colour", "Red"]
    assert places(history, conversation.id) == ["1 / 1", "1 / 2"]
    assert not history.step_version(first.id, -1)  # there is no version before the first
    history = reopen(history)
    assert texts(history, conversation.id) == ["Name a colour", "Red"]
    assert history.step_version(first.id, +1)
    assert texts(history, conversation.id) == ["Name a colour", "Blue"]
    assert history.message(second.id) is not None
    assert history.all_message_count(conversation.id) == 3
    assert history.messages(conversation.id)[0].id == question.id
    history.close()


def test_edit_and_resend_keeps_the_earlier_turn_and_what_followed(history: History) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "one")
    history.append_message(conversation.id, "assistant", "two")
    third = history.append_message(conversation.id, "user", "three")
    history.append_message(conversation.id, "assistant", "four")
    history.append_message(conversation.id, "user", "five")

    history.branch_from(conversation.id, third.id)
    edited = history.append_message(conversation.id, "user", "three, edited")
    history.append_message(conversation.id, "assistant", "four again")

    assert texts(history, conversation.id) == ["one", "two", "three, edited", "four again"]
    assert places(history, conversation.id)[2] == "2 / 2"
    assert history.step_version(edited.id, -1)
    assert texts(history, conversation.id) == ["one", "two", "three", "four", "five"]
    assert history.all_message_count(conversation.id) == 7


def test_editing_the_first_question_makes_a_second_first_version(history: History) -> None:
    conversation = history.create_conversation()
    first = history.append_message(conversation.id, "user", "hello")
    history.append_message(conversation.id, "assistant", "hi")

    history.branch_from(conversation.id, first.id)
    assert texts(history, conversation.id) == []
    history.append_message(conversation.id, "user", "good morning")

    assert texts(history, conversation.id) == ["good morning"]
    assert places(history, conversation.id) == ["2 / 2"]
    assert history.step_version(history.messages(conversation.id)[0].id, -1)
    assert texts(history, conversation.id) == ["hello", "hi"]


def test_a_gone_message_cannot_be_branched_from(history: History) -> None:
    conversation = history.create_conversation()
    with pytest.raises(StorageError, match="no longer exists"):
        history.branch_from(conversation.id, 999)


# --- forks ---------------------------------------------------------------------------


def test_a_fork_copies_the_shown_messages_up_to_the_one_chosen(history: History) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "one")
    reply = history.append_message(conversation.id, "assistant", "", MessageStatus.STREAMING)
    history.update_message(reply.id, "two", MessageStatus.COMPLETE, thinking="why", thought_s=2)
    history.append_message(conversation.id, "user", "three")
    project = history.create_project("Work")
    history.set_project(conversation.id, project.id)

    fork_id = history.fork(conversation.id, reply.id, "one (fork)")

    forked = history.conversation(fork_id)
    assert forked is not None and forked.title == "one (fork)"
    assert forked.project_id == project.id
    assert texts(history, fork_id) == ["one", "two"]
    assert history.messages(fork_id)[1].thinking == "why"
    assert texts(history, conversation.id) == ["one", "two", "three"]  # untouched
    history.append_message(fork_id, "user", "branch question")
    assert texts(history, fork_id) == ["one", "two", "branch question"]
    with pytest.raises(StorageError):
        history.fork(conversation.id, 12345, "x")
