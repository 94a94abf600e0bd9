"""Searching a library whose index is on a Chroma server, from the server alone.

Any Hisho pointed at the collection searches it the same way, with or without the
manifest that indexed it: the vector list and the keyword list (the server's
``$contains`` on each term, ranked here: ``ServerVectorIndex.keyword_rows``) both come
from the server, with each chunk's text and place, and are merged by the same weighted
reciprocal rank fusion as the embedded library's lists.
"""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from engine.library.retrieval import fuse, keyword_query, vector_weight
from engine.library.search import joined_text
from engine.library.server_vectors import Row, ServerVectorIndex
from engine.library.stores import Stores
from engine.library.types import Passage, Scope


class ServerSearcher:
    """Answers searches of a server library (the writer may run meanwhile)."""

    def __init__(self, stores: Stores) -> None:
        self.stores = stores

    @property
    def index(self) -> ServerVectorIndex:
        return cast(ServerVectorIndex, self.stores.vectors)

    def close(self) -> None:
        """Nothing is held between searches."""

    def search(self, question: str, scope: Scope | None = None, k: int = 8) -> list[Passage]:
        """The ``k`` passages that best answer ``question``.

        Raises:
            LibraryError: the server isn't answering or refused the token.
        """
        scope = scope or Scope()
        question = question.strip()
        if not question:
            return []
        depth = max(50, k * 5)
        [vector] = self.stores.embedder.embed([question], threads=1)
        nearest = self.index.query_rows(vector, depth, scope.library, scope.path)
        terms = keyword_query(question).terms
        keyword = self.index.keyword_rows(terms, depth, scope.library, scope.path)
        weight = vector_weight(question, self.stores.embedder.knows_cjk)
        fused = fuse(
            [(weight, [r.chunk_id for r in nearest]), (1.0, [r.chunk_id for r in keyword])]
        )[:k]
        rows = {r.chunk_id: r for r in keyword} | {r.chunk_id: r for r in nearest}
        similarity = {r.chunk_id: r.similarity for r in nearest}
        unscored = [cid for cid, _ in fused if similarity.get(cid) is None]
        for cid, other in self.index.vectors_of(unscored).items():
            similarity[cid] = sum(a * b for a, b in zip(vector, other, strict=True))
        keyword_ids = {r.chunk_id for r in keyword}
        return [
            passage(rows[cid], score, similarity.get(cid), cid in keyword_ids)
            for cid, score in fused
        ]

    def keyword_lists(
        self, question: str, depth: int, library: str | None, file_id: int | None
    ) -> list[tuple[float, list[str]]]:
        """The server's keyword list (one: it has no separate CJK pair index)."""
        del file_id  # another Hisho's file ids mean nothing here; scope by path instead
        rows = self.index.keyword_rows(keyword_query(question).terms, depth, library, None)
        return [(1.0, [r.chunk_id for r in rows])]

    def document(self, scope: Scope) -> list[Passage]:
        """The whole text of ``scope.path`` from the server: a passage per page, rebuilt
        from its chunks in reading order; empty when the server holds no such file."""
        if not scope.path:
            return []
        pages: dict[int | None, list[Passage]] = {}
        for row in self.index.file_rows(scope.library, scope.path):
            found = passage(row, 1.0, None, False)
            pages.setdefault(found.page, []).append(found)
        return [_joined(chunks) for chunks in pages.values()]

    def passage_context(self, chunk_id: str, radius: int = 1) -> list[Passage]:
        """A chunk with its neighbours in the same file."""
        found = self.index.rows([chunk_id])
        if not found:
            return []
        [row] = found
        chunks = self.index.file_rows(str(row.metadata["library"]), str(row.metadata["path"]))
        at = next(i for i, c in enumerate(chunks) if c.chunk_id == chunk_id)
        window = chunks[max(0, at - radius) : at + radius + 1]
        return [passage(c, 1.0 if c.chunk_id == chunk_id else 0.0, None, False) for c in window]


def _joined(chunks: list[Passage]) -> Passage:
    """One page's chunks (in order) as one passage: the page's text, overlaps once."""
    text, end = joined_text(chunks)
    return replace(chunks[0], heading="", text=text, end=end)


def passage(row: Row, score: float, similarity: float | None, keyword_hit: bool) -> Passage:
    """A server's chunk as a search result."""
    meta = row.metadata
    page = int(meta.get("page", 0))
    return Passage(
        chunk_id=row.chunk_id,
        library=str(meta.get("library", "")),
        path=str(meta.get("path", "")),
        page=page or None,
        heading=str(meta.get("heading", "")),
        text=str(meta.get("text", "")),
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
        score=score,
        similarity=similarity,
        keyword_hit=keyword_hit,
    )
