"""Summarize benchmark: a 50-page document, first run, cached run, and the raw model.

Measured in one run, with the app's default context (8,192 tokens) and threads:

- ``seconds_per_page``: ``engine.summary.summarizer`` over a generated 50-page PDF (a town's
  report, ~200 tokens a page: extraction, sections, map, reduce, the final summary)
  ÷ 50.
- ``cached_ratio``: the same summary again (every model call answered by the cache) ÷
  the first run. Goal <= 0.1.
- ``overhead_ratio``: the first run ÷ the raw model doing the same work in process: for
  every call the app made, llama.cpp's C API evaluates a prompt of the same number of
  tokens (the document's own) and generates as many tokens (``_raw_loop.RawLoop``).
  What is left is the app's: extraction, exact token counts, the process boundary.
  Goal <= 1.15.

Progress goes to stderr; the last stdout line is one JSON object.

    .venv/bin/python bench/summarize.py [--pages 50] [--context 8192] [--threads 0]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from _common import default_model_path, emit, isolated_home, log, rounded
from _raw_loop import RawLoop

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo, for tests/

from engine.cancel import CancelToken
from engine.models.local import LocalBackend, default_threads
from engine.summary.cache import SummaryCache
from engine.summary.sources import document_source
from engine.summary.summarizer import drain, summarize
from engine.summary.types import Summary
from engine.types import ChatMessage, GenerationOptions, SummaryProgress, Token
from tests.documents import long_report_pages, make_pdf

GOALS = {"cached_ratio": 0.1, "overhead_ratio": 1.15}


class Recording:
    """The app's backend, noting (prompt tokens, generated tokens) of every call."""

    def __init__(self, backend: LocalBackend) -> None:
        self.backend = backend
        self.calls: list[tuple[int, int]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)

    def stream(
        self,
        messages: Sequence[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken,
        on_notice: Callable[[str], None] | None = None,
    ) -> Iterator[str]:
        yield from self.backend.stream(messages, options, cancel, on_notice)
        stats = self.backend.last_stats
        self.calls.append((stats.prompt_tokens, stats.generated_tokens))


def bench_pages(count: int) -> list[list[str]]:
    """Pages twice as dense as the test report's: two different weeks on each."""
    first, second = long_report_pages(count), long_report_pages(count * 2)[count:]
    return [a + b[1:] for a, b in zip(first, second, strict=True)]


def timed_summary(pdf: Path, backend: Any, cache: SummaryCache) -> tuple[Summary, float]:
    started = time.perf_counter()
    shown = [""]

    def show(event: SummaryProgress | Token) -> None:
        if isinstance(event, SummaryProgress) and event.message != shown[-1]:
            shown.append(event.message)
            log(event.message)

    summary = drain(summarize(document_source(pdf), backend, cache, CancelToken()), show)
    assert summary is not None
    return summary, time.perf_counter() - started


def raw_seconds(model: Path, context: int, threads: int, text: str,
                calls: list[tuple[int, int]]) -> float:  # fmt: skip
    from llama_cpp import Llama

    llm = Llama(str(model), n_ctx=context, n_batch=512, n_threads=threads,
                n_threads_batch=threads, verbose=False)  # fmt: skip
    tokens = llm.tokenize(text.encode("utf-8"), add_bos=True)
    loop = RawLoop(llm)
    total = 0.0
    try:
        for prompt, generated in calls:
            window = (tokens * (prompt // max(len(tokens), 1) + 1))[:prompt]
            started = time.perf_counter()
            loop.generate(window, max(generated, 1))
            total += time.perf_counter() - started
    finally:
        loop.close()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--context", type=int, default=8192)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    model = args.model or default_model_path()
    threads = args.threads or default_threads()
    with isolated_home() as home:
        pdf = make_pdf(home / "town-report.pdf", bench_pages(args.pages))
        backend = Recording(LocalBackend(model, args.context, threads))
        cache = SummaryCache.open(home / "summaries.sqlite3")
        try:
            backend.load()
            log(f"summarizing {args.pages} pages, context {args.context}, {threads} threads")
            summary, first_s = timed_summary(pdf, backend, cache)
            calls = list(backend.calls)
            log(f"first run {first_s:.1f} s, {len(calls)} calls; again from the cache")
            again, cached_s = timed_summary(pdf, backend, cache)
        finally:
            cache.close()
            backend.close()
        text = "\n\n".join(p.text for p in document_source(pdf).pages)
        log("the raw model, same prompts and reply lengths")
        raw_s = raw_seconds(model, args.context, threads, text, calls)
    result = {
        "pages": args.pages,
        "context": args.context,
        "threads": threads,
        "sections": len(summary.sections),
        "model_calls": summary.model_calls,
        "prompt_tokens": sum(p for p, _ in calls),
        "generated_tokens": sum(g for _, g in calls),
        "first_run_s": rounded(first_s, 2),
        "seconds_per_page": rounded(first_s / args.pages, 3),
        "cached_run_s": rounded(cached_s, 3),
        "cached_ratio": rounded(cached_s / first_s),
        "cached_calls": again.cached_calls,
        "raw_s": rounded(raw_s, 2),
        "overhead_ratio": rounded(first_s / raw_s) if raw_s else None,
        "goals": GOALS,
    }
    result["goals_met"] = {
        key: result[key] is not None and result[key] <= goal for key, goal in GOALS.items()
    }
    emit(result)


if __name__ == "__main__":
    main()
