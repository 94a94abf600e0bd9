"""A reasoning model's thinking, told apart from its answer while the reply streams.

Models such as Qwen3, QwQ and DeepSeek-R1 write ``<think>…</think>`` before they
answer. :class:`ThinkingSplitter` sorts a reply's pieces into thinking and answer as
they arrive, whatever the pieces (a tag may come as ``"</th"`` then ``"ink>"``: a piece
that could begin a tag is held back until the next one decides). The rules:

- Thinking is a block that opens at the very start of a reply (after whitespace); a
  ``<think>`` later on is answer text (a model explaining tags).
- A reply that never closes its block is all thinking (stopped mid-thought, or cut
  at its length limit): it has no answer.
- A reply that starts with anything else is all answer, as it came.
- A template that opened ``<think>`` in the prompt (DeepSeek-R1's does) leaves the
  model to write only the rest; the model process starts such a reply with the tag
  (:func:`opens_thinking`), so the reply reads whole.

:func:`split_thinking` applies it to a turn's events (``engine.chat.turn`` does, once,
for every kind of turn); :func:`split_text` to a whole reply.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Literal, TypeVar

from engine.chat.template import ChatTemplate, TemplateError
from engine.types import (
    AuthorChanged,
    ChatMessage,
    StreamEvent,
    ThinkingDelta,
    ThinkingDone,
    ThinkingSupport,
    Token,
)

OPEN = "<think>"
CLOSE = "</think>"

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Piece:
    """Reply text sorted: "thinking", "answer", or "end" (the thinking block closed)."""

    kind: Literal["thinking", "answer", "end"]
    text: str = ""


class _State(Enum):
    START = "start"  # nothing but whitespace yet: a block may still open
    THINK_LEAD = "think-lead"  # just after <think>: whitespace is dropped
    THINK = "think"
    ANSWER_LEAD = "answer-lead"  # just after </think>: whitespace is dropped
    ANSWER = "answer"


def _held_back(text: str, tag: str) -> int:
    """How many characters at the end of ``text`` could be the beginning of ``tag``."""
    for size in range(min(len(text), len(tag) - 1), 0, -1):
        if tag.startswith(text[-size:]):
            return size
    return 0


class ThinkingSplitter:
    """Sorts one reply's pieces into thinking and answer (see the module's docstring)."""

    def __init__(self) -> None:
        self._state = _State.START
        self._held = ""

    @property
    def thinking(self) -> bool:
        """Inside a thinking block now."""
        return self._state in (_State.THINK_LEAD, _State.THINK)

    def feed(self, text: str) -> list[Piece]:
        """The sorted text of the next piece of the reply (some may be held back)."""
        pieces: list[Piece] = []
        rest = self._held + text
        self._held = ""
        while rest:
            rest = self._step(rest, pieces)
        return pieces

    def close(self) -> list[Piece]:
        """The reply ended: what was held back, and the end of an open block."""
        held, self._held = self._held, ""
        if self._state is _State.START:
            self._state = _State.ANSWER
            return [Piece("answer", held)] if held else []
        if self.thinking:
            self._state = _State.ANSWER_LEAD
            return [Piece("thinking", held), Piece("end")] if held else [Piece("end")]
        return []

    def _step(self, rest: str, pieces: list[Piece]) -> str:
        """Sort the beginning of ``rest``; returns what is left to sort."""
        state = self._state
        if state is _State.START:
            lead = rest.lstrip()
            if lead.startswith(OPEN):
                self._state = _State.THINK_LEAD
                return lead[len(OPEN) :]
            if not lead or OPEN.startswith(lead):
                self._held = rest  # whitespace, or the beginning of <think>
                return ""
            self._state = _State.ANSWER
            return rest
        if state in (_State.THINK_LEAD, _State.ANSWER_LEAD):
            lead = rest.lstrip()
            if lead:
                self._state = _State.THINK if state is _State.THINK_LEAD else _State.ANSWER
            return lead
        if state is _State.THINK:
            at = rest.find(CLOSE)
            if at >= 0:
                pieces += [Piece("thinking", rest[:at]), Piece("end")]
                self._state = _State.ANSWER_LEAD
                return rest[at + len(CLOSE) :]
            keep = _held_back(rest, CLOSE)
            pieces.append(Piece("thinking", rest[: len(rest) - keep]))
            self._held = rest[len(rest) - keep :]
            return ""
        pieces.append(Piece("answer", rest))
        return ""


def split_text(text: str) -> tuple[str, str]:
    """(thinking, answer) of a whole reply. A reply whose template opened the block in
    the prompt (so it holds a ``</think>`` but no ``<think>``) thought up to its first
    ``</think>``."""
    splitter = ThinkingSplitter()
    pieces = splitter.feed(text) + splitter.close()
    thinking = "".join(p.text for p in pieces if p.kind == "thinking").strip()
    answer = "".join(p.text for p in pieces if p.kind == "answer")
    if not thinking and CLOSE in answer:
        before, after = answer.split(CLOSE, 1)
        if OPEN not in before:
            return before.strip(), after.lstrip()
    return thinking, answer


def answer_of(text: str) -> str:
    """A whole reply's answer, without its thinking."""
    return split_text(text)[1]


def split_thinking(
    events: Generator[StreamEvent, None, R], clock: Callable[[], float] = time.monotonic
) -> Generator[StreamEvent, None, R]:
    """A turn's events with each reply's thinking told apart: the tokens of a thinking
    block become :class:`ThinkingDelta` events, its end a :class:`ThinkingDone` (once,
    with the seconds from its first text; also when the reply ends mid-thought). A new
    author (the cloud takes over) starts a new reply. Returns what ``events`` returns."""
    reply = _Reply(clock)
    while True:
        try:
            event = next(events)
        except StopIteration as stop:
            yield from reply.sorted(reply.splitter.close())
            result: R = stop.value
            return result
        except Exception:
            yield from reply.sorted(reply.splitter.close())  # what showed is kept
            raise
        if isinstance(event, Token):
            yield from reply.sorted(reply.splitter.feed(event.text))
            continue
        if isinstance(event, AuthorChanged):
            yield from reply.sorted(reply.splitter.close())
            reply = _Reply(clock)
        yield event


class _Reply:
    """One model's reply within a turn: its splitter, and when its thinking began."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.splitter = ThinkingSplitter()
        self.clock = clock
        self.began: float | None = None

    def sorted(self, pieces: list[Piece]) -> Iterator[StreamEvent]:
        for piece in pieces:
            if piece.kind == "answer" and piece.text:
                yield Token(piece.text)
            elif piece.kind == "thinking" and piece.text:
                if self.began is None:
                    self.began = self.clock()
                yield ThinkingDelta(piece.text)
            elif piece.kind == "end" and self.began is not None:
                yield ThinkingDone(max(0.0, self.clock() - self.began))
                self.began = None


def opens_thinking(parts: list[tuple[str, bool]]) -> bool:
    """Whether a rendered prompt (``ChatTemplate.render_parts``) left a thinking block
    open for the model to fill: the template's own text after the last message has a
    ``<think>`` after its last ``</think>``."""
    tail = parts[-1][0] if parts and not parts[-1][1] else ""
    return tail.rfind(OPEN) > tail.rfind(CLOSE)


def thinking_support(template: ChatTemplate) -> ThinkingSupport:
    """What a chat template says of its model's thinking: a switch (it knows
    ``enable_thinking``), always (its generation prompt opens the block), or none
    that can be told."""
    if "enable_thinking" in template.text:
        return ThinkingSupport.SWITCH
    try:
        parts = template.render_parts([ChatMessage("user", "?")])
    except TemplateError:
        return ThinkingSupport.NONE
    return ThinkingSupport.ALWAYS if opens_thinking(parts) else ThinkingSupport.NONE
