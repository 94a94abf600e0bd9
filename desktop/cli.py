"""``hisho``: the entry point. The GUI by default; terminal commands by name.

``main`` reads the command line and runs one of: Hisho's own child processes
(``--model-worker`` and the like), ``--self-test``, a terminal command (``ask``,
``summarize``, ``extract`` here, ``index``/``search``/``library``, ``models``, ``serve``,
``import``/``export``), or the window.
``hisho extract FILE`` prints the text Hisho sees in a file, read the way the library
reads it (in a guarded child process).

``hisho``, ``hisho --quick`` and ``hisho FILE...`` go to the Hisho already running, if
there is one (:mod:`desktop.single_instance`): this process sends its arguments and
exits before it imports Qt or opens any store. Otherwise it becomes that Hisho; the
launch's own grammar and data type are in :mod:`desktop.launch`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import ask_cli, library_cli, models_cli, serve_cli, summarize_cli, transfer_cli
from desktop.cli_common import print_json, warn
from desktop.launch import (
    DESCRIPTION,
    LAUNCH_EPILOG,
    USAGE,
    add_launch_options,
    build_launch_parser,
    parse_launch,
)
from engine import __version__

if TYPE_CHECKING:
    from engine.library.types import Page


def _privacy_defaults() -> None:
    """Nothing phones home: model hubs offline, dependency telemetry off."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    return {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def _opens_files(argv: list[str], parser: argparse.ArgumentParser) -> bool:
    """``hisho report.pdf``: the first word that is not an option is not a command."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first is not None and first not in _command_names(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hisho", usage=USAGE, description=DESCRIPTION, epilog=LAUNCH_EPILOG
    )
    parser.add_argument("--version", action="version", version=f"hisho {__version__}")
    add_launch_options(parser)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check offline that this Hisho works (model, index, answer, summary) and exit",
    )
    parser.add_argument("--model-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--extract-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--library-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--index-probe", nargs=3, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    ask_cli.add_command(commands)
    extract = commands.add_parser("extract", help="print the text Hisho sees in a file")
    extract.add_argument(
        "file",
        type=Path,
        help="a PDF, Word, Excel, PowerPoint, OpenDocument, EPUB, RTF, CSV, mail, "
        "Markdown, HTML or text file",
    )
    extract.add_argument("--json", action="store_true", help="print one JSON object")
    summarize_cli.add_command(commands)
    library_cli.add_commands(commands)
    models_cli.add_commands(commands)
    serve_cli.add_command(commands)
    transfer_cli.add_commands(commands)
    return parser


def _page_label(page: Page, *, several: bool) -> str:
    """ "page 3", "page 2: Sales" (a sheet, a slide), or a message's subject."""
    heading = " › ".join(h.title for h in page.headings if h.offset == 0)
    if page.number is not None:
        return f"page {page.number}: {heading}" if heading else f"page {page.number}"
    return heading if several else ""


def extract_command(args: argparse.Namespace) -> int:
    from engine.errors import ExtractError
    from engine.library.extract_wire import extracted_to_dict
    from engine.library.guard import extract_guarded

    try:
        extracted = extract_guarded(args.file)
    except ExtractError as exc:
        warn(exc)
        return 1
    if args.json:
        print_json({"path": str(args.file), **extracted_to_dict(extracted)})
        return 0
    if extracted.title:
        print(f"--- title: {extracted.title} ---")
    for page in extracted.pages:
        if label := _page_label(page, several=len(extracted.pages) > 1):
            print(f"--- {label} ---")
        print(page.text)
    if extracted.note:
        warn(extracted.note)
    if not extracted.has_text:
        warn("no text found (is it a scanned document?)")
    return 0


def launch_gui(argv: list[str], files: list[str], started: float) -> int:
    """Hand the launch to the running Hisho, or start the window."""
    missing = [f for f in files if not os.path.exists(f)]
    if missing:
        warn(f"no such file or folder: {missing[0]}")
        return 2
    from desktop import single_instance

    cwd = os.getcwd()
    reply = single_instance.send(argv, cwd)
    if reply is not None:  # a Hisho is running: it has the launch now
        if not reply.ok:
            warn(reply.message)
            return 1
        return 0
    from desktop.app import run_gui

    return run_gui([sys.argv[0], *argv], started, parse_launch(argv, cwd))


def _run_worker(args: argparse.Namespace) -> int | None:
    """This executable started as one of Hisho's own child processes; None when not."""
    if args.model_worker:
        from engine.models.process import main as worker_main

        return worker_main()
    if args.library_worker:
        from engine.library.worker import main as library_worker_main

        return library_worker_main()
    if args.index_probe:
        from engine.library.probe import main as probe_main

        return probe_main(args.index_probe)
    if args.extract_worker:
        from engine.library.guard import main as extract_worker_main

        return extract_worker_main()
    return None


def _run_command(args: argparse.Namespace) -> int | None:
    """A terminal command (or the self-test); None when the arguments name none."""
    if args.self_test:
        from desktop.self_test import run as self_test

        return self_test()
    commands = {
        "ask": ask_cli.ask_command,
        "extract": extract_command,
        "summarize": summarize_cli.summarize_command,
        "serve": serve_cli.serve_command,
    }
    if args.command in commands:
        return commands[args.command](args)
    for run_commands in (library_cli.run, models_cli.run, transfer_cli.run):
        code = run_commands(args)
        if code is not None:
            return code
    return None


def main(argv: list[str] | None = None) -> int:
    started = time.time()
    argv = sys.argv[1:] if argv is None else argv
    _privacy_defaults()
    parser = build_parser()
    if _opens_files(argv, parser):
        try:
            files = build_launch_parser().parse_args(argv).files
        except argparse.ArgumentError as exc:
            parser.error(str(exc))
        return launch_gui(argv, files, started)
    args = parser.parse_args(argv)
    code = _run_worker(args)
    if code is None:
        code = _run_command(args)
    return launch_gui(argv, [], started) if code is None else code
