"""``hisho index``, ``hisho search`` and ``hisho library``: the document library in a terminal.

They open the library in this process (the one-writer lock says so clearly if the
window has it open) and honour ``HISHO_HOME`` like everything else.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.library.library import Library
    from engine.library.types import FileRecord


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


@contextmanager
def open_library() -> Iterator[Library]:
    from engine.library.embedder import Embedder, resolve_embedding_model
    from engine.library.library import Library
    from engine.storage import settings as settings_store

    settings, warning = settings_store.load()
    if warning:
        print(f"hisho: {warning}", file=sys.stderr)
    options = settings.library
    library = Library(
        embedder=Embedder(resolve_embedding_model(options.embedding_model)),
        chunk_tokens=options.chunk_tokens,
        chunk_overlap=options.chunk_overlap,
    )
    try:
        yield library
    finally:
        library.close()


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
    elif record.error:
        detail = f": {record.error}"
    return f"{record.status.value:<11} {record.path}{detail}"


def index_command(args: argparse.Namespace) -> int:
    from engine.cancel import CancelToken
    from engine.library.types import FileStatus, JobState

    if not args.paths and not args.rebuild:
        print("hisho: name files or folders to index (or --rebuild)", file=sys.stderr)
        return 2
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"hisho: not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    started = time.monotonic()
    results: dict[int, FileRecord] = {}
    state = JobState.FINISHED
    try:
        with open_library() as library:
            if args.rebuild:
                for done, total in library.rebuild(cancel):
                    if not args.json:
                        print(f"\rre-embedding {done}/{total}", end="", file=sys.stderr)
                if not args.json:
                    print(file=sys.stderr)
            for step in library.index(args.paths, args.library, cancel) if args.paths else ():
                state = step.state
                record = step.file
                if record is None or record.status in (FileStatus.QUEUED, FileStatus.INDEXING):
                    continue
                results[record.id] = record
                if not args.json:
                    print(_line(record), flush=True)
            chunks = library.manifest.chunk_count()
    except Exception as exc:
        from engine.errors import HishoError

        if not isinstance(exc, HishoError):
            raise
        print(f"hisho: {exc}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, previous)
    failed = [r for r in results.values() if r.status in (FileStatus.FAILED,
                                                          FileStatus.UNSUPPORTED)]  # fmt: skip
    seconds = time.monotonic() - started
    if args.json:
        print(json.dumps({
            "library": args.library,
            "state": state.value,
            "files": [_record_json(r) for r in results.values()],
            "indexed": len(results) - len(failed),
            "failed": len(failed),
            "library_chunks": chunks,
            "seconds": round(seconds, 2),
        }, ensure_ascii=False))  # fmt: skip
    else:
        print(f"{len(results)} files in {seconds:.1f} s; {len(failed)} could not be read.")
    if state is JobState.CANCELLED:
        return 130
    return 1 if failed else 0


def passages_json(passages: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "path": p.path,
            "library": p.library,
            "page": p.page,
            "heading": p.heading,
            "text": p.text,
            "score": round(p.score, 6),
            "similarity": None if p.similarity is None else round(p.similarity, 4),
            "chunk_id": p.chunk_id,
        }
        for p in passages
    ]


def search_command(args: argparse.Namespace) -> int:
    from engine.errors import HishoError
    from engine.library.types import Scope

    scope = Scope(args.library, str(Path(args.file).resolve()) if args.file else None)
    if args.queries is None and not args.query.strip():
        print("hisho: what should I search for?", file=sys.stderr)
        return 2
    try:
        with open_library() as library:
            if args.queries is not None:
                with args.queries.open(encoding="utf-8") as lines:
                    for line in lines:
                        query = line.rstrip("\n")
                        if not query.strip():
                            continue
                        started = time.perf_counter()
                        found = library.search(query, scope, args.k)
                        took = (time.perf_counter() - started) * 1000
                        print(json.dumps({"query": query, "ms": round(took, 2),
                                          "results": passages_json(found)},
                                         ensure_ascii=False), flush=True)  # fmt: skip
                return 0
            found = library.search(args.query, scope, args.k)
    except HishoError as exc:
        print(f"hisho: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"query": args.query, "results": passages_json(found)},
                         ensure_ascii=False))  # fmt: skip
        return 0
    if not found:
        print("Nothing found.")
    for number, passage in enumerate(found, start=1):
        where = f", page {passage.page}" if passage.page else ""
        text = " ".join(passage.text.split())
        print(f"[{number}] {passage.path}{where}\n    {text[:300]}")
    return 0


def library_command(args: argparse.Namespace) -> int:
    from engine.errors import HishoError

    try:
        with open_library() as library:
            if args.action == "remove":
                if args.name not in library.manifest.library_names():
                    print(f"hisho: no library named {args.name!r}", file=sys.stderr)
                    return 1
                library.remove_library(args.name)
                print(f"Removed the library {args.name!r} (your files are untouched).")
                return 0
            infos = library.libraries()
            files = {info.name: library.files(info.name) for info in infos}
    except HishoError as exc:
        print(f"hisho: {exc}", file=sys.stderr)
        return 1
    if args.json:
        from engine.library.wire import to_wire

        print(json.dumps([
            {**to_wire(info), **({"file_list": [_record_json(r) for r in files[info.name]]}
                                 if args.files else {})}
            for info in infos
        ], ensure_ascii=False))  # fmt: skip
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
