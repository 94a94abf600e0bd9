"""Which files each library holds: adding files and folders, queueing changed files,
removing files and libraries (from the manifest first, then their vectors)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from engine.library.scan import scan
from engine.library.stores import Stores
from engine.library.types import FileRecord, FileStatus


class Catalogue:
    """Adds to and removes from the library's stores (indexing is ``Indexer``'s)."""

    def __init__(self, stores: Stores) -> None:
        self.stores = stores
        self.manifest = stores.manifest

    def add(self, paths_: Sequence[Path], library: str) -> list[FileRecord]:
        """Queue new and changed files under ``paths_`` (folders are then kept in sync).

        Returns every file found, with its status: queued, or as it was when unchanged
        (already indexed, failed, empty)."""
        self.manifest.ensure_library(library)
        for given in paths_:
            given = Path(given).expanduser()
            if given.is_dir():
                self.manifest.add_folder(library, str(given.resolve()))
        found: list[FileRecord] = []
        for real, _root in scan(paths_):
            record = self.queue_if_changed(library, real) or self.manifest.find_file(
                library, str(real)
            )
            if record is not None:
                found.append(record)
        return found

    def queue_if_changed(self, library: str, path: Path) -> FileRecord | None:
        """Queue ``path`` if it is new, changed on disk, or not yet indexed."""
        try:
            info = path.stat()
        except OSError:
            return None
        known = self.manifest.find_file(library, str(path))
        if (
            known is not None
            and known.status not in (FileStatus.QUEUED, FileStatus.INDEXING)
            and known.size == info.st_size
            and known.mtime == info.st_mtime
        ):
            return None
        return self.manifest.queue(library, str(path), info.st_size, info.st_mtime)

    def remove_path(self, path: Path, library: str | None = None) -> int:
        """Forget a file (or every file under a folder), in one library or all."""
        target = str(path)
        removed = 0
        for record in self.manifest.files(library):
            if record.path == target or record.path.startswith(target.rstrip(os.sep) + os.sep):
                self.stores.forget(record)
                removed += 1
        return removed

    def remove_library(self, name: str) -> None:
        with self.stores.write_lock:
            ids = self.manifest.remove_library(name)
            if ids:
                self.stores.vectors.delete(ids)

    def unqueue(self, records: Sequence[FileRecord]) -> None:
        """After a cancel: files never indexed leave the library; the others keep what
        they had."""
        for record in records:
            current = self.manifest.file(record.id)
            if current is None:
                continue
            if current.indexed_at == 0:
                self.stores.forget(current)
            else:
                status = FileStatus.DONE if current.chunks else FileStatus.EMPTY
                self.manifest.set_status(current.id, status, current.error)
