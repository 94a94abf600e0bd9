"""`hisho import FILE` and `hisho export FILE` from a terminal, on this test's history."""

from __future__ import annotations

import json
from pathlib import Path

from engine import paths
from engine.storage.history import History
from tests.conversation_exports import chatgpt_branching, chatgpt_zip, many_chatgpt
from tests.desktop.test_cli import hisho


def test_import_twice_then_export(tmp_path: Path) -> None:
    path = chatgpt_zip(tmp_path / "chatgpt.zip", [chatgpt_branching(), *many_chatgpt(2)])
    first = hisho("import", str(path))
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == "Imported 3 conversations from ChatGPT."

    again = hisho("import", str(path), "--json")
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert (summary["added"], summary["already"], summary["source"]) == (0, 3, "ChatGPT")

    target = tmp_path / "all.json"
    exported = hisho("export", str(target))
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.strip() == f"Exported 3 conversations to {target}"
    document = json.loads(target.read_text(encoding="utf-8"))
    assert {c["title"] for c in document["conversations"]} >= {"Kyoto trip"}
    history = History(paths.history_db())
    try:
        assert len(history.conversations()) == 3
    finally:
        history.close()


def test_a_file_that_is_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("buy milk", encoding="utf-8")
    result = hisho("import", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith("hisho: notes.txt is not a conversation export")
    assert result.stdout == ""
