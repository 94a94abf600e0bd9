"""The document library: add files and folders, index them, keep them in sync, search.

One :class:`Library` is the one writer of the manifest and the vector index. Indexing
is a generator of :class:`IngestProgress`:

    scan -> hash (unchanged files are skipped) -> extract (in a guarded child process)
    -> chunk -> embed (batches across files) -> write vectors, then the manifest

The manifest commit is the moment a file counts as indexed. Vectors are written before
it and stale vectors deleted after it, so a ``kill -9`` at any point leaves either
extra vectors (removed by :meth:`Library.reconcile`) or a file still queued (indexed
again at the next start); never a manifest entry without its vectors.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from engine import paths
from engine.cancel import CancelToken
from engine.errors import ExtractError, LibraryError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.chunker import Chunker
from engine.library.embedder import Embedder
from engine.library.lock import WriterLock
from engine.library.manifest import Manifest, StoredChunk
from engine.library.retrieval import (
    bigram_weight,
    fuse,
    keyword_query,
    vector_weight,
)
from engine.library.types import (
    DEFAULT_LIBRARY,
    Chunk,
    Extracted,
    FileRecord,
    FileStatus,
    IngestProgress,
    JobState,
    LibraryInfo,
    Passage,
    Scope,
)
from engine.library.vectors import VectorIndex

log = logging.getLogger(__name__)

#: Chunks embedded together (across files). Small enough that a search waiting for the
#: embedder waits well under a second.
EMBED_BATCH = 64
#: In the library folder while the vector index is open; left behind by a crash.
IN_USE_MARKER = "chroma.in-use"
#: Folders never worth indexing.
SKIP_DIRS = frozenset({"node_modules", "__pycache__", ".git", ".hg", ".svn", ".venv", "venv"})
NO_TEXT = QT_TRANSLATE_NOOP(
    "Engine", "No text found — is it a scanned document? Hisho can't read text in images yet."
)
GONE = QT_TRANSLATE_NOOP("Engine", "The file was deleted or moved before it could be read.")


def file_sha256(path: Path, cap: int | None = None) -> str:
    digest = hashlib.sha256()
    read = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            read += len(block)
            if cap is not None and read >= cap:
                break
    return digest.hexdigest()


def scan(paths_: Iterable[Path]) -> Iterator[tuple[Path, Path | None]]:
    """Regular files under the given paths, as (real path, folder it was found in).

    Never follows a symlink out of the folder it was found in (symlinked folders are not
    entered at all, so there are no loops); FIFOs, sockets and devices are skipped, as are
    hidden files and folders like ``.git`` and ``node_modules``.
    """
    seen: set[Path] = set()
    for given in paths_:
        given = Path(given).expanduser()
        try:
            info = given.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            real = given.resolve()
            if real not in seen:
                seen.add(real)
                yield real, None
            continue
        if not stat.S_ISDIR(info.st_mode):
            continue
        root = given.resolve()
        for folder, dirs, files in os.walk(root, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
            for name in sorted(files):
                if name.startswith("."):
                    continue
                candidate = Path(folder) / name
                try:
                    real = candidate.resolve(strict=True)
                    mode = real.stat().st_mode
                except (OSError, RuntimeError):  # dangling link, loop, permission
                    continue
                if not stat.S_ISREG(mode) or not real.is_relative_to(root) or real in seen:
                    continue
                seen.add(real)
                yield real, root


@dataclass
class _Prepared:
    """A file read, hashed and chunked, waiting for its vectors."""

    record: FileRecord
    sha256: str = ""
    extracted: Extracted | None = None
    chunks: list[Chunk] | None = None
    error: ExtractError | None = None
    unchanged: bool = False
    size: int = 0


class Library:
    """The user's document library (manifest + vector index). The one writer of both."""

    def __init__(
        self,
        folder: Path | None = None,
        embedder: Embedder | None = None,
        *,
        chunk_tokens: int = 160,
        chunk_overlap: int = 32,
        extract_time_limit_s: float = 120.0,
    ) -> None:
        from engine.library.embedder import resolve_embedding_model

        self.folder = folder or paths.library_dir()
        self._lock = WriterLock(self.folder)
        try:
            self.manifest = Manifest(self.folder / "manifest.sqlite3")
        except BaseException:
            self._lock.release()
            raise
        self.embedder = embedder or Embedder(resolve_embedding_model(""))
        self.chunk_tokens = chunk_tokens
        self.chunk_overlap = chunk_overlap
        self.extract_time_limit_s = extract_time_limit_s
        self._vectors: VectorIndex | None = None
        #: (where the damaged index was kept, why) when it had to be set aside at open.
        self.damaged_index: tuple[Path, str] | None = None
        self._extractor: object | None = None
        self._write_lock = threading.RLock()
        #: Runs a search's keyword queries while the question is embedded (see ``search``).
        self._keyword_pool: ThreadPoolExecutor | None = None

    # --- parts, loaded on first use ---------------------------------------------------

    @property
    def vectors(self) -> VectorIndex:
        # Opened once, under the lock: two Chroma clients opening at once break each other.
        with self._write_lock:
            if self._vectors is None:
                self._vectors = self._open_vectors()
                if self.manifest.get_meta("embedding_model") is None:
                    self.manifest.set_meta("embedding_model", self.embedder.name)
            return self._vectors

    def _open_vectors(self) -> VectorIndex:
        """Open the index; a damaged one is set aside (``damaged_index`` says where and
        why) and a new, empty one opened, to be rebuilt from the manifest."""
        from engine.library.probe import index_problem

        folder, marker = self.folder / "chroma", self.folder / IN_USE_MARKER
        model, dimension = self.embedder.name, self.embedder.dimension
        problem = ""
        if marker.exists() and folder.exists():  # not closed cleanly last time: look first
            problem = index_problem(folder, model, dimension)
        if not problem:
            try:
                vectors = VectorIndex(folder, model, dimension)
            except LibraryError as exc:
                problem = str(exc)
        if problem:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            aside = folder.with_name(f"chroma.damaged-{stamp}")
            try:
                folder.replace(aside)
            except OSError as exc:
                raise LibraryError(
                    QT_TRANSLATE_NOOP(
                        "Engine",
                        "The search index at {path} is damaged ({problem}) and could not be "
                        "moved aside ({error}). Your files and their text are kept.",
                    ).format(path=folder, problem=problem, error=exc)
                ) from exc
            log.warning("vector index damaged (%s); kept as %s", problem, aside)
            self.damaged_index = (aside, problem)
            vectors = VectorIndex(folder, model, dimension)
        marker.touch()
        return vectors

    def _extract(self, path: Path) -> Extracted:
        from engine.library.guard import ExtractorProcess

        if self._extractor is None:
            self._extractor = ExtractorProcess(time_limit_s=self.extract_time_limit_s)
        assert isinstance(self._extractor, ExtractorProcess)
        return self._extractor.extract(path)

    @property
    def chunker(self) -> Chunker:
        size = min(self.chunk_tokens, self.embedder.max_tokens)
        return Chunker(
            self.embedder.token_spans,
            size,
            min(self.chunk_overlap, size // 2),
            min_tokens=min(48, size // 3),
        )

    def close(self) -> None:
        if self._keyword_pool is not None:
            self._keyword_pool.shutdown(wait=True)
            self._keyword_pool = None
        extractor, self._extractor = self._extractor, None
        close = getattr(extractor, "close", None)
        if close is not None:
            close()
        self.manifest.close()
        if self._vectors is not None:
            self._vectors.close()
            (self.folder / IN_USE_MARKER).unlink(missing_ok=True)  # closed cleanly
        self._lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what is in it ---------------------------------------------------------------

    def libraries(self) -> list[LibraryInfo]:
        return self.manifest.libraries()

    def files(self, library: str | None = None) -> list[FileRecord]:
        return self.manifest.files(library)

    def embedding_model_changed(self) -> bool:
        """True when the index was built with another embedding model (re-embed needed)."""
        stored = self.manifest.get_meta("embedding_model")
        return (
            stored is not None and stored != self.embedder.name and self.manifest.chunk_count() > 0
        )

    # --- adding and removing -------------------------------------------------------

    def add(self, paths_: Sequence[Path], library: str = DEFAULT_LIBRARY) -> list[FileRecord]:
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
                self._forget(record)
                removed += 1
        return removed

    def _forget(self, record: FileRecord) -> None:
        with self._write_lock:
            ids = self.manifest.remove_file(record.id)
            if ids:
                self.vectors.delete(ids)

    def remove_library(self, name: str) -> None:
        with self._write_lock:
            ids = self.manifest.remove_library(name)
            if ids:
                self.vectors.delete(ids)

    # --- keeping in sync ------------------------------------------------------------

    def reconcile(self) -> list[FileRecord]:
        """Bring the library up to date with the disk and the vector index with the
        manifest (at start: changes made while Hisho was closed, or a crash).

        Returns the files queued for indexing."""
        queued: list[FileRecord] = []
        watched = self.manifest.folder_libraries()
        for record in self.manifest.files():
            path = Path(record.path)
            if not path.exists():  # deleted while Hisho was closed
                self._forget(record)
        for library, folder in watched:
            if not Path(folder).is_dir():
                continue
            for real, _root in scan([Path(folder)]):
                found = self.queue_if_changed(library, real)
                if found is not None:
                    queued.append(found)
        for record in self.manifest.files():
            if record.status in (FileStatus.DONE, FileStatus.EMPTY):
                requeued = self.queue_if_changed(record.library, Path(record.path))
                if requeued is not None:
                    queued.append(requeued)
        if not self.embedding_model_changed():  # else: rebuild() after the user agrees
            self._reconcile_vectors()
        return queued

    def apply_changes(self, changed: Iterable[Path], deleted: Iterable[Path]) -> int:
        """Follow what a folder watcher saw; returns how many files were queued or removed.

        The disk decides: a "changed" path that is gone counts as deleted, a "deleted"
        path that exists again (a save by rename) counts as changed."""
        watched = self.manifest.folder_libraries()
        touched = 0
        for path in {*changed, *deleted}:
            if not path.exists():
                touched += self.remove_path(path)
                continue
            for library, folder in watched:
                if not path.is_relative_to(folder):
                    continue
                for real, _root in scan([path]):
                    if real.is_relative_to(folder) and self.queue_if_changed(library, real):
                        touched += 1
        return touched

    def _reconcile_vectors(self) -> None:
        """Delete vectors the manifest does not know; re-queue files missing vectors."""
        with self._write_lock:
            if self.vectors.count() == self.manifest.chunk_count():
                return
            in_index = self.vectors.ids()
            in_manifest = self.manifest.chunk_ids()
            extra = sorted(in_index - in_manifest)
            if extra:
                log.info("library: removing %d orphaned vectors", len(extra))
                self.vectors.delete(extra)
            missing = in_manifest - in_index
            if missing:
                file_ids = {c.file_id for c in self.manifest.chunks_by_id(missing).values()}
                for file_id in file_ids:
                    record = self.manifest.file(file_id)
                    if record is not None:
                        self.manifest.queue(
                            record.library, record.path, record.size, record.mtime, rehash=True
                        )

    def consistent(self) -> bool:
        """True when the vector index holds exactly the manifest's chunks."""
        return self.vectors.ids() == self.manifest.chunk_ids()

    # --- indexing -------------------------------------------------------------------

    def index(
        self,
        paths_: Sequence[Path],
        library: str = DEFAULT_LIBRARY,
        cancel: CancelToken | None = None,
    ) -> Iterator[IngestProgress]:
        """Add ``paths_`` and index everything pending; progress as it goes."""
        self.add(paths_, library)
        yield from self.ingest(cancel)

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
        cancel = cancel or CancelToken()
        pending = self.manifest.pending()
        total = len(pending)
        done = chunks_done = 0
        started = time.monotonic()
        bytes_done = 0
        bytes_total = sum(max(r.size, 1) for r in pending)
        seen: set[int] = set()

        def progress(file: FileRecord | None = None, state: JobState = JobState.RUNNING,
                     message: str = "") -> IngestProgress:  # fmt: skip
            elapsed = time.monotonic() - started
            eta = None
            if bytes_done > 0 and elapsed > 0.5:
                eta = max(0.0, (bytes_total - bytes_done) * elapsed / bytes_done)
            return IngestProgress(state, total, done, chunks_done, eta, file, message)

        if not pending:
            yield progress(state=JobState.FINISHED)
            return
        yield progress(message=QT_TRANSLATE_NOOP("Engine", "Indexing…"))
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
        # The next file is read while this one is chunked and embedded (the parser is a
        # separate process, so the two really run side by side).
        ahead: dict[int, Future[_Prepared]] = {}
        try:
            while pending:
                batch: list[_Prepared] = []
                batch_chunks = 0
                while pending and batch_chunks < EMBED_BATCH and not cancel.cancelled:
                    while paused() and not cancel.cancelled:
                        yield progress(
                            state=JobState.PAUSED, message=QT_TRANSLATE_NOOP("Engine", "Paused")
                        )
                        time.sleep(0.2)
                    while busy() and not paused() and not cancel.cancelled:
                        time.sleep(0.1)
                    if cancel.cancelled:
                        break
                    record = pending.pop(0)
                    seen.add(record.id)
                    self.manifest.set_status(record.id, FileStatus.INDEXING)
                    yield progress(replace(record, status=FileStatus.INDEXING))
                    future = ahead.pop(record.id, None) or pool.submit(self._prepare, record)
                    if pending and pending[0].id not in ahead:
                        ahead[pending[0].id] = pool.submit(self._prepare, pending[0])
                    prepared = future.result()
                    if prepared.extracted is not None:
                        prepared.chunks = self.chunker.chunk(prepared.extracted.pages)
                    batch.append(prepared)
                    batch_chunks += len(prepared.chunks or ())
                for prepared, record in self._write_batch(batch):
                    done += 1
                    chunks_done += len(prepared.chunks or ())
                    bytes_done += max(prepared.record.size, 1)
                    yield progress(record)
                if cancel.cancelled:
                    self._unqueue(pending)
                    yield progress(
                        state=JobState.CANCELLED, message=QT_TRANSLATE_NOOP("Engine", "Cancelled")
                    )
                    return
                # Files queued while this ran (a watched folder changed, another drop).
                for record in self.manifest.pending():
                    if record.id not in seen and all(r.id != record.id for r in pending):
                        pending.append(record)
                        total += 1
                        bytes_total += max(record.size, 1)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        yield progress(state=JobState.FINISHED, message=QT_TRANSLATE_NOOP("Engine", "Done"))

    def _prepare(self, record: FileRecord) -> _Prepared:
        """Hash and extract one file (runs in a helper thread; the parse itself runs in
        the guarded child process)."""
        path = Path(record.path)
        prepared = _Prepared(record)
        try:
            info = path.stat()
            prepared.size = info.st_size
            prepared.sha256 = file_sha256(path)
        except FileNotFoundError:
            prepared.error = ExtractError("missing", GONE)
            return prepared
        except PermissionError:
            prepared.error = ExtractError(
                "unreadable",
                QT_TRANSLATE_NOOP("Engine", "Hisho may not read this file. Check its permissions."),
            )
            return prepared
        except OSError as exc:
            prepared.error = ExtractError(
                "unreadable",
                QT_TRANSLATE_NOOP("Engine", "The file could not be read ({error}).").format(
                    error=exc
                ),
            )
            return prepared
        if prepared.sha256 == record.sha256 and record.indexed_at > 0:
            prepared.unchanged = True
            return prepared
        try:
            prepared.extracted = self._extract(path)
        except ExtractError as exc:
            prepared.error = exc
        except LibraryError as exc:
            prepared.error = ExtractError("corrupt", str(exc))
        return prepared

    def _write_batch(self, batch: Sequence[_Prepared]) -> Iterator[tuple[_Prepared, FileRecord]]:
        """Embed the batch's chunks together, then store each file: vectors first, the
        manifest commit second, stale vectors last."""
        texts: list[str] = []
        for prepared in batch:
            for chunk in prepared.chunks or ():
                texts.append(self._embedding_text(prepared, chunk))
        vectors = self.embedder.embed(texts, batch_size=32) if texts else []
        at = 0
        for prepared in batch:
            chunks = prepared.chunks or []
            file_vectors = vectors[at : at + len(chunks)]
            at += len(chunks)
            with self._write_lock:
                record = self._store(prepared, chunks, file_vectors)
            yield prepared, record

    @staticmethod
    def _context(prepared: _Prepared, chunk: Chunk) -> str:
        """What a chunk is about beyond its own words: the document title and headings."""
        title = ""
        if prepared.extracted is not None:
            title = prepared.extracted.title.strip()
        if not title:
            title = Path(prepared.record.path).stem.replace("_", " ")
        return " › ".join(part for part in (title, chunk.heading) if part)

    def _embedding_text(self, prepared: _Prepared, chunk: Chunk) -> str:
        return f"{self._context(prepared, chunk)}\n{chunk.text}"

    def _store(
        self, prepared: _Prepared, chunks: list[Chunk], vectors: list[list[float]]
    ) -> FileRecord:
        record = prepared.record
        if self.manifest.file(record.id) is None:  # removed while it was being read
            return replace(
                record,
                status=FileStatus.FAILED,
                error=QT_TRANSLATE_NOOP("Engine", "Removed from the library."),
            )
        if prepared.unchanged:
            previous = FileStatus.DONE if record.chunks else FileStatus.EMPTY
            self.manifest.set_status(record.id, previous, record.error if not record.chunks
                                     else "", size=prepared.size)  # fmt: skip
            return self.manifest.file(record.id) or record
        if prepared.error is not None:
            failure = prepared.error
            if failure.reason == "missing":
                self._forget(record)
                return replace(record, status=FileStatus.FAILED, error=str(failure))
            failed = (
                FileStatus.UNSUPPORTED if failure.reason == "unsupported" else FileStatus.FAILED
            )
            # A file that fails now keeps no stale chunks: the library says what it holds.
            stale = self.manifest.replace_chunks(
                record.id, [], status=failed, sha256=prepared.sha256, pages=0, partial=False,
                error=str(failure),
            )  # fmt: skip
            if stale:
                self.vectors.delete(stale)
            return self.manifest.file(record.id) or record
        extracted = prepared.extracted
        assert extracted is not None
        pages = len(extracted.pages) if extracted.pages and extracted.pages[0].number else 0
        ids = [f"{record.id}-{prepared.sha256[:16]}-{n}" for n in range(len(chunks))]
        if chunks:
            self.vectors.add(
                ids,
                vectors,
                [
                    {"file_id": record.id, "library": record.library, "page": c.page or 0}
                    for c in chunks
                ],
            )
        status = FileStatus.DONE if chunks else FileStatus.EMPTY
        error = extracted.note if chunks else NO_TEXT
        stale = self.manifest.replace_chunks(
            record.id,
            [(cid, self._context(prepared, c), c) for cid, c in zip(ids, chunks, strict=True)],
            status=status, sha256=prepared.sha256, pages=pages, partial=extracted.partial,
            error=error,
        )  # fmt: skip
        self.manifest.set_status(record.id, status, error, size=prepared.size)
        if stale:
            self.vectors.delete(stale)
        return self.manifest.file(record.id) or record

    def _unqueue(self, records: Sequence[FileRecord]) -> None:
        """After a cancel: files never indexed leave the library; the others keep what
        they had."""
        for record in records:
            current = self.manifest.file(record.id)
            if current is None:
                continue
            if current.indexed_at == 0:
                self._forget(current)
            else:
                status = FileStatus.DONE if current.chunks else FileStatus.EMPTY
                self.manifest.set_status(current.id, status, current.error)

    def rebuild(self, cancel: CancelToken | None = None) -> Iterator[tuple[int, int]]:
        """Drop the vector index and embed every chunk again from the manifest
        (after a model change or a damaged index). Yields (done, total)."""
        cancel = cancel or CancelToken()
        total = self.manifest.chunk_count()
        with self._write_lock:
            self.vectors.reset(self.embedder.name, self.embedder.dimension)
            self.manifest.set_meta("embedding_model", self.embedder.name)
        done = 0
        yield done, total
        for batch in self.manifest.iter_chunks(EMBED_BATCH * 4):
            if cancel.cancelled:
                return
            vectors = self.embedder.embed([f"{c.context}\n{c.text}" for c in batch])
            with self._write_lock:
                self.vectors.add(
                    [c.chunk_id for c in batch],
                    vectors,
                    [{"file_id": c.file_id, "library": c.library, "page": c.page or 0}
                     for c in batch],
                )  # fmt: skip
            done += len(batch)
            yield done, total

    # --- searching ---------------------------------------------------------------------

    def search(self, question: str, scope: Scope | None = None, k: int = 8) -> list[Passage]:
        """The ``k`` passages that best answer ``question``: vector and keyword search
        merged by reciprocal rank fusion, weighted by how well the embedder knows the
        question's script."""
        scope = scope or Scope()
        question = question.strip()
        if not question:
            return []
        file_id: int | None = None
        if scope.path is not None:
            matches = [
                r
                for r in self.manifest.files_at(scope.path)
                if scope.library is None or r.library == scope.library
            ]
            if not matches:
                return []
            file_id = matches[0].id
        library = scope.library
        depth = max(50, k * 5)
        # The keyword queries (SQLite) run on a thread of their own while this one embeds
        # the question and asks Chroma: both release the GIL, so on two cores a search
        # takes about the longer of the two instead of their sum (bench/retrieval.py).
        have_chunks = self.manifest.chunk_count() > 0
        if self._keyword_pool is None:
            self._keyword_pool = ThreadPoolExecutor(1, thread_name_prefix="keyword-search")
        keyword_future = self._keyword_pool.submit(
            self.keyword_lists, question, depth, library, file_id
        )
        vector_hits: list[tuple[str, float]] = []
        query_vector: list[float] = []
        try:
            if have_chunks:
                [query_vector] = self.embedder.embed([question], threads=1)
                vector_hits = self.vectors.query(
                    query_vector, depth, library=library, file_id=file_id
                )
        finally:
            weighted_keyword_lists = keyword_future.result()
        lists: list[tuple[float, Sequence[str]]] = [
            (vector_weight(question, self.embedder.knows_cjk), [cid for cid, _ in vector_hits]),
            *weighted_keyword_lists,
        ]
        keyword_lists = [ids for _, ids in weighted_keyword_lists]
        fused = fuse(lists)[: k * 2]
        stored = self.manifest.chunks_by_id(cid for cid, _ in fused)
        similarity = dict(vector_hits)
        unscored = [cid for cid, _ in fused if cid not in similarity and cid in stored]
        if unscored and query_vector:
            for cid, vector in self.vectors.vectors_of(unscored).items():
                similarity[cid] = sum(a * b for a, b in zip(query_vector, vector, strict=True))
        keyword_ids = {cid for ids in keyword_lists for cid in ids}
        passages: list[Passage] = []
        for chunk_id, score in fused:
            chunk = stored.get(chunk_id)
            if chunk is None:  # a vector the manifest no longer knows
                continue
            passages.append(
                _passage(chunk, score, similarity.get(chunk_id), chunk_id in keyword_ids)
            )
            if len(passages) == k:
                break
        return passages

    def keyword_lists(
        self, question: str, depth: int, library: str | None, file_id: int | None
    ) -> list[tuple[float, list[str]]]:
        """(weight, chunk ids best first) of each full-text index the question uses."""
        keywords = keyword_query(question)
        lists: list[tuple[float, list[str]]] = []
        for table, match, weight in (
            ("chunks_words", keywords.words, 1.0),
            ("chunks_bigrams", keywords.bigrams, bigram_weight(question)),
        ):
            if match and weight > 0:
                ids = self.manifest.keyword_search(
                    match, table=table, limit=depth, library=library, file_id=file_id
                )
                lists.append((weight, ids))
        return lists

    def passage_context(self, chunk_id: str, radius: int = 1) -> list[Passage]:
        """A chunk with its neighbours in the same file (to show a passage in context)."""
        found = self.manifest.chunks_by_id([chunk_id]).get(chunk_id)
        if found is None:
            return []
        chunks = self.manifest.file_chunks(found.file_id)
        at = next(i for i, c in enumerate(chunks) if c.chunk_id == chunk_id)
        window = chunks[max(0, at - radius) : at + radius + 1]
        return [_passage(c, 1.0 if c.chunk_id == chunk_id else 0.0, None, False) for c in window]


def _passage(
    chunk: StoredChunk, score: float, similarity: float | None, keyword_hit: bool
) -> Passage:
    return Passage(
        chunk_id=chunk.chunk_id,
        library=chunk.library,
        path=chunk.path,
        page=chunk.page,
        heading=chunk.heading,
        text=chunk.text,
        start=chunk.start,
        end=chunk.end,
        score=score,
        similarity=similarity,
        keyword_hit=keyword_hit,
    )
