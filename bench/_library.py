"""Helpers of the library benchmarks (retrieval, ingest): the eval sets, a temporary
HISHO_HOME with the real embedding model linked in, and the retrieval hit rule.

The eval sets live in ``../shared/eval`` (third-party data: read in place, never copied
into the repository). A benchmark that needs them skips cleanly when they are absent.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import isolated_home, log
from _gui import percentile

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the repo, for engine/ when run as `python bench/x.py`
EVAL_ROOT = REPO.parent / "shared" / "eval"
SETS = ("en-squad", "ja-jsquad")
LINES_PER_PAGE = 45  # of a generated PDF


# --- the embedding model and a throwaway HISHO_HOME ------------------------------------


def installed_embedding_model() -> Path:
    """The installed all-MiniLM-L6-v2 folder, looked up as the app would (no HISHO_HOME)."""
    from engine.models.defaults import default_embedding_model

    saved = os.environ.pop("HISHO_HOME", None)
    try:
        return default_embedding_model()
    finally:
        if saved is not None:
            os.environ["HISHO_HOME"] = saved


@contextmanager
def library_home() -> Iterator[Path]:
    """A temporary HISHO_HOME (hubs offline, telemetry off) with the embedding model
    linked into data/models/, as tests/conftest.py does."""
    model = installed_embedding_model()
    if not (model / "modules.json").is_file():
        raise SystemExit(f"embedding model missing at {model}: run `make setup` first")
    os.environ["ANONYMIZED_TELEMETRY"] = "False"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    with isolated_home() as home:
        models = home / "data" / "models"
        models.mkdir(parents=True)
        (models / model.name).symlink_to(model)
        yield home


def open_embedder(threads: int, model: Path | None = None) -> Any:
    """The real embedder, loaded: ``model`` (a sentence-transformers folder), else
    all-MiniLM-L6-v2 from the temp HISHO_HOME."""
    from engine.library.embedder import Embedder
    from engine.models.defaults import default_embedding_model

    embedder = Embedder(model or default_embedding_model(), threads=threads)
    embedder.load()
    return embedder


def extraction_mode() -> str:
    """How ``Library`` extracts files in this run. It calls the guarded child process
    (``engine.library.guard``); while that module does not exist yet, the benchmark
    extracts in-process instead and says so in its result."""
    try:
        import engine.library.guard  # noqa: F401
    except ImportError:
        from engine.library.extract import extract
        from engine.library.ingest import Indexer

        def in_process(self: Any, path: Path) -> Any:
            return extract(path)

        Indexer.extract = in_process  # type: ignore[method-assign]
        log("engine.library.guard is missing: extracting in-process")
        return "in-process (engine.library.guard missing)"
    return "guarded child process"


def consume(steps: Iterable[Any]) -> Any:
    """Run an indexing generator to its end; the last progress step."""
    last = None
    for step in steps:
        last = step
    return last


# --- the eval sets ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    question: str
    answers: tuple[str, ...]
    doc: str  # file name under docs/
    passage: str


@dataclass
class EvalSet:
    name: str
    root: Path
    questions: list[Question]
    passages: list[str] = field(default_factory=list)

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def doc_paths(self) -> list[Path]:
        return sorted(self.docs.glob("*.txt"))


def load_set(name: str, limit: int = 0) -> EvalSet | None:
    """One eval set, or None (logged) when ../shared/eval does not hold it."""
    root = EVAL_ROOT / name
    if not (root / "questions.jsonl").is_file() or not (root / "docs").is_dir():
        log(f"eval set {name} not found under {EVAL_ROOT}: skipped")
        return None
    questions = []
    for line in (root / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            questions.append(
                Question(row["id"], row["question"], tuple(row["answers"]), row["doc"],
                         row["passage"])
            )  # fmt: skip
    passages = [
        json.loads(line)["text"]
        for line in (root / "passages.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return EvalSet(name, root, questions[:limit] if limit else questions, passages)


# --- a folder of real files -----------------------------------------------------------


def have_eval_docs() -> bool:
    return (EVAL_ROOT / "en-squad" / "docs").is_dir()


def latin1_lines(paragraphs: list[str], width: int = 90) -> list[str]:
    """Paragraphs wrapped to PDF lines, in the Latin-1 that make_pdf's Helvetica draws."""
    lines: list[str] = []
    for paragraph in paragraphs:
        text = paragraph.encode("latin-1", "replace").decode("latin-1")
        lines += [*textwrap.wrap(text, width), ""]
    return lines


def write_pdf(path: Path, paragraphs: list[str], pages: int) -> Path:
    """A ``pages``-page PDF of the paragraphs (repeated as needed), via tests/documents."""
    from tests.documents import make_pdf

    lines = latin1_lines(paragraphs)
    while len(lines) < pages * LINES_PER_PAGE:  # reuse the text for a long PDF
        lines += lines
    return make_pdf(
        path, [lines[n * LINES_PER_PAGE : (n + 1) * LINES_PER_PAGE] for n in range(pages)]
    )


def write_folder(
    folder: Path, txt_docs: int, pdfs: int, pdf_pages: int, markdown: int
) -> dict[str, int]:
    """Into ``folder``: the first ``txt_docs`` documents of each eval set as .txt, and
    ``pdfs`` PDFs (``pdf_pages`` each) and ``markdown`` Markdown files made from the
    last English paragraphs. Needs the en-squad set (see ``have_eval_docs``)."""
    en, ja = load_set("en-squad"), load_set("ja-jsquad")
    assert en is not None, "the en-squad eval set is missing"
    counts = {"txt": 0, "pdf": 0, "md": 0}
    for evalset in (s for s in (en, ja) if s is not None):
        for path in evalset.doc_paths()[:txt_docs]:
            (folder / f"{evalset.name}-{path.name}").write_bytes(path.read_bytes())
            counts["txt"] += 1
    paragraphs = en.passages  # the txt files take the first documents; these the last
    for n in range(pdfs):
        chosen = paragraphs[-(n + 1) * 12 : len(paragraphs) - n * 12]
        write_pdf(folder / f"report-{n + 1}.pdf", chosen, pdf_pages)
        counts["pdf"] += 1
    for n in range(markdown):
        chosen = paragraphs[400 + n * 8 : 400 + (n + 1) * 8]
        sections = [f"## Section {i + 1}\n\n{text}" for i, text in enumerate(chosen)]
        (folder / f"notes-{n + 1}.md").write_text(
            f"# Notes {n + 1}\n\n" + "\n\n".join(sections) + "\n", encoding="utf-8"
        )
        counts["md"] += 1
    return counts


# --- scoring ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Retrieved:
    """One retrieved chunk, as the hit rule needs it."""

    doc: str  # file name
    start: int  # character span in the page text
    end: int
    text: str


class GoldSpans:
    """Where each question's gold passage lies in its document's extracted text."""

    def __init__(self, docs: Path) -> None:
        self.docs = docs
        self._texts: dict[str, str] = {}

    def text(self, doc: str) -> str:
        if doc not in self._texts:
            from engine.library.extract import extract

            self._texts[doc] = "".join(p.text for p in extract(self.docs / doc).pages)
        return self._texts[doc]

    def span(self, question: Question) -> tuple[int, int]:
        text = self.text(question.doc)
        at = text.find(question.passage)
        if at < 0:
            raise ValueError(f"{question.id}: passage not found in {question.doc}")
        return at, at + len(question.passage)


def is_hit(chunk: Retrieved, question: Question, span: tuple[int, int]) -> bool:
    """The README's rule: same document, and the chunk overlaps the passage by >= 50% of
    the shorter of the two, or holds an answer and lies inside the passage."""
    if chunk.doc != question.doc:
        return False
    start, end = span
    overlap = min(chunk.end, end) - max(chunk.start, start)
    shorter = min(chunk.end - chunk.start, end - start)
    if shorter > 0 and overlap >= 0.5 * shorter:
        return True
    inside = start <= chunk.start and chunk.end <= end
    return inside and any(answer in chunk.text for answer in question.answers)


def first_hit(ranked: Sequence[Retrieved], question: Question, span: tuple[int, int]) -> int:
    """1-based rank of the first hit in the top 10, or 0 for none."""
    for rank, chunk in enumerate(ranked[:10], start=1):
        if is_hit(chunk, question, span):
            return rank
    return 0


def metrics(ranks: Sequence[int]) -> dict[str, float]:
    """recall@1, recall@5 and MRR@10 from first-hit ranks (0 = no hit in the top 10)."""
    n = max(len(ranks), 1)
    return {
        "recall@1": round(sum(1 for r in ranks if r == 1) / n, 4),
        "recall@5": round(sum(1 for r in ranks if 0 < r <= 5) / n, 4),
        "mrr@10": round(sum(1 / r for r in ranks if r) / n, 4),
    }


class Timed:
    """Wall ms spent in chosen methods of chosen objects or classes (patched, restored)."""

    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = {}
        self._undo: list[tuple[Any, str, Any]] = []

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)
        spent = self.ms.setdefault(label, [])

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent.append((time.perf_counter() - started) * 1000)

        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def reset(self) -> None:
        for spent in self.ms.values():
            spent.clear()

    def restore(self) -> None:
        for owner, name, original in reversed(self._undo):
            if isinstance(owner, type):
                setattr(owner, name, original)
            else:
                delattr(owner, name)  # the class's method shows through again
        self._undo.clear()

    def summary(self, units: int) -> dict[str, dict[str, float]]:
        """Per method: calls per unit of work (a query, a chunk), total seconds, and
        the p50, p95 and max ms of one call."""
        out = {}
        for label, spent in self.ms.items():
            per_call = [round(x, 2) for x in spent]
            out[label] = {
                "calls_per_unit": round(len(spent) / max(units, 1), 3),
                "total_s": round(sum(spent) / 1000, 2),
                "p50_ms": round(percentile(per_call, 50), 2),
                "p95_ms": round(percentile(per_call, 95), 2),
                "max_ms": round(max(per_call, default=0.0), 2),
            }
        return out
