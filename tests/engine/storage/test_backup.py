"""Automatic history backups and restoring one: real SQLite files, real damage."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from engine import paths
from engine.errors import DamagedStoreError
from engine.storage.backup import KEEP, back_up, backup_dir, backups, restore, set_aside
from engine.storage.history import History


def history_with(messages: list[str]) -> Path:
    path = paths.ensure_dir(paths.data_dir()) / "history.sqlite3"
    history = History(path)
    conversation = history.create_conversation()
    for text in messages:
        history.append_message(conversation.id, "user", text)
    history.close()
    return path


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the header and first page's cells
    path.write_bytes(bytes(data))


def test_a_backup_is_taken_once_a_day_and_only_the_newest_are_kept() -> None:
    path = history_with(["the first thing I asked"])
    now = time.time()
    first = back_up(path, now=now)
    assert first is not None and first.parent == backup_dir()
    assert back_up(path, now=now + 3600) is None  # one a day
    for day in range(1, KEEP + 3):
        assert back_up(path, now=now + day * 86400 + 1) is not None
    kept = sorted(backup_dir().glob("history-*.sqlite3"))
    assert len(kept) == KEEP and first not in kept
    [newest, *_] = backups()
    assert newest.messages == 1 and newest.conversations == 1


def test_a_backup_taken_while_the_history_is_open_holds_every_saved_message() -> None:
    path = history_with([])
    history = History(path)  # open, in WAL mode, with rows only in the WAL so far
    conversation = history.create_conversation()
    for n in range(50):
        history.append_message(conversation.id, "user", f"message {n}")
    try:
        taken = back_up(path, force=True)
        assert taken is not None
        assert backups()[0].messages == 50
    finally:
        history.close()


def test_restoring_keeps_the_damaged_file_aside_and_brings_back_the_backup() -> None:
    path = history_with(["kept in the backup"])
    back_up(path)
    later = History(path)
    later.append_message(later.conversations()[0].id, "user", "after the backup")
    later.close()
    damage(path)
    with pytest.raises(DamagedStoreError):
        History(path)
    [newest] = backups()
    aside = restore(newest, path)
    assert aside.name.startswith("history.sqlite3.damaged-") and aside.exists()
    history = History(path)
    try:
        texts = [m.content for m in history.messages(history.conversations()[0].id)]
        assert texts == ["kept in the backup"]
    finally:
        history.close()


def test_a_damaged_backup_is_never_offered() -> None:
    path = history_with(["one"])
    good = back_up(path, now=time.time() - 3 * 86400)
    bad = back_up(path, now=time.time(), force=True)
    assert good is not None and bad is not None
    damage(bad)
    assert [b.path for b in backups()] == [good]


def test_starting_anew_moves_the_damaged_file_and_its_wal_aside() -> None:
    path = history_with(["x"])
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"wal")
    aside = set_aside(path)
    assert not path.exists() and not wal.exists()
    assert aside.exists() and aside.with_name(aside.name + "-wal").read_bytes() == b"wal"
