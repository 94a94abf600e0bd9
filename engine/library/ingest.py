"""Indexing: every queued file, oldest first, as a generator of :class:`IngestProgress`.

    hash (unchanged files are skipped) -> extract (in a guarded child process)
    -> chunk -> embed (batches across files) -> write vectors, then the manifest

The next file is read on a helper thread while this one is chunked and embedded.
"""

from __future__ import annotations

import contextlib
import queue
import time
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from engine.cancel import CancelToken
from engine.errors import ExtractError, LibraryError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.catalogue import Catalogue
from engine.library.chunker import Chunker
from engine.library.scan import file_sha256
from engine.library.types import Extracted, FileRecord, FileStatus, IngestProgress, JobState
from engine.library.writer import EMBED_BATCH, PreparedFile, write_batch

if TYPE_CHECKING:
    from engine.library.guard import ExtractorProcess

_PAUSED = QT_TRANSLATE_NOOP("Engine", "Paused")
GONE = QT_TRANSLATE_NOOP("Engine", "The file was deleted or moved before it could be read.")


@dataclass
class _Tally:
    """How far a run of ``ingest`` is, in files, chunks and bytes."""

    total: int
    bytes_total: int
    done: int = 0
    chunks_done: int = 0
    bytes_done: int = 0
    started: float = field(default_factory=time.monotonic)

    def count_in(self, record: FileRecord) -> None:
        self.total += 1
        self.bytes_total += max(record.size, 1)

    def count_done(self, prepared: PreparedFile) -> None:
        self.done += 1
        self.chunks_done += len(prepared.chunks or ())
        self.bytes_done += max(prepared.record.size, 1)

    def report(
        self, file: FileRecord | None = None, state: JobState = JobState.RUNNING, message: str = ""
    ) -> IngestProgress:
        elapsed = time.monotonic() - self.started
        eta = None
        if self.bytes_done > 0 and elapsed > 0.5:
            eta = max(0.0, (self.bytes_total - self.bytes_done) * elapsed / self.bytes_done)
        return IngestProgress(state, self.total, self.done, self.chunks_done, eta, file, message)


@dataclass
class _Run:
    """One run of ``ingest``: what is left, what was taken, and its controls."""

    pending: list[FileRecord]
    cancel: CancelToken
    paused: Callable[[], bool]
    busy: Callable[[], bool]
    tally: _Tally
    seen: set[int] = field(default_factory=set)
    #: (file id, message) for each scanned page as it is read (from the read-ahead thread).
    pages: queue.SimpleQueue[tuple[int, str]] = field(default_factory=queue.SimpleQueue)

    def page_news(self, record: FileRecord) -> Iterator[IngestProgress]:
        """Paused, or which scanned page of ``record`` is being read."""
        if self.paused():
            yield self.tally.report(state=JobState.PAUSED, message=_PAUSED)
        while not self.pages.empty():
            file_id, message = self.pages.get()
            if file_id == record.id:
                reading = replace(record, status=FileStatus.INDEXING)
                yield self.tally.report(reading, message=message)


class Indexer:
    """Reads, chunks and embeds queued files into the library's stores."""

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        chunk_tokens: int,
        chunk_overlap: int,
        extract_time_limit_s: float,
    ) -> None:
        self.catalogue = catalogue
        self.stores = catalogue.stores
        self.chunk_tokens = chunk_tokens
        self.chunk_overlap = chunk_overlap
        self.extract_time_limit_s = extract_time_limit_s
        self._extractor: ExtractorProcess | None = None

    @property
    def chunker(self) -> Chunker:
        embedder = self.stores.embedder
        size = min(self.chunk_tokens, embedder.max_tokens)
        return Chunker(
            embedder.token_spans,
            size,
            min(self.chunk_overlap, size // 2),
            min_tokens=min(48, size // 3),
        )

    def extract(self, path: Path, run: _Run | None = None, file_id: int = 0) -> Extracted:
        """The file's text, read by the guarded child process (started on first use);
        during ``run``, scanned pages are told, paused and cancelled with it."""
        if self._extractor is None:
            from engine.library.guard import ExtractorProcess

            self._extractor = ExtractorProcess(time_limit_s=self.extract_time_limit_s)
        if run is None:
            return self._extractor.extract(path)
        return self._extractor.extract(
            path,
            progress=lambda _number, _total, message: run.pages.put((file_id, message)),
            held=run.paused,
            cancelled=lambda: run.cancel.cancelled,
        )

    def close(self) -> None:
        extractor, self._extractor = self._extractor, None
        if extractor is not None:
            extractor.close()

    def ingest(
        self,
        cancel: CancelToken | None = None,
        *,
        paused: Callable[[], bool] = lambda: False,
        busy: Callable[[], bool] = lambda: False,
    ) -> Iterator[IngestProgress]:
        """Index every queued file (also those queued while this runs), oldest first.

        ``paused()`` holds the job until it turns false; ``busy()`` (an answer is being
        generated) makes it wait between batches so the model gets the CPU. After a
        restart the same call continues where the last one stopped.
        """
        pending = self.stores.manifest.pending()
        tally = _Tally(len(pending), sum(max(r.size, 1) for r in pending))
        if not pending:
            yield tally.report(state=JobState.FINISHED)
            return
        run = _Run(pending, cancel or CancelToken(), paused, busy, tally)
        yield tally.report(message=QT_TRANSLATE_NOOP("Engine", "Indexing…"))
        reader = _ReadAhead(lambda record: self._prepare(record, run))
        try:
            while run.pending:
                batch = yield from self._gather_batch(run, reader)
                for prepared, record in write_batch(self.stores, batch):
                    tally.count_done(prepared)
                    yield tally.report(record)
                if run.cancel.cancelled:
                    self.catalogue.unqueue(run.pending)
                    message = QT_TRANSLATE_NOOP("Engine", "Cancelled")
                    yield tally.report(state=JobState.CANCELLED, message=message)
                    return
                self._take_newly_queued(run)
        finally:
            reader.close()
        yield tally.report(state=JobState.FINISHED, message=QT_TRANSLATE_NOOP("Engine", "Done"))

    def _gather_batch(
        self, run: _Run, reader: _ReadAhead
    ) -> Generator[IngestProgress, None, list[PreparedFile]]:
        """Read and chunk files until the batch holds ``EMBED_BATCH`` chunks, none are
        left, or the run is cancelled; progress as each file is taken."""
        batch: list[PreparedFile] = []
        batch_chunks = 0
        while run.pending and batch_chunks < EMBED_BATCH and not run.cancel.cancelled:
            yield from _wait_while_held(run)
            if run.cancel.cancelled:
                break
            record = run.pending.pop(0)
            run.seen.add(record.id)
            self.stores.manifest.set_status(record.id, FileStatus.INDEXING)
            yield run.tally.report(replace(record, status=FileStatus.INDEXING))
            future = reader.start(record, run.pending[0] if run.pending else None)
            while not future.done():
                with contextlib.suppress(TimeoutError):
                    future.result(timeout=0.25)
                yield from run.page_news(record)
            prepared = future.result()
            if prepared.extracted is not None:
                prepared.chunks = self.chunker.chunk(prepared.extracted.pages)
            batch.append(prepared)
            batch_chunks += len(prepared.chunks or ())
        return batch

    def _take_newly_queued(self, run: _Run) -> None:
        """Files queued while this ran (a watched folder changed, another drop)."""
        for record in self.stores.manifest.pending():
            if record.id not in run.seen and all(r.id != record.id for r in run.pending):
                run.pending.append(record)
                run.tally.count_in(record)

    def _prepare(self, record: FileRecord, run: _Run | None = None) -> PreparedFile:
        """Hash and extract one file (runs on the read-ahead thread; the parse itself
        runs in the guarded child process)."""
        path = Path(record.path)
        prepared = PreparedFile(record)
        try:
            prepared.size = path.stat().st_size
            prepared.sha256 = file_sha256(path)
        except OSError as exc:
            prepared.error = _unreadable(exc)
            return prepared
        if prepared.sha256 == record.sha256 and record.indexed_at > 0:
            prepared.unchanged = True
            return prepared
        try:
            prepared.extracted = self.extract(path, run, record.id)
        except ExtractError as exc:
            prepared.error = exc
        except LibraryError as exc:
            prepared.error = ExtractError("corrupt", str(exc))
        return prepared


class _ReadAhead:
    """Reads the next file on a helper thread while this one is chunked and embedded
    (the parser is a separate process, so the two really run side by side)."""

    def __init__(self, read: Callable[[FileRecord], PreparedFile]) -> None:
        self._read = read
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
        self._ahead: dict[int, Future[PreparedFile]] = {}

    def start(self, record: FileRecord, following: FileRecord | None) -> Future[PreparedFile]:
        """``record`` being read (or already read), with ``following`` started meanwhile."""
        future = self._ahead.pop(record.id, None) or self._pool.submit(self._read, record)
        if following is not None and following.id not in self._ahead:
            self._ahead[following.id] = self._pool.submit(self._read, following)
        return future

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _wait_while_held(run: _Run) -> Iterator[IngestProgress]:
    """Hold while paused (saying so), then while an answer is being generated."""
    while run.paused() and not run.cancel.cancelled:
        yield run.tally.report(state=JobState.PAUSED, message=_PAUSED)
        time.sleep(0.2)
    while run.busy() and not run.paused() and not run.cancel.cancelled:
        time.sleep(0.1)


def _unreadable(exc: OSError) -> ExtractError:
    """Why a file could not be hashed, as the error its record shows."""
    if isinstance(exc, FileNotFoundError):
        return ExtractError("missing", GONE)
    if isinstance(exc, PermissionError):
        return ExtractError(
            "unreadable",
            QT_TRANSLATE_NOOP("Engine", "Hisho may not read this file. Check its permissions."),
        )
    return ExtractError(
        "unreadable",
        QT_TRANSLATE_NOOP("Engine", "The file could not be read ({error}).").format(error=exc),
    )
