"""Conversations controller: the list in the sidebar and the conversation on screen.

It owns which conversation is shown (``current_id``, read-only; ``current_changed``
says when it changes) and the scope of the one about to be created; it lists, opens,
creates, renames, deletes, searches and exports conversations. Others change the
shown conversation only through its methods.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.controllers.export import export_conversation
from engine.errors import HishoError
from engine.library.types import Scope
from engine.storage.history import History
from ui import dialogs
from ui.main_window import MainWindow
from ui.transcript import TranscriptView


class ConversationsController(QObject):
    """Owns the conversation on screen and the conversation list."""

    #: The conversation shown changed (its id; None: a new one, not created yet).
    current_changed = Signal(object)
    #: A conversation is about to be deleted (its id): a reply in it should stop.
    deleting = Signal(int)

    def __init__(self, window: MainWindow, transcript: TranscriptView, history: History) -> None:
        super().__init__(window)
        self.window = window
        self.transcript = transcript
        self.history = history
        self._current_id: int | None = None
        #: The scope of the conversation about to be created (none is shown yet).
        self._pending_scope: Scope | None = None
        self._pending_project = 0  # and the project it goes in (0: none)
        window.new_conversation_requested.connect(self.new_conversation)
        window.conversation_selected.connect(self.open_conversation)
        window.delete_conversation_requested.connect(self.delete_conversation)
        window.export_conversation_requested.connect(self.export)
        window.export_current_requested.connect(lambda: self.export(self._current_id))
        window.conversation_search_changed.connect(self.search)
        window.rename_conversation_requested.connect(self.rename)

    @property
    def current_id(self) -> int | None:
        """The conversation on screen (None: a new one, created by its first message)."""
        return self._current_id

    def _set_current(self, conversation_id: int | None) -> None:
        self._current_id = conversation_id
        self.current_changed.emit(conversation_id)

    # --- the scope of the conversation on screen -------------------------------------

    def current_scope(self) -> Scope | None:
        """What the conversation on screen draws on (None: chat only)."""
        if self._current_id is None:
            return self._pending_scope
        conversation = self.history.conversation(self._current_id)
        return conversation.scope if conversation is not None else None

    def set_current_scope(self, scope: Scope | None) -> None:
        """Scope the conversation on screen (or the next one, if none is shown yet).

        Raises:
            HishoError: the history could not be written.
        """
        if self._current_id is None:
            self._pending_scope = scope
        else:
            self.history.set_scope(self._current_id, scope)

    # --- showing ---------------------------------------------------------------------

    def refresh_sidebar(self) -> None:
        self.window.show_organization(self.history.projects(), self.history.personas())
        query = self.window.conversation_search_text()
        if query.strip():
            self.search(query)
        else:
            self.window.show_conversations(self.history.conversations())
        self.window.select_conversation(self._current_id)

    def new_conversation(self, project_id: int = 0) -> None:
        """Show an empty conversation, created by its first message: chat only, or in
        ``project_id`` with the project's *Answer from*."""
        project = self.history.project(project_id) if project_id else None
        self._pending_project = project.id if project is not None else 0
        self._pending_scope = project.scope if project is not None else None
        self.transcript.show_messages([])
        self.window.select_conversation(None)
        self.window.focus_composer()
        self._set_current(None)

    def open_conversation(self, conversation_id: int) -> None:
        self.transcript.show_messages(self.history.messages(conversation_id))
        self.window.select_conversation(conversation_id)
        self._set_current(conversation_id)

    def create_conversation(self) -> int:
        """Start a conversation now (before its first message) and show it."""
        conversation_id = self._create()
        self.open_conversation(conversation_id)
        self.refresh_sidebar()
        return conversation_id

    def ensure_current(self) -> int:
        """The conversation on screen, created first if none is shown yet."""
        if self._current_id is not None:
            return self._current_id
        return self.create_conversation()

    def begin_conversation(self) -> int:
        """Create the conversation a first message goes to and make it current (the
        transcript starts empty; the sidebar lists it once the message is saved)."""
        conversation_id = self._create()
        self.transcript.show_messages([])
        self._set_current(conversation_id)
        return conversation_id

    def _create(self) -> int:
        conversation = self.history.create_conversation()
        self.history.set_scope(conversation.id, self._pending_scope)
        if self._pending_project:
            self.history.set_project(conversation.id, self._pending_project)
        self._pending_scope, self._pending_project = None, 0
        return conversation.id

    @property
    def pending_project(self) -> int:
        """The project the conversation about to be created goes in (0: none)."""
        return self._pending_project if self._current_id is None else 0

    # --- changing --------------------------------------------------------------------

    def rename(self, conversation_id: int, title: str) -> None:
        try:
            self.history.rename_conversation(conversation_id, title)
        except HishoError as exc:
            self.window.show_error(str(exc))
        self.refresh_sidebar()

    def delete_conversation(self, conversation_id: int) -> None:
        conversation = self.history.conversation(conversation_id)
        if conversation is None:
            return
        if not dialogs.confirm(
            self.window,
            QCoreApplication.translate("ChatController", "Delete conversation"),
            QCoreApplication.translate(
                "ChatController", "Delete “{title}”? This cannot be undone."
            ).format(title=conversation.title),
            QCoreApplication.translate("ChatController", "Delete"),
        ):
            return
        self.deleting.emit(conversation_id)
        try:
            self.history.delete_conversation(conversation_id)
        except HishoError as exc:
            self.window.show_error(str(exc))
            return
        if self._current_id == conversation_id:
            self.new_conversation()
        self.refresh_sidebar()

    def search(self, query: str) -> None:
        if not query.strip():
            self.window.show_conversations(self.history.conversations())
        else:
            hits = self.history.search(query)
            self.window.show_conversations(
                [hit.conversation for hit in hits],
                {hit.conversation.id: hit.snippet for hit in hits},
            )
        self.window.select_conversation(self._current_id)

    def export(self, conversation_id: int | None) -> None:
        export_conversation(self.window, self.history, conversation_id)
