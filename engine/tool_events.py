"""Events of a turn's tool calls, and the Tools log's rows: plain types, re-exported by
engine.types for the window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.types import ToolCall


@dataclass(frozen=True, slots=True)
class ToolCallStarted:
    """The model asked a tool to run (``server`` "": a built-in tool); it runs now."""

    call: ToolCall
    server: str = ""


@dataclass(frozen=True, slots=True)
class ToolCallEnded:
    """A tool call ended: its result as the model reads it, or why there is none
    (``outcome``: "ok", "denied", "failed", "stopped", "cut")."""

    call: ToolCall
    server: str
    result: str
    outcome: str
    #: The whole result's size in bytes (``result`` may be cut from it).
    size: int = 0


@dataclass(frozen=True, slots=True)
class ToolBlock:
    """A tool call as the conversation keeps it and the transcript shows it (folded):
    the exact arguments, the result as the model read it (cut to a size the window
    shows at once), the whole result's size and how the call ended."""

    server: str  # "" for a built-in tool
    tool: str
    arguments: str
    result: str
    outcome: str
    size: int = 0

    @classmethod
    def of(cls, event: ToolCallEnded) -> ToolBlock:
        return cls(event.server, event.call.name, event.call.arguments, event.result,
                   event.outcome, event.size)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ToolLogEntry:
    """One tool call in the Tools log: sizes only, never the arguments or the result."""

    time: float
    server: str  # "" for a built-in tool
    tool: str
    arguments_bytes: int
    result_bytes: int
    duration_s: float
    outcome: str
    conversation_id: int | None = None
