"""Automatic backups of the conversation history, and restoring one.

At start, once the history has opened and passed its integrity check, a copy is taken
with SQLite's online backup (a consistent snapshot, even in WAL mode) into
``<data>/backups/history-<time>.sqlite3`` — at most once every BACKUP_EVERY_S, the newest
KEEP kept. When the history is found damaged at start, the app offers the newest backup
that itself passes the check; restoring first moves the damaged file (and its WAL and
shared-memory files) aside as ``history.sqlite3.damaged-<time>``. Nothing is ever deleted
or overwritten in place: a person can still hand the damaged file to a recovery tool.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from engine import paths
from engine.errors import StorageError
from engine.i18n import QT_TRANSLATE_NOOP

#: Take a new backup at start when the newest is older than this.
BACKUP_EVERY_S = 24 * 3600
#: Backups kept (older ones are removed when a new one is taken).
KEEP = 5
_SIDECARS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file and what it holds."""

    path: Path
    taken_at: float
    conversations: int
    messages: int

    @property
    def label(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.taken_at))
        return QT_TRANSLATE_NOOP(
            "Engine", "{when} ({conversations} conversations, {messages} messages)"
        ).format(when=when, conversations=self.conversations, messages=self.messages)


def backup_dir() -> Path:
    return paths.data_dir() / "backups"


def _name(now: float) -> str:
    return "history-" + time.strftime("%Y%m%d-%H%M%S", time.localtime(now)) + ".sqlite3"


def back_up(source: Path, folder: Path | None = None, now: float | None = None,
            force: bool = False) -> Path | None:  # fmt: skip
    """Copy the history at ``source`` into the backup folder when it is time to.

    Returns:
        The new backup, or None when a recent one exists (or ``source`` is missing).
    Raises:
        StorageError: the copy could not be written (disk full, read-only folder); the
            history itself is untouched.
    """
    folder = folder or backup_dir()
    now = time.time() if now is None else now
    if not source.is_file():
        return None
    existing = sorted(folder.glob("history-*.sqlite3")) if folder.is_dir() else []
    if existing and not force and now - existing[-1].stat().st_mtime < BACKUP_EVERY_S:
        return None
    target = folder / _name(now)
    partial = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
        os.utime(target, (now, now))
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            QT_TRANSLATE_NOOP(
                "Engine", "Could not back up the conversation history to {folder}: {error}"
            ).format(folder=folder, error=exc)
        ) from exc
    for old in sorted(folder.glob("history-*.sqlite3"))[:-KEEP]:
        old.unlink(missing_ok=True)
    return target


def _inspect(path: Path) -> Backup | None:
    """The backup's contents, or None when it is damaged or not a history."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return None
            conversations = db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0]
            messages = db.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return Backup(path, path.stat().st_mtime, int(conversations), int(messages))


def backups(folder: Path | None = None) -> list[Backup]:
    """Usable backups, newest first (damaged ones are left out)."""
    folder = folder or backup_dir()
    found = sorted(folder.glob("history-*.sqlite3"), reverse=True) if folder.is_dir() else []
    return [b for b in map(_inspect, found) if b is not None]


def set_aside(damaged: Path, now: float | None = None) -> Path:
    """Move a damaged database (and its WAL/shared-memory files) out of the way."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if now is None else now))
    aside = damaged.with_name(f"{damaged.name}.damaged-{stamp}")
    try:
        os.replace(damaged, aside)
        for suffix in _SIDECARS:
            extra = damaged.with_name(damaged.name + suffix)
            if extra.exists():
                os.replace(extra, aside.with_name(aside.name + suffix))
    except OSError as exc:
        raise StorageError(
            QT_TRANSLATE_NOOP("Engine", "Could not move the damaged history aside: {error}").format(
                error=exc
            )
        ) from exc
    return aside


def restore(backup: Backup, target: Path) -> Path:
    """Put ``backup`` in place of the damaged history at ``target``.

    Returns:
        Where the damaged file was kept.
    """
    aside = set_aside(target) if target.exists() else target
    partial = target.with_name(target.name + ".restoring")
    try:
        shutil.copyfile(backup.path, partial)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            QT_TRANSLATE_NOOP("Engine", "Could not restore the backup: {error}").format(error=exc)
        ) from exc
    return aside
