"""Turn controller: the one reply being generated — run it on a worker, show its
events, stop it, regenerate the last answer.

The engine does the work (``engine.chat.assistant.ask``, or any other turn such as a
summary, on a worker thread); this class turns its events into widget updates on the
GUI thread. A conversation with a scope is answered from the user's files
(``FileSearch``: the library's search, handed in by the composition root), and
indexing is told to yield the CPU while an answer generates — except while a question
waits for files of its scope still being read (``ReadingFiles``): then indexing goes
on, the transcript says so, and the answer follows when they are read (Stop ends the
wait).

Its strings keep the translation context "ChatController", where they began.

``FileSearch`` and the status words of an ended reply live in ``turn_parts``.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.controllers.conversations import ConversationsController
from desktop.controllers.settings import SettingsOwner
from desktop.controllers.turn_parts import FileSearch, ended_status, ends_in_summary
from desktop.workers import Workers, WorkerSignals
from engine.cancel import CancelToken
from engine.chat import assistant, presets
from engine.cloud.route import CloudRoute
from engine.errors import HishoError
from engine.library.types import Scope
from engine.models.backend import ChatBackend
from engine.storage.history import History
from engine.tools.loop import ToolSession
from engine.types import (
    AuthorChanged,
    GenerationOptions,
    MessageStatus,
    ModelInfo,
    Notice,
    ReadingFiles,
    SourcesFound,
    StreamEvent,
    SummaryProgress,
    ThinkingDelta,
    ThinkingDone,
    Token,
    TurnFinished,
    TurnStarted,
)
from ui.i18n import engine_text
from ui.main_window import MainWindow
from ui.transcript import TranscriptView

__all__ = ["FileSearch", "TurnController", "ends_in_summary"]

#: Context length assumed until the model has loaded and said its own.
DEFAULT_CONTEXT = 2048
#: One turn's events, given the token that stops it.
Turn = Callable[[CancelToken], Iterator[StreamEvent]]
#: How a turn in a conversation may use the cloud (None: it may not).
CloudRouter = Callable[[int], CloudRoute | None]
#: How long a question waits for files of its scope still being read (a long PDF on a
#: slow computer); after that the reply says they are still being read.
READ_WAIT_S = 600.0
#: The tools a turn in a conversation may use (None: none), asked on the worker thread.
ToolsFor = Callable[[int, CancelToken], ToolSession | None]
#: Whether a conversation answers from its file's whole text ("Use the whole document").
WholeChosen = Callable[[int, Scope], bool]


class TurnController(QObject):
    """Runs the one reply being generated (the one model answers one question at a time)."""

    #: (conversation id, StreamEvent): every event of a turn, shown or not (the quick
    #: prompt follows its own turns through this).
    turn_event = Signal(int, object)
    #: (conversation id, error or ""): a turn ended, after its last event.
    turn_ended = Signal(int, str)

    def __init__(
        self,
        window: MainWindow,
        transcript: TranscriptView,
        conversations: ConversationsController,
        backend: ChatBackend,
        settings: SettingsOwner,
        workers: Workers,
        files: FileSearch | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.transcript = transcript
        self.conversations = conversations
        self.history: History = conversations.history
        self.backend = backend
        self.settings = settings
        self.workers = workers
        self.files = files
        self.context_length = DEFAULT_CONTEXT
        self.model_path = ""  # of the loaded model: grounded answers are sized to it
        #: How long a question waits for its files to be read (tests make it shorter).
        self.read_wait_s = READ_WAIT_S
        self._reading = False  # the question waits for files: indexing is not held
        self.generating_in: int | None = None
        self._cloud_route: CloudRouter = lambda _id: None
        #: Switches to a model file a persona or project names (set by the chat controller).
        self.use_model_file: Callable[[str], None] | None = None
        self._tools: ToolsFor = lambda _id, _cancel: None
        self._whole: WholeChosen = lambda _id, _scope: False
        self.tool_format = "lines"  # how the loaded model writes a tool call
        self._cancel: CancelToken | None = None
        self._signals: WorkerSignals | None = None
        self._tokens = 0
        self._reply_id = 0
        self._started_at = 0.0
        self._error = ""

    @property
    def busy(self) -> bool:
        """A reply is being generated."""
        return self.generating_in is not None

    def use_model(self, info: ModelInfo) -> None:
        """The model has loaded: grounded answers are sized to its context and size."""
        self.context_length = info.context_length
        self.model_path = info.path
        self.tool_format = info.tool_format

    def use_tools(self, tools: ToolsFor) -> None:
        """How a turn gets its tools (the tools controller's ``session``, called on the
        worker thread)."""
        self._tools = tools

    def use_whole_document(self, chosen: WholeChosen) -> None:
        """How a turn knows the user chose "Use the whole document" for its file."""
        self._whole = chosen

    def use_cloud_route(self, route: CloudRouter) -> None:
        """How turns may use the cloud (the cloud controller's answer)."""
        self._cloud_route = route

    def cloud_route(self, conversation_id: int) -> CloudRoute | None:
        return self._cloud_route(conversation_id)

    # --- starting ------------------------------------------------------------------

    def ask(self, conversation_id: int, text: str | None) -> bool:
        """Answer ``text`` (None: the last question again) in a conversation.

        Returns:
            False when a reply is already being generated (nothing was sent).
        """
        chat = self.settings.chat_settings()
        conversation = self.history.conversation(conversation_id)
        setup = presets.setup_for(
            self.history, conversation_id, chat.system_prompt, chat.temperature
        )
        if setup.model and setup.model != chat.model_path and self.use_model_file is not None:
            self.use_model_file(setup.model)  # the persona's or project's own model
        options = GenerationOptions(
            max_tokens=chat.max_reply_tokens,
            temperature=setup.temperature,
            top_p=chat.top_p,
            top_k=chat.top_k,
            repeat_penalty=chat.repeat_penalty,
            thinking=conversation is None or conversation.thinking,
        )
        history, backend, system = self.history, self.backend, setup.system_prompt
        grounding = self._grounding(conversation_id)
        cloud = self.cloud_route(conversation_id)
        tools = self._tools if grounding is None else lambda _id, _cancel: None
        return self.run_turn(
            conversation_id,
            lambda cancel: assistant.ask(
                history, backend, conversation_id, text, options, cancel, system, grounding,
                cloud, tools(conversation_id, cancel),
            ),
        )  # fmt: skip

    def regenerate(self) -> None:
        """Answer the last question of the conversation on screen again."""
        conversation_id = self.conversations.current_id
        if conversation_id is None or self.busy:
            return
        messages = self.history.messages(conversation_id)
        last_user = max((m.id for m in messages if m.role == "user"), default=None)
        if last_user is None or ends_in_summary(messages):
            return  # a summary's request is not a question the model could answer again
        later = [m for m in messages if m.id > last_user]
        try:
            if later:  # the earlier reply stays, as version 1 of this one
                self.history.branch_from(conversation_id, later[0].id)
        except HishoError as exc:
            self.window.show_error(str(exc))
            return
        self.transcript.show_messages(self.history.messages(conversation_id))
        self.ask(conversation_id, None)

    def run_turn(self, conversation_id: int, turn: Turn, status: str | None = None) -> bool:
        """Run one turn (an answer, a summary) on the worker: its events are shown as
        they come, Stop cancels it, and indexing yields the CPU meanwhile (``status``:
        what the status bar says meanwhile, "Thinking…" unless told).

        Returns:
            False when a reply is already being generated (nothing was started).
        """
        if self.busy:
            return False
        cancel = CancelToken()
        self._cancel = cancel
        self.generating_in = conversation_id
        self._tokens = 0
        self._error = ""
        self._reading = False
        self._started_at = time.monotonic()
        self.window.hide_banner()
        self.window.set_generating(True)
        self.window.set_status(
            status
            if status is not None
            else QCoreApplication.translate("ChatController", "Thinking…")
        )
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
        grounding = assistant.grounding_for(
            self.files.search,
            conversation.scope,
            self.context_length,
            self.model_path,
            self.settings.current.library.max_passages,
            files=self.files.files,
            wait_s=self.read_wait_s if self.files.files is not None else 0.0,
        )
        if self.files.document is not None and self._whole(conversation_id, conversation.scope):
            return dataclasses.replace(grounding, document=self.files.document)
        return grounding

    def stop(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
            self.window.set_status(QCoreApplication.translate("ChatController", "Stopping…"))

    def stop_in(self, conversation_id: int) -> None:
        """Stop the reply if it is being generated in this conversation."""
        if self.generating_in == conversation_id:
            self.stop()

    # --- events --------------------------------------------------------------------

    def _on_event(self, event: StreamEvent) -> None:
        viewing = self.conversations.current_id == self.generating_in
        if self._reading and isinstance(event, Token | SourcesFound):
            self._read_done()
        if isinstance(event, ReadingFiles):
            self._on_reading(event, viewing)
        elif isinstance(event, Token):
            self._on_token(event, viewing)
        elif isinstance(event, ThinkingDelta):
            self._tokens += 1
            if viewing:
                self.transcript.append_thinking(event.text)
        elif isinstance(event, ThinkingDone):
            if viewing:
                self.transcript.end_thinking(event.seconds)
        elif isinstance(event, SourcesFound):
            self.window.set_status(
                QCoreApplication.translate(
                    "ChatController", "Answering from {count} passages…"
                ).format(count=len(event.passages))
            )
            if viewing:
                self.transcript.show_sources(self._reply_id, event.passages)
        elif isinstance(event, TurnStarted):
            self._on_started(event, viewing)
        elif isinstance(event, Notice):
            self.window.show_notice(event.text)
        elif isinstance(event, AuthorChanged):
            self.window.set_status(
                QCoreApplication.translate("ChatController", "Sending to {model}…").format(
                    model=event.model
                )
            )
            if viewing:
                self.transcript.set_stream_author(event.model, event.origin)
        elif isinstance(event, SummaryProgress):
            self.window.set_status(event.message)
            if event.phase == "writing" and event.done == 0:  # tokens/s of the final text
                self._tokens, self._started_at = 0, time.monotonic()
        elif isinstance(event, TurnFinished):
            stored = self.history.message(event.reply_message_id)
            if viewing and stored is not None:
                self.transcript.finish_reply(stored)
            self._finished_status(event)
        if self.generating_in is not None:
            self.turn_event.emit(self.generating_in, event)

    def _on_reading(self, event: ReadingFiles, viewing: bool) -> None:
        """The question waits for files still being read: indexing must go on meanwhile
        (it yields to an answer being generated, and this one is not yet)."""
        self._reading = True
        if self.files is not None:
            self.files.set_busy(False)
        text = engine_text(event.message)
        self.window.set_status(text)
        if viewing:
            self.transcript.show_waiting(text)

    def _read_done(self) -> None:
        """The wait is over: indexing yields the CPU to the answer again."""
        self._reading = False
        if self.files is not None and self.generating_in is not None:
            self.files.set_busy(True)

    def _on_token(self, event: Token, viewing: bool) -> None:
        self._tokens += 1
        if viewing:
            self.transcript.append_stream(event.text)
        elapsed = time.monotonic() - self._started_at
        if self._tokens % 8 == 0 and elapsed > 0:
            rate = f"{self._tokens / elapsed:.0f}"
            self.window.set_status(
                QCoreApplication.translate("ChatController", "Generating · {rate} tokens/s").format(
                    rate=rate
                )
            )

    def _on_started(self, event: TurnStarted, viewing: bool) -> None:
        self._reply_id = event.reply_message_id
        if event.user_message_id is not None:
            sent = self.history.message(event.user_message_id)
            if viewing and sent is not None:
                self.transcript.add_message(sent)
        if viewing:
            self.transcript.begin_reply(self.backend.name)
        self.conversations.refresh_sidebar()

    def _on_error(self, message: str) -> None:
        self._error = message
        self.window.show_error(message)

    def _finished_status(self, event: TurnFinished) -> None:
        if event.status is MessageStatus.COMPLETE or event.status is MessageStatus.STOPPED:
            self.window.set_status(ended_status(event))
        else:
            self.window.set_status(QCoreApplication.translate("ChatController", "The reply failed"))
            self.window.show_error(event.error)

    def _on_finished(self) -> None:
        if self.transcript.streaming:  # the turn ended without TurnFinished
            self.transcript.end_stream()
            self.window.set_status(QCoreApplication.translate("ChatController", "The reply failed"))
        ended, error = self.generating_in, self._error
        self.generating_in = None
        self._cancel = None
        self._signals = None
        if self.files is not None:
            self.files.set_busy(False)
        self.window.set_generating(False)
        if ended is not None:
            self.turn_ended.emit(ended, error)

    def shutdown(self) -> None:
        """Stop any reply (its partial text is saved) and wait for the worker."""
        self.stop()
        self.workers.wait(5000)
        # Handle the events the worker queued before it ended now, while the history
        # is still open (the app closes it right after this).
        QCoreApplication.sendPostedEvents()
