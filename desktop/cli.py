"""``hisho``: the GUI by default; ``hisho ask`` answers in the terminal.

Both go through the same engine path (``engine.chat.assistant.ask``). ``hisho extract FILE``
prints the text Hisho sees in a file, read the way the library reads it (in a guarded
child process).

``hisho``, ``hisho --quick`` and ``hisho FILE...`` go to the Hisho already running, if
there is one (:mod:`desktop.single_instance`): this process sends its arguments and
exits before it imports Qt or opens any store. Otherwise it becomes that Hisho.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from desktop import library_cli, models_cli
from engine import __version__
from engine.types import SummaryLength as Length


def _privacy_defaults() -> None:
    """Nothing phones home: model hubs offline, dependency telemetry off."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("DO_NOT_TRACK", "1")


DESCRIPTION = (
    "Hisho (秘書): a private AI assistant that runs on this computer. With no command, "
    "opens the window (or brings the running Hisho forward)."
)
USAGE = "hisho [--quick] [--hidden] [FILE ...]\n       hisho COMMAND [options]"
LAUNCH_EPILOG = (
    "hisho FILE... adds the files to your library and opens a conversation about them, "
    "in the running Hisho if there is one (a file named like a command: ./ask)."
)


@dataclass(frozen=True, slots=True)
class Launch:
    """What starting Hisho (or handing arguments to the running one) asks for."""

    quick: bool = False  # open the quick prompt
    hidden: bool = False  # start without the window (in the tray)
    files: tuple[str, ...] = ()  # absolute paths: add them, open a conversation about them


def _add_launch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quick", action="store_true",
        help="open the quick prompt (of the running Hisho, if there is one)",
    )  # fmt: skip
    parser.add_argument(
        "--hidden", action="store_true", help="start in the tray, without the window"
    )


def build_launch_parser() -> argparse.ArgumentParser:
    """``hisho [--quick] [--hidden] FILE...``: the GUI with files to open."""
    parser = argparse.ArgumentParser(
        prog="hisho", usage=USAGE, description=DESCRIPTION, epilog=LAUNCH_EPILOG,
        exit_on_error=False,
    )  # fmt: skip
    _add_launch_options(parser)
    parser.add_argument(
        "files", nargs="*", metavar="FILE",
        help="add these files and open a conversation about them",
    )  # fmt: skip
    return parser


def parse_launch(argv: list[str], cwd: str) -> Launch:
    """What a launch's arguments ask for (relative paths are relative to ``cwd``, the
    launching shell's folder). Never exits: unknown arguments are ignored."""
    try:
        args, _ = build_launch_parser().parse_known_args(argv)
    except (argparse.ArgumentError, SystemExit):
        return Launch()
    files = tuple(os.path.normpath(os.path.join(cwd, f)) for f in args.files)
    return Launch(args.quick, args.hidden, files)


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
    _add_launch_options(parser)
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
    ask = commands.add_parser("ask", help="answer a question in the terminal")
    ask.add_argument("question", help="what to ask")
    ask.add_argument("--json", action="store_true", help="print one JSON object with the answer")
    ask.add_argument("--model", type=Path, help="a .gguf chat model (default: the configured one)")
    ask.add_argument("--max-tokens", type=int, help="longest answer in tokens")
    ask.add_argument("--temperature", type=float, help="0 gives the same answer every time")
    ask.add_argument("--system", help="system prompt (default: the configured one)")
    ask.add_argument("--library", help="answer from this library of your files, with sources")
    ask.add_argument("--file", type=Path, help="answer from this indexed file, with sources")
    extract = commands.add_parser("extract", help="print the text Hisho sees in a file")
    extract.add_argument("file", type=Path, help="a PDF, DOCX, Markdown, HTML or text file")
    extract.add_argument("--json", action="store_true", help="print one JSON object")
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
    library_cli.add_commands(commands)
    models_cli.add_commands(commands)
    return parser


def ask_command(args: argparse.Namespace) -> int:
    from engine.cancel import CancelToken
    from engine.chat import assistant
    from engine.errors import HishoError
    from engine.library.types import Passage, Scope
    from engine.models.defaults import resolve_chat_model
    from engine.models.local import LocalBackend
    from engine.storage import settings as settings_store
    from engine.storage.history import History
    from engine.types import (
        GenerationOptions,
        MessageStatus,
        Notice,
        SourcesFound,
        Token,
        TurnFinished,
    )

    settings, warning = settings_store.load()
    if warning:
        print(f"hisho: {warning}", file=sys.stderr)
    model = args.model or resolve_chat_model(settings.chat.model_path)
    chat = settings_store.for_model(settings, model.name)  # the model's own settings
    options = GenerationOptions(
        max_tokens=args.max_tokens or chat.max_reply_tokens,
        temperature=chat.temperature if args.temperature is None else args.temperature,
        top_p=chat.top_p,
        top_k=chat.top_k,
        repeat_penalty=chat.repeat_penalty,
    )
    system = chat.system_prompt if args.system is None else args.system
    backend = LocalBackend(model, chat.context_length, chat.threads, gpu_layers=chat.gpu_layers)
    history = History(Path(":memory:"))  # `ask` leaves no trace in the GUI's history
    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    notices: list[str] = []
    sources: list[Passage] = []
    finished: TurnFinished | None = None
    grounded = args.library is not None or args.file is not None
    try:
        with ExitStack() as stack:
            grounding = None
            if grounded:
                library = stack.enter_context(library_cli.open_library())
                scope = Scope(args.library, str(args.file.resolve()) if args.file else None)
                grounding = assistant.Grounding(
                    library.search, scope, chat.context_length // 3,
                    settings.library.max_passages,
                )  # fmt: skip
            conversation = history.create_conversation()
            for event in assistant.ask(
                history, backend, conversation.id, args.question, options, cancel, system,
                grounding,
            ):  # fmt: skip
                if isinstance(event, SourcesFound):
                    sources = list(event.passages)
                elif isinstance(event, Token) and not args.json:
                    sys.stdout.write(event.text)
                    sys.stdout.flush()
                elif isinstance(event, Notice):
                    notices.append(event.text)
                    print(f"hisho: {event.text}", file=sys.stderr)
                elif isinstance(event, TurnFinished):
                    finished = event
    except HishoError as exc:
        print(f"hisho: {exc}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, previous)
        backend.close()
        history.close()
    if finished is None:
        print("hisho: nothing to ask (the question is empty)", file=sys.stderr)
        return 2
    if args.json:
        stats = finished.stats
        print(json.dumps({
            "answer": finished.text,
            "status": finished.status.value,
            "model": backend.name,
            "error": finished.error,
            "notices": notices,
            "sources": library_cli.passages_json(sources),
            "stats": {
                "prompt_tokens": stats.prompt_tokens,
                "generated_tokens": stats.generated_tokens,
                "time_to_first_token_s": round(stats.time_to_first_token_s, 4),
                "tokens_per_second": round(stats.tokens_per_second, 2),
            },
        }, ensure_ascii=False))  # fmt: skip
    else:
        print()
        for number, passage in enumerate(sources, start=1):
            where = f", page {passage.page}" if passage.page else ""
            print(f"[{number}] {passage.path}{where}")
    if finished.status is MessageStatus.ERROR or (finished.error and not args.json):
        print(f"hisho: {finished.error}", file=sys.stderr)
    return 1 if finished.status is MessageStatus.ERROR else 0


def summarize_command(args: argparse.Namespace) -> int:
    from engine import paths
    from engine.cancel import CancelToken
    from engine.errors import HishoError
    from engine.models.defaults import resolve_chat_model
    from engine.models.local import LocalBackend
    from engine.storage import settings as settings_store
    from engine.summary.cache import SummaryCache
    from engine.summary.sources import document_source
    from engine.summary.summarizer import drain, summarize
    from engine.types import StreamEvent, SummaryProgress, Token

    settings, warning = settings_store.load()
    if warning:
        print(f"hisho: {warning}", file=sys.stderr)
    model = args.model or resolve_chat_model(settings.chat.model_path)
    chat = settings_store.for_model(settings, model.name)
    length = Length(args.length or _valid_length(chat.summary_length))
    backend = LocalBackend(model, chat.context_length, chat.threads, gpu_layers=chat.gpu_layers)
    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    started = time.monotonic()
    cache = None
    try:
        if not args.no_cache:
            cache = SummaryCache.open(paths.cache_dir() / "summaries.sqlite3")
        source = document_source(args.file.resolve())
        shown = [""]

        def show(event: StreamEvent) -> None:
            if isinstance(event, Token):
                if not args.json:
                    sys.stdout.write(event.text)
                    sys.stdout.flush()
            elif isinstance(event, SummaryProgress) and event.message != shown[-1]:
                shown.append(event.message)
                print(f"hisho: {event.message}", file=sys.stderr)

        summary = drain(summarize(source, backend, cache, cancel, length), show)
    except HishoError as exc:
        print(f"hisho: {exc}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, previous)
        backend.close()
        if cache is not None:
            cache.close()
    if summary is None:
        print("\nhisho: stopped; the finished sections are kept for next time", file=sys.stderr)
        return 130
    seconds = time.monotonic() - started
    if args.json:
        print(json.dumps({
            "file": source.path,
            "summary": summary.text,
            "length": summary.length.value,
            "language": summary.language,
            "model": backend.name,
            "points": [
                {"text": p.text, "pages": [list(r) for r in summary.pages(p)]}
                for p in summary.points
            ],
            "sections": [
                {"pages": [s.first_page, s.last_page], "summary": note}
                for s, note in zip(summary.sections, summary.notes or [""], strict=False)
            ],
            "model_calls": summary.model_calls,
            "cached_calls": summary.cached_calls,
            "seconds": round(seconds, 2),
        }, ensure_ascii=False))  # fmt: skip
        return 0
    print()
    print()
    for number, index in enumerate(summary.cited, start=1):
        print(f"[{number}] {source.path}, {summary.sections[index].label}")
    return 0


def _valid_length(value: str) -> str:
    return value if value in {length.value for length in Length} else Length.BULLETS.value


def extract_command(args: argparse.Namespace) -> int:
    from engine.errors import ExtractError
    from engine.library.guard import extract_guarded, extracted_to_dict

    try:
        extracted = extract_guarded(args.file)
    except ExtractError as exc:
        print(f"hisho: {exc}", file=sys.stderr)
        return 1
    if args.json:
        data = {"path": str(args.file), **extracted_to_dict(extracted)}
        print(json.dumps(data, ensure_ascii=False))
        return 0
    if extracted.title:
        print(f"--- title: {extracted.title} ---")
    for page in extracted.pages:
        if page.number is not None:
            print(f"--- page {page.number} ---")
        print(page.text)
    if extracted.note:
        print(f"hisho: {extracted.note}", file=sys.stderr)
    if not extracted.has_text:
        print("hisho: no text found (is it a scanned document?)", file=sys.stderr)
    return 0


def launch_gui(argv: list[str], files: list[str], started: float) -> int:
    """Hand the launch to the running Hisho, or start the window."""
    missing = [f for f in files if not os.path.exists(f)]
    if missing:
        print(f"hisho: no such file or folder: {missing[0]}", file=sys.stderr)
        return 2
    from desktop import single_instance

    cwd = os.getcwd()
    reply = single_instance.send(argv, cwd)
    if reply is not None:  # a Hisho is running: it has the launch now
        if not reply.ok:
            print(f"hisho: {reply.message}", file=sys.stderr)
            return 1
        return 0
    from desktop.app import run_gui

    return run_gui([sys.argv[0], *argv], started, parse_launch(argv, cwd))


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
    if args.self_test:
        from desktop.self_test import run as self_test

        return self_test()
    if args.command == "ask":
        return ask_command(args)
    if args.command == "extract":
        return extract_command(args)
    if args.command == "summarize":
        return summarize_command(args)
    for run_commands in (library_cli.run, models_cli.run):
        code = run_commands(args)
        if code is not None:
            return code
    return launch_gui(argv, [], started)
