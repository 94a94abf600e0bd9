"""Indexing throughput: ``Library.index`` end to end against the embedder alone.

A folder of real files is written to a temp dir: eval-set documents as .txt (English
and Japanese Wikipedia articles from ``../shared/eval``), PDFs made with
``tests/documents.make_pdf`` from English eval paragraphs, and Markdown files (a title,
one ``##`` section per paragraph). It is indexed with ``Library.index`` (hash, extract
in the guarded child process, chunk, embed, Chroma, manifest), timed from the call to
the last progress step with the embedder already loaded.

- ``ingest_ratio``: chunks/s of that run ÷ chunks/s of the same embedder embedding the
  same texts (the manifest's chunks as ``context + "\\n" + text``, exactly what the
  library embedded) in one ``embed`` call, in the same run. Goal >= 0.9. Also given:
  the embedder alone in calls of 64 chunks (the library's ``EMBED_BATCH``), and where
  the indexing time went (``index_parts``: wall seconds inside embed, extract, chunk,
  Chroma and manifest writes, timed by wrapping those calls).
- ``pdf_pages_per_s``: ``engine.library.extract.extract`` on a generated many-page PDF
  (``--pdf-pages``, 45 lines of text a page), median of ``--rounds``; the same through
  ``engine.library.guard.extract_guarded`` (child process, warmed first) when it
  exists (``guarded_pdf_pages_per_s``, ``guard_ratio``); and, when ``../shared/corpus``
  has it, a real 117-page pdflatex PDF.

The last stdout line is one JSON object; progress goes to stderr. Exit code 0 even
when a goal is missed. On a shared machine the ratio moves with the load: the result
gives the load average at each phase.

    .venv/bin/python bench/ingest.py [--txt-docs 8] [--pdfs 4] [--markdown 6]
                                     [--pdf-pages 300] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import emit, log, median, rounded
from _library import (
    REPO,
    Timed,
    consume,
    extraction_mode,
    have_eval_docs,
    library_home,
    load_set,
    open_embedder,
    write_folder,
    write_pdf,
)

from engine.library.chunker import Chunker
from engine.library.library import Library
from engine.library.types import FileStatus
from engine.library.writer import EMBED_BATCH

GOALS = {"ingest_ratio": 0.9}
#: A real many-page PDF (117 pages, pdflatex) from ../shared/corpus, when it is there.
REAL_PDF = (
    REPO.parent / "shared" / "corpus" / "pdf"
    / "pypdfsamples__009-pdflatex-geotopo__GeoTopo-komprimiert.pdf"
)  # fmt: skip


def loadavg() -> float:
    return rounded(os.getloadavg()[0], 2)


# --- end to end against the embedder alone ---------------------------------------------


def index_folder(library: Library, folder: Path) -> tuple[float, dict[str, Any]]:
    """Index the folder; the wall seconds and where they went."""
    timed = Timed()
    timed.wrap(library.embedder, "embed", "embed")
    timed.wrap(library.vectors, "add", "vectors.add")
    timed.wrap(library.manifest, "replace_chunks", "manifest.replace_chunks")
    timed.wrap(library.indexer, "extract", "extract (helper thread)")
    timed.wrap(Chunker, "chunk", "chunk")
    try:
        started = time.perf_counter()
        last = consume(library.index([folder], "Bench"))
        seconds = time.perf_counter() - started
    finally:
        timed.restore()
    chunks = library.manifest.chunk_count()
    log(f"indexed {last.files_done if last else 0} files, {chunks} chunks in {seconds:.1f} s")
    return seconds, timed.summary(chunks)


def embed_alone(embedder: Any, texts: list[str], per_call: int) -> float:
    """Seconds to embed ``texts`` in calls of ``per_call`` texts (batch_size 32)."""
    started = time.perf_counter()
    for at in range(0, len(texts), per_call):
        embedder.embed(texts[at : at + per_call], batch_size=32)
    return time.perf_counter() - started


def measure_ingest(args: argparse.Namespace, home: Path, embedder: Any) -> dict[str, Any]:
    folder = home / "bench-folder"
    folder.mkdir()
    files = write_folder(folder, args.txt_docs, args.pdfs, args.pdf_file_pages, args.markdown)
    log(f"folder: {files}")
    result: dict[str, Any] = {"files": files, "loadavg_at_index": loadavg()}
    with Library(home / "library", embedder) as library:
        seconds, parts = index_folder(library, folder)
        not_done = [r.name for r in library.files() if r.status is not FileStatus.DONE]
        texts = [f"{c.context}\n{c.text}" for b in library.manifest.iter_chunks() for c in b]
    chunks = len(texts)
    alone = []
    for round_no in range(1, args.rounds + 1):
        alone.append(embed_alone(embedder, texts, len(texts)))
        log(f"embedder alone, round {round_no}: {chunks / alone[-1]:.1f} chunks/s")
    batched = embed_alone(embedder, texts, EMBED_BATCH)
    log(f"embedder alone in calls of {EMBED_BATCH}: {chunks / batched:.1f} chunks/s")
    end_to_end = chunks / seconds
    raw = chunks / median(alone)
    log(f"end to end {end_to_end:.1f} chunks/s, embedder alone {raw:.1f} chunks/s")
    return result | {
        "ingest_ratio": rounded(end_to_end / raw, 3),
        "end_to_end_chunks_per_s": rounded(end_to_end, 2),
        "embedder_chunks_per_s": rounded(raw, 2),
        "embedder_rounds_chunks_per_s": [rounded(chunks / s, 2) for s in alone],
        f"embedder_in_calls_of_{EMBED_BATCH}_chunks_per_s": rounded(chunks / batched, 2),
        "batching_ratio": rounded(median(alone) / batched, 3),
        "chunks": chunks,
        "index_s": rounded(seconds, 1),
        "index_parts": parts,
        "not_indexed": not_done,
        "loadavg_after_embedding": loadavg(),
    }


# --- PDF extraction -------------------------------------------------------------------


def pages_per_s(extract: Any, path: Path, rounds: int) -> tuple[float, int]:
    times, pages = [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        pages = len(extract(path).pages)
        times.append(time.perf_counter() - started)
    return pages / median(times), pages


def measure_pdf(args: argparse.Namespace, home: Path) -> dict[str, Any]:
    from engine.library.extract import extract

    en = load_set("en-squad")
    paragraphs = en.passages[:200] if en else ["Hisho reads PDF pages. " * 20]
    pdf = write_pdf(home / "long.pdf", paragraphs, args.pdf_pages)
    rate, pages = pages_per_s(extract, pdf, args.rounds)
    log(f"PDF, {pages} pages: {rate:.0f} pages/s in-process")
    result: dict[str, Any] = {"pdf_pages_per_s": rounded(rate, 1), "pdf_pages": pages}
    try:
        from engine.library.guard import extract_guarded
    except ImportError:
        log("engine.library.guard.extract_guarded does not exist: guarded rate skipped")
        extract_guarded = None
    if extract_guarded is not None:
        extract_guarded(write_pdf(home / "warm.pdf", paragraphs[:2], 1))  # start the child
        guarded, _ = pages_per_s(extract_guarded, pdf, args.rounds)
        log(f"PDF, {pages} pages: {guarded:.0f} pages/s through the guard")
        result["guarded_pdf_pages_per_s"] = rounded(guarded, 1)
        result["guard_ratio"] = rounded(guarded / rate, 3)
    if REAL_PDF.is_file():
        real, real_pages = pages_per_s(extract, REAL_PDF, args.rounds)
        log(f"{REAL_PDF.name}, {real_pages} pages: {real:.0f} pages/s in-process")
        result["real_pdf"] = {"file": REAL_PDF.name, "pages": real_pages,
                              "pages_per_s": rounded(real, 1)}  # fmt: skip
    return result


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--txt-docs", type=int, default=8, help="eval documents per set")
    parser.add_argument("--pdfs", type=int, default=4, help="generated PDFs in the folder")
    parser.add_argument("--pdf-file-pages", type=int, default=8, help="pages of each")
    parser.add_argument("--markdown", type=int, default=6, help="Markdown files")
    parser.add_argument("--pdf-pages", type=int, default=300, help="pages of the long PDF")
    parser.add_argument("--rounds", type=int, default=2, help="embedder-alone and PDF rounds")
    parser.add_argument("--threads", type=int, default=2, help="embedder threads")
    parser.add_argument("--skip-pdf", action="store_true")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    began, load_before = time.perf_counter(), loadavg()
    result: dict[str, Any] = {"bench": "ingest"}
    if not have_eval_docs():
        log("the en-squad eval set is missing (../shared/eval): nothing measured")
        emit(result | {"error": "eval set en-squad not found: skipped"})
        return 0
    with library_home() as home, tempfile.TemporaryDirectory(dir=home) as work:
        result["extraction"] = extraction_mode()
        embedder = open_embedder(args.threads)
        result.update(measure_ingest(args, Path(work), embedder))
        if not args.skip_pdf:
            result.update(measure_pdf(args, Path(work)))
    result["goals"] = {"ingest_ratio>=0.9": result["ingest_ratio"] >= GOALS["ingest_ratio"]}
    result.update(
        goal_thresholds=GOALS, embedder_threads=args.threads, cpu_count=os.cpu_count(),
        loadavg_1m=[load_before, loadavg()],
        bench_seconds=round(time.perf_counter() - began, 1),
    )  # fmt: skip
    log(f"done in {result['bench_seconds']} s; goals {result['goals']}")
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
