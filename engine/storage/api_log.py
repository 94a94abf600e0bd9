"""The local API's log: every request another program made, for the user to see.

One row per HTTP request to Hisho's local API (engine.api), refused ones included:
when, which client (the name it gave, else its User-Agent), method and path, the model
asked for, the status and outcome, bytes both ways, how long it took, and whether the
answer read the user's documents. Kept in its own SQLite file in the data folder
(``api-log.sqlite3``) by the window and ``hisho serve`` alike; Settings › Local API
opens it. It never holds the token or the text of a request or reply, only sizes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engine import paths
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.sqlite_store import Migration, SqliteStore
from engine.types import ApiLogEntry


def _m1_requests(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE requests(
               id INTEGER PRIMARY KEY,
               time REAL NOT NULL,
               client TEXT NOT NULL,
               method TEXT NOT NULL,
               path TEXT NOT NULL,
               model TEXT NOT NULL,
               status INTEGER NOT NULL,
               outcome TEXT NOT NULL,
               bytes_in INTEGER NOT NULL,
               bytes_out INTEGER NOT NULL,
               duration_s REAL NOT NULL,
               documents INTEGER NOT NULL)"""
    )


MIGRATIONS: list[Migration] = [_m1_requests]


def api_log_db() -> Path:
    return paths.data_dir() / "api-log.sqlite3"


class ApiLog(SqliteStore):
    """The log. Safe to call from several threads (and processes: SQLite's WAL)."""

    what = QT_TRANSLATE_NOOP("Engine", "the local API log")

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or api_log_db(), MIGRATIONS)

    def record(self, entry: ApiLogEntry) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO requests(time, client, method, path, model, status, outcome,"
                " bytes_in, bytes_out, duration_s, documents)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entry.time, entry.client[:200], entry.method[:16], entry.path[:200],
                 entry.model[:200], entry.status, entry.outcome, entry.bytes_in,
                 entry.bytes_out, entry.duration_s, int(entry.documents)),
            )  # fmt: skip

    def entries(self, limit: int = 5000) -> list[ApiLogEntry]:
        """The newest ``limit`` requests, newest first."""
        rows = self._query("SELECT * FROM requests ORDER BY time DESC, id DESC LIMIT ?", (limit,))
        return [
            ApiLogEntry(
                time=r["time"],
                client=r["client"],
                method=r["method"],
                path=r["path"],
                model=r["model"],
                status=r["status"],
                outcome=r["outcome"],
                bytes_in=r["bytes_in"],
                bytes_out=r["bytes_out"],
                duration_s=r["duration_s"],
                documents=bool(r["documents"]),
            )
            for r in rows
        ]
