"""Hisho's own JSON export: every conversation comes back whole, and twice adds nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine import paths
from engine.cancel import CancelToken
from engine.errors import StorageError
from engine.library.types import Passage, Scope
from engine.storage.exports import ExportProgress, ExportSummary, export_history
from engine.storage.history import History
from engine.storage.imports import ImportSummary, describe, import_export
from engine.types import CloudChoice, MessageStatus
from tests.conversation_exports import chatgpt_branching, chatgpt_zip

PASSAGE = Passage(
    chunk_id="c1", library="My files", path="/docs/report.pdf", page=3, heading="Results",
    text="The pier was rebuilt in 1998.", start=10, end=40, score=0.8125, similarity=0.71,
    keyword_hit=True,
)  # fmt: skip


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


def fill(history: History) -> None:
    """Conversations with everything a conversation can hold."""
    plain = history.create_conversation()
    history.append_message(plain.id, "user", "Hello 世界")
    history.append_message(plain.id, "assistant", "Hi!", model="SmolLM2-135M")

    grounded = history.create_conversation()
    history.set_scope(grounded.id, Scope("My files", "/docs/report.pdf"))
    history.set_cloud(grounded.id, CloudChoice("ask", use_cloud=True, allowed=True))
    history.append_message(grounded.id, "system", "Answer briefly.")
    history.append_message(grounded.id, "user", "Summarize report.pdf (brief)", kind="summary")
    reply = history.append_message(grounded.id, "assistant", "", MessageStatus.STREAMING)
    history.update_message(reply.id, "The pier was rebuilt [1].", MessageStatus.STOPPED)
    history.set_sources(reply.id, [PASSAGE])
    history.set_author(reply.id, "OpenAI · gpt-4o-mini", "cloud")
    failed = history.append_message(grounded.id, "assistant", "")
    history.update_message(failed.id, "", MessageStatus.ERROR, error="The model crashed.")
    history.rename_conversation(grounded.id, "Pier report")

    history.create_conversation("Empty, renamed")


def everything(history: History) -> list[tuple[Any, ...]]:
    """Every conversation and message as the user sees them, without the row ids."""
    return [
        (
            c.title, c.created_at, c.updated_at, c.scope, c.cloud,
            [(m.role, m.content, m.status, m.created_at, m.model, m.error, m.sources,
              m.origin, m.kind) for m in history.messages(c.id)],
        )
        for c in history.conversations()
    ]  # fmt: skip


def export(history: History, path: Path, cancel: CancelToken | None = None) -> ExportSummary:
    events = list(export_history(history, path, cancel))
    assert all(isinstance(e, ExportProgress) for e in events[:-1])
    summary = events[-1]
    assert isinstance(summary, ExportSummary)
    return summary


def imported(history: History, path: Path) -> ImportSummary:
    summary = list(import_export(history, path))[-1]
    assert isinstance(summary, ImportSummary)
    return summary


def test_round_trip_gives_identical_conversations(history: History, tmp_path: Path) -> None:
    fill(history)
    first = tmp_path / "hisho-conversations.json"
    assert export(history, first) == ExportSummary(str(first), 3, 6)

    elsewhere = History(tmp_path / "other" / "history.sqlite3")
    try:
        summary = imported(elsewhere, first)
        assert (summary.source, summary.added, summary.skipped) == ("Hisho", 3, ())
        assert describe(summary) == "Imported 3 conversations from Hisho."
        assert everything(elsewhere) == everything(history)
        second = tmp_path / "again.json"
        export(elsewhere, second)
    finally:
        elsewhere.close()
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    assert a["conversations"] == b["conversations"]  # the keys travel too
    assert (a["format"], a["version"]) == ("hisho-conversations", 1)


def test_importing_its_own_export_adds_nothing(history: History, tmp_path: Path) -> None:
    fill(history)
    before = everything(history)
    path = tmp_path / "mine.json"
    export(history, path)
    summary = imported(history, path)
    assert (summary.added, summary.already) == (0, 3)
    assert everything(history) == before


def test_an_imported_conversation_keeps_its_source_key(history: History, tmp_path: Path) -> None:
    """ChatGPT → Hisho JSON → another Hisho that has that ChatGPT export too: once."""
    chatgpt = chatgpt_zip(tmp_path / "chatgpt.zip", [chatgpt_branching()])
    imported(history, chatgpt)
    path = tmp_path / "moved.json"
    export(history, path)
    assert json.loads(path.read_text(encoding="utf-8"))["conversations"][0]["key"] == (
        "chatgpt:b0f1e2d3-branch"
    )
    elsewhere = History(tmp_path / "other" / "history.sqlite3")
    try:
        assert imported(elsewhere, path).added == 1
        assert imported(elsewhere, chatgpt).already == 1
    finally:
        elsewhere.close()


def test_a_stopped_export_leaves_no_file_and_keeps_an_older_one(
    history: History, tmp_path: Path
) -> None:
    for number in range(30):
        history.append_message(history.create_conversation().id, "user", f"question {number}")
    path = tmp_path / "exports" / "export.json"
    path.parent.mkdir()
    path.write_text("an older export", encoding="utf-8")
    cancel = CancelToken()
    events = export_history(history, path, cancel)
    next(events)
    cancel.cancel()
    assert list(events)[-1] == ExportSummary(str(path), 0, 0, stopped=True)
    assert path.read_text(encoding="utf-8") == "an older export"
    assert [p.name for p in path.parent.iterdir()] == ["export.json"]  # no temp file left


def test_a_damaged_conversation_in_a_hisho_export_is_skipped(
    history: History, tmp_path: Path
) -> None:
    fill(history)
    path = tmp_path / "mine.json"
    export(history, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["conversations"][0]["messages"][1]["role"] = "wizard"
    document["conversations"][1]["key"] = 17
    path.write_text(json.dumps(document), encoding="utf-8")
    elsewhere = History(tmp_path / "other" / "history.sqlite3")
    try:
        summary = imported(elsewhere, path)
        assert summary.added == 1
        assert [s.reason for s in summary.skipped] == [
            "its “messages[1].role” is missing or damaged",
            "its “key” is missing or damaged",
        ]
    finally:
        elsewhere.close()


def test_a_folder_that_cannot_be_written_says_so(history: History, tmp_path: Path) -> None:
    fill(history)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        export(history, blocker / "export.json")
    assert str(caught.value).startswith(f"Could not write {blocker / 'export.json'} (")
    assert str(caught.value).endswith("Choose another folder; nothing was written there.")
