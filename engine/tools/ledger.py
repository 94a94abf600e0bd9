"""The Tools log: every tool call, for the user to see (Help › Tools log…).

One row per call, built-in or MCP: when, which server and tool, the sizes of its
arguments and result, how long it took and how it ended. The arguments and the result
themselves are kept only in the conversation (as the egress log keeps only sizes). Its
own SQLite file in the data folder (``tools.sqlite3``).

A row is written with ``synchronous=NORMAL`` (WAL): no fsync per call, so the write
costs a fraction of a millisecond instead of ~4 ms; a power cut may lose the last rows,
never damage the file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engine import paths
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.sqlite_store import Migration, SqliteStore
from engine.types import ToolLogEntry


def _m1_calls(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE calls(
               id INTEGER PRIMARY KEY,
               time REAL NOT NULL,
               server TEXT NOT NULL,
               tool TEXT NOT NULL,
               arguments_bytes INTEGER NOT NULL,
               result_bytes INTEGER NOT NULL,
               duration_s REAL NOT NULL,
               outcome TEXT NOT NULL,
               conversation_id INTEGER)"""
    )


MIGRATIONS: list[Migration] = [_m1_calls]


def tools_db() -> Path:
    return paths.data_dir() / "tools.sqlite3"


class ToolLog(SqliteStore):
    """The log. Safe to call from several threads."""

    what = QT_TRANSLATE_NOOP("Engine", "the Tools log")

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or tools_db(), MIGRATIONS)
        with self._lock:
            self._db.execute("PRAGMA synchronous=NORMAL")

    def record(self, entry: ToolLogEntry) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO calls(time, server, tool, arguments_bytes, result_bytes,"
                " duration_s, outcome, conversation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (entry.time, entry.server, entry.tool, entry.arguments_bytes,
                 entry.result_bytes, entry.duration_s, entry.outcome, entry.conversation_id),
            )  # fmt: skip

    def entries(self, limit: int = 5000) -> list[ToolLogEntry]:
        """The newest ``limit`` calls, newest first."""
        rows = self._query("SELECT * FROM calls ORDER BY time DESC, id DESC LIMIT ?", (limit,))
        return [
            ToolLogEntry(
                time=r["time"],
                server=r["server"],
                tool=r["tool"],
                arguments_bytes=r["arguments_bytes"],
                result_bytes=r["result_bytes"],
                duration_s=r["duration_s"],
                outcome=r["outcome"],
                conversation_id=r["conversation_id"],
            )
            for r in rows
        ]
