"""One SQLite file with migrations, one lock and errors a user can act on.

Both stores of the app (the conversation history and the library manifest) are
SQLite databases in WAL mode with ``synchronous=FULL``: a row is on disk when its call
returns. Each grows its schema through an ordered list of small migration functions;
``PRAGMA user_version`` records how many have run.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from engine.errors import DamagedStoreError, HishoError, StorageError
from engine.i18n import QT_TRANSLATE_NOOP

Migration = Callable[[sqlite3.Connection], None]


def storage_error(
    exc: sqlite3.Error, path: Path, what: str, error: type[HishoError] = StorageError
) -> HishoError:
    """A sentence saying why ``what`` (e.g. "the conversation history") failed and what to do."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "Could not save to {what} (the data folder is read-only): {path}. "
            "Make the folder writable, then try again. What was saved before is kept.",
        )
    elif "full" in text:
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "Could not save to {what} (the disk is full): {path}. "
            "Free some disk space, then try again. What was saved before is kept.",
        )
    elif "locked" in text or "busy" in text:
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "Could not save to {what} (another program is using {what}): {path}. "
            "Close the other Hisho window. What was saved before is kept.",
        )
    elif "malformed" in text or "not a database" in text:
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "Could not save to {what} (the file is damaged): {path}. "
            "Keep a copy of the file for recovery. What was saved before is kept.",
        )
        if error is StorageError:
            error = DamagedStoreError
    else:
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "Could not save to {what} ({error}): {path}. "
            "Check the folder's permissions and free space. What was saved before is kept.",
        )
    return error(message.format(what=what, path=path, error=exc))


class SqliteStore:
    """A SQLite database. Safe to call from several threads (one lock, one connection)."""

    #: Words for error messages: "Could not save to <what> …".
    what = QT_TRANSLATE_NOOP("Engine", "the database")
    error_type: type[HishoError] = StorageError

    def __init__(self, path: Path, migrations: Sequence[Migration]) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                str(path), isolation_level=None, check_same_thread=False, timeout=10
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._check_integrity()
            self._migrate(migrations)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        except OSError as exc:
            raise self.error_type(
                QT_TRANSLATE_NOOP("Engine", "Could not open {what} at {path}: {error}").format(
                    what=self.what, path=path, error=exc
                )
            ) from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _error(self, exc: sqlite3.Error) -> HishoError:
        return storage_error(exc, self.path, self.what, self.error_type)

    def _check_integrity(self) -> None:
        row = self._db.execute("PRAGMA quick_check").fetchone()
        if row is None or row[0] != "ok":
            # SQLite's own wording, for storage_error to recognise: never shown as it is.
            raise sqlite3.DatabaseError(f"database disk image is malformed ({row})")

    def _migrate(self, migrations: Sequence[Migration]) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        for number, migration in enumerate(migrations[version:], start=version + 1):
            with self._transaction():
                migration(self._db)
                self._db.execute(f"PRAGMA user_version={number}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise self._error(exc) from exc
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def _query(self, sql: str, args: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                cursor = self._db.execute(sql, tuple(args))
                cursor.row_factory = sqlite3.Row
                return cursor.fetchall()
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
