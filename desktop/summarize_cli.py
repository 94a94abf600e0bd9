"""``hisho summarize FILE``: summarize a document of any length on this computer.

The summary (``engine.summary``) streams to stdout with progress on stderr, then the
sections it cites; with ``--json`` stdout holds one JSON object (points with their pages,
section notes, model and cached calls). Finished sections are cached by content, so a
stopped run (Ctrl+C, exit status 130) resumes where it was.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli_common import (
    cancel_on_sigint,
    check_json,
    local_chat,
    print_json,
    warn,
    write_text,
)
from engine.types import StreamEvent, SummaryProgress, Token
from engine.types import SummaryLength as Length

if TYPE_CHECKING:
    from engine.summary.types import Summary, SummarySource


def add_command(commands: Any) -> None:
    """Register ``summarize`` on the main parser's subparsers."""
    summarize = commands.add_parser(
        "summarize", help="summarize a document of any length on this computer"
    )
    summarize.add_argument("file", type=Path, help="a PDF, DOCX, Markdown, HTML or text file")
    summarize.add_argument(
        "--length", choices=[length.value for length in Length], default=None,
        help="brief (a paragraph), bullets (the default) or detailed",
    )  # fmt: skip
    summarize.add_argument("--json", action="store_true", help="print one JSON object")
    summarize.add_argument("--model", type=Path, help="a .gguf chat model")
    summarize.add_argument("--no-cache", action="store_true", help="don't reuse earlier work")


def summarize_command(args: argparse.Namespace) -> int:
    """Summarize ``args.file``; the exit status."""
    from engine import paths
    from engine.errors import HishoError
    from engine.summary.cache import SummaryCache
    from engine.summary.sources import document_source
    from engine.summary.summarizer import drain, summarize

    local = local_chat(args.model)
    length = Length(args.length or _valid_length(local.chat.summary_length))
    started = time.monotonic()
    cache = None
    try:
        with cancel_on_sigint() as cancel:
            if not args.no_cache:
                cache = SummaryCache.open(paths.cache_dir() / "summaries.sqlite3")
            source = document_source(args.file.resolve())
            events = summarize(source, local.backend, cache, cancel, length)
            summary = drain(events, _summary_printer(show_tokens=not args.json))
    except HishoError as exc:
        warn(exc)
        return 1
    finally:
        local.backend.close()
        if cache is not None:
            cache.close()
    if summary is None:
        print("\nhisho: stopped; the finished sections are kept for next time", file=sys.stderr)
        return 130
    if args.json:
        seconds = time.monotonic() - started
        print_json(_summary_json(source, summary, local.backend.name, seconds))
        return 0
    print()
    print()
    for number, index in enumerate(summary.cited, start=1):
        print(f"[{number}] {source.path}, {summary.sections[index].label}")
    return 0


def _valid_length(value: str) -> str:
    return value if value in {length.value for length in Length} else Length.BULLETS.value


def _summary_printer(show_tokens: bool) -> Callable[[StreamEvent], None]:
    """Stream the summary's tokens (unless ``--json``); each new progress message once,
    on stderr."""
    shown = [""]

    def show(event: StreamEvent) -> None:
        if isinstance(event, Token):
            if show_tokens:
                write_text(event.text)
        elif isinstance(event, SummaryProgress) and event.message != shown[-1]:
            shown.append(event.message)
            warn(event.message)

    return show


def _summary_json(
    source: SummarySource, summary: Summary, model: str, seconds: float
) -> dict[str, Any]:
    from engine.summary.check import check_summary

    return {
        "file": source.path,
        "summary": summary.text,
        "length": summary.length.value,
        "language": summary.language,
        "model": model,
        "points": [
            {"text": p.text, "pages": [list(r) for r in summary.pages(p)]} for p in summary.points
        ],
        "sections": [
            {"pages": [s.first_page, s.last_page], "summary": note}
            for s, note in zip(summary.sections, summary.notes or [""], strict=False)
        ],
        "check": check_json(check_summary(summary), summary.text),
        "model_calls": summary.model_calls,
        "cached_calls": summary.cached_calls,
        "seconds": round(seconds, 2),
    }
