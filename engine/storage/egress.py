"""The egress log: every request that left the device, for the user to see.

One row per HTTP request to a cloud provider (answers, retries, "Test connection"):
when, to whom, which model, bytes sent and received, for which conversation, and how it
ended. Written before the request's result is shown, kept in its own SQLite file in the
data folder (``egress.sqlite3``); Help › Egress log… lists it. It never holds the API key
or the text sent, only sizes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engine import paths
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.sqlite_store import Migration, SqliteStore
from engine.types import EgressEntry


def _m1_requests(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE requests(
               id INTEGER PRIMARY KEY,
               time REAL NOT NULL,
               provider TEXT NOT NULL,
               model TEXT NOT NULL,
               host TEXT NOT NULL,
               bytes_sent INTEGER NOT NULL,
               bytes_received INTEGER NOT NULL,
               conversation_id INTEGER,
               purpose TEXT NOT NULL,
               outcome TEXT NOT NULL)"""
    )


MIGRATIONS: list[Migration] = [_m1_requests]


def egress_db() -> Path:
    return paths.data_dir() / "egress.sqlite3"


class EgressLog(SqliteStore):
    """The log. Safe to call from several threads."""

    what = QT_TRANSLATE_NOOP("Engine", "the egress log")

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or egress_db(), MIGRATIONS)

    def record(self, entry: EgressEntry) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO requests(time, provider, model, host, bytes_sent, bytes_received,"
                " conversation_id, purpose, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entry.time, entry.provider, entry.model, entry.host, entry.bytes_sent,
                 entry.bytes_received, entry.conversation_id, entry.purpose, entry.outcome),
            )  # fmt: skip

    def entries(self, limit: int = 5000) -> list[EgressEntry]:
        """The newest ``limit`` requests, newest first."""
        rows = self._query("SELECT * FROM requests ORDER BY time DESC, id DESC LIMIT ?", (limit,))
        return [
            EgressEntry(
                time=r["time"],
                provider=r["provider"],
                model=r["model"],
                host=r["host"],
                bytes_sent=r["bytes_sent"],
                bytes_received=r["bytes_received"],
                conversation_id=r["conversation_id"],
                purpose=r["purpose"],
                outcome=r["outcome"],
            )
            for r in rows
        ]
