"""What a conversation answers with, and the prompt library typed with "/".

A conversation's persona (a named system prompt, model and temperature) wins over its
project's defaults, which win over the settings' own (:func:`setup_for`); the turn gets
the result as its system prompt and options, the window switches to the model file when
one is named. The prompt library is the built-in prompts (``/summarize``,
``/translate``, translated) and the user's own (:func:`prompt_library`); one of the
user's with a built-in's name replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.history import History
from engine.types import Persona, Project, PromptPreset

#: The prompts Hisho ships with: the text goes into the composer, the user adds theirs.
BUILTIN_PROMPTS = (
    PromptPreset(
        "summarize",
        QT_TRANSLATE_NOOP("Engine", "Summarize the following text in a few short bullet points:"),
        builtin=True,
    ),
    PromptPreset(
        "translate",
        QT_TRANSLATE_NOOP(
            "Engine",
            "Translate the following text into English (if it is in English, into Japanese):",
        ),
        builtin=True,
    ),
)


@dataclass(frozen=True, slots=True)
class TurnSetup:
    """The system prompt, temperature and model file a conversation's turn uses."""

    system_prompt: str
    temperature: float
    model: str = ""  # a model file to answer with ("": the one in use)
    persona: str = ""  # the persona's name, when one answers


def setup_for(
    history: History, conversation_id: int | None, system_prompt: str, temperature: float,
    project_id: int = 0,
) -> TurnSetup:  # fmt: skip
    """The setup of a turn in ``conversation_id`` (None: the one about to be created in
    ``project_id``), over the settings' ``system_prompt`` and ``temperature``."""
    conversation = history.conversation(conversation_id) if conversation_id else None
    if conversation is not None:
        project_id = conversation.project_id
    project = history.project(project_id) if project_id else None
    persona_id = conversation.persona_id if conversation is not None else 0
    persona = history.persona(persona_id) if persona_id else None
    return combine(project, persona, system_prompt, temperature)


def combine(
    project: Project | None, persona: Persona | None, system_prompt: str, temperature: float
) -> TurnSetup:
    """The persona's choices over the project's over the settings' own."""
    if project is not None:
        system_prompt = project.system_prompt or system_prompt
    model = project.model if project is not None else ""
    if persona is None:
        return TurnSetup(system_prompt, temperature, model)
    return TurnSetup(
        persona.system_prompt or system_prompt,
        temperature if persona.temperature is None else persona.temperature,
        persona.model or model,
        persona.name,
    )


def prompt_library(history: History) -> list[PromptPreset]:
    """The built-in prompts and the user's own, by name (the user's replace built-ins)."""
    own = {preset.name: preset for preset in history.user_prompts()}
    merged = {preset.name: preset for preset in BUILTIN_PROMPTS} | own
    return [merged[name] for name in sorted(merged)]
