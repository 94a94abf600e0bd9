"""Whole-document controller: "Use the whole document" beside *Answer from* a file.

When the conversation on screen answers from one file, the file's whole text is
measured on a worker (``engine.chat.whole.fit``: the library process gives the pages,
the model process counts them with the model's own tokenizer), never on the GUI
thread. A file that fits the model's context gets the switch; one that does not gets
it disabled, with how much of it would fit ("About 40% of report.pdf fits this
model's context."). The user's choice is kept per conversation (for this run of the
app) and read by the turns controller when a question is asked: the whole file is
then the evidence, and the reply's sources are its pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject

from desktop.controllers.conversations import ConversationsController
from desktop.controllers.turns import TurnController
from desktop.workers import Workers, WorkerSignals
from engine.chat.whole import WholeFit, fit
from engine.library.types import FileStatus, IngestProgress, Passage, Scope
from engine.models.backend import ChatBackend
from ui.i18n import engine_text
from ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: The scope's one file whole, a passage per page (blocking: called on a worker).
DocumentReader = Callable[[Scope], Sequence[Passage]]
#: A file measured against a context length.
_Key = tuple[Scope, int]


class WholeDocumentController(QObject):
    """Measures the scope's file, shows the switch, remembers who switched it on."""

    def __init__(
        self,
        window: MainWindow,
        conversations: ConversationsController,
        turns: TurnController,
        backend: ChatBackend,
        document: DocumentReader,
        workers: Workers,
    ) -> None:
        super().__init__(window)
        self.selector = window.scope_selector
        self.conversations = conversations
        self.turns = turns
        self.backend = backend
        self.document = document
        self.workers = workers
        self.model_ready = False  # measuring needs the model's tokenizer
        self._fits: dict[_Key, WholeFit | None] = {}  # None: the file has no text (yet)
        self._asked: set[_Key] = set()
        self._in_flight: set[WorkerSignals] = set()  # kept alive until their job ends
        self._chosen: dict[int | None, Scope] = {}  # conversation (None: the next) → file
        turns.use_whole_document(self.chosen)
        #: Set at shutdown: a measure that lands after it touches nothing (the history
        #: is closed by then).
        self._closed = False
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.conversations.current_changed.connect(self._shown)
        self.selector.scope_chosen.connect(lambda _scope: self.refresh())
        self.selector.whole_toggled.connect(self.toggle)

    # --- what others call --------------------------------------------------------------

    def chosen(self, conversation_id: int, scope: Scope) -> bool:
        """Whether a question in this conversation gets ``scope``'s file whole: the user
        switched it on and the file fits the model's context."""
        measured = self._fits.get((scope, self.turns.context_length))
        return self._chosen.get(conversation_id) == scope and bool(measured and measured.fits)

    def model_loaded(self, *_: object) -> None:
        """The model is ready (or another one): measure against its context."""
        self.model_ready = True
        self.refresh()

    def file_progress(self, progress: IngestProgress) -> None:
        """A file was read again: its measure is out of date."""
        record = progress.file
        if record is None or record.status in (FileStatus.QUEUED, FileStatus.INDEXING):
            return
        stale = [key for key in {*self._fits, *self._asked} if key[0].path == record.path]
        for key in stale:
            self._fits.pop(key, None)
            self._asked.discard(key)
        if stale or self._current_file() is not None:
            self.refresh()

    def toggle(self, on: bool) -> None:
        scope = self._current_file()
        if on and scope is not None:
            self._chosen[self.conversations.current_id] = scope
        else:
            self._chosen.pop(self.conversations.current_id, None)

    def shutdown(self) -> None:
        """Hisho is quitting: measures still running land on nothing."""
        self._closed = True

    def refresh(self) -> None:
        """Show the switch for the conversation on screen, measuring its file first."""
        if self._closed:
            return
        scope = self._current_file()
        if scope is None or not self.model_ready:
            self.selector.hide_whole()
            return
        key = (scope, self.turns.context_length)
        if key in self._fits:
            self._show(scope, self._fits[key])
            return
        tip = QCoreApplication.translate(
            "WholeDocument", "Measuring whether {name} fits this model's context…"
        ).format(name=scope.describe())
        self.selector.offer_whole(False, False, tip)
        if key not in self._asked:
            self._asked.add(key)
            signals: WorkerSignals | None = None

            def finished() -> None:
                self._in_flight.discard(signals)

            signals = self.workers.run_call(
                lambda: self._measure(key),
                on_result=lambda measured: self._measured(key, measured),
                on_error=lambda message: self._failed(key, message),
                on_finished=finished,
            )
            self._in_flight.add(signals)

    # --- pieces ------------------------------------------------------------------------

    def _current_file(self) -> Scope | None:
        scope = self.conversations.current_scope()
        return scope if scope is not None and scope.path else None

    def _shown(self, conversation_id: int | None) -> None:
        """Another conversation is on screen; a choice made before the conversation
        existed goes with the one just created for it."""
        pending = self._chosen.get(None)
        moved = conversation_id is not None and conversation_id not in self._chosen
        if moved and pending is not None and self._current_file() == pending:
            self._chosen[conversation_id] = self._chosen.pop(None)
        self.refresh()

    def _measure(self, key: _Key) -> WholeFit | None:
        """On a worker: the file's pages counted with the model's tokenizer."""
        pages = list(self.document(key[0]))
        return fit(self.backend, pages, key[1]) if pages else None

    def _measured(self, key: _Key, measured: WholeFit | None) -> None:
        # A measure begun before the file was read may land after file_progress asked
        # again; the later answer lands last and replaces it.
        self._fits[key] = measured
        if not self._closed and self._current_file() == key[0]:
            self.refresh()

    def _failed(self, key: _Key, message: str) -> None:
        log.info("could not measure %s: %s", key[0].describe(), message)
        self._asked.discard(key)  # measured again the next time it is shown
        if not self._closed and self._current_file() == key[0]:
            self.selector.hide_whole()

    def _show(self, scope: Scope, measured: WholeFit | None) -> None:
        if measured is None:  # not read yet, or no text: the passages it has are used
            self.selector.hide_whole()
            return
        said = engine_text(measured.describe())
        if measured.fits:
            on = self._chosen.get(self.conversations.current_id) == scope
            self.selector.offer_whole(True, on, said)
        else:
            self.selector.offer_whole(False, False, said, said)
