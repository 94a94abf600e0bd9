"""Chat controller: the glue of chatting in the main window.

It builds the three pieces of a chat and keeps them in step: the conversations
(:class:`~desktop.controllers.conversations.ConversationsController`: the list and the
one on screen), the turns (:class:`~desktop.controllers.turns.TurnController`: the one
reply being generated) and the model in use
(:class:`~desktop.controllers.active_model.ModelController`). Itself it does what joins
them: sending the composer's text (or an edited message), per-message actions, links,
and whether Regenerate is possible.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from desktop.controllers.active_model import ModelController
from desktop.controllers.conversations import ConversationsController
from desktop.controllers.organize import OrganizeController
from desktop.controllers.settings import SettingsOwner
from desktop.controllers.turns import FileSearch, TurnController, ends_in_summary
from desktop.controllers.versions import VersionsController
from desktop.workers import Workers
from engine.errors import HishoError
from engine.models.backend import ChatBackend
from engine.storage.history import History
from engine.types import MessageStatus, StreamEvent, TurnStarted
from ui import dialogs
from ui.main_window import MainWindow


class ChatController(QObject):
    """Joins the conversations, the turns and the model in use to the window."""

    def __init__(
        self,
        window: MainWindow,
        history: History,
        backend: ChatBackend,
        settings: SettingsOwner,
        workers: Workers,
        files: FileSearch | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.history = history
        self.settings = settings
        self.workers = workers
        self.transcript = window.transcript
        self.conversations = ConversationsController(window, self.transcript, history)
        self.turns = TurnController(
            window, self.transcript, self.conversations, backend, settings, workers, files
        )
        self.model = ModelController(window, backend, settings, workers, lambda: self.turns.busy)
        self.turns.use_model_file = lambda path: self.model.use_model(Path(path))
        self.versions = VersionsController(window, self.conversations, self.turns)
        self.organize = OrganizeController(window, self.conversations, self.versions.fork)
        self._editing_id: int | None = None
        self._sent_text = ""  # the composer's text while its message is being saved
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.model.loaded.connect(self.turns.use_model)
        self.conversations.current_changed.connect(self._show_current)
        self.conversations.deleting.connect(self.turns.stop_in)
        self.turns.turn_event.connect(self._turn_event)
        self.turns.turn_ended.connect(self._turn_ended)
        w = self.window
        w.prompt_submitted.connect(self.send)
        w.stop_requested.connect(self.turns.stop)
        w.regenerate_requested.connect(self.turns.regenerate)
        w.cancel_edit_requested.connect(self.cancel_edit)
        w.message_action_requested.connect(self._message_action)
        w.external_link_clicked.connect(self._open_link)

    def start(self) -> None:
        """Show the latest conversation and load the model in the background."""
        self.conversations.refresh_sidebar()
        conversations = self.history.conversations()
        if conversations:
            self.conversations.open_conversation(conversations[0].id)
        self.model.load()

    # --- sending -------------------------------------------------------------------

    def send(self, text: str) -> None:
        """Send the composer's text (or the edited message) in the current conversation.

        The composer keeps the text until the engine has saved it, so a failed save
        (read-only folder, full disk) loses nothing the user typed.
        """
        if not text.strip() or self.turns.busy:
            return
        try:
            conversation_id = self.conversations.current_id
            if conversation_id is None:
                conversation_id = self.conversations.begin_conversation()
            if self._editing_id is not None:  # the earlier turn stays, as version 1
                self.history.branch_from(conversation_id, self._editing_id)
                self.transcript.show_messages(self.history.messages(conversation_id))
        except HishoError as exc:
            self.window.show_error(str(exc))
            return
        self._editing_id = None
        self.window.set_editing(False)
        self._sent_text = text
        self.turns.ask(conversation_id, text)

    def _turn_event(self, _conversation_id: int, event: StreamEvent) -> None:
        saved = isinstance(event, TurnStarted) and event.user_message_id is not None
        if saved and self.window.composer_text() == self._sent_text:
            self.window.clear_composer()  # saved: now the composer may forget it

    def _turn_ended(self, _conversation_id: int, _error: str) -> None:
        self._sent_text = ""  # a later turn (the quick prompt's) is not the composer's
        self._update_regenerate()
        self.conversations.refresh_sidebar()

    # --- the conversation on screen --------------------------------------------------

    def _show_current(self, conversation_id: int | None) -> None:
        self.cancel_edit()
        if conversation_id is not None and self.turns.generating_in == conversation_id:
            # The reply is still streaming into this conversation: show it growing.
            messages = self.history.messages(conversation_id)
            last = messages[-1] if messages else None
            if last is not None and last.status is MessageStatus.STREAMING:
                self.transcript.show_messages(messages[:-1])
                self.transcript.begin_reply(last.model)
                self.transcript.show_sources(last.id, last.sources)
                if last.thinking:
                    self.transcript.append_thinking(last.thinking)
                self.transcript.append_stream(last.content)
        self._update_regenerate()

    def _update_regenerate(self) -> None:
        possible = False
        conversation_id = self.conversations.current_id
        if conversation_id is not None and not self.turns.busy:
            messages = self.history.messages(conversation_id)
            possible = any(m.role == "user" for m in messages) and not ends_in_summary(messages)
        self.window.set_can_regenerate(possible)

    # --- per-message actions -------------------------------------------------------

    def _message_action(self, action: str, message_id: int) -> None:
        message = self.history.message(message_id)
        if message is None:
            return
        if action == "copy":
            QGuiApplication.clipboard().setText(message.content)
            self.window.set_status(self.tr("Copied to the clipboard"))
        elif action == "edit" and message.role == "user" and not self.turns.busy:
            self._editing_id = message.id
            self.window.set_editing(True, message.content)

    def cancel_edit(self) -> None:
        if self._editing_id is not None:
            self._editing_id = None
            self.window.set_editing(False)
            self.window.clear_composer()

    def _open_link(self, url: QUrl) -> None:
        """Links open only when clicked, after the user has seen the full address."""
        if url.scheme() not in ("http", "https", "mailto"):
            if url.scheme():
                message = self.tr("Hisho does not open {scheme} links.").format(scheme=url.scheme())
            else:
                message = self.tr("Hisho does not open local links.")
            self.window.show_error(message)
            return
        if dialogs.confirm(
            self.window,
            self.tr("Open link"),
            self.tr("Open this address in your browser?\n\n{address}").format(
                address=url.toString()
            ),
            self.tr("Open in browser"),
        ):
            QDesktopServices.openUrl(url)

    def shutdown(self) -> None:
        """Stop any reply (its partial text is saved) and wait for the worker."""
        self.turns.shutdown()
