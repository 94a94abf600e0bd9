"""``hisho ask``: answer a question in the terminal, on the same engine path as the window.

The turn is ``engine.chat.assistant.ask`` in a conversation kept in memory (``ask`` leaves
no trace in the window's history); with ``--library`` or ``--file`` it answers from the
user's files and lists its sources. Tokens stream to stdout, notices to stderr; with
``--json`` stdout holds one JSON object. Exit status: 0 answered, 1 failed, 2 nothing
to ask.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli_common import (
    LocalChat,
    cancel_on_sigint,
    check_json,
    local_chat,
    open_library,
    passages_json,
    print_json,
    source_line,
    warn,
    write_text,
)
from engine.library.types import Passage
from engine.types import (
    AnswerCheck,
    AnswerChecked,
    MessageStatus,
    Notice,
    SourcesFound,
    StreamEvent,
    Token,
    TurnFinished,
)

if TYPE_CHECKING:
    from engine.cancel import CancelToken
    from engine.chat.assistant import Grounding
    from engine.storage.history import History


def add_command(commands: Any) -> None:
    """Register ``ask`` on the main parser's subparsers."""
    ask = commands.add_parser("ask", help="answer a question in the terminal")
    ask.add_argument("question", help="what to ask")
    ask.add_argument("--json", action="store_true", help="print one JSON object with the answer")
    ask.add_argument("--model", type=Path, help="a .gguf chat model (default: the configured one)")
    ask.add_argument("--max-tokens", type=int, help="longest answer in tokens")
    ask.add_argument("--temperature", type=float, help="0 gives the same answer every time")
    ask.add_argument("--system", help="system prompt (default: the configured one)")
    ask.add_argument("--library", help="answer from this library of your files, with sources")
    ask.add_argument("--file", type=Path, help="answer from this indexed file, with sources")


@dataclass(slots=True)
class _Answer:
    """What ``hisho ask`` kept of a turn's events, to report at the end."""

    notices: list[str] = field(default_factory=list)
    sources: list[Passage] = field(default_factory=list)
    check: AnswerCheck | None = None
    finished: TurnFinished | None = None


def ask_command(args: argparse.Namespace) -> int:
    """Answer ``args.question``; the exit status."""
    from engine.errors import HishoError
    from engine.storage.history import History

    local = local_chat(args.model)
    history = History(Path(":memory:"))  # `ask` leaves no trace in the GUI's history
    try:
        with cancel_on_sigint() as cancel, ExitStack() as stack:
            grounding = _grounding(args, local, stack)
            events = _ask(args, local, history, cancel, grounding)
            answer = _follow_answer(events, show_tokens=not args.json)
    except HishoError as exc:
        warn(exc)
        return 1
    finally:
        local.backend.close()
        history.close()
    return _report_answer(args, answer, local.backend.name)


def _grounding(args: argparse.Namespace, local: LocalChat, stack: ExitStack) -> Grounding | None:
    """With ``--library`` or ``--file``: answer from the user's files (the library stays
    open until ``stack`` closes)."""
    if args.library is None and args.file is None:
        return None
    from engine.chat import assistant
    from engine.library.types import Scope

    library = stack.enter_context(open_library())
    scope = Scope(args.library, str(args.file.resolve()) if args.file else None)
    return assistant.grounding_for(
        library.search,
        scope,
        local.chat.context_length,
        local.backend.model_path,
        local.settings.library.max_passages,
        files=lambda s: library.files(s.library),
    )


def _ask(
    args: argparse.Namespace,
    local: LocalChat,
    history: History,
    cancel: CancelToken,
    grounding: Grounding | None,
) -> Iterator[StreamEvent]:
    """The turn's events, in a new conversation, with the command line's options."""
    from engine.chat import assistant
    from engine.types import GenerationOptions

    chat = local.chat
    options = GenerationOptions(
        max_tokens=args.max_tokens or chat.max_reply_tokens,
        temperature=chat.temperature if args.temperature is None else args.temperature,
        top_p=chat.top_p,
        top_k=chat.top_k,
        repeat_penalty=chat.repeat_penalty,
    )
    system = chat.system_prompt if args.system is None else args.system
    conversation = history.create_conversation()
    return assistant.ask(
        history, local.backend, conversation.id, args.question, options, cancel, system,
        grounding,
    )  # fmt: skip


def _follow_answer(events: Iterator[StreamEvent], show_tokens: bool) -> _Answer:
    """Stream the answer's tokens (unless ``--json``) and notices; keep what the report
    needs."""
    answer = _Answer()
    for event in events:
        if isinstance(event, SourcesFound):
            answer.sources = list(event.passages)
        elif isinstance(event, Token) and show_tokens:
            write_text(event.text)
        elif isinstance(event, Notice):
            answer.notices.append(event.text)
            warn(event.text)
        elif isinstance(event, AnswerChecked):
            answer.check = event.check
        elif isinstance(event, TurnFinished):
            answer.finished = event
    return answer


def _report_answer(args: argparse.Namespace, answer: _Answer, model: str) -> int:
    """The JSON object, or the sources under the streamed answer; the exit status."""
    finished = answer.finished
    if finished is None:
        warn("nothing to ask (the question is empty)")
        return 2
    if args.json:
        print_json(_answer_json(answer, finished, model))
    else:
        print()
        if answer.check is not None and answer.check.notice:
            warn(answer.check.notice)
        for number, passage in enumerate(answer.sources, start=1):
            print(source_line(number, passage))
    if finished.status is MessageStatus.ERROR or (finished.error and not args.json):
        warn(finished.error)
    return 1 if finished.status is MessageStatus.ERROR else 0


def _answer_json(answer: _Answer, finished: TurnFinished, model: str) -> dict[str, Any]:
    stats = finished.stats
    return {
        "answer": finished.text,
        "status": finished.status.value,
        "model": model,
        "error": finished.error,
        "notices": answer.notices,
        "sources": passages_json(answer.sources),
        "check": None if answer.check is None else check_json(answer.check, finished.text),
        "stats": {
            "prompt_tokens": stats.prompt_tokens,
            "generated_tokens": stats.generated_tokens,
            "time_to_first_token_s": round(stats.time_to_first_token_s, 4),
            "tokens_per_second": round(stats.tokens_per_second, 2),
        },
    }
