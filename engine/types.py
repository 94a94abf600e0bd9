"""Plain data types shared by the engine and the UI (with engine.library.types, the only
engine modules ui/ imports)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Passage, Scope

Role = Literal["system", "user", "assistant"]


class MessageStatus(StrEnum):
    """How a stored message ended."""

    COMPLETE = "complete"
    STREAMING = "streaming"  # being written right now
    STOPPED = "stopped"  # the user pressed Stop: the partial reply is kept
    INTERRUPTED = "interrupted"  # the app died mid-reply: what was saved is kept
    ERROR = "error"  # generation failed; ``error`` says why


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One turn as the model sees it."""

    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class Conversation:
    """A conversation in the sidebar."""

    id: int
    title: str
    created_at: float
    updated_at: float
    #: What questions in this conversation draw on (None: plain chat, no documents).
    scope: Scope | None = None
    cloud: CloudChoice = field(default_factory=lambda: CloudChoice())


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A message as kept in the history database."""

    id: int
    conversation_id: int
    role: Role
    content: str
    status: MessageStatus
    created_at: float
    model: str = ""
    error: str = ""
    #: The passages a grounded answer was given, in citation order ([1] is the first).
    sources: tuple[Passage, ...] = ()
    #: "" for a local answer; "cloud" when a cloud provider wrote it (``model`` says which).
    origin: str = ""
    #: "" for a question or answer; "summary" for a summary request and its summary.
    kind: str = ""
    #: A grounded answer or summary checked against its sources (None: not checked).
    check: AnswerCheck | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A conversation found by full-text search, with a snippet of the matching text."""

    conversation: Conversation
    snippet: str


@dataclass(frozen=True, slots=True)
class GenerationOptions:
    """Sampling and length settings for one reply."""

    max_tokens: int = 1024
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    repeat_penalty: float = 1.1
    seed: int = -1
    # Keep going past the end-of-turn token (benchmarks use it to measure long decodes).
    ignore_eos: bool = False
    #: A newest message too long for the context is cut to fit (with a notice); False
    #: raises PromptTooLongError instead (a cloud model may then take it whole).
    cut_ok: bool = True


@dataclass(frozen=True, slots=True)
class GenerationStats:
    """What one reply cost."""

    prompt_tokens: int = 0
    reused_tokens: int = 0
    generated_tokens: int = 0
    time_to_first_token_s: float = 0.0
    tokens_per_second: float = 0.0


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What the loaded chat model is."""

    name: str
    path: str
    context_length: int
    trained_context_length: int
    threads: int
    chat_template_source: str  # "gguf" or "fallback (chatml)"
    #: This llama.cpp build can offload layers to a GPU (reported by the model process).
    gpu_offload: bool = False


# --- Events of one chat turn (engine.chat.assistant.ask yields these) -------------------


@dataclass(frozen=True, slots=True)
class TurnStarted:
    """The user's message is saved; the reply row exists and streaming begins."""

    conversation_id: int
    user_message_id: int | None
    reply_message_id: int


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know about this turn (e.g. old turns left out)."""

    text: str


@dataclass(frozen=True, slots=True)
class SourcesFound:
    """The passages this answer draws on (shown under it, cited as [1], [2] …)."""

    passages: tuple[Passage, ...]


@dataclass(frozen=True, slots=True)
class KeySentence:
    """The one sentence of the sources most likely holding the answer, shown under it."""

    text: str
    source: int  # 1-based: the reply's source [n] it comes from
    path: str
    page: int | None
    chunk_id: str
    start: int  # character offset in the page's text (to mark it in the source viewer)
    #: (start, end) in ``text`` of the answer words (or, failing those, the question's).
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SentenceCheck:
    """One sentence of a reply, checked against the sources it cites."""

    start: int  # character offsets in the reply's text
    end: int
    supported: bool
    #: 1-based sources its words were found in (supported), or that were searched.
    sources: tuple[int, ...] = ()
    #: Why not supported ("1903 is not in sources [1], [2]"), or a note on a supported
    #: one (found in another source than it cites); "" otherwise. One engine message a
    #: line, so the window translates each.
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AnswerCheck:
    """A reply checked against its sources (``engine.chat.check``), kept with it."""

    #: The sentences that make a claim (a sentence of only the question's words, or
    #: "not in your documents", is not one).
    sentences: tuple[SentenceCheck, ...] = ()
    #: 1-based sources the reply used, in the order it used them (the sources list
    #: leads with these).
    used: tuple[int, ...] = ()
    key_sentence: KeySentence | None = None

    @property
    def supported(self) -> bool:
        """Whether any sentence of the reply was found in its sources."""
        return any(s.supported for s in self.sentences)

    @property
    def notice(self) -> str:
        """What to say above a reply none of whose claims is in its sources ("")."""
        if not self.sentences or self.supported:
            return ""
        return QT_TRANSLATE_NOOP(
            "Engine", "Not found in your documents: nothing in this answer is in its sources."
        )


@dataclass(frozen=True, slots=True)
class AnswerChecked:
    """The reply's text ended and was checked against its sources (saved with it)."""

    reply_message_id: int
    check: AnswerCheck


@dataclass(frozen=True, slots=True)
class ReadingFiles:
    """The question waits while files in its scope are still being read (indexed)."""

    names: tuple[str, ...]

    @property
    def message(self) -> str:
        return QT_TRANSLATE_NOOP(
            "Engine", "Reading {names} — your question will be answered when it's ready."
        ).format(names=", ".join(self.names))


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of the reply text."""

    text: str


@dataclass(frozen=True, slots=True)
class TurnFinished:
    """The reply ended (complete, stopped or failed) and is saved."""

    reply_message_id: int
    status: MessageStatus
    text: str
    stats: GenerationStats = field(default_factory=GenerationStats)
    error: str = ""


class SummaryLength(StrEnum):
    """How long a summary is."""

    BRIEF = "brief"  # one paragraph
    BULLETS = "bullets"  # 5-8 points
    DETAILED = "detailed"  # an overview, then points part by part

    @property
    def label(self) -> str:
        return {
            "brief": QT_TRANSLATE_NOOP("Engine", "brief"),
            "bullets": QT_TRANSLATE_NOOP("Engine", "bullet points"),
            "detailed": QT_TRANSLATE_NOOP("Engine", "detailed"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class SummaryProgress:
    """How far a summary is: ``phase`` is "reading", "sections" (summarizing section
    ``done + 1`` of ``total``), "merging" (merging group ``done + 1`` of ``total``) or
    "writing" (the final summary)."""

    phase: str
    done: int
    total: int
    fraction: float  # of the whole run, never going back
    eta_s: float | None  # seconds left, once there is a measure

    @property
    def message(self) -> str:
        if self.phase == "reading":
            return QT_TRANSLATE_NOOP("Engine", "Reading the document…")
        number, total = self.done + 1, self.total
        if self.eta_s is None or self.fraction >= 1.0:
            if self.phase == "sections":
                return QT_TRANSLATE_NOOP(
                    "Engine", "Summarizing section {number} of {total}"
                ).format(number=number, total=total)
            if self.phase == "merging":
                return QT_TRANSLATE_NOOP("Engine", "Merging notes ({number} of {total})").format(
                    number=number, total=total
                )
            return QT_TRANSLATE_NOOP("Engine", "Writing the summary")
        left = _duration(self.eta_s)
        if self.phase == "sections":
            return QT_TRANSLATE_NOOP(
                "Engine", "Summarizing section {number} of {total} · about {time} left"
            ).format(number=number, total=total, time=left)
        if self.phase == "merging":
            return QT_TRANSLATE_NOOP(
                "Engine", "Merging notes ({number} of {total}) · about {time} left"
            ).format(number=number, total=total, time=left)
        return QT_TRANSLATE_NOOP("Engine", "Writing the summary · about {time} left").format(
            time=left
        )


def _duration(seconds: float) -> str:
    if seconds < 60:
        return QT_TRANSLATE_NOOP("Engine", "{count} s").format(count=max(1, round(seconds)))
    minutes = round(seconds / 60)
    if minutes < 90:
        return QT_TRANSLATE_NOOP("Engine", "{count} min").format(count=minutes)
    return QT_TRANSLATE_NOOP("Engine", "{count} h").format(count=f"{minutes / 60:.1f}")


@dataclass(frozen=True, slots=True)
class EgressEntry:
    """One request that left the device (the egress log lists them all)."""

    time: float
    provider: str
    model: str
    host: str
    bytes_sent: int
    bytes_received: int
    conversation_id: int | None
    purpose: str  # "answer", "test connection"
    outcome: str  # "answered", "stopped", "HTTP 401", "cut off", …


@dataclass(frozen=True, slots=True)
class CloudChoice:
    """A conversation's own cloud settings."""

    #: "" follows the user's policy; else "never", "ask" or "auto" for this conversation.
    policy: str = ""
    #: Answer with the cloud model (not only when the local one can't).
    use_cloud: bool = False
    #: The user chose "Send for this conversation": no more questions here.
    allowed: bool = False


class ConsentNeeded:
    """A request would go to the cloud: the user sees exactly what (``payload``, the JSON
    body) and answers with :meth:`answer`; the turn waits in :meth:`wait`.

    Created and waited on by the engine's worker thread, answered from the GUI thread.
    """

    def __init__(self, provider: str, model: str, host: str, reason: str, payload: str) -> None:
        self.provider = provider
        self.model = model
        self.host = host
        self.reason = reason
        self.payload = payload
        self._answered = threading.Event()
        self._decision = "cancel"

    def answer(self, decision: str) -> None:
        """ "send", "send-conversation" or "cancel" (engine.cloud.policy.Decision values)."""
        self._decision = decision
        self._answered.set()

    def wait(self, cancelled: Callable[[], bool]) -> str:
        """Block until answered (or ``cancelled()``: then "cancel")."""
        while not self._answered.wait(0.1):
            if cancelled():
                return "cancel"
        return self._decision


@dataclass(frozen=True, slots=True)
class AuthorChanged:
    """The reply comes from another model than announced (the cloud one)."""

    model: str
    origin: str  # "cloud"


StreamEvent = (
    TurnStarted
    | Notice
    | SourcesFound
    | Token
    | TurnFinished
    | SummaryProgress
    | ConsentNeeded
    | AuthorChanged
    | AnswerChecked
    | ReadingFiles
)
