"""The one writer of indexed files: embed a batch's chunks together, then store each file.

Per file, vectors are written first, the manifest commit second (the moment a file
counts as indexed), stale vectors deleted last: a ``kill -9`` anywhere leaves extra
vectors (removed by reconcile) or a file still queued, never a manifest entry without
its vectors. ``rebuild`` embeds every chunk again from the text the manifest keeps.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from engine.cancel import CancelToken
from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.manifest import StoredChunk
from engine.library.stores import Stores
from engine.library.types import Chunk, Extracted, FileRecord, FileStatus

#: Chunks embedded together (across files). Small enough that a search waiting for the
#: embedder waits well under a second.
EMBED_BATCH = 64
NO_TEXT = QT_TRANSLATE_NOOP(
    "Engine", "No text found: its pages are blank, or Hisho couldn't read any text in them."
)


@dataclass
class PreparedFile:
    """A file read, hashed and chunked, waiting for its vectors."""

    record: FileRecord
    sha256: str = ""
    extracted: Extracted | None = None
    chunks: list[Chunk] | None = None
    error: ExtractError | None = None
    unchanged: bool = False
    size: int = 0

    def context(self, chunk: Chunk) -> str:
        """What a chunk is about beyond its own words: the document title and headings."""
        title = self.extracted.title.strip() if self.extracted is not None else ""
        if not title:
            title = Path(self.record.path).stem.replace("_", " ")
        return " › ".join(part for part in (title, chunk.heading) if part)


def place(
    file_id: int, library: str, path: str, seq: int, chunk: Chunk | StoredChunk, context: str
) -> dict[str, str | int]:
    """A chunk's metadata in the vector index: the embedded index keeps its file, library
    and page; a Chroma server all a search needs without the manifest."""
    return {
        "file_id": file_id, "library": library, "page": chunk.page or 0, "path": path,
        "seq": seq, "heading": chunk.heading, "start": chunk.start, "end": chunk.end,
        "context": context,
    }  # fmt: skip


def write_batch(
    stores: Stores, batch: Sequence[PreparedFile]
) -> Iterator[tuple[PreparedFile, FileRecord]]:
    """Embed the batch's chunks together, then store each file; each file as stored."""
    texts = [
        f"{prepared.context(chunk)}\n{chunk.text}"
        for prepared in batch
        for chunk in prepared.chunks or ()
    ]
    vectors = stores.embedder.embed(texts, batch_size=32) if texts else []
    at = 0
    for prepared in batch:
        chunks = prepared.chunks or []
        file_vectors = vectors[at : at + len(chunks)]
        at += len(chunks)
        with stores.write_lock:
            record = _store(stores, prepared, chunks, file_vectors)
        yield prepared, record


def _store(
    stores: Stores, prepared: PreparedFile, chunks: list[Chunk], vectors: list[list[float]]
) -> FileRecord:
    record = prepared.record
    if stores.manifest.file(record.id) is None:  # removed while it was being read
        return replace(
            record,
            status=FileStatus.FAILED,
            error=QT_TRANSLATE_NOOP("Engine", "Removed from the library."),
        )
    if prepared.unchanged:
        previous = FileStatus.DONE if record.chunks else FileStatus.EMPTY
        stores.manifest.set_status(record.id, previous, record.error if not record.chunks
                                   else "", size=prepared.size)  # fmt: skip
        return stores.manifest.file(record.id) or record
    if prepared.error is not None:
        return _store_failure(stores, prepared, prepared.error)
    return _store_chunks(stores, prepared, chunks, vectors)


def _store_failure(stores: Stores, prepared: PreparedFile, failure: ExtractError) -> FileRecord:
    record = prepared.record
    if failure.reason == "missing":
        stores.forget(record)
        return replace(record, status=FileStatus.FAILED, error=str(failure))
    failed = FileStatus.UNSUPPORTED if failure.reason == "unsupported" else FileStatus.FAILED
    # A file that fails now keeps no stale chunks: the library says what it holds.
    stale = stores.manifest.replace_chunks(
        record.id, [], status=failed, sha256=prepared.sha256, pages=0, partial=False,
        error=str(failure),
    )  # fmt: skip
    if stale:
        stores.vectors.delete(stale)
    return stores.manifest.file(record.id) or record


def _store_chunks(
    stores: Stores, prepared: PreparedFile, chunks: list[Chunk], vectors: list[list[float]]
) -> FileRecord:
    record, extracted = prepared.record, prepared.extracted
    assert extracted is not None  # neither unchanged nor failed: it was read
    pages = len(extracted.pages) if extracted.pages and extracted.pages[0].number else 0
    ids = [f"{record.id}-{prepared.sha256[:16]}-{n}" for n in range(len(chunks))]
    if chunks:
        stores.vectors.add(
            ids,
            vectors,
            [place(record.id, record.library, record.path, n, c, prepared.context(c))
             for n, c in enumerate(chunks)],
            [c.text for c in chunks],
        )  # fmt: skip
    status = FileStatus.DONE if chunks else FileStatus.EMPTY
    error = extracted.note if chunks else NO_TEXT
    stale = stores.manifest.replace_chunks(
        record.id,
        [(cid, prepared.context(c), c) for cid, c in zip(ids, chunks, strict=True)],
        status=status, sha256=prepared.sha256, pages=pages, partial=extracted.partial,
        error=error,
    )  # fmt: skip
    stores.manifest.set_status(record.id, status, error, size=prepared.size)
    if stale:
        stores.vectors.delete(stale)
    return stores.manifest.file(record.id) or record


def rebuild(stores: Stores, cancel: CancelToken | None = None) -> Iterator[tuple[int, int]]:
    """Drop the vector index and embed every chunk again from the manifest
    (after a model change or a damaged index). Yields (done, total)."""
    cancel = cancel or CancelToken()
    manifest, embedder = stores.manifest, stores.embedder
    total = manifest.chunk_count()
    with stores.write_lock:
        stores.vectors.reset(embedder.name, embedder.dimension)
        manifest.set_meta("embedding_model", embedder.name)
    done = 0
    yield done, total
    for batch in manifest.iter_chunks(EMBED_BATCH * 4):
        if cancel.cancelled:
            return
        vectors = embedder.embed([f"{c.context}\n{c.text}" for c in batch])
        with stores.write_lock:
            stores.vectors.add(
                [c.chunk_id for c in batch],
                vectors,
                [place(c.file_id, c.library, c.path, c.seq, c, c.context) for c in batch],
                [c.text for c in batch],
            )  # fmt: skip
        done += len(batch)
        yield done, total
