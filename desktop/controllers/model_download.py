"""The one model download that may be running, whoever started it.

A download starts from the Models window (an address, or a catalog model on its "Get
more models" tab) or from the first-run card in an empty conversation; both show the
same progress, so this object runs it (``engine.models.download`` / ``engine.models.get``
on a worker) and emits what happens. Pause keeps the part file (the next download of the
same file resumes from there, also after a restart); cancel deletes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.workers import Workers, WorkerSignals
from engine.cancel import CancelToken
from engine.models.catalog import Catalog, CatalogEntry
from engine.models.download import DownloadProgress, download
from engine.models.get import download_entry, target_for
from engine.storage.egress import EgressLog


@dataclass(frozen=True, slots=True)
class DownloadEnd:
    """How a download ended: ``installed`` (verified and in place), ``paused`` (the part
    file stays), or neither (cancelled, or failed with ``error``)."""

    target: Path
    entry_id: str
    installed: bool
    paused: bool
    error: str = ""


class ModelDownloads(QObject):
    """Runs one download at a time and reports it to every view that shows it."""

    #: (entry id or "", the target path) when a download starts.
    started = Signal(str, object)
    #: DownloadProgress.
    progress = Signal(object)
    #: DownloadEnd.
    ended = Signal(object)

    def __init__(
        self, workers: Workers, ledger: Callable[[], EgressLog | None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.workers = workers
        self.ledger = ledger
        self._cancel: CancelToken | None = None
        self._target: Path | None = None
        self._entry_id = ""
        self._error = ""
        self._job: WorkerSignals | None = None

    @property
    def running(self) -> bool:
        return self._cancel is not None

    @property
    def entry_id(self) -> str:
        """The catalog entry being downloaded ("" for an address, or none)."""
        return self._entry_id if self.running else ""

    def get_entry(self, catalog: Catalog, entry: CatalogEntry) -> bool:
        """Download a catalog model (and its projector), verified; False when another
        download is running."""
        ledger = self.ledger()
        return self._start(
            target_for(entry),
            entry.id,
            lambda cancel: download_entry(catalog, entry, cancel=cancel, ledger=ledger),
        )

    def get_url(self, url: str, target: Path, sha256: str) -> bool:
        """Download ``url`` to ``target``, checked against ``sha256`` when given."""
        ledger = self.ledger()
        return self._start(
            target, "", lambda cancel: download(url, target, sha256, cancel=cancel, ledger=ledger)
        )

    def _start(
        self,
        target: Path,
        entry_id: str,
        make: Callable[[CancelToken], Iterator[DownloadProgress]],
    ) -> bool:
        if self.running:
            return False
        cancel = CancelToken()
        self._cancel, self._target, self._entry_id, self._error = cancel, target, entry_id, ""
        self.started.emit(entry_id, target)
        self._job = self.workers.run_generator(
            lambda: make(cancel),
            on_yield=self.progress.emit,
            on_error=self._failed,
            on_finished=self._finished,
        )
        return True

    def _failed(self, message: str) -> None:
        self._error = message

    def _finished(self) -> None:
        cancel, target, entry_id = self._cancel, self._target, self._entry_id
        self._cancel = self._target = None
        if target is None:
            return
        paused = bool(
            cancel is not None and cancel.cancelled and _part(target).exists() and not self._error
        )
        self.ended.emit(DownloadEnd(target, entry_id, target.exists(), paused, self._error))

    def pause(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()

    def cancel(self) -> None:
        """Stop and forget what arrived."""
        target = self._target
        self.pause()
        self.workers.wait(10_000)
        if target is not None:
            for leftover in (_part(target), target.with_name(target.name + ".part.json")):
                leftover.unlink(missing_ok=True)


def _part(target: Path) -> Path:
    return target.with_name(target.name + ".part")
