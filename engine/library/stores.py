"""The library's two stores and their one write lock.

The manifest (SQLite) is the truth; the vector index (Chroma, embedded or on a Chroma
server) holds the vectors and is opened on first use. An embedded index found damaged at
open is set aside and a new, empty one opened in its place, to be rebuilt from the manifest.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import LibraryError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.embedder import Embedder
from engine.library.manifest import Manifest
from engine.library.types import FileRecord
from engine.library.vectors import VectorIndex

if TYPE_CHECKING:
    from engine.library.chroma_server import ChromaServer
    from engine.storage.egress import EgressLog

log = logging.getLogger(__name__)

#: In the library folder while the vector index is open; left behind by a crash.
IN_USE_MARKER = "chroma.in-use"


class Stores:
    """The manifest, the vector index of ``embedder``'s vectors, and the write lock that
    every change to either takes."""

    def __init__(
        self,
        folder: Path,
        manifest: Manifest,
        embedder: Embedder,
        server: ChromaServer | None = None,
        ledger: EgressLog | None = None,
    ) -> None:
        self.folder = folder
        self.manifest = manifest
        self.embedder = embedder
        #: Where the vectors live when not here (a Chroma server), and the egress log.
        self.server = server
        self.ledger = ledger
        self.write_lock = threading.RLock()
        #: (where the damaged index was kept, why) when it had to be set aside at open.
        self.damaged_index: tuple[Path, str] | None = None
        self._vectors: VectorIndex | None = None

    @property
    def vectors(self) -> VectorIndex:
        # Opened once, under the lock: two Chroma clients opening at once break each other.
        with self.write_lock:
            if self._vectors is None:
                self._vectors = self._open_vectors()
                if self.manifest.get_meta("embedding_model") is None:
                    self.manifest.set_meta("embedding_model", self.embedder.name)
            return self._vectors

    def _open_vectors(self) -> VectorIndex:
        """Open the index; a damaged one is set aside (``damaged_index`` says where and
        why) and a new, empty one opened, to be rebuilt from the manifest. A server's
        index is the server's to keep: it is opened, never set aside."""
        from engine.library.probe import index_problem

        if self.server is not None:
            from engine.library.server_vectors import ServerVectorIndex

            model, dimension = self.embedder.name, self.embedder.dimension
            return ServerVectorIndex(self.server, model, dimension, self.ledger)

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
            self.damaged_index = (_set_aside(folder, problem), problem)
            vectors = VectorIndex(folder, model, dimension)
        marker.touch()
        return vectors

    def forget(self, record: FileRecord) -> None:
        """Remove a file from the manifest, then its vectors."""
        with self.write_lock:
            ids = self.manifest.remove_file(record.id)
            if ids:
                self.vectors.delete(ids)

    def embedding_model_changed(self) -> bool:
        """True when the index was built with another embedding model (re-embed needed)."""
        stored = self.manifest.get_meta("embedding_model")
        return (
            stored is not None and stored != self.embedder.name and self.manifest.chunk_count() > 0
        )

    def consistent(self) -> bool:
        """True when the vector index holds exactly the manifest's chunks."""
        return self.vectors.ids() == self.manifest.chunk_ids()

    def close(self) -> None:
        self.manifest.close()
        if self._vectors is not None:
            self._vectors.close()
            if self.server is not None:
                return
            (self.folder / IN_USE_MARKER).unlink(missing_ok=True)  # closed cleanly


def _set_aside(folder: Path, problem: str) -> Path:
    """Move the damaged index at ``folder`` out of the way; where it went."""
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
    return aside
