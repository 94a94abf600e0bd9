"""Summary controller: summarize a file, a conversation or selected text.

A file dropped on the "Summarize" target, chosen with File › Summarize a file…, or
picked in the Files panel gets a conversation of its own ("Summary of report.pdf");
a conversation or a selection is summarized where it is. The summary runs as a turn
of the turn controller (``engine.summary.turn.summarize_turn``), so it streams, shows its
progress in the status bar, stops with Stop, and lands in the history with its pages
as sources.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from desktop.controllers.conversations import ConversationsController
from desktop.controllers.file_filters import file_filters
from desktop.controllers.settings import SettingsOwner
from desktop.controllers.turns import TurnController
from engine import paths
from engine.errors import HishoError
from engine.library.types import FileRecord
from engine.models.backend import ChatBackend
from engine.storage.history import History
from engine.summary.cache import SummaryCache
from engine.summary.sources import conversation_source, document_source, text_source
from engine.summary.turn import summarize_turn
from engine.summary.types import SummarySource
from engine.types import SummaryLength as Length
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: Reads what to summarize (on the worker thread: extraction may take a while).
SourceLoader = Callable[[], SummarySource]

BUSY = QT_TRANSLATE_NOOP(
    "SummaryController", "Hisho is still answering. Summarize when it is done, or press Stop first."
)


def summary_cache_path() -> Path:
    return paths.cache_dir() / "summaries.sqlite3"


class SummaryController(QObject):
    """Starts summaries; the turn controller runs and shows them."""

    def __init__(
        self,
        window: MainWindow,
        history: History,
        backend: ChatBackend,
        settings: SettingsOwner,
        conversations: ConversationsController,
        turns: TurnController,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.history = history
        self.backend = backend
        self.settings = settings
        self.conversations = conversations
        self.turns = turns
        self._cache: SummaryCache | None = None
        window.summarize_file_requested.connect(self.choose_file)
        window.summarize_path_requested.connect(self.summarize_file)
        window.summarize_conversation_requested.connect(self.summarize_current_conversation)
        window.summary_length_chosen.connect(self.set_length)
        window.summarize_listed_conversation_requested.connect(self.summarize_conversation)
        window.summarize_selection_requested.connect(self.summarize_selection)
        window.summarize_record_requested.connect(self._summarize_record)
        conversations.current_changed.connect(self._update_actions)
        turns.turn_ended.connect(self._update_actions)
        window.set_summary_length(self.length.value)
        self._update_actions()

    @property
    def length(self) -> Length:
        try:
            return Length(self.settings.current.chat.summary_length)
        except ValueError:
            return Length.BULLETS

    def set_length(self, value: str) -> None:
        """Save the summary length chosen in the menu (the menu goes back to the saved
        one when saving failed)."""
        chat = dataclasses.replace(self.settings.current.chat, summary_length=Length(value).value)
        self.settings.update(chat=chat)
        self.window.set_summary_length(self.length.value)

    @property
    def cache(self) -> SummaryCache | None:
        """The summary cache (None when it cannot be opened: summaries still work)."""
        if self._cache is None:
            try:
                self._cache = SummaryCache.open(summary_cache_path())
            except HishoError as exc:
                log.warning("summary cache unavailable: %s", exc)
        return self._cache

    def _update_actions(self, *_: object) -> None:
        self.window.set_can_summarize_conversation(self.conversations.current_id is not None)

    # --- what to summarize ---------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Summarize a file"), str(Path.home()), file_filters()
        )
        if path:
            self.summarize_file(path)

    def _summarize_record(self, record: FileRecord) -> None:
        self.summarize_file(record.path)

    def summarize_file(self, path: str) -> bool:
        """Summarize a file in a new conversation of its own."""
        if self.turns.busy:
            self.window.show_error(translate("SummaryController", BUSY))
            return False
        file = Path(path)
        try:
            conversation_id = self.conversations.create_conversation()
            self.history.rename_conversation(
                conversation_id, self.tr("Summary of {name}").format(name=file.name)
            )
        except HishoError as exc:
            self.window.show_error(str(exc))
            return False
        self.conversations.refresh_sidebar()
        status = self.tr("Summarizing {title}…").format(title=file.name)
        return self._start(conversation_id, file.name, lambda: document_source(file), status)

    def summarize_current_conversation(self) -> bool:
        conversation_id = self.conversations.current_id
        if conversation_id is None:
            return False
        return self.summarize_conversation(conversation_id)

    def summarize_conversation(self, conversation_id: int) -> bool:
        """Summarize a conversation; the summary is added at its end."""
        if self.turns.busy:
            self.window.show_error(translate("SummaryController", BUSY))
            return False
        history = self.history
        if not any(m.content.strip() for m in history.messages(conversation_id)):
            self.window.show_notice(
                self.tr("This conversation is empty: there is nothing to summarize.")
            )
            return False
        if self.conversations.current_id != conversation_id:
            self.conversations.open_conversation(conversation_id)
        source = conversation_source(history, conversation_id)
        status = self.tr("Summarizing this conversation…")
        return self._start(conversation_id, "this conversation", lambda: source, status)

    def summarize_selection(self, text: str) -> bool:
        """Summarize selected text, in the conversation shown (or a new one)."""
        if not text.strip():
            return False
        if self.turns.busy:
            self.window.show_error(translate("SummaryController", BUSY))
            return False
        conversation_id = self.conversations.ensure_current()
        source = text_source(text)
        status = self.tr("Summarizing the selected text…")
        return self._start(conversation_id, "the selected text", lambda: source, status)

    # --- running -------------------------------------------------------------------

    def _start(self, conversation_id: int, title: str, load: SourceLoader, status: str) -> bool:
        """Summarize ``load``'s source (``title``: how the model's instructions name it,
        in English) as a turn, ``status`` in the status bar meanwhile."""
        backend = self.backend
        history, cache, length = self.history, self.cache, self.length
        if self.conversations.current_id != conversation_id:
            self.conversations.open_conversation(conversation_id)
        cloud = self.turns.cloud_route(conversation_id)
        return self.turns.run_turn(
            conversation_id,
            lambda cancel: summarize_turn(
                history, backend, cache, conversation_id, title, load, length, cancel, cloud
            ),
            status=status,
        )

    def shutdown(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None
