"""A library's vector index on a Chroma server: the embedded index's calls, plus what a
search needs from a Hisho that has no manifest of the library.

Each chunk is kept with its text and place (path, page, heading, offsets), so any Hisho
pointed at the collection can show passages. The chunk's document in Chroma is its
context and text, NFKC-normalised and case-folded: keyword search asks the server for
documents that ``$contains`` each of the question's terms (Chroma's own full-text index
answers that; chromadb 1.5's server has no ranked full-text search), and this module
ranks what comes back by the rarer terms a chunk holds. The collection remembers the
embedding model; a collection of another model's vectors is refused, not mixed.
"""

from __future__ import annotations

import contextlib
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.errors import LibraryError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.chroma_server import ChromaServer, connect, server_errors
from engine.library.vectors import VectorIndex, _locked
from engine.storage.egress import EgressLog

#: Collection metadata: the model whose vectors the collection holds.
MODEL_KEY = "hisho_embedding_model"

OTHER_MODEL = QT_TRANSLATE_NOOP(
    "Engine",
    "The collection “{collection}” on the Chroma server at {address} holds vectors of "
    "{found}; this library uses {model}. Choose another collection, or the same model.",
)


def searchable(text: str) -> str:
    """A chunk's document as the server's keyword search sees it."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True, slots=True)
class Row:
    """A chunk as the server keeps it."""

    chunk_id: str
    metadata: dict[str, Any]
    similarity: float | None = None


def _where(library: str | None, path: str | None) -> dict[str, Any] | None:
    terms: list[dict[str, Any]] = []
    if library is not None:
        terms.append({"library": library})
    if path is not None:
        terms.append({"path": path})
    if len(terms) > 1:
        return {"$and": terms}
    return terms[0] if terms else None


def _found(result: Any) -> list[Row]:
    """The rows of a ``get``."""
    return [Row(cid, dict(m)) for cid, m in zip(result["ids"], result["metadatas"], strict=True)]


class ServerVectorIndex(VectorIndex):
    """Chunk vectors, text and places in a collection on a Chroma server."""

    def __init__(
        self, server: ChromaServer, model: str, dimension: int, ledger: EgressLog | None = None
    ) -> None:
        import threading

        self.server = server
        self.folder = None  # type: ignore[assignment]
        self._lock = threading.RLock()
        self._client = connect(server, ledger)
        with self._errors():
            self._collection = self._open_collection(model, dimension)

    def _open_collection(self, model: str, dimension: int) -> Any:
        collection = self._client.get_or_create_collection(
            self.server.collection,
            metadata={MODEL_KEY: model, "dimension": dimension},
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )
        found = (collection.metadata or {}).get(MODEL_KEY, model)
        if found != model:
            raise LibraryError(
                OTHER_MODEL.format(collection=self.server.collection,
                                   address=self.server.address, found=found, model=model)
            )  # fmt: skip
        return collection

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        return server_errors(self.server)

    def _rows(
        self, metadatas: Sequence[dict[str, str | int]], documents: Sequence[str] | None
    ) -> dict[str, Any]:
        texts = documents or [""] * len(metadatas)
        return {
            "metadatas": [{**m, "text": t} for m, t in zip(metadatas, texts, strict=True)],
            "documents": [
                searchable(f"{m.get('context', '')}\n{t}")
                for m, t in zip(metadatas, texts, strict=True)
            ],
        }

    def close(self) -> None:
        """Nothing to let go of: each request is its own."""

    @_locked
    def reset(self, model: str, dimension: int) -> None:
        """Drop this library's collection (only it: the server may hold others)."""
        self._client.delete_collection(self.server.collection)
        self._collection = self._open_collection(model, dimension)

    @_locked
    def query_rows(
        self, vector: Sequence[float], k: int, library: str | None, path: str | None
    ) -> list[Row]:
        """The ``k`` nearest chunks with their text and place, best first."""
        result = self._collection.query(
            query_embeddings=[list(vector)], n_results=k, where=_where(library, path),
            include=["distances", "metadatas"],
        )  # fmt: skip
        return [
            Row(cid, dict(meta), 1.0 - float(distance))
            for cid, meta, distance in zip(
                result["ids"][0], result["metadatas"][0], result["distances"][0], strict=True
            )
        ]

    def keyword_rows(
        self, terms: Sequence[str], limit: int, library: str | None, path: str | None
    ) -> list[Row]:
        """Chunks that contain the question's terms, those with more and rarer terms
        first. The server answers ``$contains`` unranked, so it is asked for the chunks
        that hold every term (with two or more), then for each term's; each term weighs
        ``log(1 + limit / its hits)``, and holding all of them counts as holding each."""
        unique = list(dict.fromkeys(searchable(t) for t in terms if t.strip()))
        found: dict[str, Row] = {}
        scores: dict[str, float] = {}
        weights: list[float] = []
        for term in unique:
            rows = self._containing([term], limit, library, path)
            weights.append(math.log(1.0 + limit / max(1, len(rows))))
            for row in rows:
                found[row.chunk_id] = row
                scores[row.chunk_id] = scores.get(row.chunk_id, 0.0) + weights[-1]
        if len(unique) > 1:
            for row in self._containing(unique, limit, library, path):
                found[row.chunk_id] = row
                scores[row.chunk_id] = sum(weights) * 1.5
        ranked = sorted(scores, key=lambda cid: (-scores[cid], cid))[:limit]
        return [found[cid] for cid in ranked]

    @_locked
    def _containing(
        self, terms: Sequence[str], limit: int, library: str | None, path: str | None
    ) -> list[Row]:
        """Up to ``limit`` chunks that contain every one of ``terms``."""
        contains: list[dict[str, Any]] = [{"$contains": term} for term in terms]
        document = contains[0] if len(contains) == 1 else {"$and": contains}
        result = self._collection.get(
            where=_where(library, path), where_document=document, limit=limit,
            include=["metadatas"],
        )  # fmt: skip
        return _found(result)

    @_locked
    def rows(self, ids: Sequence[str]) -> list[Row]:
        """The chunks of ``ids`` the server holds."""
        return _found(self._collection.get(ids=list(ids), include=["metadatas"]))

    @_locked
    def file_rows(self, library: str | None, path: str) -> list[Row]:
        """Every chunk of ``path`` (in ``library``, or any), in reading order."""
        rows = _found(self._collection.get(where=_where(library, path), include=["metadatas"]))
        return sorted(rows, key=lambda row: int(row.metadata.get("seq", 0)))
