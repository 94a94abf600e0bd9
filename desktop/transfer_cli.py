"""``hisho import FILE`` and ``hisho export FILE``: conversations in and out in bulk.

``import`` reads a ChatGPT or Claude export (the zip they mail, or its
conversations.json) or a Hisho JSON export into the history, adding only what the
history lacks; ``export`` writes every conversation as Hisho JSON. Progress goes to
stderr, the summary to stdout (one JSON object with ``--json``). Ctrl+C stops an import
after the conversation being read (what came in stays; exit status 130); a file that
breaks off part way exits with 1 (what came before it stays).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from desktop.cli_common import cancel_on_sigint, print_json, warn


def add_commands(commands: Any) -> None:
    """Register ``import`` and ``export`` on the main parser's subparsers."""
    imported = commands.add_parser(
        "import", help="import conversations from a ChatGPT, Claude or Hisho JSON export"
    )
    imported.add_argument(
        "file", type=Path, help="the zip ChatGPT or Claude sent, its conversations.json, "
        "or a Hisho JSON export",
    )  # fmt: skip
    imported.add_argument("--json", action="store_true", help="print one JSON object")
    exported = commands.add_parser("export", help="write every conversation as Hisho JSON")
    exported.add_argument("file", type=Path, help="the .json file to write")


def run(args: argparse.Namespace) -> int | None:
    """Run ``import`` or ``export``; None when ``args`` is neither."""
    command = getattr(args, "command", None)
    if command not in ("import", "export"):
        return None
    from engine import paths
    from engine.errors import HishoError
    from engine.storage.history import History

    try:
        history = History(paths.history_db())
    except HishoError as exc:
        warn(exc)
        return 1
    try:
        return _import(history, args) if command == "import" else _export(history, args.file)
    except (HishoError, OSError) as exc:
        warn(exc)
        return 1
    finally:
        history.close()


def _progress(text: str = "") -> None:
    """A progress line on a terminal's stderr, rewritten in place ("": end it)."""
    if sys.stderr.isatty():
        line = f"\rhisho: {text}" if text else "\n"
        print(line, end="", file=sys.stderr, flush=True)


def _import(history: Any, args: argparse.Namespace) -> int:
    from engine.storage.imports import ImportProgress, ImportSummary, describe, import_export

    summary: ImportSummary | None = None
    with cancel_on_sigint() as cancel:
        for event in import_export(history, args.file, cancel):
            if isinstance(event, ImportProgress):
                _progress(f"{event.read:,} conversations read ({event.fraction:.0%})")
            else:
                summary = event
    _progress()
    assert summary is not None
    if args.json:
        print_json(asdict(summary))
    else:
        print(describe(summary))
    if summary.stopped:
        return 130
    return 1 if summary.problem else 0


def _export(history: Any, path: Path) -> int:
    from engine.storage.exports import ExportProgress, export_history

    with cancel_on_sigint() as cancel:
        for event in export_history(history, path, cancel):
            if isinstance(event, ExportProgress):
                _progress(f"{event.done:,} of {event.total:,} conversations written")
            elif event.stopped:
                _progress()
                warn("stopped; no file was written")
                return 130
            else:
                _progress()
                print(f"Exported {event.conversations:,} conversations to {event.path}")
    return 0
