"""Keeping the library in step: with the disk (changes made while Hisho was closed, or
seen by the folder watcher) and the vector index with the manifest (after a crash)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from engine.library.catalogue import Catalogue
from engine.library.scan import scan
from engine.library.types import FileRecord, FileStatus

log = logging.getLogger(__name__)


def reconcile(catalogue: Catalogue) -> list[FileRecord]:
    """Bring the library up to date with the disk and the vector index with the
    manifest (at start: changes made while Hisho was closed, or a crash).

    Returns the files queued for indexing."""
    manifest, stores = catalogue.manifest, catalogue.stores
    queued: list[FileRecord] = []
    watched = manifest.folder_libraries()
    for record in manifest.files():
        if not Path(record.path).exists():  # deleted while Hisho was closed
            stores.forget(record)
    for library, folder in watched:
        if not Path(folder).is_dir():
            continue
        for real, _root in scan([Path(folder)]):
            found = catalogue.queue_if_changed(library, real)
            if found is not None:
                queued.append(found)
    for record in manifest.files():
        if record.status in (FileStatus.DONE, FileStatus.EMPTY):
            requeued = catalogue.queue_if_changed(record.library, Path(record.path))
            if requeued is not None:
                queued.append(requeued)
    if not stores.embedding_model_changed():  # else: rebuild() after the user agrees
        _reconcile_vectors(catalogue)
    return queued


def apply_changes(catalogue: Catalogue, changed: Iterable[Path], deleted: Iterable[Path]) -> int:
    """Follow what a folder watcher saw; returns how many files were queued or removed.

    The disk decides: a "changed" path that is gone counts as deleted, a "deleted"
    path that exists again (a save by rename) counts as changed."""
    watched = catalogue.manifest.folder_libraries()
    touched = 0
    for path in {*changed, *deleted}:
        if not path.exists():
            touched += catalogue.remove_path(path)
            continue
        for library, folder in watched:
            if not path.is_relative_to(folder):
                continue
            for real, _root in scan([path]):
                if real.is_relative_to(folder) and catalogue.queue_if_changed(library, real):
                    touched += 1
    return touched


def _reconcile_vectors(catalogue: Catalogue) -> None:
    """Delete vectors the manifest does not know; re-queue files missing vectors."""
    manifest, stores = catalogue.manifest, catalogue.stores
    with stores.write_lock:
        if stores.vectors.count() == manifest.chunk_count():
            return
        in_index = stores.vectors.ids()
        in_manifest = manifest.chunk_ids()
        extra = sorted(in_index - in_manifest)
        if extra:
            log.info("library: removing %d orphaned vectors", len(extra))
            stores.vectors.delete(extra)
        missing = in_manifest - in_index
        if missing:
            file_ids = {c.file_id for c in manifest.chunks_by_id(missing).values()}
            for file_id in file_ids:
                record = manifest.file(file_id)
                if record is not None:
                    manifest.queue(
                        record.library, record.path, record.size, record.mtime, rehash=True
                    )
