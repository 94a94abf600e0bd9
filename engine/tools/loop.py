"""The tool loop inside a turn: the model asks for tools, the user allows MCP calls, the
results go back to the model as quoted data, and the reply streams after them.

It runs inside the one turn lifecycle (``engine.chat.turn``): ``tool_reply`` is what a
body calls in place of ``turn.stream``. A model whose chat template has a tool-call
format of its own writes calls in its stream (held back from the reply); any other is
asked first, under a grammar, which tool to call (``engine.tools.calls``). At most
``ToolSession.max_calls`` calls a turn; a call repeated with the same arguments ends the
loop. Every call is written to the Tools log, sizes only, and kept with the reply
(its exact arguments and result: ``Turn.keep_tool_call``).
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.chat.turn import Turn
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Passage
from engine.tools import calls as formats
from engine.tools.ledger import ToolLog
from engine.tools.spec import (
    RESULTS_RULE,
    ToolError,
    ToolOutput,
    ToolSpec,
    cut_result,
    quoted_result,
)
from engine.types import (
    ChatMessage,
    GenerationOptions,
    Notice,
    StreamEvent,
    Token,
    ToolBlock,
    ToolCall,
    ToolCallEnded,
    ToolCallStarted,
    ToolConsentNeeded,
    ToolLogEntry,
)

#: Tokens a line-format decision may take (a call is a few lines).
DECISION_TOKENS = 64
ONCE, CONVERSATION, DENY = "once", "conversation", "deny"


@dataclass
class ToolSession:
    """The tools a turn may use, and what the conversation allows without asking."""

    tools: list[ToolSpec]
    fmt: str = formats.LINES
    log: ToolLog | None = None
    max_calls: int = 4
    #: "server/tool" keys the user allowed for this conversation (Allow in this conversation).
    allowed: set[str] = field(default_factory=set)
    #: What the user should know first (a server that could not be started).
    notices: list[str] = field(default_factory=list)

    def find(self, name: str) -> ToolSpec | None:
        return next((t for t in self.tools if t.name == name), None)


def _key(spec: ToolSpec) -> str:
    return f"{spec.server}/{spec.name}"


def tool_reply(
    turn: Turn, prompt: list[ChatMessage], options: GenerationOptions, session: ToolSession
) -> Iterator[StreamEvent]:
    """The reply to ``prompt`` with ``session``'s tools at hand."""
    for text in session.notices:
        yield Notice(text)
    if not session.tools:
        yield from turn.stream(prompt, options)
    elif session.fmt == formats.LINES:
        yield from _line_loop(turn, prompt, options, session)
    else:
        yield from _native_loop(turn, prompt, options, session)


def _with_instructions(prompt: list[ChatMessage], text: str) -> list[ChatMessage]:
    if prompt and prompt[0].role == "system":
        first = prompt[0]
        return [dataclasses.replace(first, content=f"{first.content}\n\n{text}"), *prompt[1:]]
    return [ChatMessage("system", text), *prompt]


def _line_loop(
    turn: Turn, prompt: list[ChatMessage], options: GenerationOptions, session: ToolSession
) -> Iterator[StreamEvent]:
    grammar = formats.line_grammar(session.tools)
    instructions = formats.line_instructions(session.tools)
    decide = dataclasses.replace(
        options, grammar=grammar, max_tokens=DECISION_TOKENS, temperature=0.0
    )
    conversation, seen = list(prompt), set()
    sources: list[Passage] = []
    results: list[ChatMessage] = []
    for number in range(session.max_calls):
        text = turn.ask_quietly(_with_instructions(conversation, instructions), decide)
        yield from turn.notices()
        call = formats.parse_lines(text, session.tools, f"call{number}")
        if call is None or (call.name, call.arguments) in seen or turn.cancel.cancelled:
            break
        seen.add((call.name, call.arguments))
        result = yield from run_call(turn, session, call, sources, number + 1)
        conversation += [ChatMessage("assistant", "", (call,)), result]
        results.append(result)
    if not turn.cancel.cancelled:
        yield from turn.stream(results_then_question(prompt, results), options)


def results_then_question(
    prompt: list[ChatMessage], results: list[ChatMessage]
) -> list[ChatMessage]:
    """The prompt with its last question preceded by the tools' quoted results (as a
    grounded answer's quotes come before its question): a small model reads them there,
    where a template without tool turns would show them as JSON it then repeats."""
    if not results or not prompt or prompt[-1].role != "user":
        return prompt
    quoted = "\n".join(r.content for r in results)
    asked = ChatMessage("user", f"{quoted}\n\nQuestion: {prompt[-1].content}")
    return _with_instructions([*prompt[:-1], asked], RESULTS_RULE)


def _native_loop(
    turn: Turn, prompt: list[ChatMessage], options: GenerationOptions, session: ToolSession
) -> Iterator[StreamEvent]:
    offered = dataclasses.replace(options, tools_json=formats.tools_json(session.tools))
    conversation, made = list(prompt), 0
    sources: list[Passage] = []
    while True:
        held: list[str] = []
        yield from _held_back(turn.stream(conversation, offered), session.fmt, held)
        found = formats.native_calls("".join(held), session.fmt, f"call{made}_")
        if not found or made >= session.max_calls or turn.cancel.cancelled:
            if held and not found:
                yield Token("".join(held))
            return
        for call in found[: session.max_calls - made]:
            made += 1
            result = yield from run_call(turn, session, call, sources, made)
            conversation += [ChatMessage("assistant", "", (call,)), result]


def _held_back(events: Iterator[StreamEvent], fmt: str, held: list[str]) -> Iterator[StreamEvent]:
    """``events`` with the reply's text from a native call's start on kept in ``held``
    (text that may still become the start is held too, then let go)."""
    start, text = formats.NATIVE_START[fmt], ""
    for event in events:
        if not isinstance(event, Token):
            yield event
            continue
        if held:
            held.append(event.text)
            continue
        text += event.text
        at = text.find(start)
        if at >= 0:
            if at:
                yield Token(text[:at])
            held.append(text[at:])
            continue
        keep = next((n for n in range(len(start) - 1, 0, -1) if text.endswith(start[:n])), 0)
        if len(text) > keep:
            yield Token(text[: len(text) - keep])
            text = text[len(text) - keep :]
    if text and not held:
        yield Token(text)


def _arguments(call: ToolCall) -> Mapping[str, Any]:
    try:
        value = json.loads(call.arguments or "{}")
    except ValueError as exc:
        raise ToolError(
            QT_TRANSLATE_NOOP("Engine", "The call's arguments are not JSON: {text}").format(
                text=call.arguments[:200]
            )
        ) from exc
    if not isinstance(value, dict):
        raise ToolError(QT_TRANSLATE_NOOP("Engine", "The call's arguments are not an object."))
    return value


def _allowed(turn: Turn, session: ToolSession, spec: ToolSpec, call: ToolCall) -> Generator[
    StreamEvent, None, bool
]:  # fmt: skip
    """Whether the user lets an MCP call run (built-in tools need no consent)."""
    if not spec.server or _key(spec) in session.allowed:
        return True
    question = ToolConsentNeeded(spec.server, spec.name, spec.description, call.arguments)
    yield question
    decision = question.wait(lambda: turn.cancel.cancelled)
    if decision == CONVERSATION:
        session.allowed.add(_key(spec))
    return decision in (ONCE, CONVERSATION)


def _run(spec: ToolSpec, call: ToolCall, turn: Turn) -> tuple[ToolOutput, str, int]:
    """The call's output (cut to fit), how it ended, and the whole result's size."""
    try:
        if spec.runner is None:
            raise ToolError(QT_TRANSLATE_NOOP("Engine", "This tool cannot run."))
        output = spec.runner(_arguments(call), turn.cancel)
    except ToolError as exc:
        return ToolOutput(str(exc)), "stopped" if turn.cancel.cancelled else "failed", 0
    size = len(output.text.encode("utf-8"))
    text, cut = cut_result(output.text)
    output = dataclasses.replace(output, text=text, cut=cut or output.cut)
    return output, "cut" if cut else "ok", size


def run_call(
    turn: Turn, session: ToolSession, call: ToolCall, sources: list[Passage], number: int = 1
) -> Generator[StreamEvent, None, ChatMessage]:
    """Run one call (after the user's yes, for an MCP tool), log it, show its result;
    returns the result as the model reads it."""
    spec = session.find(call.name)
    server = spec.server if spec is not None else ""
    yield ToolCallStarted(call, server)
    started, size = time.perf_counter(), 0
    if spec is None:
        output = ToolOutput(
            QT_TRANSLATE_NOOP("Engine", "There is no tool called {name}.").format(name=call.name)
        )
        outcome = "failed"
    elif not (yield from _allowed(turn, session, spec, call)):
        output, outcome = (
            ToolOutput(QT_TRANSLATE_NOOP("Engine", "You did not allow this call.")),
            "denied",
        )
    else:
        output, outcome, size = _run(spec, call, turn)
    _log(session, turn, server, call, size, outcome, time.perf_counter() - started)
    ended = ToolCallEnded(call, server, output.text, outcome, size)
    turn.keep_tool_call(ToolBlock.of(ended))
    yield ended
    if output.passages:
        sources.extend(output.passages)
        yield from turn.show_sources(sources)
    text = quoted_result(call.name, call.arguments, output.text, number)
    return ChatMessage("tool", text, tool_call_id=call.id, name=call.name)


def _log(session: ToolSession, turn: Turn, server: str, call: ToolCall, result_bytes: int,
         outcome: str, duration: float) -> None:  # fmt: skip
    if session.log is None:
        return
    sizes = len(call.arguments.encode("utf-8")), result_bytes
    entry = ToolLogEntry(
        time.time(), server, call.name, *sizes, duration, outcome, turn.conversation_id
    )
    session.log.record(entry)
