"""The summary cache: every finished model call's output under the hash of its input, so
a second run, or another length over the same document, reuses the work."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from engine.errors import HishoError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.sqlite_store import SqliteStore
from engine.summary.prompts import PROMPT_VERSION
from engine.types import ChatMessage


def _m1_cache(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE outputs(key TEXT PRIMARY KEY, text TEXT NOT NULL, created_at REAL NOT NULL)"
    )


class SummaryCache(SqliteStore):
    """Model outputs by the hash of what produced them. A row is written only when its
    call finished, so a cancelled run leaves complete entries and nothing half-written."""

    what = QT_TRANSLATE_NOOP("Engine", "the summary cache")

    def __init__(self, path: Path) -> None:
        super().__init__(path, [_m1_cache])

    @classmethod
    def open(cls, path: Path) -> SummaryCache:
        """The cache at ``path``; a damaged one is only a cache: it is started anew."""
        try:
            return cls(path)
        except HishoError:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            return cls(path)

    def get(self, key: str) -> str | None:
        rows = self._query("SELECT text FROM outputs WHERE key=?", (key,))
        return str(rows[0]["text"]) if rows else None

    def put(self, key: str, text: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO outputs(key, text, created_at) VALUES (?, ?, ?)",
                (key, text, time.time()),
            )


def call_key(model: str, messages: Sequence[ChatMessage], max_tokens: int) -> str:
    """The cache key of one model call: its model, prompts' version, reply room, prompt."""
    payload = json.dumps(
        [PROMPT_VERSION, model, max_tokens, [[m.role, m.content] for m in messages]],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
