"""The document library: add files and folders, index them, keep them in sync, search.

One :class:`Library` is the one writer of the manifest and the vector index. It owns
the parts and hands each request to the room that does it:

- ``stores``: the manifest (the truth) and the vector index, with the write lock;
- ``catalogue`` (adding, removing) and ``reconcile`` (following the disk);
- ``indexer`` (``ingest``): queued files read, chunked, embedded, then written by
  ``writer`` (vectors, then the manifest commit, then stale vectors deleted);
- ``searcher``: vector and keyword search, fused.

The manifest commit is the moment a file counts as indexed, so a ``kill -9`` at any
point leaves either extra vectors (removed by :meth:`Library.reconcile`) or a file still
queued (indexed again at the next start); never a manifest entry without its vectors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from engine import paths
from engine.cancel import CancelToken
from engine.library import reconcile, writer
from engine.library.catalogue import Catalogue
from engine.library.embedder import Embedder
from engine.library.ingest import Indexer
from engine.library.lock import WriterLock
from engine.library.manifest import Manifest
from engine.library.search import Searcher
from engine.library.stores import Stores
from engine.library.types import (
    DEFAULT_LIBRARY,
    FileRecord,
    IngestProgress,
    LibraryInfo,
    Passage,
    Scope,
)
from engine.library.vectors import VectorIndex

if TYPE_CHECKING:
    from engine.library.chroma_server import ChromaServer
    from engine.library.server_search import ServerSearcher
    from engine.storage.egress import EgressLog


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
        server: ChromaServer | None = None,
        ledger: EgressLog | None = None,
    ) -> None:
        """``server``: keep the vectors (and what a search needs) in a collection on a
        Chroma server instead of here; requests to it that leave this computer go in
        ``ledger``. The manifest stays in ``folder`` either way."""
        from engine.library.embedder import resolve_embedding_model

        self.folder = folder or paths.library_dir()
        self._lock = WriterLock(self.folder)
        try:
            self.manifest = Manifest(self.folder / "manifest.sqlite3")
        except BaseException:
            self._lock.release()
            raise
        self.embedder = embedder or Embedder(resolve_embedding_model(""))
        self.stores = Stores(self.folder, self.manifest, self.embedder, server, ledger)
        self.catalogue = Catalogue(self.stores)
        self.indexer = Indexer(
            self.catalogue,
            chunk_tokens=chunk_tokens,
            chunk_overlap=chunk_overlap,
            extract_time_limit_s=extract_time_limit_s,
        )
        self.searcher: Searcher | ServerSearcher = Searcher(self.stores)
        if server is not None:
            from engine.library.server_search import ServerSearcher

            self.searcher = ServerSearcher(self.stores)

    @property
    def vectors(self) -> VectorIndex:
        """The vector index, opened on first use (see ``Stores.vectors``)."""
        return self.stores.vectors

    @property
    def damaged_index(self) -> tuple[Path, str] | None:
        """(where the damaged index was kept, why) when it had to be set aside at open."""
        return self.stores.damaged_index

    def close(self) -> None:
        self.searcher.close()
        self.indexer.close()
        self.stores.close()
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
        return self.stores.embedding_model_changed()

    def consistent(self) -> bool:
        """True when the vector index holds exactly the manifest's chunks."""
        return self.stores.consistent()

    # --- adding, removing, keeping in sync ------------------------------------------

    def add(self, paths_: Sequence[Path], library: str = DEFAULT_LIBRARY) -> list[FileRecord]:
        """Queue new and changed files under ``paths_`` (see ``Catalogue.add``)."""
        return self.catalogue.add(paths_, library)

    def remove_path(self, path: Path, library: str | None = None) -> int:
        """Forget a file (or every file under a folder), in one library or all."""
        return self.catalogue.remove_path(path, library)

    def remove_library(self, name: str) -> None:
        self.catalogue.remove_library(name)

    def reconcile(self) -> list[FileRecord]:
        """Follow changes made while Hisho was closed (see ``reconcile.reconcile``)."""
        return reconcile.reconcile(self.catalogue)

    def apply_changes(self, changed: Iterable[Path], deleted: Iterable[Path]) -> int:
        """Follow what a folder watcher saw (see ``reconcile.apply_changes``)."""
        return reconcile.apply_changes(self.catalogue, changed, deleted)

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
        """Index every queued file (see ``Indexer.ingest``)."""
        return self.indexer.ingest(cancel, paused=paused, busy=busy)

    def rebuild(self, cancel: CancelToken | None = None) -> Iterator[tuple[int, int]]:
        """Embed every chunk again from the manifest (see ``writer.rebuild``)."""
        return writer.rebuild(self.stores, cancel)

    # --- searching ---------------------------------------------------------------------

    def search(self, question: str, scope: Scope | None = None, k: int = 8) -> list[Passage]:
        """The ``k`` passages that best answer ``question`` (see ``Searcher.search``)."""
        return self.searcher.search(question, scope, k)

    def keyword_lists(
        self, question: str, depth: int, library: str | None, file_id: int | None
    ) -> list[tuple[float, list[str]]]:
        """(weight, chunk ids best first) of each full-text index the question uses."""
        return self.searcher.keyword_lists(question, depth, library, file_id)

    def passage_context(self, chunk_id: str, radius: int = 1) -> list[Passage]:
        """A chunk with its neighbours in the same file (to show a passage in context)."""
        return self.searcher.passage_context(chunk_id, radius)

    def document(self, scope: Scope) -> list[Passage]:
        """The whole indexed text of the scope's one file, a passage per page."""
        return self.searcher.document(scope)
