"""Searching the library: vector and keyword lists merged by reciprocal rank fusion.

The keyword queries (SQLite FTS5) run on a thread of their own while the question is
embedded and Chroma asked: both release the GIL, so on two cores a search takes about
the longer of the two instead of their sum (bench/retrieval.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Protocol

from engine.library.manifest import StoredChunk
from engine.library.retrieval import bigram_weight, fuse, keyword_query, vector_weight
from engine.library.stores import Stores
from engine.library.types import Passage, Scope


@dataclass
class _Hits:
    """What the vector and keyword searches found for one question."""

    query_vector: list[float]
    vector_hits: list[tuple[str, float]]
    keyword_lists: list[tuple[float, list[str]]]


class Searcher:
    """Answers searches from the library's stores (the writer may run meanwhile)."""

    def __init__(self, stores: Stores) -> None:
        self.stores = stores
        self.manifest = stores.manifest
        #: Runs a search's keyword queries while the question is embedded.
        self._keyword_pool: ThreadPoolExecutor | None = None

    def close(self) -> None:
        if self._keyword_pool is not None:
            self._keyword_pool.shutdown(wait=True)
            self._keyword_pool = None

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
            file_id = self._file_in_scope(scope)
            if file_id is None:
                return []
        hits = self._find(question, max(50, k * 5), scope.library, file_id)
        lists: list[tuple[float, Sequence[str]]] = [
            (
                vector_weight(question, self.stores.embedder.knows_cjk),
                [cid for cid, _ in hits.vector_hits],
            ),
            *hits.keyword_lists,
        ]
        return self._passages(fuse(lists)[: k * 2], hits, k)

    def _file_in_scope(self, scope: Scope) -> int | None:
        """The id of the file a scope names (in its library, if it names one)."""
        assert scope.path is not None
        matches = [
            r
            for r in self.manifest.files_at(scope.path)
            if scope.library is None or r.library == scope.library
        ]
        return matches[0].id if matches else None

    def _find(self, question: str, depth: int, library: str | None, file_id: int | None) -> _Hits:
        """The vector hits on this thread while the keyword lists come from another."""
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
                [query_vector] = self.stores.embedder.embed([question], threads=1)
                vector_hits = self.stores.vectors.query(
                    query_vector, depth, library=library, file_id=file_id
                )
        finally:
            keyword_lists = keyword_future.result()
        return _Hits(query_vector, vector_hits, keyword_lists)

    def _passages(self, fused: list[tuple[str, float]], hits: _Hits, k: int) -> list[Passage]:
        """The first ``k`` fused chunks the manifest still holds, with their similarity
        to the question (computed here for those only the keyword lists found)."""
        stored = self.manifest.chunks_by_id(cid for cid, _ in fused)
        similarity = dict(hits.vector_hits)
        unscored = [cid for cid, _ in fused if cid not in similarity and cid in stored]
        if unscored and hits.query_vector:
            for cid, vector in self.stores.vectors.vectors_of(unscored).items():
                similarity[cid] = sum(a * b for a, b in zip(hits.query_vector, vector, strict=True))
        keyword_ids = {cid for _, ids in hits.keyword_lists for cid in ids}
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

    def document(self, scope: Scope) -> list[Passage]:
        """The whole text of ``scope.path`` (in ``scope.library``, if named): a passage
        per page, rebuilt from its chunks; empty when the file is not indexed."""
        records = [
            r
            for r in self.manifest.files_at(scope.path or "")
            if scope.library is None or r.library == scope.library
        ]
        if not records:
            return []
        pages: dict[int | None, list[StoredChunk]] = {}
        for chunk in self.manifest.file_chunks(records[0].id):
            pages.setdefault(chunk.page, []).append(chunk)
        return [_page_passage(chunks) for chunks in pages.values()]

    def passage_context(self, chunk_id: str, radius: int = 1) -> list[Passage]:
        """A chunk with its neighbours in the same file (to show a passage in context)."""
        found = self.manifest.chunks_by_id([chunk_id]).get(chunk_id)
        if found is None:
            return []
        chunks = self.manifest.file_chunks(found.file_id)
        at = next(i for i, c in enumerate(chunks) if c.chunk_id == chunk_id)
        window = chunks[max(0, at - radius) : at + radius + 1]
        return [_passage(c, 1.0 if c.chunk_id == chunk_id else 0.0, None, False) for c in window]


class _Span(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def joined_text(chunks: Sequence[_Span]) -> tuple[str, int]:
    """Overlapping chunks of one page (in order) as one text, each overlap once, and
    where that text ends in the file (shared with ``server_search``)."""
    text, end = "", 0
    for chunk in chunks:
        if chunk.start >= end:
            text += ("\n" if text else "") + chunk.text
        elif chunk.end > end:
            text += chunk.text[end - chunk.start :]
        end = max(end, chunk.end)
    return text, end


def _page_passage(chunks: list[StoredChunk]) -> Passage:
    """One page's chunks (in order) as one passage: the page's text, overlaps once."""
    text, end = joined_text(chunks)
    first = chunks[0]
    regions = tuple(region for chunk in chunks for region in chunk.regions)
    return replace(
        _passage(first, 1.0, None, False),
        heading="",
        text=text,
        start=first.start,
        end=end,
        scanned=any(chunk.scanned for chunk in chunks),
        regions=regions,
    )


def _passage(
    chunk: StoredChunk, score: float, similarity: float | None, keyword_hit: bool
) -> Passage:
    """A stored chunk as a search result."""
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
        scanned=chunk.scanned,
        regions=chunk.regions,
    )
