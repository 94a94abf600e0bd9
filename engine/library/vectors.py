"""The vector index: a Chroma collection of chunk vectors, rebuilt from the manifest at will.

Chroma's own telemetry is off. One collection per embedding model (its name and vector
size are part of the collection name), so vectors of two models never mix.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from engine.errors import LibraryError
from engine.i18n import QT_TRANSLATE_NOOP


def collection_name(model: str, dimension: int) -> str:
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", model).strip("-._")[:60] or "model"
    return f"chunks-{slug}-{dimension}"


F = TypeVar("F", bound=Callable[..., Any])


def _locked(method: F) -> F:
    """One Chroma call at a time per index: ``reset`` replaces the collection, and a
    read still holding the old one (a status check during a rebuild) would fail. What a
    call raises goes through the index's ``_errors`` (a server's: words for the user)."""

    @functools.wraps(method)
    def run(self: VectorIndex, *args: Any, **kwargs: Any) -> Any:
        with self._lock, self._errors():
            return method(self, *args, **kwargs)

    return run  # type: ignore[return-value]


#: The metadata the embedded index keeps of a chunk (its text is in the manifest).
EMBEDDED_KEYS = ("file_id", "library", "page")


class VectorIndex:
    """Chunk vectors in an embedded Chroma database (PersistentClient)."""

    _lock: threading.RLock
    _collection: Any

    def __init__(self, folder: Path, model: str, dimension: int) -> None:
        os.environ["ANONYMIZED_TELEMETRY"] = "False"
        import chromadb
        from chromadb.config import Settings

        self.folder = folder
        self._lock = threading.RLock()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(
                path=str(folder), settings=Settings(anonymized_telemetry=False)
            )
            self._collection: Any = self._client.get_or_create_collection(
                collection_name(model, dimension),
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
        except Exception as exc:
            # A failed open leaves Chroma's per-process client for this folder broken;
            # forget it so that a new index can be opened here (after setting this aside).
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient.clear_system_cache()
            raise LibraryError(
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "The search index at {path} could not be opened ({error}). "
                    "Rebuild it with `hisho index --rebuild`; your files and their text are kept.",
                ).format(path=folder, error=exc)
            ) from exc

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def _rows(
        self, metadatas: Sequence[dict[str, str | int]], documents: Sequence[str] | None
    ) -> dict[str, Any]:
        """What ``upsert`` is given beside ids and vectors: here only the chunks' place
        (their text is in the manifest)."""
        del documents
        return {"metadatas": [{k: m[k] for k in EMBEDDED_KEYS if k in m} for m in metadatas]}

    def close(self) -> None:
        """Let go of the database (Chroma shares one client per folder in a process)."""
        close = getattr(self._client, "close", None)
        if close is not None:
            close()

    @_locked
    def count(self) -> int:
        return int(self._collection.count())

    @_locked
    def add(
        self,
        ids: Sequence[str],
        vectors: Sequence[Sequence[float]],
        metadatas: Sequence[dict[str, str | int]],
        documents: Sequence[str] | None = None,
    ) -> None:
        """Store chunks' vectors; ``documents`` (their text) where the index keeps it."""
        for at in range(0, len(ids), 2000):
            end = at + 2000
            self._collection.upsert(
                ids=list(ids[at:end]),
                embeddings=[list(v) for v in vectors[at:end]],
                **self._rows(metadatas[at:end], documents[at:end] if documents else None),
            )

    @_locked
    def delete(self, ids: Sequence[str]) -> None:
        for at in range(0, len(ids), 2000):
            self._collection.delete(ids=list(ids[at : at + 2000]))

    @_locked
    def delete_file(self, file_id: int) -> None:
        self._collection.delete(where={"file_id": file_id})

    @_locked
    def ids(self, file_id: int | None = None) -> set[str]:
        """Every id in the index (or of one file)."""
        if file_id is not None:
            return set(self._collection.get(where={"file_id": file_id}, include=[])["ids"])
        found: set[str] = set()
        offset = 0
        while True:
            page = self._collection.get(include=[], limit=5000, offset=offset)["ids"]
            found.update(page)
            if len(page) < 5000:
                return found
            offset += len(page)

    @_locked
    def vectors_of(self, ids: Sequence[str]) -> dict[str, list[float]]:
        if not ids:
            return {}
        result = self._collection.get(ids=list(ids), include=["embeddings"])
        return {
            cid: [float(x) for x in vector]
            for cid, vector in zip(result["ids"], result["embeddings"], strict=True)
        }

    @_locked
    def query(
        self,
        vector: Sequence[float],
        k: int,
        *,
        library: str | None = None,
        file_id: int | None = None,
    ) -> list[tuple[str, float]]:
        """The ``k`` nearest chunks as (chunk id, cosine similarity), best first.

        No ``count()`` first: at 100,000 vectors it took 18 ms of a 21 ms query, and
        Chroma already returns fewer than ``k`` (or none) from a small collection."""
        where: dict[str, Any] | None = None
        if file_id is not None:
            where = {"file_id": file_id}
        elif library is not None:
            where = {"library": library}
        result = self._collection.query(
            query_embeddings=[list(vector)],
            n_results=k,
            where=where,
            include=["distances"],
        )
        ids = result["ids"][0]
        distances = result["distances"][0]
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=True)]

    @_locked
    def reset(self, model: str, dimension: int) -> None:
        """Drop every vector (and the collections of other models) and start empty."""
        for collection in self._client.list_collections():
            self._client.delete_collection(collection.name)
        self._collection = self._client.get_or_create_collection(
            collection_name(model, dimension),
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )
