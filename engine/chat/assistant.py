"""One chat turn, start to finish: save, generate, stream, save.

``ask`` is a generator of :data:`~engine.types.StreamEvent`. The user's message is
on disk before generation starts; the reply row is created at once, refreshed while
it streams (so a crash keeps what was shown), and finished as complete, stopped or
failed. desktop/ runs this on a worker and turns each event into a Qt signal; the
CLI prints the tokens. It is the same path.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass

from engine.cancel import CancelToken
from engine.chat.language import with_reply_language
from engine.chat.rag import (
    GROUNDING_RULES,
    Searcher,
    grounded_message,
    nothing_found,
    select_passages,
)
from engine.cloud.policy import CANT_SERVE, NotSentError, Policy
from engine.cloud.route import CloudRoute
from engine.errors import HishoError, PromptTooLongError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Passage, Scope
from engine.models.backend import ChatBackend
from engine.storage.history import History
from engine.types import (
    AuthorChanged,
    ChatMessage,
    GenerationOptions,
    MessageStatus,
    Notice,
    SourcesFound,
    StoredMessage,
    StreamEvent,
    Token,
    TurnFinished,
    TurnStarted,
)

#: How often a streaming reply is written to disk (seconds).
SAVE_EVERY_S = 1.0


@dataclass(frozen=True, slots=True)
class Grounding:
    """Answer from the user's files: where to search and how much may go in the prompt."""

    search: Searcher
    scope: Scope
    budget_tokens: int  # prompt room for passages
    max_passages: int = 8


def ask(
    history: History,
    backend: ChatBackend,
    conversation_id: int,
    text: str | None,
    options: GenerationOptions,
    cancel: CancelToken,
    system_prompt: str = "",
    grounding: Grounding | None = None,
    cloud: CloudRoute | None = None,
) -> Iterator[StreamEvent]:
    """Answer ``text`` in a conversation (``text=None`` answers its last user message
    again, for Regenerate). An empty ``text`` sends nothing and yields nothing.

    With ``grounding``, the answer draws on passages found in the user's files: they are
    shown (``SourcesFound``) and saved with the reply; when none is relevant, the reply
    says so without asking the model.

    With ``cloud``, the request may go to the cloud model: when the conversation chose
    it, or when the local model can't serve (no model, load failure, crash, a message
    too long for its context). Unless the policy or the conversation allows it, the
    user first sees exactly what would be sent (``ConsentNeeded``)."""
    if text is not None and not text.strip():
        return
    user_id = None
    if text is not None:
        user_id = history.append_message(conversation_id, "user", text).id
    stored = history.messages(conversation_id)
    reply = history.append_message(
        conversation_id, "assistant", "", MessageStatus.STREAMING, model=backend.name
    )
    yield TurnStarted(conversation_id, user_id, reply.id)
    out = _Reply(history, reply.id)
    status = MessageStatus.COMPLETE
    error = ""
    used = backend
    question = next((m.content for m in reversed(stored) if m.role == "user"), "")
    system_prompt = with_reply_language(system_prompt, question)
    prompt = _prompt(stored, system_prompt)
    try:
        if grounding is not None:
            found = grounding.search(question, grounding.scope, grounding.max_passages * 2)
            passages = select_passages(
                question, found, grounding.budget_tokens, grounding.max_passages
            )
            if not passages:
                answer = nothing_found(grounding.scope)
                history.update_message(reply.id, answer, MessageStatus.COMPLETE)
                yield Token(answer)
                yield TurnFinished(reply.id, MessageStatus.COMPLETE, answer)
                return
            history.set_sources(reply.id, passages)
            yield SourcesFound(tuple(passages))
            prompt = _grounded_prompt(prompt, system_prompt, question, passages)
        if cloud is not None and cloud.use_cloud:
            reason = cloud.chosen_reason
            if not (yield from cloud.consent(cloud.payload(prompt, options), reason, cancel)):
                raise NotSentError(cloud.backend.name)
            used = cloud.backend
            yield from _author(history, reply.id, used)
        try:
            strict = options if cloud is None else dataclasses.replace(options, cut_ok=False)
            yield from out.stream(used, prompt, strict, cancel)
        except CANT_SERVE as exc:
            if cloud is None or used is cloud.backend or out.pieces:
                raise
            if cloud.policy is Policy.AUTO or cloud.allowed:
                yield Notice(
                    QT_TRANSLATE_NOOP(
                        "Engine",
                        "The local model could not answer ({error}) — {name} answered instead, "
                        "as your cloud policy allows.",
                    ).format(error=exc, name=cloud.backend.name)
                )
                send = True
            else:
                reason = QT_TRANSLATE_NOOP(
                    "Engine", "The local model can't answer: {error}"
                ).format(error=exc)
                send = yield from cloud.consent(cloud.payload(prompt, options), reason, cancel)
                if not send and (not isinstance(exc, PromptTooLongError) or cancel.cancelled):
                    raise
            if send:
                used = cloud.backend
                yield from _author(history, reply.id, used)
            # Sent: the cloud answers. Not sent (a message too long): the local model
            # answers from the message's beginning, as without a cloud.
            yield from out.stream(used, prompt, options, cancel)
    except HishoError as exc:
        status, error = MessageStatus.ERROR, str(exc)
    if status is MessageStatus.COMPLETE and cancel.cancelled:
        status = MessageStatus.STOPPED
    yield from out.notices()
    answer = "".join(out.pieces)
    if status is MessageStatus.ERROR and answer:
        status = MessageStatus.INTERRUPTED  # keep the partial answer, say it is cut
    history.update_message(reply.id, answer, status, error)
    yield TurnFinished(reply.id, status, answer, used.last_stats, error)


def _author(history: History, reply_id: int, backend: ChatBackend) -> Iterator[StreamEvent]:
    history.set_author(reply_id, backend.name, "cloud")
    yield AuthorChanged(backend.name, "cloud")


class _Reply:
    """The reply being written: its text so far, saved at least every SAVE_EVERY_S."""

    def __init__(self, history: History, reply_id: int) -> None:
        self.history = history
        self.reply_id = reply_id
        self.pieces: list[str] = []
        self._notices: list[str] = []
        self._last_save = time.monotonic()

    def stream(
        self,
        backend: ChatBackend,
        prompt: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken,
    ) -> Iterator[StreamEvent]:
        for piece in backend.stream(prompt, options, cancel, self._notices.append):
            yield from self.notices()
            self.pieces.append(piece)
            yield Token(piece)
            if time.monotonic() - self._last_save >= SAVE_EVERY_S:
                text = "".join(self.pieces)
                self.history.update_message(self.reply_id, text, MessageStatus.STREAMING)
                self._last_save = time.monotonic()

    def notices(self) -> Iterator[StreamEvent]:
        while self._notices:
            yield Notice(self._notices.pop(0))


def _grounded_prompt(
    prompt: list[ChatMessage], system_prompt: str, question: str, passages: list[Passage]
) -> list[ChatMessage]:
    """The same conversation with the grounding rules added to the system prompt and the
    last question replaced by the sources plus the question."""
    rules = f"{system_prompt.strip()}\n\n{GROUNDING_RULES}".strip()
    turns = [m for m in prompt if m.role != "system"]
    if turns and turns[-1].role == "user":
        turns[-1] = ChatMessage("user", grounded_message(question, passages))
    return [ChatMessage("system", rules), *turns]


def _prompt(stored: list[StoredMessage], system_prompt: str) -> list[ChatMessage]:
    """The model's view: the system prompt, then every turn that has text."""
    messages = [ChatMessage("system", system_prompt)] if system_prompt.strip() else []
    for message in stored:
        if message.content.strip() and message.status is not MessageStatus.ERROR:
            messages.append(ChatMessage(message.role, message.content))
    return messages
