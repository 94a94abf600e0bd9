"""Conversation history: what the user sent is kept, findable, exportable, never lost."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from engine import paths
from engine.errors import StorageError
from engine.storage.history import DEFAULT_TITLE, MIGRATIONS, History
from engine.types import AnswerCheck, CloudChoice, KeySentence, MessageStatus, SentenceCheck

RunCode = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


def reopen(history: History) -> History:
    history.close()
    return History(history.path)


def found(history: History, query: str) -> list[int]:
    return [hit.conversation.id for hit in history.search(query)]


# --- saving and listing -------------------------------------------------------------


def test_messages_are_there_after_reopening(history: History) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "Hello there")
    history.append_message(conversation.id, "assistant", "Hi! How can I help?", model="Smol")

    again = reopen(history)
    try:
        messages = again.messages(conversation.id)
        assert [(m.role, m.content, m.status) for m in messages] == [
            ("user", "Hello there", MessageStatus.COMPLETE),
            ("assistant", "Hi! How can I help?", MessageStatus.COMPLETE),
        ]
        assert messages[1].model == "Smol"
        assert again.message(messages[0].id) == messages[0]
    finally:
        again.close()


def test_sidebar_lists_the_most_recently_used_conversation_first(history: History) -> None:
    older = history.create_conversation()
    time.sleep(0.02)
    newer = history.create_conversation()
    assert [c.id for c in history.conversations()] == [newer.id, older.id]
    time.sleep(0.02)
    history.append_message(older.id, "user", "back to this one")
    assert [c.id for c in history.conversations()] == [older.id, newer.id]


def test_title_comes_from_the_first_user_message(history: History) -> None:
    conversation = history.create_conversation()
    assert conversation.title == DEFAULT_TITLE
    history.append_message(conversation.id, "assistant", "Welcome!")
    assert history.conversation(conversation.id).title == DEFAULT_TITLE  # type: ignore[union-attr]

    history.append_message(conversation.id, "user", "\n   What  is the weather\tin Tokyo?\nDetails")
    history.append_message(conversation.id, "user", "And in Osaka?")
    assert history.conversation(conversation.id).title == "What is the weather in Tokyo?"  # type: ignore[union-attr]


def test_a_long_first_message_gives_a_short_title(history: History) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "word " * 100)
    title = history.conversation(conversation.id).title  # type: ignore[union-attr]
    assert len(title) <= 60
    assert title.startswith("word word")
    assert title.endswith("…")


def test_rename_sticks_and_a_blank_name_falls_back(history: History) -> None:
    conversation = history.create_conversation()
    history.rename_conversation(conversation.id, "  Trip   plans ")
    history.append_message(conversation.id, "user", "Book a hotel")
    assert history.conversation(conversation.id).title == "Trip plans"  # type: ignore[union-attr]

    history.rename_conversation(conversation.id, "   ")
    assert history.conversation(conversation.id).title == DEFAULT_TITLE  # type: ignore[union-attr]


def test_delete_removes_the_conversation_and_its_messages_only(history: History) -> None:
    doomed = history.create_conversation()
    kept = history.create_conversation()
    history.append_message(doomed.id, "user", "secret pancake recipe")
    history.append_message(kept.id, "user", "keep this pancake note")

    history.delete_conversation(doomed.id)

    assert [c.id for c in history.conversations()] == [kept.id]
    assert history.conversation(doomed.id) is None
    assert history.messages(doomed.id) == []
    assert found(history, "pancake") == [kept.id]
    assert found(history, "secret") == []


def test_edit_and_resend_drops_the_message_and_everything_after(history: History) -> None:
    conversation = history.create_conversation()
    first = history.append_message(conversation.id, "user", "one")
    history.append_message(conversation.id, "assistant", "two")
    third = history.append_message(conversation.id, "user", "three")
    history.append_message(conversation.id, "assistant", "four")

    history.delete_messages_from(conversation.id, third.id)

    assert [m.content for m in history.messages(conversation.id)] == ["one", "two"]
    assert history.messages(conversation.id)[0].id == first.id


# --- search -------------------------------------------------------------------------


def test_search_english_ignores_case_and_shows_a_snippet(history: History) -> None:
    fox = history.create_conversation()
    other = history.create_conversation()
    history.append_message(fox.id, "user", "Tell me about The Quick Brown Fox, please.")
    history.append_message(other.id, "user", "Something unrelated")

    for query in ("quick brown", "QUICK BROWN FOX", "  Quick   Brown  "):
        hits = history.search(query)
        assert [h.conversation.id for h in hits] == [fox.id], query
        assert "Quick Brown" in hits[0].snippet
    assert history.search("zebra") == []
    assert history.search("   ") == []


def test_search_japanese_without_spaces(history: History) -> None:
    tokyo = history.create_conversation()
    history.append_message(tokyo.id, "user", "東京の天気はどうですか？明日は雨が降りますか。")
    osaka = history.create_conversation()
    history.append_message(osaka.id, "assistant", "大阪城は美しいです。")

    assert found(history, "天気は") == [tokyo.id]  # three characters: full-text index
    assert found(history, "雨が降ります") == [tokyo.id]
    assert found(history, "東京") == [tokyo.id]  # two characters: too short for trigrams
    assert found(history, "大阪") == [osaka.id]
    assert found(history, "京都") == []
    assert "東京" in history.search("東京")[0].snippet


def test_search_two_letter_words_ignore_case(history: History) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "How do I learn Go quickly?")
    assert found(history, "go") == [conversation.id]
    assert found(history, "GO") == [conversation.id]


def test_search_treats_quotes_and_wildcards_as_plain_text(history: History) -> None:
    sale = history.create_conversation()
    history.append_message(sale.id, "user", 'The shop said "50% off" today, AND more *stars*')
    price = history.create_conversation()
    history.append_message(price.id, "user", "It costs 50 yen")

    assert found(history, "0%") == [sale.id]
    assert found(history, '"50% off"') == [sale.id]
    assert found(history, "*stars*") == [sale.id]
    assert found(history, "AND more") == [sale.id]
    assert found(history, "NOT OR") == []
    assert found(history, "_0") == []


def test_search_sees_a_reply_as_it_was_finally_saved(history: History) -> None:
    conversation = history.create_conversation()
    reply = history.append_message(conversation.id, "assistant", "", MessageStatus.STREAMING)
    history.update_message(reply.id, "draft about turnips", MessageStatus.STREAMING)
    history.update_message(reply.id, "final answer about carrots", MessageStatus.COMPLETE)

    assert found(history, "carrots") == [conversation.id]
    assert found(history, "turnips") == []


def test_search_finds_a_conversation_by_its_title(history: History) -> None:
    conversation = history.create_conversation()
    history.rename_conversation(conversation.id, "Tax return 2024")
    assert found(history, "tax return") == [conversation.id]
    assert history.search("tax return")[0].snippet == "Tax return 2024"


# --- export -------------------------------------------------------------------------


def test_export_markdown_has_title_speakers_and_stopped_replies(history: History) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "Write a haiku about rain")
    reply = history.append_message(conversation.id, "assistant", "", MessageStatus.STREAMING)
    history.update_message(reply.id, "Soft rain on the roof\n", MessageStatus.STOPPED)

    text = history.export_markdown(conversation.id)

    assert text.startswith("# Write a haiku about rain\n")
    assert "## You\n\nWrite a haiku about rain\n" in text
    assert "## Hisho (stopped)\n\nSoft rain on the roof\n" in text
    assert text.index("## You") < text.index("## Hisho")


def test_exporting_a_deleted_conversation_says_so(history: History) -> None:
    conversation = history.create_conversation()
    history.delete_conversation(conversation.id)
    with pytest.raises(StorageError, match="no longer exists"):
        history.export_markdown(conversation.id)


# --- schema and recovery ------------------------------------------------------------


def user_version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def test_migrations_run_once_and_reopening_changes_nothing(history: History) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "persisted across versions")
    assert user_version(history.path) == len(MIGRATIONS)

    for _ in range(2):
        history = reopen(history)
        assert user_version(history.path) == len(MIGRATIONS)
        assert [m.content for m in history.messages(conversation.id)] == [
            "persisted across versions"
        ]
        assert found(history, "across versions") == [conversation.id]
    history.close()


def test_upgrading_an_old_database_keeps_old_messages_searchable(hisho_home: Path) -> None:
    path = paths.ensure_dir(paths.data_dir()) / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](db)  # a database written by a version that only had the first migration
    db.execute("PRAGMA user_version=1")
    db.execute("INSERT INTO conversations VALUES (1, 'Old chat', 0, 0)")
    db.execute(
        "INSERT INTO messages(conversation_id, role, content, status, created_at)"
        " VALUES (1, 'user', 'my old sourdough question', 'complete', 0)"
    )
    db.close()

    history = History(path)
    try:
        assert user_version(path) == len(MIGRATIONS)
        assert found(history, "sourdough") == [1]
    finally:
        history.close()


def test_upgrading_marks_old_summaries_and_keeps_everything_else(hisho_home: Path) -> None:
    path = paths.ensure_dir(paths.data_dir()) / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:3]:  # written before message kinds and cloud answers
        migration(db)
    db.execute("PRAGMA user_version=3")
    db.execute("INSERT INTO conversations(id, title, created_at, updated_at) VALUES (1, 'A', 0, 0)")
    for role, content in [
        ("user", "Summarize report.pdf (brief)"),
        ("assistant", "The report says the pier was rebuilt."),
        ("user", "Summarize the plot of Hamlet for me"),  # a question, not a summary turn
        ("assistant", "A prince avenges his father."),
    ]:
        db.execute(
            "INSERT INTO messages(conversation_id, role, content, status, created_at, model)"
            " VALUES (1, ?, ?, 'complete', 0, 'SmolLM2')",
            (role, content),
        )
    db.close()

    history = History(path)
    try:
        messages = history.messages(1)
        assert [m.kind for m in messages] == ["summary", "summary", "", ""]
        assert [m.origin for m in messages] == ["", "", "", ""]
        assert messages[1].content == "The report says the pier was rebuilt."
        conversation = history.conversation(1)
        assert conversation is not None and conversation.cloud == CloudChoice()
    finally:
        history.close()


def test_a_reply_keeps_its_check_and_older_replies_have_none(hisho_home: Path) -> None:
    path = paths.ensure_dir(paths.data_dir()) / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:4]:  # written before answers were checked
        migration(db)
    db.execute("PRAGMA user_version=4")
    db.execute("INSERT INTO conversations(id, title, created_at, updated_at) VALUES (1, 'A', 0, 0)")
    db.execute(
        "INSERT INTO messages(conversation_id, role, content, status, created_at)"
        " VALUES (1, 'assistant', 'An old answer [1].', 'complete', 0)"
    )
    db.close()
    history = History(path)
    try:
        [old] = history.messages(1)
        assert old.content == "An old answer [1]." and old.check is None
        reply = history.append_message(1, "assistant", "Tesla came in 1903 [2].")
        key = KeySentence("He emigrated in 1884.", 2, "/d/Tesla.txt", 3, "c7", 120, ((15, 19),))
        check = AnswerCheck(
            (SentenceCheck(0, 23, False, (2,), "1903 is not in source [2]"),), (), key
        )
        history.set_check(reply.id, check)
        history = reopen(history)
        assert history.message(reply.id).check == check  # type: ignore[union-attr]
        assert history.message(old.id).check is None  # type: ignore[union-attr]
    finally:
        history.close()


def test_a_reply_keeps_what_its_check_trimmed(history: History) -> None:
    conversation = history.create_conversation()
    reply = history.append_message(conversation.id, "assistant", "Tesla came in 1884 [2].")
    check = AnswerCheck(
        (SentenceCheck(0, 23, True, (2,)),), (2,), None, "He then built a tower in Paris."
    )
    history.set_check(reply.id, check)
    history = reopen(history)
    try:
        kept = history.message(reply.id).check  # type: ignore[union-attr]
        assert kept == check and kept is not None and kept.trimmed.startswith("He then built")
    finally:
        history.close()


def test_a_conversation_keeps_its_cloud_choice_and_a_reply_its_author(history: History) -> None:
    conversation = history.create_conversation()
    choice = CloudChoice(policy="ask", use_cloud=True, allowed=True)
    history.set_cloud(conversation.id, choice)
    reply = history.append_message(conversation.id, "assistant", "Hi", model="SmolLM2")
    history.set_author(reply.id, "OpenAI · gpt-4o-mini", "cloud")
    history = reopen(history)
    try:
        stored = history.conversation(conversation.id)
        assert stored is not None and stored.cloud == choice
        assert [c.cloud for c in history.conversations()] == [choice]
        message = history.message(reply.id)
        assert message is not None
        assert (message.model, message.origin) == ("OpenAI · gpt-4o-mini", "cloud")
    finally:
        history.close()


def test_a_reply_cut_off_by_a_crash_is_marked_interrupted(history: History) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "Explain tides")
    reply = history.append_message(conversation.id, "assistant", "", MessageStatus.STREAMING)
    history.update_message(reply.id, "Tides are caused by", MessageStatus.STREAMING)

    again = reopen(history)  # the app starting again after dying mid-reply
    try:
        saved = again.message(reply.id)
        assert saved is not None
        assert saved.status is MessageStatus.INTERRUPTED
        assert saved.content == "Tides are caused by"
        assert again.messages(conversation.id)[0].status is MessageStatus.COMPLETE
        assert "## Hisho (interrupted)" in again.export_markdown(conversation.id)
    finally:
        again.close()


def test_a_damaged_history_file_gives_a_clear_error(hisho_home: Path) -> None:
    path = paths.ensure_dir(paths.data_dir()) / "history.sqlite3"
    path.write_bytes(b"this is not a database " * 200)
    with pytest.raises(StorageError, match="damaged"):
        History(path)
    assert path.read_bytes().startswith(b"this is not a database")  # not overwritten


READ_ONLY_CHILD = """
from engine import paths
from engine.errors import StorageError
from engine.storage.history import History
try:
    history = History(paths.history_db())
    history.append_message(1, "user", "written while read-only")
except StorageError as exc:
    print("StorageError:", exc)
else:
    print("saved")
"""


def test_read_only_data_folder_gives_storage_error_and_keeps_saved_rows(
    history: History, read_only: Any, run_engine_code: RunCode, hisho_home: Path
) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "saved before the folder locked")
    history.close()
    read_only.lock(paths.data_dir())

    result = run_engine_code(READ_ONLY_CHILD, hisho_home, obey_file_modes=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("StorageError:"), result.stdout
    assert "read-only" in result.stdout
    assert str(paths.history_db()) in result.stdout
    read_only.unlock()
    again = History(paths.history_db())
    try:
        assert [m.content for m in again.messages(conversation.id)] == [
            "saved before the folder locked"
        ]
    finally:
        again.close()


def test_missing_data_folder_under_a_read_only_home_gives_storage_error(
    read_only: Any, run_engine_code: RunCode, hisho_home: Path
) -> None:
    shutil.rmtree(hisho_home / "data" / "models")  # links to the models only
    (hisho_home / "data").rmdir()
    read_only.lock(hisho_home)

    result = run_engine_code(READ_ONLY_CHILD, hisho_home, obey_file_modes=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("StorageError:"), result.stdout
    assert str(paths.history_db()) in result.stdout
