"""The scale part of bench/retrieval.py: a library of 100,000 chunks filled without
embedding, and ``library.search`` timed on it against the baseline's search.

The rows are the eval libraries' real chunks (texts and vectors), repeated: copy ``c`` of
a chunk has its sentences rotated by ``c`` and its vector moved by Gaussian noise (sigma
0.01 a dimension) and re-normalised, so no two vectors are equal. They go 100 to a file
through ``Manifest.replace_chunks`` (FTS triggers included) and ``VectorIndex.add``.
"""

from __future__ import annotations

import argparse
import math
import re
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from _baseline import LocalDocsBaseline
from _common import log, median
from _gui import percentile
from _library import EvalSet, Retrieved, Timed

from engine.library.library import Library
from engine.library.types import Chunk, FileStatus, Scope

K = 10


_SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")


def varied(text: str, copy: int) -> str:
    """Copy ``copy`` of a chunk: its sentences rotated (copy 0 is the text itself)."""
    sentences = [s for s in _SENTENCE.split(text) if s]
    if copy == 0 or len(sentences) < 2:
        return text
    turn = copy % len(sentences)
    joiner = "" if re.search(r"[。！？]$", sentences[0]) else " "
    return joiner.join(sentences[turn:] + sentences[:turn])


def source_chunks(libraries: Sequence[Library]) -> tuple[list[tuple[str, str]], Any]:
    """(context, text) of every chunk of the eval libraries, and their vectors."""
    import numpy as np

    texts: list[tuple[str, str]] = []
    rows: list[list[float]] = []
    for library in libraries:
        for batch in library.manifest.iter_chunks(1000):
            found = library.vectors.vectors_of([c.chunk_id for c in batch])
            for chunk in batch:
                if chunk.chunk_id in found:
                    texts.append((chunk.context, chunk.text))
                    rows.append(found[chunk.chunk_id])
    return texts, np.asarray(rows, dtype=np.float32)


def scaled(sources: list[tuple[str, str]], vectors: Any, total: int) -> Iterator[Any]:
    """``total`` (context, text, vector) rows from the sources, repeated and varied."""
    import numpy as np

    noise = np.random.default_rng(0)
    for copy in range(math.ceil(total / len(sources))):
        count = min(len(sources), total - copy * len(sources))
        block = vectors[:count]
        if copy:
            block = block + noise.normal(0.0, 0.01, block.shape).astype(np.float32)
            block /= np.linalg.norm(block, axis=1, keepdims=True)
        for (context, text), vector in zip(sources[:count], block, strict=True):
            yield context, varied(text, copy), vector


#: Vectors waiting to be written to Chroma: ids, vectors, metadatas.
Pending = tuple[list[str], list[list[float]], list[dict[str, str | int]]]


def fill_scale_library(library: Library, rows: Iterator[Any], per_file: int = 100) -> int:
    """Write the rows as files of ``per_file`` chunks: manifest (with its FTS indexes)
    and Chroma, the way ``Library._store`` writes them, minus extraction and embedding."""
    name = "Scale"
    library.manifest.ensure_library(name)
    pending: Pending = ([], [], [])
    written = file_no = 0
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == per_file:
            written += _write_file(library, name, file_no, batch, pending)
            file_no += 1
            batch = []
            if written % 10_000 == 0:
                log(f"scale: {written} chunks written")
    if batch:
        written += _write_file(library, name, file_no, batch, pending)
    if pending[0]:
        library.vectors.add(*pending)
    return written


def _write_file(
    library: Library, name: str, file_no: int, batch: list[Any], pending: Pending
) -> int:
    path = f"/bench-scale/{file_no // 100:03d}/file-{file_no:05d}.txt"
    record = library.manifest.queue(name, path, sum(len(t) for _, t, _ in batch), 0.0)
    ids = [f"{record.id}-scale-{n}" for n in range(len(batch))]
    chunks = [(cid, context, Chunk(text, None, "", 0, len(text)))
              for cid, (context, text, _) in zip(ids, batch, strict=True)]  # fmt: skip
    library.manifest.replace_chunks(
        record.id, chunks, status=FileStatus.DONE, sha256="bench", pages=0, partial=False
    )
    pending[0].extend(ids)
    pending[1].extend(vector.tolist() for _, _, vector in batch)
    pending[2].extend({"file_id": record.id, "library": name, "page": 0} for _ in batch)
    if len(pending[0]) >= 2000:
        library.vectors.add(*pending)
        for part in pending:
            part.clear()
    return len(batch)


def time_queries(search: Any, questions: Sequence[str], timed: Timed) -> list[float]:
    """Wall ms of each search, after a warm-up (caches, first Chroma and FTS pages)."""
    for question in questions[:5]:
        search(question)
    timed.reset()
    times = []
    for question in questions:
        started = time.perf_counter()
        search(question)
        times.append((time.perf_counter() - started) * 1000)
    return times


def scale_questions(sets: Sequence[EvalSet], count: int) -> list[str]:
    """English and Japanese questions, alternating."""
    lists = [[q.question for q in s.questions] for s in sets]
    mixed = [q for group in zip(*lists, strict=False) for q in group]
    return mixed[:count]


def run_scale(args: argparse.Namespace, home: Path, embedder: Any,
              sources: Sequence[Library], sets: Sequence[EvalSet]) -> dict[str, Any]:  # fmt: skip
    texts, vectors = source_chunks(sources)
    log(f"scale: {args.scale_chunks} chunks from {len(texts)} real ones")
    started = time.perf_counter()
    baseline = LocalDocsBaseline()
    rows = list(scaled(texts, vectors, args.scale_chunks))
    with Library(home / "scale-library", embedder) as library:
        written = fill_scale_library(library, iter(rows))
        build_s = time.perf_counter() - started
        log(f"scale: {written} chunks written in {build_s:.0f} s; indexing the baseline")
        for context, text, _ in rows:
            baseline.add_chunk(Retrieved(context, 0, len(text), text))
        import numpy as np

        baseline.set_vectors(np.stack([vector for _, _, vector in rows]))
        del rows
        questions = scale_questions(sets, args.scale_queries)
        timed, base_timed = Timed(), Timed()
        timed.wrap(library.embedder, "embed", "embed")
        timed.wrap(library.vectors, "query", "vectors.query")
        timed.wrap(library.vectors, "vectors_of", "vectors.vectors_of")
        timed.wrap(library.manifest, "keyword_search", "manifest.keyword_search")
        timed.wrap(library.manifest, "chunks_by_id", "manifest.chunks_by_id")
        try:
            log(f"scale: timing library.search on {len(questions)} questions")
            app_ms = time_queries(lambda q: library.search(q, Scope(), k=K), questions, timed)
            parts = timed.summary(len(questions))
        finally:
            timed.restore()
        base_timed.wrap(embedder, "embed", "embed")
        base_timed.wrap(baseline, "vector_ids", "numpy vectors")
        base_timed.wrap(baseline, "keyword_ids", "fts5 bm25")

        def baseline_search(question: str) -> None:
            [vector] = embedder.embed([question])
            baseline.search(question, vector, K)

        log("scale: timing the baseline's search")
        try:
            base_ms = time_queries(baseline_search, questions, base_timed)
            base_parts = base_timed.summary(len(questions))
        finally:
            base_timed.restore()
            baseline.close()
        chunk_count = library.manifest.chunk_count()
    p95, base_p95 = percentile(app_ms, 95), percentile(base_ms, 95)
    by_script = {
        script: round(percentile(app_ms[i::2], 95), 1) for i, script in enumerate(("en", "ja"))
    } if len(sets) == 2 else {}  # fmt: skip
    log(f"scale: library p95 {p95:.1f} ms, baseline p95 {base_p95:.1f} ms")
    return {
        "query_p95_ms": round(p95, 1),
        "query_p50_ms": round(median(app_ms), 1),
        "query_max_ms": round(max(app_ms, default=0.0), 1),
        "query_p95_ms_by_language": by_script,
        "baseline_query_p95_ms": round(base_p95, 1),
        "baseline_query_p50_ms": round(median(base_ms), 1),
        "query_p95_ratio": round(p95 / base_p95, 2) if base_p95 else None,
        "scale_chunks": chunk_count,
        "scale_source_chunks": len(texts),
        "scale_queries": len(questions),
        "scale_build_s": round(build_s, 1),
        "query_parts_ms": parts,  # per call, inside library.search
        "baseline_query_parts_ms": base_parts,
    }
