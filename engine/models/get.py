"""Getting a catalog model: where it goes, how far it got, and the verified download.

The window (first-run card, Models › Get more models) and ``hisho models download NAME``
both come here, so a catalog model is fetched and checked the same way everywhere:
``engine.models.download`` with the entry's sha256 and, where a source states it, its
exact size; a vision model's projector file follows its model. A download that stopped
(paused, cancelled by a restart, cut off) leaves a part file, and ``state`` reports it so
the next try can say "resume" and continue from there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine import paths
from engine.cancel import CancelToken
from engine.models.catalog import Catalog, CatalogEntry
from engine.models.download import DownloadProgress, download

if TYPE_CHECKING:
    from engine.storage.egress import EgressLog


@dataclass(frozen=True, slots=True)
class EntryState:
    """An entry on this computer: installed, partly downloaded (bytes so far), or not."""

    path: Path
    installed: bool
    partial_bytes: int

    @property
    def resumable(self) -> bool:
        return not self.installed and self.partial_bytes > 0


def target_for(entry: CatalogEntry, models: Path | None = None) -> Path:
    """Where ``entry`` is saved: its catalog file name in the models folder."""
    return (models or paths.models_dir()) / entry.file


def state(entry: CatalogEntry, models: Path | None = None) -> EntryState:
    target = target_for(entry, models)
    part = target.with_name(target.name + ".part")
    partial = part.stat().st_size if part.is_file() else 0
    return EntryState(target, target.is_file(), partial)


def files_to_get(catalog: Catalog, entry: CatalogEntry) -> list[CatalogEntry]:
    """``entry`` and, for a vision model, its projector: what one download fetches."""
    projector = catalog.projector_for(entry)
    return [entry] + ([projector] if projector is not None else [])


def download_entry(
    catalog: Catalog,
    entry: CatalogEntry,
    cancel: CancelToken | None = None,
    ledger: EgressLog | None = None,
    models: Path | None = None,
) -> Iterator[DownloadProgress]:
    """Fetch ``entry`` (and its projector) into the models folder, verified; files
    already installed are skipped. Returns when all are in place or when cancelled
    (check ``state`` to tell which).

    Raises:
        DownloadError: as ``engine.models.download.download`` (no space, refused,
            unreachable, cut off, wrong sha256: the file is then in quarantine).
    """
    cancel = cancel or CancelToken()
    folder = paths.ensure_dir(models or paths.models_dir())
    for part in files_to_get(catalog, entry):
        target = target_for(part, folder)
        if target.is_file():
            continue
        yield from download(part.url, target, part.sha256, part.size_bytes or 0,
                            cancel=cancel, ledger=ledger)  # fmt: skip
        if cancel.cancelled:
            return
