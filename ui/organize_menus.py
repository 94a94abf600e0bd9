"""The sidebar's menus for organizing: a conversation's pin, project and persona; a
project's own menu (new conversation in it, edit, delete); "New project…" on the list.

Each item emits the sidebar's one ``organize_requested(action, id, value)`` signal:
("pin", conversation, 1 or 0), ("move", conversation, project or 0), ("persona",
conversation, persona or 0), ("new-in-project", project, 0), ("edit-project",
project, 0), ("delete-project", project, 0), ("new-project", 0, 0),
("edit-personas", 0, 0), ("fork", conversation, 0)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QMenu, QWidget

from engine.types import Conversation, Persona, Project
from ui.i18n import translate

Emit = Callable[[str, int, int], None]


def add_conversation_items(
    menu: QMenu, conversation: Conversation, projects: list[Project], personas: list[Persona],
    emit: Emit,
) -> None:  # fmt: skip
    """Pin or unpin, "Move to project", "Answer as" for one conversation."""
    cid = conversation.id
    if conversation.pinned:
        menu.addAction(translate("ConversationSidebar", "Unpin"), lambda: emit("pin", cid, 0))
    else:
        menu.addAction(translate("ConversationSidebar", "Pin to top"), lambda: emit("pin", cid, 1))
    menu.addAction(translate("ConversationSidebar", "Fork"), lambda: emit("fork", cid, 0))
    move = menu.addMenu(translate("ConversationSidebar", "Move to project"))
    for project in projects:
        action = move.addAction(project.name, partial(emit, "move", cid, project.id))
        action.setCheckable(True)
        action.setChecked(project.id == conversation.project_id)
    if conversation.project_id:
        move.addAction(
            translate("ConversationSidebar", "Out of the project"), lambda: emit("move", cid, 0)
        )
    move.addSeparator()
    move.addAction(
        translate("ConversationSidebar", "New project…"), lambda: emit("new-project", cid, 0)
    )
    persona_menu = menu.addMenu(translate("ConversationSidebar", "Answer as"))
    none = persona_menu.addAction(
        translate("ConversationSidebar", "No persona"), lambda: emit("persona", cid, 0)
    )
    none.setCheckable(True)
    none.setChecked(conversation.persona_id == 0)
    for persona in personas:
        action = persona_menu.addAction(persona.name, partial(emit, "persona", cid, persona.id))
        action.setCheckable(True)
        action.setChecked(persona.id == conversation.persona_id)
    persona_menu.addSeparator()
    persona_menu.addAction(
        translate("ConversationSidebar", "Personas and prompts…"),
        lambda: emit("edit-personas", 0, 0),
    )


def project_menu(parent: QWidget, project: Project, emit: Emit) -> QMenu:
    menu = QMenu(parent)
    menu.addAction(
        translate("ConversationSidebar", "New conversation in project"),
        lambda: emit("new-in-project", project.id, 0),
    )
    menu.addAction(
        translate("ConversationSidebar", "Edit project…"),
        lambda: emit("edit-project", project.id, 0),
    )
    menu.addSeparator()
    menu.addAction(
        translate("ConversationSidebar", "Delete project…"),
        lambda: emit("delete-project", project.id, 0),
    )
    return menu


def list_menu(parent: QWidget, emit: Emit) -> QMenu:
    """The menu on the list's empty space."""
    menu = QMenu(parent)
    menu.addAction(
        translate("ConversationSidebar", "New project…"), lambda: emit("new-project", 0, 0)
    )
    menu.addAction(
        translate("ConversationSidebar", "Personas and prompts…"),
        lambda: emit("edit-personas", 0, 0),
    )
    return menu
