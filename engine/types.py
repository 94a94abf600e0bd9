"""Plain data types shared by the engine and the UI (with engine.library.types, the only
engine modules ui/ imports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

# An answer's check against its sources (engine.answer_check), for the window too.
from engine.answer_check import AnswerCheck as AnswerCheck
from engine.answer_check import KeySentence as KeySentence
from engine.answer_check import SentenceCheck as SentenceCheck
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Passage, Scope

# The egress and local-API logs' rows live in engine.log_types.
from engine.log_types import ApiLogEntry as ApiLogEntry
from engine.log_types import EgressEntry as EgressEntry

# Projects, personas and the prompt library (engine.organize_types), for the window too.
from engine.organize_types import Persona as Persona
from engine.organize_types import Project as Project
from engine.organize_types import PromptPreset as PromptPreset

# The questions the window answers live in engine.questions; ui/ takes them from here.
from engine.questions import ClientApprovalNeeded as ClientApprovalNeeded
from engine.questions import CloudChoice as CloudChoice
from engine.questions import ConsentNeeded as ConsentNeeded
from engine.questions import ToolConsentNeeded as ToolConsentNeeded

# A turn's tool calls and the Tools log's rows live in engine.tool_events.
from engine.tool_events import ToolBlock as ToolBlock
from engine.tool_events import ToolCallEnded as ToolCallEnded
from engine.tool_events import ToolCallStarted as ToolCallStarted
from engine.tool_events import ToolLogEntry as ToolLogEntry

Role = Literal["system", "user", "assistant"]
#: ``gpu_layers`` settings: as many layers on the GPU as fit (the default), or all of them
#: (0 is the processor only; a number is that many layers).
GPU_LAYERS_AUTO = -2
GPU_LAYERS_ALL = -1
#: The roles a message to the model may have: a stored one's, or a tool's result.
ChatRole = Literal["system", "user", "assistant", "tool"]


class MessageStatus(StrEnum):
    """How a stored message ended."""

    COMPLETE = "complete"
    STREAMING = "streaming"  # being written right now
    STOPPED = "stopped"  # the user pressed Stop: the partial reply is kept
    INTERRUPTED = "interrupted"  # the app died mid-reply: what was saved is kept
    ERROR = "error"  # generation failed; ``error`` says why


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A tool the assistant asked to run: its name and its arguments as JSON text."""

    id: str
    name: str
    arguments: str = "{}"


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One turn as the model sees it."""

    role: ChatRole
    content: str
    #: What an assistant turn asked tools to do.
    tool_calls: tuple[ToolCall, ...] = ()
    #: For a "tool" turn: the call it answers, and the tool's name.
    tool_call_id: str = ""
    name: str = ""


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
    #: A reasoning model thinks before it answers here (where it can be turned off).
    thinking: bool = True
    #: The project (folder) it is in (0: none), whether it is pinned to the top, and
    #: the persona it answers as (0: none).
    project_id: int = 0
    pinned: bool = False
    persona_id: int = 0


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
    #: What a reasoning model thought before its answer (shown collapsed; never sent
    #: back to a model), and for how long (seconds; 0 when not known).
    thinking: str = ""
    thought_s: float = 0.0
    #: A grounded answer or summary checked against its sources (None: not checked).
    check: AnswerCheck | None = None
    #: Which of the versions of this turn it is ("2 / 3": an earlier reply regenerated,
    #: or a question edited and sent again, stays reachable).
    version: int = 1
    versions: int = 1
    #: The tools the reply called, in order (shown as folded blocks above it).
    tool_calls: tuple[ToolBlock, ...] = ()


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
    #: Let a reasoning model think first; False turns it off where the model's chat
    #: template can (Qwen3's ``enable_thinking``).
    thinking: bool = True
    #: A llama.cpp grammar (GBNF) the reply must follow ("": free text); a local model
    #: only (engine.tools.calls: a tool call that even a small model writes validly).
    grammar: str = ""
    #: The tools offered, as OpenAI-style JSON definitions ("": none), for a chat
    #: template that shows tools in its own format (engine.tools.calls).
    tools_json: str = ""


@dataclass(frozen=True, slots=True)
class GenerationStats:
    """What one reply cost."""

    prompt_tokens: int = 0
    reused_tokens: int = 0
    generated_tokens: int = 0
    time_to_first_token_s: float = 0.0
    tokens_per_second: float = 0.0


class ThinkingSupport(StrEnum):
    """Whether a model thinks before it answers (``<think>…</think>``), as its chat
    template tells."""

    NONE = ""  # it answers straight away
    ALWAYS = "always"  # it thinks, and has no switch to turn that off
    SWITCH = "switch"  # it thinks unless asked not to (Qwen3's enable_thinking)


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
    #: Where it runs, as llama.cpp reported it: layers on the GPU (0: the processor), of
    #: how many, and the GPU's name.
    gpu_layers: int = 0
    layer_count: int = 0
    gpu_name: str = ""
    thinking: ThinkingSupport = ThinkingSupport.NONE
    #: How it writes a tool call (engine.tools.calls: "hermes", "mistral", "llama3", or
    #: "lines" where its template has no format of its own: a grammar then).
    tool_format: str = "lines"


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
class ThinkingDelta:
    """A piece of what a reasoning model thinks before it answers (its ``<think>``
    block): shown apart from the answer, collapsed, and never sent back as context."""

    text: str


@dataclass(frozen=True, slots=True)
class ThinkingDone:
    """The model has finished thinking (its answer, if any, follows)."""

    seconds: float


@dataclass(frozen=True, slots=True)
class TurnFinished:
    """The reply ended (complete, stopped or failed) and is saved."""

    reply_message_id: int
    status: MessageStatus
    text: str  # the answer, without the thinking
    stats: GenerationStats = field(default_factory=GenerationStats)
    error: str = ""
    thinking: str = ""


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
class AuthorChanged:
    """The reply comes from another model than announced (the cloud one)."""

    model: str
    origin: str  # "cloud"


StreamEvent = (
    TurnStarted
    | Notice
    | SourcesFound
    | Token
    | ThinkingDelta
    | ThinkingDone
    | TurnFinished
    | SummaryProgress
    | ConsentNeeded
    | AuthorChanged
    | AnswerChecked
    | ReadingFiles
    | ToolConsentNeeded
    | ToolCallStarted
    | ToolCallEnded
)
