"""Organize controller: projects, pins, personas and the prompt library.

It answers the sidebar's ``organize_requested`` (pin, move to a project, answer as a
persona, new / edit / delete a project, a new conversation in a project) with the
history's methods, opens the project dialog and the personas-and-prompts dialog
(window-modal, never blocking), and keeps the composer's "/" list in step with the
library. Nothing here deletes a conversation. Its strings keep the translation context
"ChatController".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog

from desktop.controllers.conversations import ConversationsController
from engine.chat.presets import prompt_library
from engine.errors import HishoError
from engine.models import store
from engine.types import Persona, Project
from ui import dialogs
from ui.main_window import MainWindow
from ui.presets_dialog import PresetsDialog
from ui.project_dialog import ModelChoice, ProjectDialog


class OrganizeController(QObject):
    """Projects, pins, personas and prompts, from the sidebar's menus and the dialogs."""

    def __init__(
        self,
        window: MainWindow,
        conversations: ConversationsController,
        fork: Callable[[int], int | None],
    ) -> None:
        super().__init__(window)
        self._fork = fork  # a message's id -> the new conversation's
        self.window = window
        self.conversations = conversations
        self.history = conversations.history
        self.dialog: QDialog | None = None  # the dialog open now, if any
        window.organize_requested.connect(self.organize)
        self.refresh_prompts()

    def organize(self, action: str, item_id: int, value: int) -> None:
        try:
            self._organize(action, item_id, value)
        except HishoError as exc:
            self.window.show_error(str(exc))
        self.conversations.refresh_sidebar()

    def _organize(self, action: str, item_id: int, value: int) -> None:
        if action == "pin":
            self.history.set_pinned(item_id, bool(value))
        elif action == "move":
            self.history.set_project(item_id, value)
        elif action == "persona":
            self.history.set_persona(item_id, value)
            persona = self.history.persona(value) if value else None
            if persona is not None:
                said = QCoreApplication.translate(
                    "ChatController", "This conversation answers as {name}"
                )
                self.window.set_status(said.format(name=persona.name))
        elif action == "new-in-project":
            self.conversations.new_conversation(item_id)
        elif action == "new-project":
            self.edit_project(None, move=item_id)
        elif action == "edit-project":
            self.edit_project(self.history.project(item_id))
        elif action == "delete-project":
            self.delete_project(item_id)
        elif action == "edit-personas":
            self.edit_presets()
        elif action == "fork":  # from the conversation's last message shown
            shown = self.history.messages(item_id)
            if shown:
                self._fork(shown[-1].id)

    # --- projects ------------------------------------------------------------------

    def model_choices(self) -> list[ModelChoice]:
        return [(facts.name, str(facts.path)) for facts in store.installed()]

    def edit_project(self, project: Project | None, move: int = 0) -> ProjectDialog:
        """Open the project dialog (``project`` None: a new one, and conversation
        ``move`` goes in it once made)."""
        scopes = self.window.scope_selector.choices()
        dialog = ProjectDialog(self.window, project, scopes, self.model_choices())
        dialog.accepted.connect(lambda: self._project_saved(dialog.project(), move))
        self._open(dialog)
        return dialog

    def _project_saved(self, project: Project, move: int) -> None:
        try:
            if project.id:
                self.history.update_project(project)
            else:
                made = self.history.create_project(
                    project.name, project.scope, project.system_prompt, project.model
                )
                if move:
                    self.history.set_project(move, made.id)
        except HishoError as exc:
            self.window.show_error(str(exc))
        self.conversations.refresh_sidebar()

    def delete_project(self, project_id: int) -> None:
        project = self.history.project(project_id)
        if project is None or not dialogs.confirm(
            self.window,
            QCoreApplication.translate("ChatController", "Delete project"),
            QCoreApplication.translate(
                "ChatController",
                "Delete the project “{name}”? Its conversations stay, outside any project.",
            ).format(name=project.name),
            QCoreApplication.translate("ChatController", "Delete project"),
        ):
            return
        self.history.delete_project(project_id)

    # --- personas and prompts ------------------------------------------------------

    def edit_presets(self) -> PresetsDialog:
        dialog = PresetsDialog(self.window, self.model_choices())
        dialog.set_personas(self.history.personas())
        dialog.set_prompts(prompt_library(self.history))
        dialog.persona_saved.connect(lambda p: self._change(dialog, self._save_persona, p))
        dialog.persona_deleted.connect(
            lambda i: self._change(dialog, self.history.delete_persona, i)
        )
        dialog.prompt_saved.connect(
            lambda name, text: self._change(dialog, self.history.save_prompt, name, text)
        )
        dialog.prompt_deleted.connect(lambda n: self._change(dialog, self.history.delete_prompt, n))
        self._open(dialog)
        return dialog

    def _save_persona(self, persona: Persona) -> None:
        if persona.id:
            self.history.update_persona(persona)
        else:
            self.history.create_persona(
                persona.name, persona.system_prompt, persona.model, persona.temperature
            )

    def _change(self, dialog: PresetsDialog, change: Callable[..., None], *args: object) -> None:
        try:
            change(*args)
        except HishoError as exc:
            self.window.show_error(str(exc))
        dialog.set_personas(self.history.personas())
        dialog.set_prompts(prompt_library(self.history))
        self.refresh_prompts()
        self.conversations.refresh_sidebar()

    def refresh_prompts(self) -> None:
        """Give the composer's "/" list the library as it is now."""
        self.window.set_prompts(prompt_library(self.history))

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
