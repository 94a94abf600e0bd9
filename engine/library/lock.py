"""One writer per library: an exclusive lock on a file in the library folder.

The lock belongs to the process (released by the OS when it dies, even by ``kill -9``),
so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO

from engine.errors import LibraryError
from engine.i18n import QT_TRANSLATE_NOOP


class WriterLock:
    """Holds ``folder/writer.lock`` exclusively until :meth:`release`."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "writer.lock"
        self._handle: IO[str] | None = self.path.open("a+", encoding="utf-8")
        try:
            if sys.platform == "win32":
                import msvcrt

                self._handle.seek(0)
                msvcrt.locking(self._handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self._handle.close()
            self._handle = None
            raise LibraryError(
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "Another Hisho (a window, or `hisho index`) is using your document library. "
                    "Close it, or use that one, then try again.",
                )
            ) from exc
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.write(f"{os.getpid()}\n")
        self._handle.flush()

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None
