"""Chat controller: conversations, sending, streaming, stop, regenerate, edit.

The engine does the work (``engine.chat.assistant.ask`` on a worker thread); this class
turns its events into widget updates on the GUI thread. A conversation with a scope
is answered from the user's files (``FileSearch``: the library's search, handed in by
the composition root), and indexing is told to yield the CPU while an answer generates.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication

from desktop.controllers.export import export_conversation
from desktop.controllers.model import ModelController
from desktop.workers import Workers, WorkerSignals
from engine.cancel import CancelToken
from engine.chat import assistant
from engine.chat.rag import Searcher
from engine.cloud.route import CloudRoute
from engine.errors import HishoError
from engine.library.types import Scope
from engine.models.backend import ChatBackend
from engine.models.defaults import resolve_chat_model
from engine.storage import settings as settings_store
from engine.storage.history import History
from engine.storage.settings import ChatSettings, Settings
from engine.types import (
    AuthorChanged,
    GenerationOptions,
    MessageStatus,
    ModelInfo,
    Notice,
    SourcesFound,
    StoredMessage,
    StreamEvent,
    SummaryProgress,
    Token,
    TurnFinished,
    TurnStarted,
)
from ui import dialogs
from ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: Context length assumed until the model has loaded and said its own.
DEFAULT_CONTEXT = 2048
#: One turn's events, given the token that stops it.
Turn = Callable[[CancelToken], Iterator[StreamEvent]]


@dataclasses.dataclass(frozen=True)
class FileSearch:
    """What answering from the user's files needs: a search (called on the worker
    thread) and a way to tell indexing that an answer is being generated."""

    search: Searcher
    set_busy: Callable[[bool], None]


class ChatController(QObject):
    """Owns the current conversation and the one reply being generated."""

    #: The conversation shown changed (or its scope did).
    current_changed = Signal()
    #: (conversation id, StreamEvent): every event of a turn, shown or not (the quick
    #: prompt follows its own turns through this).
    turn_event = Signal(int, object)
    #: (conversation id, error or ""): a turn ended, after its last event.
    turn_ended = Signal(int, str)

    def __init__(
        self,
        window: MainWindow,
        history: History,
        backend: ChatBackend,
        settings: Settings,
        workers: Workers,
        files: FileSearch | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.history = history
        self.backend = backend
        self.settings = settings
        self.workers = workers
        self.files = files
        self.context_length = DEFAULT_CONTEXT
        #: The scope of the conversation about to be created (none is shown yet).
        self.pending_scope: Scope | None = None
        self.current_id: int | None = None
        self.generating_in: int | None = None
        self._cancel: CancelToken | None = None
        self._signals: WorkerSignals | None = None
        self._editing_id: int | None = None
        self._sent_text = ""
        self._tokens = 0
        self._reply_id = 0
        self._started_at = 0.0
        self._error = ""
        #: How a turn in a conversation may use the cloud (set by the cloud controller;
        #: None: it may not).
        self.cloud_route: Callable[[int], CloudRoute | None] = lambda _id: None
        self.model = ModelController(
            window, backend, lambda: self.settings, workers, lambda: self.generating_in is not None
        )
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.model.loaded.connect(self._model_loaded)
        self.model.settings_changed.connect(self._use_settings)
        w = self.window
        w.prompt_submitted.connect(self.send)
        w.stop_requested.connect(self.stop)
        w.regenerate_requested.connect(self.regenerate)
        w.export_current_requested.connect(lambda: self.export(self.current_id))
        w.composer.cancel_edit.connect(self.cancel_edit)
        w.sidebar.new_requested.connect(self.new_conversation)
        w.sidebar.conversation_selected.connect(self.open_conversation)
        w.sidebar.delete_requested.connect(self.delete_conversation)
        w.sidebar.export_requested.connect(self.export)
        w.sidebar.search_changed.connect(self.search)
        w.sidebar.model.rename_requested.connect(self.rename)
        w.transcript.action_requested.connect(self._message_action)
        w.transcript.external_link_clicked.connect(self._open_link)

    # --- start-up ------------------------------------------------------------------

    def start(self) -> None:
        """Show the latest conversation and load the model in the background."""
        self.refresh_sidebar()
        conversations = self.history.conversations()
        if conversations:
            self.open_conversation(conversations[0].id)
        self.model.load()

    def _model_loaded(self, info: ModelInfo) -> None:
        self.context_length = info.context_length

    def _use_settings(self, settings: Settings) -> None:
        self.settings = settings

    def save_settings(self, settings: Settings) -> bool:
        """Save the whole settings object atomically and use it; False (and the error
        shown) when it could not be saved."""
        try:
            settings_store.save(settings)
        except HishoError as exc:
            self.window.show_error(str(exc))
            return False
        self.settings = settings
        return True

    # --- conversations -------------------------------------------------------------

    def refresh_sidebar(self) -> None:
        query = self.window.sidebar.search.text()
        if query.strip():
            self.search(query)
        else:
            self.window.sidebar.model.set_conversations(self.history.conversations())
        self.window.sidebar.select(self.current_id)

    def new_conversation(self) -> None:
        self.cancel_edit()
        self.current_id = None
        self.pending_scope = None  # a new conversation starts as chat only
        self.window.transcript.show_messages([])
        self.window.sidebar.select(None)
        self.window.set_can_regenerate(False)
        self.window.composer.setFocus()
        self.current_changed.emit()

    def create_conversation(self) -> int:
        """Start a conversation now (before its first message) and show it."""
        conversation = self.history.create_conversation()
        self.history.set_scope(conversation.id, self.pending_scope)
        self.pending_scope = None
        self.open_conversation(conversation.id)
        self.refresh_sidebar()
        return conversation.id

    def open_conversation(self, conversation_id: int) -> None:
        self.cancel_edit()
        self.current_id = conversation_id
        messages = self.history.messages(conversation_id)
        self.window.transcript.show_messages(messages)
        if self.generating_in == conversation_id:
            # The reply is still streaming into this conversation: show it growing.
            last = messages[-1] if messages else None
            if last is not None and last.status is MessageStatus.STREAMING:
                self.window.transcript.show_messages(messages[:-1])
                self.window.transcript.begin_reply(last.model)
                self.window.transcript.show_sources(last.id, last.sources)
                self.window.transcript.append_stream(last.content)
        self.window.sidebar.select(conversation_id)
        self._update_regenerate()
        self.current_changed.emit()

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
            self.tr("Delete conversation"),
            self.tr("Delete “{title}”? This cannot be undone.").format(title=conversation.title),
            self.tr("Delete"),
        ):
            return
        if self.generating_in == conversation_id:
            self.stop()
        try:
            self.history.delete_conversation(conversation_id)
        except HishoError as exc:
            self.window.show_error(str(exc))
            return
        if self.current_id == conversation_id:
            self.new_conversation()
        self.refresh_sidebar()

    def search(self, query: str) -> None:
        if not query.strip():
            self.window.sidebar.model.set_conversations(self.history.conversations())
        else:
            hits = self.history.search(query)
            self.window.sidebar.model.set_conversations(
                [hit.conversation for hit in hits],
                {hit.conversation.id: hit.snippet for hit in hits},
            )
        self.window.sidebar.select(self.current_id)

    def export(self, conversation_id: int | None) -> None:
        export_conversation(self.window, self.history, conversation_id)

    # --- sending -------------------------------------------------------------------

    def send(self, text: str) -> None:
        """Send the composer's text (or the edited message) in the current conversation.

        The composer keeps the text until the engine has saved it, so a failed save
        (read-only folder, full disk) loses nothing the user typed.
        """
        if not text.strip() or self.generating_in is not None:
            return
        try:
            if self.current_id is None:
                self.current_id = self.history.create_conversation().id
                self.history.set_scope(self.current_id, self.pending_scope)
                self.pending_scope = None
                self.window.transcript.show_messages([])
            if self._editing_id is not None:
                self.history.delete_messages_from(self.current_id, self._editing_id)
                self.window.transcript.show_messages(self.history.messages(self.current_id))
        except HishoError as exc:
            self.window.show_error(str(exc))
            return
        self._editing_id = None
        self.window.set_editing(False)
        self._sent_text = text
        self._generate(self.current_id, text)

    @property
    def busy(self) -> bool:
        """A reply is being generated (the one model answers one question at a time)."""
        return self.generating_in is not None

    def ask_in(self, conversation_id: int, text: str) -> bool:
        """Answer ``text`` in a conversation that need not be the one shown (the quick
        prompt's); its events arrive through ``turn_event``.

        Returns:
            False when a reply is already being generated (nothing was sent).
        """
        if not text.strip() or self.generating_in is not None:
            return False
        self._sent_text = ""  # the composer's text is not this message
        self._generate(conversation_id, text)
        return True

    def regenerate(self) -> None:
        if self.current_id is None or self.generating_in is not None:
            return
        messages = self.history.messages(self.current_id)
        last_user = max((m.id for m in messages if m.role == "user"), default=None)
        if last_user is None or _ends_in_summary(messages):
            return  # a summary's request is not a question the model could answer again
        later = [m for m in messages if m.id > last_user]
        try:
            if later:
                self.history.delete_messages_from(self.current_id, later[0].id)
        except HishoError as exc:
            self.window.show_error(str(exc))
            return
        self.window.transcript.show_messages(self.history.messages(self.current_id))
        self._generate(self.current_id, None)

    def stop(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
            self.window.set_status(self.tr("Stopping…"))

    def chat_settings(self) -> ChatSettings:
        """The chat settings in force: the general ones, with the active model's own."""
        model = resolve_chat_model(self.settings.chat.model_path)
        return settings_store.for_model(self.settings, model.name)

    def _generate(self, conversation_id: int, text: str | None) -> None:
        chat = self.chat_settings()
        options = GenerationOptions(
            max_tokens=chat.max_reply_tokens,
            temperature=chat.temperature,
            top_p=chat.top_p,
            top_k=chat.top_k,
            repeat_penalty=chat.repeat_penalty,
        )
        history, backend, system = self.history, self.backend, chat.system_prompt
        grounding = self._grounding(conversation_id)
        cloud = self.cloud_route(conversation_id)
        self.run_turn(
            conversation_id,
            lambda cancel: assistant.ask(
                history, backend, conversation_id, text, options, cancel, system, grounding, cloud
            ),
        )

    def run_turn(self, conversation_id: int, turn: Turn, status: str | None = None) -> bool:
        """Run one turn (an answer, a summary) on the worker: its events are shown as
        they come, Stop cancels it, and indexing yields the CPU meanwhile (``status``:
        what the status bar says meanwhile, "Thinking…" unless told).

        Returns:
            False when a reply is already being generated (nothing was started).
        """
        if self.generating_in is not None:
            return False
        cancel = CancelToken()
        self._cancel = cancel
        self.generating_in = conversation_id
        self._tokens = 0
        self._error = ""
        self._started_at = time.monotonic()
        self.window.banner.hide()
        self.window.set_generating(True)
        self.window.set_status(status if status is not None else self.tr("Thinking…"))
        if self.files is not None:
            self.files.set_busy(True)  # indexing yields the CPU until the answer is done
        self._signals = self.workers.run_generator(
            lambda: turn(cancel),
            on_yield=self._on_event,
            on_error=self._on_error,
            on_finished=self._on_finished,
        )
        return True

    def _grounding(self, conversation_id: int) -> assistant.Grounding | None:
        """How to answer from the user's files, if this conversation has a scope."""
        conversation = self.history.conversation(conversation_id)
        if conversation is None or conversation.scope is None or self.files is None:
            return None
        return assistant.Grounding(
            search=self.files.search,
            scope=conversation.scope,
            budget_tokens=max(256, self.context_length // 3),
            max_passages=self.settings.library.max_passages,
        )

    def _on_event(self, event: StreamEvent) -> None:
        viewing = self.current_id == self.generating_in
        transcript = self.window.transcript
        if isinstance(event, Token):
            self._tokens += 1
            if viewing:
                transcript.append_stream(event.text)
            elapsed = time.monotonic() - self._started_at
            if self._tokens % 8 == 0 and elapsed > 0:
                rate = f"{self._tokens / elapsed:.0f}"
                self.window.set_status(self.tr("Generating · {rate} tokens/s").format(rate=rate))
        elif isinstance(event, SourcesFound):
            self.window.set_status(
                self.tr("Answering from {count} passages…").format(count=len(event.passages))
            )
            if viewing:
                transcript.show_sources(self._reply_id, event.passages)
        elif isinstance(event, TurnStarted):
            self._reply_id = event.reply_message_id
            if event.user_message_id is not None:
                if self.window.composer.toPlainText() == self._sent_text:
                    self.window.composer.clear()  # saved: now the composer may forget it
                sent = self.history.message(event.user_message_id)
                if viewing and sent is not None:
                    transcript.add_message(sent)
            if viewing:
                transcript.begin_reply(self.backend.name)
            self.refresh_sidebar()
        elif isinstance(event, Notice):
            self.window.show_notice(event.text)
        elif isinstance(event, AuthorChanged):
            self.window.set_status(self.tr("Sending to {model}…").format(model=event.model))
            if viewing:
                transcript.set_stream_author(event.model, event.origin)
        elif isinstance(event, SummaryProgress):
            self.window.set_status(event.message)
            if event.phase == "writing" and event.done == 0:  # tokens/s of the final text
                self._tokens, self._started_at = 0, time.monotonic()
        elif isinstance(event, TurnFinished):
            stored = self.history.message(event.reply_message_id)
            if viewing and stored is not None:
                transcript.finish_reply(stored)
            self._finished_status(event)
        if self.generating_in is not None:
            self.turn_event.emit(self.generating_in, event)

    def _on_error(self, message: str) -> None:
        self._error = message
        self.window.show_error(message)

    def _finished_status(self, event: TurnFinished) -> None:
        stats = event.stats
        if event.status is MessageStatus.COMPLETE or event.status is MessageStatus.STOPPED:
            stopped = event.status is MessageStatus.STOPPED
            if stats.tokens_per_second:
                rate = f"{stats.tokens_per_second:.0f}"
                if stopped:
                    text = self.tr("Stopped · {rate} tokens/s").format(rate=rate)
                else:
                    text = self.tr("Ready · {rate} tokens/s").format(rate=rate)
            else:
                text = self.tr("Stopped") if stopped else self.tr("Ready")
            self.window.set_status(text)
        else:
            self.window.set_status(self.tr("The reply failed"))
            self.window.show_error(event.error)

    def _on_finished(self) -> None:
        if self.window.transcript.streaming:  # the turn ended without TurnFinished
            self.window.transcript.end_stream()
            self.window.set_status(self.tr("The reply failed"))
        ended, error = self.generating_in, self._error
        self.generating_in = None
        self._cancel = None
        self._signals = None
        if self.files is not None:
            self.files.set_busy(False)
        self.window.set_generating(False)
        self._update_regenerate()
        self.refresh_sidebar()
        if ended is not None:
            self.turn_ended.emit(ended, error)

    def _update_regenerate(self) -> None:
        possible = False
        if self.current_id is not None and self.generating_in is None:
            messages = self.history.messages(self.current_id)
            possible = any(m.role == "user" for m in messages) and not _ends_in_summary(messages)
        self.window.set_can_regenerate(possible)

    # --- per-message actions -------------------------------------------------------

    def _message_action(self, action: str, message_id: int) -> None:
        message = self.history.message(message_id)
        if message is None:
            return
        if action == "copy":
            QGuiApplication.clipboard().setText(message.content)
            self.window.set_status(self.tr("Copied to the clipboard"))
        elif action == "edit" and message.role == "user" and self.generating_in is None:
            self._editing_id = message.id
            self.window.set_editing(True, message.content)

    def cancel_edit(self) -> None:
        if self._editing_id is not None:
            self._editing_id = None
            self.window.set_editing(False)
            self.window.composer.clear()

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

    # --- shutdown ------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop any reply (its partial text is saved) and wait for the worker."""
        self.stop()
        self.workers.wait(5000)
        # Handle the events the worker queued before it ended now, while the history
        # is still open (the app closes it right after this).
        QCoreApplication.sendPostedEvents()


def _ends_in_summary(messages: list[StoredMessage]) -> bool:
    """Whether the last request was a summary (Regenerate would not summarize again)."""
    last = next((m for m in reversed(messages) if m.role == "user"), None)
    return last is not None and last.kind == "summary"
