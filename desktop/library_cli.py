"""``hisho index``, ``hisho search`` and ``hisho library``: the document library in a terminal.

They open the library in this process (the one-writer lock says so clearly if the
window has it open) and honour ``HISHO_HOME`` like everything else.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli_common import (
    cancel_on_sigint,
    open_library,
    passages_json,
    print_json,
    source_line,
    warn,
)

if TYPE_CHECKING:
    from engine.cancel import CancelToken
    from engine.library.library import Library
    from engine.library.types import FileRecord, JobState, Scope


def add_commands(commands: Any) -> None:
    """Register the library subcommands on the main parser's subparsers."""
    from engine.library.types import DEFAULT_LIBRARY

    index = commands.add_parser("index", help="add files or folders to a library and index them")
    index.add_argument("paths", nargs="*", type=Path, help="files or folders")
    index.add_argument("--library", default=DEFAULT_LIBRARY, help=f"(default: {DEFAULT_LIBRARY})")
    index.add_argument("--json", action="store_true", help="one JSON object with every file")
    index.add_argument(
        "--rebuild", action="store_true",
        help="embed every indexed chunk again (after a model change or a damaged index)",
    )  # fmt: skip

    search = commands.add_parser("search", help="find passages in your files")
    search.add_argument("query", nargs="?", default="", help="what to look for")
    search.add_argument("--library", help="search one library (default: all)")
    search.add_argument("--file", help="search one file")
    search.add_argument("-k", type=int, default=5, help="how many passages (default: 5)")
    search.add_argument("--json", action="store_true", help="JSON output")
    search.add_argument(
        "--queries", type=Path,
        help="answer every line of this file as a query, one JSON line each",
    )  # fmt: skip

    library = commands.add_parser("library", help="list or remove libraries")
    actions = library.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="libraries and their files")
    listing.add_argument("--json", action="store_true", help="JSON output")
    listing.add_argument("--files", action="store_true", help="also list every file")
    remove = actions.add_parser("remove", help="remove a library (your files stay on disk)")
    remove.add_argument("name")


def _record_json(record: FileRecord) -> dict[str, Any]:
    from engine.library.wire import to_wire

    data: dict[str, Any] = to_wire(record)
    return data


def _line(record: FileRecord) -> str:
    from engine.library.types import FileStatus

    detail = ""
    if record.status is FileStatus.DONE:
        pages = f"{record.pages} pages, " if record.pages else ""
        detail = f" ({pages}{record.chunks} passages{', partial' if record.partial else ''})"
        if record.error:  # a note: what was left out, and why
            detail += f": {record.error}"
    elif record.error:
        detail = f": {record.error}"
    return f"{record.status.value:<11} {record.path}{detail}"


def index_command(args: argparse.Namespace) -> int:
    """Index ``args.paths`` into ``args.library`` (and re-embed with ``--rebuild``)."""
    from engine.errors import HishoError

    problem = _index_arguments_problem(args)
    if problem:
        warn(problem)
        return 2
    started = time.monotonic()
    try:
        with cancel_on_sigint() as cancel, open_library() as library:
            if args.rebuild:
                _rebuild(library, cancel, show=not args.json)
            state, results = _index_paths(library, args, cancel)
            chunks = library.manifest.chunk_count()
    except HishoError as exc:
        warn(exc)
        return 1
    return _report_index(args, state, results, chunks, time.monotonic() - started)


def _index_arguments_problem(args: argparse.Namespace) -> str:
    """Why these paths can't be indexed ("" when they can)."""
    if not args.paths and not args.rebuild:
        return "name files or folders to index (or --rebuild)"
    missing = [str(p) for p in args.paths if not p.exists()]
    return f"not found: {', '.join(missing)}" if missing else ""


def _rebuild(library: Library, cancel: CancelToken, show: bool) -> None:
    """Embed every indexed chunk again, counting on stderr when ``show``."""
    for done, total in library.rebuild(cancel):
        if show:
            print(f"\rre-embedding {done}/{total}", end="", file=sys.stderr)
    if show:
        print(file=sys.stderr)


def _index_paths(
    library: Library, args: argparse.Namespace, cancel: CancelToken
) -> tuple[JobState, dict[int, FileRecord]]:
    """Index the named paths, one line per finished file unless ``--json``; how the job
    ended and the files it finished."""
    from engine.library.types import FileStatus, JobState

    state = JobState.FINISHED
    results: dict[int, FileRecord] = {}
    for step in library.index(args.paths, args.library, cancel) if args.paths else ():
        state = step.state
        record = step.file
        if record is not None and record.status is FileStatus.INDEXING and step.message:
            if not args.json:  # a scanned page being read: "Reading page 3 of 40 (scanned)"
                print(f"{record.name}: {step.message}", file=sys.stderr, flush=True)
            continue
        if record is None or record.status in (FileStatus.QUEUED, FileStatus.INDEXING):
            continue
        results[record.id] = record
        if not args.json:
            print(_line(record), flush=True)
    return state, results


def _report_index(
    args: argparse.Namespace,
    state: JobState,
    results: dict[int, FileRecord],
    chunks: int,
    seconds: float,
) -> int:
    """The JSON object or the closing line; the exit status (130 when stopped)."""
    from engine.library.types import FileStatus, JobState

    failed = [r for r in results.values() if r.status in (FileStatus.FAILED,
                                                          FileStatus.UNSUPPORTED)]  # fmt: skip
    if args.json:
        print_json({
            "library": args.library,
            "state": state.value,
            "files": [_record_json(r) for r in results.values()],
            "indexed": len(results) - len(failed),
            "failed": len(failed),
            "library_chunks": chunks,
            "seconds": round(seconds, 2),
        })  # fmt: skip
    else:
        print(f"{len(results)} files in {seconds:.1f} s; {len(failed)} could not be read.")
    if state is JobState.CANCELLED:
        return 130
    return 1 if failed else 0


def search_command(args: argparse.Namespace) -> int:
    """Print the passages that best match ``args.query`` (or each line of ``--queries``)."""
    from engine.errors import HishoError
    from engine.library.types import Scope

    scope = Scope(args.library, str(Path(args.file).resolve()) if args.file else None)
    if args.queries is None and not args.query.strip():
        warn("what should I search for?")
        return 2
    try:
        with open_library() as library:
            if args.queries is not None:
                _search_each_line(library, args.queries, scope, args.k)
                return 0
            found = library.search(args.query, scope, args.k)
    except HishoError as exc:
        warn(exc)
        return 1
    if args.json:
        print_json({"query": args.query, "results": passages_json(found)})
        return 0
    if not found:
        print("Nothing found.")
    for number, passage in enumerate(found, start=1):
        text = " ".join(passage.text.split())
        print(f"{source_line(number, passage)}\n    {text[:300]}")
    return 0


def _search_each_line(library: Library, queries: Path, scope: Scope, k: int) -> None:
    """One JSON line per non-blank line of ``queries``: its results and the time taken."""
    with queries.open(encoding="utf-8") as lines:
        for line in lines:
            query = line.rstrip("\n")
            if not query.strip():
                continue
            started = time.perf_counter()
            found = library.search(query, scope, k)
            took = (time.perf_counter() - started) * 1000
            results = passages_json(found)
            print_json({"query": query, "ms": round(took, 2), "results": results}, flush=True)


def library_command(args: argparse.Namespace) -> int:
    """``library list`` or ``library remove NAME``."""
    from engine.errors import HishoError

    try:
        with open_library() as library:
            if args.action == "remove":
                if args.name not in library.manifest.library_names():
                    warn(f"no library named {args.name!r}")
                    return 1
                library.remove_library(args.name)
                print(f"Removed the library {args.name!r} (your files are untouched).")
                return 0
            infos = library.libraries()
            files = {info.name: library.files(info.name) for info in infos}
    except HishoError as exc:
        warn(exc)
        return 1
    if args.json:
        from engine.library.wire import to_wire

        print_json([
            {**to_wire(info), **({"file_list": [_record_json(r) for r in files[info.name]]}
                                 if args.files else {})}
            for info in infos
        ])  # fmt: skip
        return 0
    if not infos:
        print("No libraries yet. Add files with `hisho index PATH`.")
    for info in infos:
        print(f"{info.name}: {info.files} files, {info.chunks} passages, {info.failed} failed")
        for folder in info.folders:
            print(f"  watching {folder}")
        if args.files:
            for record in files[info.name]:
                print(f"  {_line(record)}")
    return 0


def run(args: argparse.Namespace) -> int | None:
    """Run a library subcommand; None when ``args`` is not one."""
    if args.command == "index":
        return index_command(args)
    if args.command == "search":
        return search_command(args)
    if args.command == "library":
        return library_command(args)
    return None
