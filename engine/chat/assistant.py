"""Answers in a conversation, optionally grounded in the user's files.

``ask`` is one kind of turn (:mod:`engine.chat.turn` saves, routes, streams and
finishes it): its body builds the model's view of the conversation, finds the passages
to draw on, and streams the answer, from the cloud model when the conversation chose it
or the local model can't serve. desktop/ runs it on a worker and turns each event into a
Qt signal; the CLI prints the tokens. It is the same path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Iterator

from engine.cancel import CancelToken
from engine.chat.clean import ReplyCleaner
from engine.chat.evidence import Evidence
from engine.chat.grounded import Grounding, checked, find_evidence, grounding_for
from engine.chat.language import with_reply_language
from engine.chat.rag import grounded_message, grounding_rules
from engine.chat.turn import FinalText, Turn, run_turn
from engine.chat.whole import whole_message
from engine.cloud.policy import CANT_SERVE
from engine.cloud.route import CloudRoute
from engine.errors import PromptTooLongError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.models.backend import ChatBackend
from engine.storage.history import History
from engine.tools.loop import ToolSession, tool_reply
from engine.types import (
    AnswerChecked,
    ChatMessage,
    GenerationOptions,
    MessageStatus,
    StoredMessage,
    StreamEvent,
    Token,
)

#: Said when the cloud answers, as the policy allows, because the local model could not.
_ANSWERED_INSTEAD = QT_TRANSLATE_NOOP(
    "Engine",
    "The local model could not answer ({error}) — {name} answered instead, "
    "as your cloud policy allows.",
)
#: Why the user is asked to send the question to the cloud.
_CANT_ANSWER = QT_TRANSLATE_NOOP("Engine", "The local model can't answer: {error}")


__all__ = ["Grounding", "ask", "grounding_for"]


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
    tools: ToolSession | None = None,
) -> Iterator[StreamEvent]:
    """Answer ``text`` in a conversation (``text=None`` answers its last user message
    again, for Regenerate). An empty ``text`` sends nothing and yields nothing.

    With ``grounding``, the answer draws on passages found in the user's files: they are
    shown (``SourcesFound``) and saved with the reply; when none is relevant, the reply
    says so without asking the model.

    With ``cloud``, the request may go to the cloud model: when the conversation chose
    it, or when the local model can't serve (no model, load failure, crash, a message
    too long for its context). Unless the policy or the conversation allows it, the
    user first sees exactly what would be sent (``ConsentNeeded``).

    With ``tools`` (plain chat with the local model), the model may call them first
    (``engine.tools.loop``; an MCP call only after the user's yes)."""
    if text is not None and not text.strip():
        return

    def answer(turn: Turn) -> Generator[StreamEvent, None, FinalText | None]:
        return _answer(turn, options, system_prompt, grounding, tools)

    yield from run_turn(history, conversation_id, text, backend, answer, cancel, cloud)


def _answer(
    turn: Turn,
    options: GenerationOptions,
    system_prompt: str,
    grounding: Grounding | None,
    tools: ToolSession | None = None,
) -> Generator[StreamEvent, None, FinalText | None]:
    """The answer's body: the prompt (grounded in evidence, when asked), then the reply,
    cleaned of prompt markup and, when grounded, checked against its sources."""
    stored = turn.history.messages(turn.conversation_id)  # the empty reply row is not shown
    question = next((m.content for m in reversed(stored) if m.role == "user"), "")
    system_prompt = with_reply_language(system_prompt, question)
    prompt = _prompt(stored, system_prompt)
    if grounding is None and tools is not None and not (turn.cloud and turn.cloud.use_cloud):
        yield from tool_reply(turn, prompt, options, tools)
        return None
    if grounding is None:  # plain chat: the reply as written (it may be about markup)
        yield from _reply(turn, prompt, options)
        return None
    evidence = yield from find_evidence(grounding, question, turn.cancel)
    if isinstance(evidence, str):  # nothing to answer from: say why, without the model
        yield Token(evidence)
        return FinalText(evidence, from_model=False)
    passages = [e.passage for e in evidence]
    yield from turn.show_sources(passages)
    rules = grounding_rules(question)
    prompt = grounded_prompt(prompt, system_prompt, question, evidence, rules, grounding.whole)
    yield from _cleaned(_reply(turn, prompt, options), ReplyCleaner((rules,)))
    text, check = checked(question, "".join(turn.pieces), passages, (rules, system_prompt))
    turn.history.set_check(turn.reply_id, check)
    yield AnswerChecked(turn.reply_id, check)
    return _final(turn, text)


def _final(turn: Turn, text: str) -> FinalText | None:
    """The cleaned text as the reply, when it differs from what streamed."""
    return None if text == "".join(turn.pieces) else FinalText(text)


def _cleaned(events: Iterator[StreamEvent], cleaner: ReplyCleaner) -> Iterator[StreamEvent]:
    """``events`` with the reply's tokens passed through ``cleaner``."""
    for event in events:
        if not isinstance(event, Token):
            yield event
        elif shown := cleaner.feed(event.text):
            yield Token(shown)
    if rest := cleaner.flush():
        yield Token(rest)


def _reply(
    turn: Turn, prompt: list[ChatMessage], options: GenerationOptions
) -> Iterator[StreamEvent]:
    """Stream the reply from the model the route chooses: the cloud when the
    conversation chose it (after consent), else the local model, and the cloud when the
    local one can't serve before it wrote anything."""
    cloud = turn.cloud
    if cloud is not None and cloud.use_cloud:
        yield from turn.require_consent(cloud.payload(prompt, options), cloud.chosen_reason)
    try:
        strict = options if cloud is None else dataclasses.replace(options, cut_ok=False)
        yield from turn.stream(prompt, strict)
    except CANT_SERVE as exc:
        if cloud is None or turn.on_cloud or turn.pieces:
            raise
        reason = yield from turn.fall_back(exc, _ANSWERED_INSTEAD, _CANT_ANSWER)
        if reason is not None:
            send = yield from turn.consent(cloud.payload(prompt, options), reason)
            if not send and (not isinstance(exc, PromptTooLongError) or turn.cancel.cancelled):
                raise
        # Sent: the cloud answers. Not sent (a message too long): the local model
        # answers from the message's beginning, as without a cloud.
        yield from turn.stream(prompt, options)


def grounded_prompt(
    prompt: list[ChatMessage],
    system_prompt: str,
    question: str,
    evidence: list[Evidence],
    rules: str,
    whole: bool = False,
) -> list[ChatMessage]:
    """The same conversation with the grounding rules added to the system prompt and the
    last question replaced by the evidence plus the question (``whole``: the evidence is
    every page of the document, lines kept)."""
    system = f"{system_prompt.strip()}\n\n{rules}".strip()
    turns = [m for m in prompt if m.role != "system"]
    if turns and turns[-1].role == "user":
        message = whole_message if whole else grounded_message
        turns[-1] = ChatMessage("user", message(question, evidence))
    return [ChatMessage("system", system), *turns]


def _prompt(stored: list[StoredMessage], system_prompt: str) -> list[ChatMessage]:
    """The model's view: the system prompt, then every turn that has text."""
    messages = [ChatMessage("system", system_prompt)] if system_prompt.strip() else []
    for message in stored:
        if message.content.strip() and message.status is not MessageStatus.ERROR:
            messages.append(ChatMessage(message.role, message.content))
    return messages
