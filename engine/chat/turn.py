"""One turn of a conversation, start to finish, whatever kind it is (an answer, a summary).

:func:`run_turn` is the lifecycle every kind of turn shares: it saves the user's message
and a streaming reply row (``TurnStarted``), runs the turn's *body*, passes its events
on while saving the reply text as it streams (so a crash keeps what was shown), and
finishes the reply as complete, stopped, interrupted or failed (``TurnFinished``).
A reasoning model's thinking is told apart from its answer here, for every kind of
turn (:mod:`engine.chat.thinking`): it streams as ``ThinkingDelta`` events and is saved
with the reply, apart from the answer.

The body is what differs between kinds: a generator that produces the reply, given the
:class:`Turn`. The turn routes it: ``turn.stream`` asks whichever model answers now
(the local one, or the cloud once the route was taken); ``consent``,
``require_consent`` and ``fall_back`` take the cloud route under the user's policy
(a notice, or a consent question first) and say so (``AuthorChanged``). A new kind of
turn writes only its body.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from engine.cancel import CancelToken
from engine.chat.thinking import split_text, split_thinking
from engine.cloud.policy import NotSentError, Policy
from engine.cloud.route import CloudRoute
from engine.errors import HishoError
from engine.library.types import Passage
from engine.models.backend import ChatBackend
from engine.storage.history import History
from engine.types import (
    AuthorChanged,
    ChatMessage,
    GenerationOptions,
    GenerationStats,
    MessageStatus,
    Notice,
    SourcesFound,
    StreamEvent,
    ThinkingDelta,
    ThinkingDone,
    Token,
    ToolBlock,
    TurnFinished,
    TurnStarted,
)

#: How often a streaming reply is written to disk (seconds).
SAVE_EVERY_S = 1.0

E = TypeVar("E")
R = TypeVar("R")


def tap(events: Generator[E, None, R], on_event: Callable[[E], None]) -> Generator[E, None, R]:
    """Pass ``events`` on, showing each to ``on_event`` first; returns their return value."""
    while True:
        try:
            event = next(events)
        except StopIteration as stop:
            result: R = stop.value
            return result
        on_event(event)
        yield event


@dataclass(frozen=True, slots=True)
class FinalText:
    """The reply as a body finished it, in place of the tokens that streamed (a summary
    with its citations, or a fixed answer that no model wrote)."""

    text: str
    from_model: bool = True  # False: no model call wrote it, so it has no stats


#: The part of a turn that differs between kinds: produces the reply's events, and
#: returns its final text when that is not just the streamed tokens.
TurnBody = Callable[["Turn"], Generator[StreamEvent, None, FinalText | None]]


class Turn:
    """The turn being answered: its reply row, the text so far, and who answers."""

    def __init__(
        self,
        history: History,
        conversation_id: int,
        reply_id: int,
        backend: ChatBackend,
        cancel: CancelToken,
        cloud: CloudRoute | None,
    ) -> None:
        self.history = history
        self.conversation_id = conversation_id
        self.reply_id = reply_id
        #: The model that answers now: the local one until the cloud route is taken.
        self.backend = backend
        self.cancel = cancel
        self.cloud = cloud
        self.pieces: list[str] = []  # the answer so far
        self.thoughts: list[str] = []  # the thinking so far
        self.thought_s = 0.0
        self._notices: list[str] = []
        self.tool_calls: list[ToolBlock] = []
        self._last_save = time.monotonic()

    @property
    def on_cloud(self) -> bool:
        """Whether the cloud model answers this turn."""
        return self.cloud is not None and self.backend is self.cloud.backend

    @property
    def route(self) -> CloudRoute:
        """The cloud route (only asked for by bodies that were given one)."""
        if self.cloud is None:
            raise RuntimeError("this turn has no cloud route")
        return self.cloud

    # --- what a body calls -------------------------------------------------------------

    def stream(
        self, prompt: list[ChatMessage], options: GenerationOptions
    ) -> Iterator[StreamEvent]:
        """The answering model's reply to ``prompt`` as tokens; what the model has to
        say about the prompt (e.g. it was cut to fit) comes before the next token."""
        for piece in self.backend.stream(prompt, options, self.cancel, self._notices.append):
            yield from self.notices()
            yield Token(piece)

    def ask_quietly(self, prompt: list[ChatMessage], options: GenerationOptions) -> str:
        """The answering model's text for ``prompt``, not shown as the reply (a tool
        call being decided); its notices come with the next events."""
        pieces = self.backend.stream(prompt, options, self.cancel, self._notices.append)
        return "".join(pieces)

    def show_sources(self, passages: Sequence[Passage]) -> Iterator[StreamEvent]:
        """Save ``passages`` as the reply's sources and show them."""
        self.history.set_sources(self.reply_id, passages)
        yield SourcesFound(tuple(passages))

    def keep_tool_call(self, block: ToolBlock) -> None:
        """Save a tool call with the reply (its arguments and result stay in the
        conversation only)."""
        self.tool_calls.append(block)
        self.history.set_tool_calls(self.reply_id, self.tool_calls)

    def consent(self, payload: str, reason: str) -> Generator[StreamEvent, None, bool]:
        """Whether the user lets ``payload`` go to the cloud (asked with ``reason``,
        unless the conversation allows it already); yes: the cloud answers the turn."""
        send = yield from self.route.consent(payload, reason, self.cancel)
        if send:
            yield from self._to_cloud()
        return send

    def require_consent(self, payload: str, reason: str) -> Iterator[StreamEvent]:
        """As :meth:`consent`, but a no ends the turn (``NotSentError``)."""
        if not (yield from self.consent(payload, reason)):
            raise NotSentError(self.route.backend.name)

    def fall_back(
        self, error: HishoError, told: str, asked: str
    ) -> Generator[StreamEvent, None, str | None]:
        """The local model can't serve (``error``). Where the policy lets the cloud
        serve without asking, the user is told (``told``, with ``{error}`` and
        ``{name}``), the cloud answers the turn and None is returned; otherwise the
        reason to ask the user with (``asked``, with ``{error}``)."""
        route = self.route
        if route.policy is Policy.AUTO or route.allowed:
            yield Notice(told.format(error=error, name=route.backend.name))
            yield from self._to_cloud()
            return None
        return asked.format(error=error)

    # --- what the lifecycle does -------------------------------------------------------

    def notices(self) -> Iterator[StreamEvent]:
        """The model's notices not shown yet."""
        while self._notices:
            yield Notice(self._notices.pop(0))

    def record(self, event: StreamEvent) -> None:
        """Note a token of the reply or of its thinking; save both so far at least every
        SAVE_EVERY_S."""
        if isinstance(event, Token):
            self.pieces.append(event.text)
        elif isinstance(event, ThinkingDelta):
            self.thoughts.append(event.text)
        elif isinstance(event, ThinkingDone):
            self.thought_s += event.seconds
            return
        else:
            return
        if time.monotonic() - self._last_save >= SAVE_EVERY_S:
            text, thinking = "".join(self.pieces), "".join(self.thoughts)
            self.history.update_message(
                self.reply_id, text, MessageStatus.STREAMING, thinking=thinking
            )
            self._last_save = time.monotonic()

    def finish(self, final: FinalText | None, failure: HishoError | None) -> TurnFinished:
        """Save the reply as it ended: complete, stopped, interrupted (a failure after
        some text, which is kept) or failed."""
        status = MessageStatus.COMPLETE if failure is None else MessageStatus.ERROR
        error = "" if failure is None else str(failure)
        stats = self.backend.last_stats
        thinking = "".join(self.thoughts).strip()
        if final is not None:
            text = final.text
            stats = stats if final.from_model else GenerationStats()
        else:
            text = "".join(self.pieces)
            if not thinking:  # a template that opened <think> unseen: a bare </think>
                thinking, text = split_text(text)
        if status is MessageStatus.COMPLETE and self.cancel.cancelled:
            status = MessageStatus.STOPPED  # (a cleaned reply, or one said without the model)
        if status is MessageStatus.ERROR and (text or thinking):
            status = MessageStatus.INTERRUPTED
        self.history.update_message(
            self.reply_id, text, status, error, thinking=thinking, thought_s=self.thought_s
        )
        return TurnFinished(self.reply_id, status, text, stats, error, thinking)

    def _to_cloud(self) -> Iterator[StreamEvent]:
        route = self.route
        self.backend = route.backend
        self.history.set_author(self.reply_id, route.backend.name, route.origin)
        yield AuthorChanged(route.backend.name, route.origin)


def run_turn(
    history: History,
    conversation_id: int,
    request: str | None,
    backend: ChatBackend,
    body: TurnBody,
    cancel: CancelToken,
    cloud: CloudRoute | None = None,
    kind: str = "",
) -> Iterator[StreamEvent]:
    """One turn: save ``request`` as the user's message (None: it is saved already, as
    for Regenerate) and a streaming reply by ``backend``, run ``body``, finish.

    A :class:`~engine.errors.HishoError` from the body ends the turn as failed, with its
    message; whatever streamed before it is kept. ``kind`` marks both messages
    (``"summary"``)."""
    user_id = None
    if request is not None:
        user_id = history.append_message(conversation_id, "user", request, kind=kind).id
    reply = history.append_message(
        conversation_id, "assistant", "", MessageStatus.STREAMING, model=backend.name, kind=kind
    )
    yield TurnStarted(conversation_id, user_id, reply.id)
    turn = Turn(history, conversation_id, reply.id, backend, cancel, cloud)
    final: FinalText | None = None
    failure: HishoError | None = None
    try:
        final = yield from tap(split_thinking(body(turn)), turn.record)
    except HishoError as exc:
        failure = exc
    yield from turn.notices()
    yield turn.finish(final, failure)
