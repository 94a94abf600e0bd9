"""Importing ChatGPT and Claude exports: the branch the user last saw, every message
with its time and author, nothing twice, and damage that costs only what is damaged.

The exports are built in code (tests/conversation_exports.py says where their shapes
come from); the history is a real SQLite file.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import paths
from engine.cancel import CancelToken
from engine.errors import ImportFileError
from engine.storage import exchange, imports
from engine.storage.history import MIGRATIONS, History
from engine.storage.imports import ImportProgress, ImportSummary, describe, import_export
from engine.types import MessageStatus
from tests.conversation_exports import (
    chatgpt_branching,
    chatgpt_linear,
    chatgpt_zip,
    claude_conversation,
    claude_zip,
    many_chatgpt,
)


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


@pytest.fixture()
def kept(history: History) -> list[tuple[str, str]]:
    """A conversation the user already has: no import may change it."""
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "my own question")
    history.append_message(conversation.id, "assistant", "my own answer", model="SmolLM2")
    return snapshot(history)


def snapshot(history: History) -> list[tuple[str, str]]:
    return [(c.title, m.content) for c in history.conversations() for m in history.messages(c.id)]


def run(history: History, path: Path, cancel: CancelToken | None = None) -> ImportSummary:
    events = list(import_export(history, path, cancel))
    assert all(isinstance(e, ImportProgress) for e in events[:-1])
    summary = events[-1]
    assert isinstance(summary, ImportSummary)
    return summary


def by_title(history: History) -> dict[str, int]:
    return {c.title: c.id for c in history.conversations()}


# --- ChatGPT --------------------------------------------------------------------------


def test_chatgpt_zip_shows_the_branch_last_seen_and_keeps_the_others_as_versions(
    history: History, tmp_path: Path
) -> None:
    linear = chatgpt_linear("c-lin", "Bread", ["How long to knead?", "Ten minutes."], 1.6e9)
    path = chatgpt_zip(tmp_path / "chatgpt-export.zip", [chatgpt_branching(), linear])
    summary = run(history, path)

    assert (summary.source, summary.added, summary.skipped) == ("ChatGPT", 2, ())
    assert (summary.with_branches, summary.with_versions) == (0, 1)
    messages = history.messages(by_title(history)["Kyoto trip"])
    assert [(m.role, m.content) for m in messages] == [
        ("user", "Plan a day in Kyoto"),
        ("assistant", "Second draft: Fushimi Inari at dawn."),
        ("user", "[image]\nIs this the Golden Pavilion?"),
        ("assistant", "Yes, that is Kinkaku-ji.\n\nIt is covered in gold leaf."),
    ]
    assert [m.created_at for m in messages] == [1_700_000_020.0, 1_700_000_060.0,
                                                1_700_000_070.0, 1_700_000_100.0]  # fmt: skip
    assert {(m.model, m.origin) for m in messages if m.role == "assistant"} == {
        ("ChatGPT · gpt-4o", "cloud")
    }
    assert all(m.status is MessageStatus.COMPLETE for m in messages)
    kyoto = history.conversation(by_title(history)["Kyoto trip"])
    assert kyoto is not None
    assert (kyoto.created_at, kyoto.updated_at) == (1_700_000_000.0, 1_700_000_115.0)
    assert describe(summary) == (
        "Imported 2 conversations from ChatGPT.\n"
        "1 had other branches (edited questions or regenerated answers): "
        "they are kept as versions (‹ › under a message)."
    )
    # the first draft is the earlier version of the answer, with nothing after it
    assert (messages[1].version, messages[1].versions) == (2, 2)
    assert history.step_version(messages[1].id, -1)
    earlier = history.messages(by_title(history)["Kyoto trip"])
    assert earlier[0].content == "Plan a day in Kyoto"
    assert earlier[1].content == "First draft: temples." and len(earlier) == 2
    assert (earlier[1].version, earlier[1].versions) == (1, 2)
    assert history.all_message_count(by_title(history)["Kyoto trip"]) == 7  # every branch


def test_imported_conversations_are_listed_by_their_own_time_and_searchable(
    history: History, tmp_path: Path, kept: list[tuple[str, str]]
) -> None:
    older = chatgpt_linear("c-old", "Old chat", ["Sourdough starter tips?", "Feed it daily."], 1e9)
    run(history, chatgpt_zip(tmp_path / "e.zip", [older]))
    titles = [c.title for c in history.conversations()]
    assert titles == ["my own question", "Old chat"]  # mine is newer
    assert [hit.conversation.title for hit in history.search("sourdough")] == ["Old chat"]


def test_a_stopped_answer_and_a_missing_current_node(history: History, tmp_path: Path) -> None:
    conversation = chatgpt_linear("c-stop", "", ["Write a poem", "Roses are"], 1.6e9)
    last = next(n for n in conversation["mapping"].values() if not n["children"])
    last["message"]["metadata"]["finish_details"] = {"type": "interrupted"}
    conversation["current_node"] = "no-such-node"  # falls back to the newest branch
    run(history, chatgpt_zip(tmp_path / "e.zip", [conversation]))
    (only,) = history.conversations()
    assert only.title == "Write a poem"  # no title: made from the first question
    statuses = [m.status for m in history.messages(only.id)]
    assert statuses == [MessageStatus.COMPLETE, MessageStatus.STOPPED]


def test_bare_conversations_json_is_read_too(history: History, tmp_path: Path) -> None:
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps([chatgpt_branching()]), encoding="utf-8")
    assert run(history, path).added == 1


# --- Claude ---------------------------------------------------------------------------


def test_claude_export_is_imported(history: History, tmp_path: Path) -> None:
    bread = claude_conversation(
        "u-bread", "Bread", ["How long to knead?", "About ten minutes."], 1_700_000_000.0
    )
    bread["chat_messages"][0]["attachments"] = [
        {"file_name": "recipe.txt", "file_size": 20, "file_type": "txt",
         "extracted_content": "500 g flour, 350 g water"}
    ]  # fmt: skip
    bread["chat_messages"][1]["content"].insert(
        0, {"type": "thinking", "thinking": "They want a time."}
    )
    untitled = claude_conversation("u-2", "", ["東京の天気は？", "晴れです。"], 1_700_100_000.0)
    empty = claude_conversation("u-empty", "Nothing yet", [], 1_700_200_000.0)
    path = claude_zip(tmp_path / "data-2025-batch-0000.zip", [bread, untitled, empty])
    summary = run(history, path)

    assert (summary.source, summary.added) == ("Claude", 2)
    assert [(s.name, s.reason) for s in summary.skipped] == [("“Nothing yet”", "no messages")]
    ids = by_title(history)
    messages = history.messages(ids["Bread"])
    assert [(m.role, m.content) for m in messages] == [
        ("user", "How long to knead?\n\n📎 recipe.txt\n\n```\n500 g flour, 350 g water\n```"),
        ("assistant", "About ten minutes."),  # the reasoning is left out
    ]
    assert messages[0].created_at == pytest.approx(1_700_000_010.0)
    assert (messages[1].model, messages[1].origin) == ("Claude", "cloud")
    assert "東京の天気は？" in ids
    assert describe(summary).splitlines()[1] == "1 skipped: “Nothing yet” (no messages)."


def test_claude_branches_follow_the_current_leaf(history: History, tmp_path: Path) -> None:
    conversation = claude_conversation(
        "u-br", "Names", ["Name a cat", "Tama", "Name a dog", "Pochi"], 1_700_000_000.0
    )
    messages = conversation["chat_messages"]
    root = "00000000-0000-4000-8000-000000000000"
    for number, message in enumerate(messages):
        message["parent_message_uuid"] = messages[number - 1]["uuid"] if number else root
    retry = dict(messages[1], uuid="u-br-retry", text="Mike", content=[])
    messages.insert(2, retry)  # a regenerated answer, not on the branch the user left
    conversation["current_leaf_message_uuid"] = messages[-1]["uuid"]
    summary = run(history, claude_zip(tmp_path / "c.zip", [conversation]))
    assert summary.with_branches == 1
    (only,) = history.conversations()
    assert [m.content for m in history.messages(only.id)] == [
        "Name a cat", "Tama", "Name a dog", "Pochi"
    ]  # fmt: skip


# --- idempotence and size ---------------------------------------------------------------


def test_two_thousand_conversations_once_then_nothing_twice(
    history: History, tmp_path: Path, kept: list[tuple[str, str]]
) -> None:
    conversations = many_chatgpt(2_000)
    messages = sum(
        1 for c in conversations for n in c["mapping"].values()
        if n["message"] and n["message"]["author"]["role"] != "system"
    )  # fmt: skip
    path = chatgpt_zip(tmp_path / "big.zip", conversations)
    del conversations

    started = time.monotonic()
    events = list(import_export(history, path))
    first_s = time.monotonic() - started
    summary = events[-1]
    assert isinstance(summary, ImportSummary)
    assert (summary.added, summary.already, summary.skipped) == (2_000, 0, ())
    assert describe(summary) == "Imported 2,000 conversations from ChatGPT."
    fractions = [e.fraction for e in events if isinstance(e, ImportProgress)]
    assert len(fractions) >= 20 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len(history.conversations()) == 2_001
    stored = history._query("SELECT COUNT(*) AS n FROM messages")[0]["n"]
    assert stored == messages + 2

    started = time.monotonic()
    again = run(history, path)
    second_s = time.monotonic() - started
    assert (again.added, again.already) == (0, 2_000)
    assert describe(again) == (
        "Imported 0 conversations from ChatGPT.\n2,000 conversations were already here."
    )
    assert len(history.conversations()) == 2_001
    assert snapshot(history)[:2] == kept
    print(f"2,000 conversations ({messages} messages): first import {first_s:.1f} s, "
          f"again {second_s:.1f} s")  # fmt: skip


def test_a_conversation_without_an_id_is_still_imported_once(
    history: History, tmp_path: Path
) -> None:
    conversation = chatgpt_linear("", "No id", ["Hi", "Hello"], 1.6e9)
    del conversation["id"], conversation["conversation_id"]
    path = chatgpt_zip(tmp_path / "e.zip", [conversation])
    assert run(history, path).added == 1
    assert run(history, path).already == 1


def test_cancelling_keeps_what_was_imported_and_a_rerun_adds_the_rest(
    history: History, tmp_path: Path
) -> None:
    path = chatgpt_zip(tmp_path / "e.zip", many_chatgpt(350))
    cancel = CancelToken()
    events = import_export(history, path, cancel)
    first = next(events)
    assert isinstance(first, ImportProgress) and first.added == imports.BATCH
    cancel.cancel()
    summary = list(events)[-1]
    assert isinstance(summary, ImportSummary) and summary.stopped
    assert summary.added == len(history.conversations()) < 350
    assert describe(summary).startswith(
        f"Stopped after importing {summary.added} conversations from ChatGPT; "
    )
    rest = run(history, path)
    assert (rest.added, rest.already) == (350 - summary.added, summary.added)


# --- damage -------------------------------------------------------------------------------


def test_one_broken_conversation_among_good_ones(
    history: History, tmp_path: Path, kept: list[tuple[str, str]]
) -> None:
    good = many_chatgpt(4)
    broken_tree = dict(good[0], id="x1", conversation_id="x1", title="Broken tree", mapping="?")
    no_messages = chatgpt_linear("x2", "Only strings", ["a", "b"], 1.6e9)
    for node in no_messages["mapping"].values():
        node["message"] = "not a message"
    odd = chatgpt_linear("x3", "Odd links", ["a question", "an answer"], 1.6e9)
    for node in odd["mapping"].values():
        node["parent"] = ["not", "an", "id"]  # unhashable: must not stop anything
    odd["current_node"] = {"not": "an id"}
    items = [good[0], broken_tree, good[1], 42, no_messages, good[2], odd, good[3]]
    summary = run(history, chatgpt_zip(tmp_path / "e.zip", items))

    assert summary.added == 5  # the good ones, and what could be had of "Odd links"
    assert [(s.name, s.reason) for s in summary.skipped] == [
        ("“Broken tree”", "its “mapping” is missing or damaged"),
        ("conversation 4", "not a JSON object"),
        ("“Only strings”", "no messages"),
    ]
    assert describe(summary).splitlines()[1] == (
        "3 skipped: “Broken tree” (its “mapping” is missing or damaged), "
        "conversation 4 (not a JSON object), “Only strings” (no messages)."
    )
    assert snapshot(history)[:2] == kept


def test_a_file_that_breaks_off_keeps_the_conversations_before(
    history: History, tmp_path: Path, kept: list[tuple[str, str]]
) -> None:
    text = json.dumps(many_chatgpt(5))
    cut = text[: text.index('"title": "Chat 4')]  # inside the fifth conversation
    summary = run(history, chatgpt_zip(tmp_path / "e.zip", cut.encode()))
    assert summary.added == 4
    assert summary.problem.startswith("The file breaks off after conversation 4 (")
    assert describe(summary).splitlines()[-1] == summary.problem
    assert snapshot(history)[:2] == kept


def import_error(history: History, path: Path) -> str:
    before = snapshot(history)
    with pytest.raises(ImportFileError) as caught:
        list(import_export(history, path))
    assert snapshot(history) == before  # nothing added, nothing lost
    return str(caught.value)


def test_a_file_that_is_not_json(history: History, tmp_path: Path, kept: object) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    assert import_error(history, path).startswith(
        "report.pdf is not a conversation export (it is not JSON)."
    )
    latin = tmp_path / "latin.json"
    latin.write_bytes(b"\xff\xfe[]")
    assert "is not a conversation export" in import_error(history, latin)


@pytest.mark.parametrize(
    "document",
    [{"account": {"uuid": "x"}}, [1, 2, 3], [{"messages": []}], {"conversations": [{"a": 1}]}],
)
def test_json_of_the_wrong_shape(
    history: History, tmp_path: Path, kept: object, document: object
) -> None:
    path = tmp_path / "user.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert import_error(history, path) == (
        "user.json is JSON but not a conversation export Hisho knows (ChatGPT, Claude or "
        "Hisho). Nothing was imported."
    )


def test_an_empty_export(history: History, tmp_path: Path) -> None:
    summary = run(history, chatgpt_zip(tmp_path / "e.zip", []))
    assert (summary.added, describe(summary)) == (0, "The file holds no conversations.")


def test_a_zip_without_conversations_json(history: History, tmp_path: Path, kept: object) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("chat.html", "<html></html>")
        archive.writestr("conversations/", "")
    assert "holds no conversations.json" in import_error(history, path)


def test_a_zip_bomb_is_refused_before_it_is_inflated(
    history: History, tmp_path: Path, kept: object
) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("conversations.json", b"[" + b" " * (64 << 20) + b"]")
        info = archive.getinfo("conversations.json")
    assert path.stat().st_size < 1 << 20
    # Spoil the deflate data: were it inflated, the message would be about damage.
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename)
    data[start : start + info.compress_size] = b"\xff" * info.compress_size
    path.write_bytes(bytes(data))
    message = import_error(history, path)
    assert message.startswith("This zip would unpack to far more data than a conversation")
    assert "(64 MB)" in message


def test_a_damaged_zip(history: History, tmp_path: Path, kept: object) -> None:
    whole = chatgpt_zip(tmp_path / "whole.zip", many_chatgpt(20)).read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(whole[: len(whole) // 2])  # a download that stopped half way
    assert import_error(history, path).startswith("This zip is damaged or incomplete")


def test_a_member_whose_data_is_corrupt(history: History, tmp_path: Path) -> None:
    path = chatgpt_zip(tmp_path / "e.zip", many_chatgpt(400))  # ~2 MB of JSON
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("conversations.json")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename)  # the local header, then the data
    data[start + int(info.compress_size * 0.9)] ^= 0xFF  # late in the data
    path.write_bytes(bytes(data))
    summary = run(history, path)
    assert summary.problem.startswith("The file breaks off after conversation")
    assert 0 < summary.added < 400


def test_a_missing_file(history: History, tmp_path: Path) -> None:
    assert import_error(history, tmp_path / "gone.zip").startswith("Could not read ")


# --- the history migration ------------------------------------------------------------------


def test_the_migration_keeps_every_message_of_a_database_made_before_it(
    hisho_home: Path,
) -> None:
    """A history written by the schema before this step (the current release), with
    conversations of every kind, opened by this version: every row as it was."""
    path = paths.ensure_dir(paths.data_dir()) / "history.sqlite3"
    before = MIGRATIONS[: MIGRATIONS.index(exchange.add_exchange_keys)]
    db = sqlite3.connect(path, isolation_level=None)
    for migration in before:
        migration(db)
    db.execute(f"PRAGMA user_version={len(before)}")
    for cid in (1, 2):
        db.execute(
            "INSERT INTO conversations(id, title, created_at, updated_at, scope, cloud_policy)"
            ' VALUES (?, ?, ?, ?, \'{"library": "My files", "path": null}\', \'ask\')',
            (cid, f"Old {cid}", cid * 10.0, cid * 10.0 + 5),
        )
        for n, (role, status) in enumerate(
            [("user", "complete"), ("assistant", "stopped"), ("user", "complete"),
             ("assistant", "error")]
        ):  # fmt: skip
            db.execute(
                "INSERT INTO messages(conversation_id, role, content, status, created_at,"
                " model, error, kind, origin) VALUES (?, ?, ?, ?, ?, 'm', 'e', 'summary', 'cloud')",
                (cid, role, f"old message {cid}.{n} 古い", status, cid * 10.0 + n),
            )
    rows_before = db.execute("SELECT * FROM messages ORDER BY id").fetchall()
    conversations_before = db.execute("SELECT * FROM conversations ORDER BY id").fetchall()
    db.close()

    history = History(path)
    try:
        assert history._query("PRAGMA user_version")[0][0] == len(MIGRATIONS)
        after = [tuple(r) for r in history._query("SELECT * FROM messages ORDER BY id")]
        # as it was; later migrations may only add columns, at the end
        assert [row[: len(rows_before[0])] for row in after] == rows_before
        width = len(conversations_before[0])
        conversations_after = history._query("SELECT * FROM conversations ORDER BY id")
        assert [tuple(r)[:width] for r in conversations_after] == conversations_before
        assert [hit.conversation.id for hit in history.search("古い")] == [2, 1]
        history.delete_conversation(1)  # the keys table does not hold a conversation back
        assert [c.id for c in history.conversations()] == [2]
    finally:
        history.close()
