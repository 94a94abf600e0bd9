"""A library's index on a Chroma server against the embedded store, in the same run.

```
.venv/bin/python bench/chroma_server.py [--chunks 100000] [--queries 50]
```

100,000 chunks of made-up text (60 words from a 5,000-word vocabulary) with random unit
vectors (384 dimensions, all-MiniLM-L6-v2's size) go through the same calls the library
makes: ``VectorIndex.add`` of the embedded store (PersistentClient in a temp folder, the
manifest's FTS5 indexes filled by ``Manifest.replace_chunks`` beside it) and of
``ServerVectorIndex`` on a real ``chroma run`` on 127.0.0.1 (text and place kept too, as
a server library does). Then the same queries on both: the ``k`` nearest vectors (a
query vector is a chunk's own, moved by noise: recall@10 says the chunk came back) and a
keyword search of three of the chunk's words (the manifest's FTS5 against the server's
``$contains`` per term). Timings in ms, medians and p95. No embedding model is loaded.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import emit, log, median, rounded
from _gui import percentile

from engine.library.chroma_server import ChromaServer
from engine.library.manifest import Manifest
from engine.library.retrieval import keyword_query
from engine.library.server_vectors import ServerVectorIndex
from engine.library.types import Chunk, FileStatus
from engine.library.vectors import VectorIndex
from engine.library.writer import place
from tests.chroma_server import chroma_run

DIMENSION = 384
MODEL = "bench-random-384"
K = 10
PER_FILE = 100
BATCH = 2000


def made_up(count: int, seed: int = 0) -> tuple[list[str], Any]:
    """``count`` chunk texts and unit vectors."""
    import numpy as np

    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(5000)]
    texts = [" ".join(rng.choices(vocabulary, k=60)) for _ in range(count)]
    vectors = np.random.default_rng(seed).normal(size=(count, DIMENSION)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return texts, vectors


def fill_manifest(manifest: Manifest, texts: Sequence[str]) -> float:
    """Seconds to write every chunk's text to the manifest (with its FTS5 indexes): the
    indexing Hisho does it for a library of either kind."""
    started = time.perf_counter()
    manifest.ensure_library("Bench")
    for at in range(0, len(texts), PER_FILE):
        record = manifest.queue("Bench", f"/bench/file-{at // PER_FILE:05d}.txt", 1, 0.0)
        chunks = [(f"{record.id}-bench-{n}", "", Chunk(text, None, "", 0, len(text)))
                  for n, text in enumerate(texts[at : at + PER_FILE])]  # fmt: skip
        manifest.replace_chunks(record.id, chunks, status=FileStatus.DONE, sha256="bench",
                                pages=0, partial=False)  # fmt: skip
    return time.perf_counter() - started


def fill(index: VectorIndex, texts: Sequence[str], vectors: Any) -> float:
    """Seconds to write every chunk's vector (and place, and text where the index keeps
    it) in batches of 2,000, as ``VectorIndex.add`` sends them."""
    started = time.perf_counter()
    for at in range(0, len(texts), BATCH):
        ids = [f"{n // PER_FILE + 1}-bench-{n % PER_FILE}" for n in range(at, at + BATCH)]
        batch = texts[at : at + BATCH]
        chunks = [Chunk(text, None, "", 0, len(text)) for text in batch]
        metadata = [place((at + n) // PER_FILE + 1, "Bench",
                          f"/bench/file-{(at + n) // PER_FILE:05d}.txt", (at + n) % PER_FILE, c, "")
                    for n, c in enumerate(chunks)]  # fmt: skip
        index.add(ids[: len(batch)], vectors[at : at + BATCH].tolist(), metadata, batch)
        if (at + BATCH) % 20_000 == 0:
            log(f"{type(index).__name__}: {at + BATCH} chunks")
    return time.perf_counter() - started


def timed(calls: Sequence[Callable[[], Any]]) -> tuple[list[float], list[Any]]:
    for call in calls[:3]:
        call()  # warm: first pages, caches
    times, results = [], []
    for call in calls:
        started = time.perf_counter()
        results.append(call())
        times.append((time.perf_counter() - started) * 1000)
    return times, results


def summary(times: list[float]) -> dict[str, float]:
    return {"p50_ms": rounded(median(times), 2), "p95_ms": rounded(percentile(times, 95), 2)}


def queries(texts: Sequence[str], vectors: Any, count: int) -> list[tuple[str, Any, str]]:
    """(expected chunk id, a query vector near its vector, three of its words)."""
    import numpy as np

    rng = np.random.default_rng(1)
    picked = rng.choice(len(texts), size=count, replace=False)
    found = []
    for n in picked:
        vector = vectors[n] + rng.normal(0.0, 0.02, DIMENSION).astype(np.float32)
        words = texts[n].split()[10:13]
        found.append(
            (
                f"{n // PER_FILE + 1}-bench-{n % PER_FILE}",
                vector / np.linalg.norm(vector),
                " ".join(words),
            )
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    texts, vectors = made_up(args.chunks)
    asked = queries(texts, vectors, args.queries)
    with tempfile.TemporaryDirectory(prefix="hisho-bench-chroma-") as temp:
        folder = Path(temp)
        manifest = Manifest(folder / "manifest.sqlite3")
        embedded = VectorIndex(folder / "chroma", MODEL, DIMENSION)
        log("filling the manifest (text and keyword indexes)")
        manifest_s = fill_manifest(manifest, texts)
        log("filling the embedded store")
        embedded_s = fill(embedded, texts, vectors)
        embedded_vector, hits_e = timed(
            [lambda v=v: embedded.query(v.tolist(), K) for _, v, _ in asked]
        )
        embedded_keyword, _ = timed([
            lambda q=q: manifest.keyword_search(keyword_query(q).words, table="chunks_words",
                                                limit=50, library=None, file_id=None)
            for _, _, q in asked
        ])  # fmt: skip
        with chroma_run(folder / "server") as url:
            server = ServerVectorIndex(ChromaServer(url, "bench"), MODEL, DIMENSION)
            log(f"filling the collection on the server at {url}")
            server_s = fill(server, texts, vectors)
            server_vector, hits_s = timed([
                lambda v=v: server.query_rows(v.tolist(), K, None, None) for _, v, _ in asked
            ])  # fmt: skip
            server_keyword, keyword_s = timed([
                lambda q=q: server.keyword_rows(keyword_query(q).terms, 50, None, None)
                for _, _, q in asked
            ])  # fmt: skip
            count = server.count()
        embedded.close()
        manifest.close()
    recall_e = sum(
        want in {c for c, _ in hits} for (want, _, _), hits in zip(asked, hits_e, strict=True)
    )
    recall_s = sum(
        want in {r.chunk_id for r in hits} for (want, _, _), hits in zip(asked, hits_s, strict=True)
    )
    keyword_top = sum(bool(rows) and rows[0].chunk_id == want
                      for (want, _, _), rows in zip(asked, keyword_s, strict=True))  # fmt: skip
    result = {
        "chunks": args.chunks,
        "server_count": count,
        "index_chunks_per_s": {"server": rounded(args.chunks / server_s, 1),
                               "embedded": rounded(args.chunks / embedded_s, 1)},
        "index_ratio": rounded(embedded_s / server_s, 3),
        "manifest_fill_s": rounded(manifest_s, 1),
        "vector_query": {"server": summary(server_vector), "embedded": summary(embedded_vector)},
        "vector_query_ratio": rounded(median(embedded_vector) / median(server_vector), 3),
        "keyword_search": {"server": summary(server_keyword),
                           "embedded_fts5": summary(embedded_keyword)},
        "keyword_search_ratio": rounded(median(embedded_keyword) / median(server_keyword), 3),
        "recall_at_10": {"server": rounded(recall_s / len(asked), 3),
                         "embedded": rounded(recall_e / len(asked), 3)},
        "server_keyword_top1": rounded(keyword_top / len(asked), 3),
    }  # fmt: skip
    emit(result)


if __name__ == "__main__":
    main()
