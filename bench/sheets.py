"""Spreadsheet rows: indexed per second against the parser alone, and huge sheets streamed.

A workbook (``--rows`` invoice rows of 6 columns, written part by part with
``tests/office_files.make_xlsx``) and the same rows as CSV are:

- parsed alone: ``engine.library.extract.extract`` in-process and through the guarded
  child (``extract_guarded``, warmed first), median of ``--rounds`` (``parser_rows_per_s``);
- indexed end to end with ``Library.index`` (guarded extraction, chunking with rows kept
  whole, embedding, Chroma, manifest; embedder loaded first) (``indexed_rows_per_s``),
  and the same chunk texts embedded alone in the same run (``index_ratio``: indexing ÷
  embedder alone, goal >= 0.9 as for ``ingest.py``; ``embed_share``: the part of the
  indexing time spent inside the embedder, which a busy machine moves less than it
  moves the ratio; ``indexed_vs_parser`` is the share of the parser's speed that
  indexing keeps, which embedding bounds);
- checked for rows found: a sample of row questions ("What is the total of invoice
  1042?") asked with ``Library.search``; a hit is the row's own passage in the top 5.

Then a huge sheet, parse only (``--huge-rows``, default one million, as CSV and XLSX):
rows/s through the guarded child and the child's peak memory (``ru_maxrss`` of the
child, measured from a fresh interpreter whose only child it is), which must stay far
below the file's unpacked size.

The last stdout line is one JSON object; progress goes to stderr. Exit code 0 even
when a goal is missed.

    .venv/bin/python bench/sheets.py [--rows 3000] [--huge-rows 1000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import emit, log, median, rounded
from _library import REPO, Timed, consume, library_home, open_embedder

from engine.library.chunker import Chunker
from engine.library.extract import extract
from engine.library.guard import ExtractorProcess
from engine.library.library import Library
from tests.office_files import SHEET, make_xlsx

GOALS = {"index_ratio": 0.9, "row_recall_at_5": 0.9}
HEADERS = ["Invoice", "Customer", "City", "Item", "Quantity", "Total"]
CUSTOMERS = ["Sato", "Suzuki", "Takahashi", "Tanaka", "Ito", "Watanabe", "Yamamoto", "Kato"]
CITIES = ["Osaka", "Kyoto", "Sendai", "Sapporo", "Fukuoka", "Nagoya", "Kobe", "Nara"]
ITEMS = ["lanterns", "tea cups", "paper fans", "umbrellas", "kettles", "brushes", "bowls"]


def rows(count: int) -> list[list[object]]:
    pick = random.Random(7)
    return [
        [1000 + n, pick.choice(CUSTOMERS), pick.choice(CITIES), pick.choice(ITEMS),
         pick.randint(1, 40), f"¥{pick.randint(1, 900) * 100:,}"]
        for n in range(count)
    ]  # fmt: skip


def write_csv(path: Path, data: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADERS) + "\n")
        for row in data:
            out.write(",".join(f'"{cell}"' if "," in str(cell) else str(cell) for cell in row))
            out.write("\n")
    return path


def write_huge_xlsx(path: Path, count: int) -> Path:
    """A one-sheet workbook of ``count`` rows, its sheet XML written in one go."""
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                    for i, h in enumerate(HEADERS))  # fmt: skip
    body = [f'<row r="1">{cells}</row>']
    for n in range(2, count + 2):
        body.append(
            f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}" t="inlineStr"><is><t>c{n}'
            f'</t></is></c><c r="F{n}"><v>{n % 997}</v></c></row>'
        )
    xml = f'<worksheet xmlns="{SHEET}"><sheetData>{"".join(body)}</sheetData></worksheet>'
    return make_xlsx(path, {"Huge": xml})


def parse_rate(read: Any, path: Path, count: int, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        read(path)
        times.append(time.perf_counter() - started)
    return count / median(times)


def measure_parser(work: Path, data: list[list[object]], rounds: int) -> dict[str, Any]:
    xlsx = make_xlsx(work / "parse.xlsx", {"Invoices": [HEADERS, *data]})
    csv = write_csv(work / "parse.csv", data)
    result: dict[str, Any] = {}
    with ExtractorProcess(time_limit_s=600) as child:
        child.extract(csv)  # warm
        for name, path in (("xlsx", xlsx), ("csv", csv)):
            alone = parse_rate(extract, path, len(data), rounds)
            guarded = parse_rate(child.extract, path, len(data), rounds)
            log(f"{name}: {alone:,.0f} rows/s in-process, {guarded:,.0f} through the guard")
            result[name] = {"parser_rows_per_s": rounded(alone, 0),
                            "guarded_rows_per_s": rounded(guarded, 0)}  # fmt: skip
    return result


def row_recall(library: Library, data: list[list[object]], sample: int) -> float:
    pick = random.Random(11)
    hits = 0
    chosen = pick.sample(range(len(data)), min(sample, len(data)))
    for index in chosen:
        invoice, customer = data[index][0], data[index][1]
        found = library.search(f"What is the total of invoice {invoice} for {customer}?", k=5)
        hits += any(f"Invoice: {invoice} ·" in passage.text for passage in found)
    return hits / max(len(chosen), 1)


def measure_index(
    work: Path, data: list[list[object]], embedder: Any, sample: int
) -> dict[str, Any]:
    folder = work / "folder"
    folder.mkdir()
    make_xlsx(folder / "invoices.xlsx", {"Invoices": [HEADERS, *data]})
    timed = Timed()
    with Library(work / "library", embedder) as library:
        timed.wrap(library.embedder, "embed", "embed")
        timed.wrap(library.indexer, "extract", "extract (helper thread)")
        timed.wrap(Chunker, "chunk", "chunk")
        try:
            started = time.perf_counter()
            consume(library.index([folder], "Bench"))
            seconds = time.perf_counter() - started
        finally:
            timed.restore()
        texts = [f"{c.context}\n{c.text}" for b in library.manifest.iter_chunks() for c in b]
        recall = row_recall(library, data, sample)
    started = time.perf_counter()
    embedder.embed(texts, batch_size=32)
    alone = time.perf_counter() - started
    log(f"indexed {len(data)} rows ({len(texts)} chunks) in {seconds:.1f} s; "
        f"embedding alone {alone:.1f} s; row recall@5 {recall:.3f}")  # fmt: skip
    parts = timed.summary(len(texts))
    return {
        "indexed_rows_per_s": rounded(len(data) / seconds, 1),
        "embed_share": rounded(parts.get("embed", {}).get("total_s", 0.0) / seconds, 3),
        "embedder_alone_rows_per_s": rounded(len(data) / alone, 1),
        "index_ratio": rounded(alone / seconds, 3),
        "chunks": len(texts),
        "rows_per_chunk": rounded(len(data) / max(len(texts), 1), 2),
        "index_s": rounded(seconds, 1),
        "index_parts": parts,
        "row_recall_at_5": rounded(recall, 3),
    }


#: Run in a fresh interpreter: the guarded child's time and its peak memory alone
#: (``RUSAGE_CHILDREN`` of a process whose only child was that one).
_GUARDED_ONCE = """
import json, resource, sys, time
from pathlib import Path
from engine.library.guard import ExtractorProcess
with ExtractorProcess(time_limit_s=600) as child:
    started = time.perf_counter()
    extracted = child.extract(Path(sys.argv[1]))
    seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "partial": extracted.partial,
                  "rows_read": max(0, len(extracted.pages[0].text.splitlines()) - 1),
                  "child_peak_rss_mb": peak / (2**20 if sys.platform == "darwin" else 1024)}))
"""


def huge_csv(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("id,customer,amount\n")
        for start in range(0, count, 100_000):
            end = min(count, start + 100_000)
            out.write("".join(f"{n},c{n},{n % 997}\n" for n in range(start, end)))
    return path


def measure_huge(work: Path, count: int) -> dict[str, Any]:
    """Parse-only rows/s and the guarded child's peak memory on a huge sheet."""
    csv = huge_csv(work / "huge.csv", count)
    xlsx = write_huge_xlsx(work / "huge.xlsx", count)
    result: dict[str, Any] = {"rows": count, "csv_mb": rounded(csv.stat().st_size / 2**20, 1),
                              "xlsx_mb": rounded(xlsx.stat().st_size / 2**20, 1)}  # fmt: skip
    for name, path in (("csv", csv), ("xlsx", xlsx)):
        done = subprocess.run([sys.executable, "-c", _GUARDED_ONCE, str(path)], cwd=REPO,
                              capture_output=True, text=True, check=True)  # fmt: skip
        run = json.loads(done.stdout.strip().splitlines()[-1])
        rate = count / run["seconds"]
        log(f"huge {name}: {run['rows_read']:,} rows read in {run['seconds']:.1f} s "
            f"({rate:,.0f} rows/s), child peak {run['child_peak_rss_mb']:.0f} MB, "
            f"partial={run['partial']}")  # fmt: skip
        result[name] = {"guarded_rows_per_s": rounded(rate, 0),
                        **{key: rounded(v, 1) if isinstance(v, float) else v
                           for key, v in run.items()}}  # fmt: skip
    return result


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=3000, help="rows of the indexed sheet")
    parser.add_argument("--huge-rows", type=int, default=1_000_000, help="0 skips the huge sheet")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--questions", type=int, default=100, help="row questions asked")
    parser.add_argument("--threads", type=int, default=2, help="embedder threads")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    began = time.perf_counter()
    result: dict[str, Any] = {"bench": "sheets", "rows": args.rows}
    data = rows(args.rows)
    with library_home() as home:
        work = Path(home) / "sheets"
        work.mkdir()
        result["parser"] = measure_parser(work, data, args.rounds)
        embedder = open_embedder(args.threads)
        result.update(measure_index(work, data, embedder, args.questions))
        parser_rate = result["parser"]["xlsx"]["guarded_rows_per_s"]
        result["indexed_vs_parser"] = rounded(result["indexed_rows_per_s"] / parser_rate, 4)
        if args.huge_rows:
            result["huge"] = measure_huge(work, args.huge_rows)
    result["goals"] = {
        "index_ratio>=0.9": result["index_ratio"] >= GOALS["index_ratio"],
        "row_recall_at_5>=0.9": result["row_recall_at_5"] >= GOALS["row_recall_at_5"],
    }
    result.update(goal_thresholds=GOALS, embedder_threads=args.threads,
                  cpu_count=os.cpu_count(), loadavg_1m=rounded(os.getloadavg()[0], 2),
                  bench_seconds=round(time.perf_counter() - began, 1))  # fmt: skip
    log(f"done in {result['bench_seconds']} s; goals {result['goals']}")
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
