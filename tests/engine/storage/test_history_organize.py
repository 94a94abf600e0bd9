"""Projects, pins, personas and the prompt library, kept in the history database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from engine import paths
from engine.chat.presets import prompt_library, setup_for
from engine.library.types import Scope
from engine.storage.history import History


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


def test_a_project_keeps_its_defaults_and_its_conversations(history: History) -> None:
    receipts = Scope("Receipts", None)
    project = history.create_project("  Tax   2026 ", receipts, "Be brief.", "/m.gguf")
    conversation = history.create_conversation()
    history.set_project(conversation.id, project.id)

    history.close()
    history = History(history.path)
    kept = history.project(project.id)
    assert kept is not None
    assert (kept.name, kept.scope, kept.system_prompt, kept.model) == (
        "Tax 2026", Scope("Receipts", None), "Be brief.", "/m.gguf",
    )  # fmt: skip
    moved = history.conversation(conversation.id)
    assert moved is not None and moved.project_id == project.id

    history.delete_project(project.id)  # the folder goes, its conversations stay
    left = history.conversation(conversation.id)
    assert left is not None and left.project_id == 0
    assert history.projects() == []
    history.close()


def test_pinned_conversations_come_first(history: History) -> None:
    old = history.create_conversation("old")
    history.create_conversation("newer")
    history.set_pinned(old.id, True)
    assert [c.title for c in history.conversations()] == ["old", "newer"]
    history.set_pinned(old.id, False)
    assert [c.title for c in history.conversations()] == ["newer", "old"]


def test_a_persona_wins_over_the_project_over_the_settings(history: History) -> None:
    project = history.create_project("Work", system_prompt="Answer as a lawyer.")
    persona = history.create_persona("Pirate", "Talk like a pirate.", "/p.gguf", 1.2)
    conversation = history.create_conversation()

    plain = setup_for(history, conversation.id, "Default.", 0.7)
    assert (plain.system_prompt, plain.temperature, plain.model) == ("Default.", 0.7, "")
    history.set_project(conversation.id, project.id)
    assert setup_for(history, conversation.id, "Default.", 0.7).system_prompt == (
        "Answer as a lawyer."
    )
    assert setup_for(history, None, "Default.", 0.7, project.id).system_prompt == (
        "Answer as a lawyer."
    )
    history.set_persona(conversation.id, persona.id)
    chosen = setup_for(history, conversation.id, "Default.", 0.7)
    assert (chosen.system_prompt, chosen.temperature, chosen.model, chosen.persona) == (
        "Talk like a pirate.", 1.2, "/p.gguf", "Pirate",
    )  # fmt: skip
    history.delete_persona(persona.id)
    assert setup_for(history, conversation.id, "Default.", 0.7).system_prompt == (
        "Answer as a lawyer."
    )


def test_the_prompt_library_has_the_built_ins_and_the_users_own(history: History) -> None:
    history.save_prompt("/Fix Grammar", "Fix the grammar of:")
    names = [p.name for p in prompt_library(history)]
    assert names == ["fix-grammar", "summarize", "translate"]
    history.save_prompt("summarize", "My own summary prompt:")
    own = {p.name: p for p in prompt_library(history)}
    assert own["summarize"].text == "My own summary prompt:" and not own["summarize"].builtin
    assert own["translate"].builtin
    history.delete_prompt("fix-grammar")
    assert [p.name for p in prompt_library(history)] == ["summarize", "translate"]
