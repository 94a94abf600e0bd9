"""Plain types of how the user organizes conversations: projects, personas and the
prompt library (engine.types re-exports them for the window)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.library.types import Scope


@dataclass(frozen=True, slots=True)
class Project:
    """A folder of conversations, with defaults for the conversations started in it."""

    id: int
    name: str
    #: What a new conversation in it answers from (None: chat only).
    scope: Scope | None = None
    #: The system prompt and model file of its conversations ("": the settings' own).
    system_prompt: str = ""
    model: str = ""


@dataclass(frozen=True, slots=True)
class Persona:
    """A named system prompt, model and temperature a conversation can answer as."""

    id: int
    name: str
    system_prompt: str = ""
    model: str = ""  # a model file ("": the one in use)
    temperature: float | None = None  # None: the settings' own


@dataclass(frozen=True, slots=True)
class PromptPreset:
    """A prompt of the library, typed as ``/name`` in the composer."""

    name: str
    text: str
    builtin: bool = False  # shipped with Hisho (its text is translated), not the user's
