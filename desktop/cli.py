"""``hisho``: the GUI by default; ``hisho ask`` answers in the terminal.

Both go through the same engine path (``engine.assistant.ask``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

from engine import __version__


def _privacy_defaults() -> None:
    """Nothing phones home: model hubs offline, dependency telemetry off."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hisho",
        description="Hisho (秘書): a private AI assistant that runs on this computer. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"hisho {__version__}")
    parser.add_argument("--model-worker", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    ask = commands.add_parser("ask", help="answer a question in the terminal")
    ask.add_argument("question", help="what to ask")
    ask.add_argument("--json", action="store_true", help="print one JSON object with the answer")
    ask.add_argument("--model", type=Path, help="a .gguf chat model (default: the configured one)")
    ask.add_argument("--max-tokens", type=int, help="longest answer in tokens")
    ask.add_argument("--temperature", type=float, help="0 gives the same answer every time")
    ask.add_argument("--system", help="system prompt (default: the configured one)")
    return parser


def ask_command(args: argparse.Namespace) -> int:
    from engine import assistant
    from engine import settings as settings_store
    from engine.cancel import CancelToken
    from engine.errors import HishoError
    from engine.history import History
    from engine.local_backend import LocalBackend
    from engine.models import resolve_chat_model
    from engine.types import GenerationOptions, MessageStatus, Notice, Token, TurnFinished

    settings, warning = settings_store.load()
    if warning:
        print(f"hisho: {warning}", file=sys.stderr)
    chat = settings.chat
    model = args.model or resolve_chat_model(chat.model_path)
    options = GenerationOptions(
        max_tokens=args.max_tokens or chat.max_reply_tokens,
        temperature=chat.temperature if args.temperature is None else args.temperature,
        top_p=chat.top_p,
        top_k=chat.top_k,
        repeat_penalty=chat.repeat_penalty,
    )
    system = chat.system_prompt if args.system is None else args.system
    backend = LocalBackend(model, chat.context_length, chat.threads)
    history = History(Path(":memory:"))  # `ask` leaves no trace in the GUI's history
    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    notices: list[str] = []
    finished: TurnFinished | None = None
    try:
        conversation = history.create_conversation()
        for event in assistant.ask(
            history, backend, conversation.id, args.question, options, cancel, system
        ):
            if isinstance(event, Token) and not args.json:
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
            "stats": {
                "prompt_tokens": stats.prompt_tokens,
                "generated_tokens": stats.generated_tokens,
                "time_to_first_token_s": round(stats.time_to_first_token_s, 4),
                "tokens_per_second": round(stats.tokens_per_second, 2),
            },
        }, ensure_ascii=False))  # fmt: skip
    else:
        print()
    if finished.status is MessageStatus.ERROR or (finished.error and not args.json):
        print(f"hisho: {finished.error}", file=sys.stderr)
    return 1 if finished.status is MessageStatus.ERROR else 0


def main(argv: list[str] | None = None) -> int:
    started = time.time()
    argv = sys.argv[1:] if argv is None else argv
    _privacy_defaults()
    args = build_parser().parse_args(argv)
    if args.model_worker:
        from engine.model_worker import main as worker_main

        return worker_main()
    if args.command == "ask":
        return ask_command(args)
    from desktop.app import run_gui

    return run_gui([sys.argv[0], *argv], started)
