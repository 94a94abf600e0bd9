"""Quick prompt controller: a question from anywhere, answered through the same path as
the main window.

The exchange is a normal conversation, created on the first question: the turn
controller generates it (``TurnController.ask``: the same engine call, the same
History, and the one-reply-at-a-time rule), and its events reach the prompt through
``turn_event``. "Use my documents" scopes that conversation to all the user's files;
"include clipboard text" adds the clipboard's text to the question. "Continue in Hisho"
opens the conversation in the main window. When the main window is answering, the
question waits for it and is sent next.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QGuiApplication

from desktop.controllers.conversations import ConversationsController
from desktop.controllers.turns import TurnController
from engine.errors import HishoError
from engine.library.types import Scope
from engine.types import (
    MessageStatus,
    Notice,
    SourcesFound,
    StreamEvent,
    Token,
    TurnFinished,
    TurnStarted,
)
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.main_window import MainWindow
from ui.quick_prompt import QuickPrompt

log = logging.getLogger(__name__)

#: The most clipboard text sent with a question (the rest is cut, with a note).
MAX_CLIPBOARD_CHARS = 20_000
WAITING = QT_TRANSLATE_NOOP(
    "QuickController",
    "Hisho is answering in the main window; your question is sent as soon as it is done.",
)


def with_clipboard(question: str, clipboard: str) -> str:
    """The message sent: the question, then the clipboard's text."""
    text = clipboard.strip()
    if len(text) > MAX_CLIPBOARD_CHARS:
        left_out = QCoreApplication.translate(
            "QuickController", "[… the rest of the clipboard text was left out]"
        )
        text = text[:MAX_CLIPBOARD_CHARS] + "\n" + left_out
    heading = QCoreApplication.translate("QuickController", "Text from my clipboard:")
    return f'{question}\n\n{heading}\n"""\n{text}\n"""'


class QuickController(QObject):
    """Drives the quick prompt: open, ask, stream, continue in the main window."""

    def __init__(
        self,
        prompt: QuickPrompt,
        window: MainWindow,
        conversations: ConversationsController,
        turns: TurnController,
        save_toggles: Callable[[bool, bool], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.prompt = prompt
        self.window = window
        self.conversations = conversations
        self.turns = turns
        self.history = conversations.history
        self.save_toggles = save_toggles
        #: The conversation of the exchange on screen (None until the first question).
        self.conversation_id: int | None = None
        #: A question waiting for the main window's answer to finish.
        self.waiting: str | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.prompt.submitted.connect(self.ask)
        self.prompt.continue_requested.connect(self.continue_in_window)
        self.prompt.toggles_changed.connect(self._toggles_changed)
        self.prompt.hidden.connect(self._hidden)
        self.turns.turn_event.connect(self._on_event)
        self.turns.turn_ended.connect(self._on_turn_ended)

    # --- opening ---------------------------------------------------------------------

    @property
    def generating(self) -> bool:
        """The exchange on screen is being answered."""
        return self.conversation_id is not None and self.turns.generating_in == self.conversation_id

    def open(self) -> None:
        """Show the prompt: a fresh one, unless its answer is still coming in."""
        if not self.prompt.isVisible() and not self.generating:
            self.conversation_id = None
            self.prompt.reset()
        self.prompt.show_prompt()

    def toggle(self) -> None:
        """Open, or hide when it is open and has the focus (the global shortcut)."""
        if self.prompt.isVisible() and self.prompt.isActiveWindow():
            self.prompt.hide()
        else:
            self.open()

    def _hidden(self) -> None:
        if self.waiting is not None:
            self.waiting = None  # hiding drops a question that was waiting

    def _toggles_changed(self, use_documents: bool, include_clipboard: bool) -> None:
        if self.save_toggles is not None:
            self.save_toggles(use_documents, include_clipboard)

    # --- asking ----------------------------------------------------------------------

    def ask(self, question: str) -> None:
        """Send the question (with the clipboard's text, if asked) in this exchange."""
        if not question.strip() or self.generating:
            return
        if self.turns.busy:
            self.waiting = question
            self.prompt.set_status(translate("QuickController", WAITING))
            return
        self.waiting = None
        message = question
        if self.prompt.include_clipboard.isChecked():
            clipboard = QGuiApplication.clipboard().text()
            if clipboard.strip():
                message = with_clipboard(question, clipboard)
            else:
                self.prompt.set_status(self.tr("The clipboard has no text; asking without it."))
        try:
            conversation_id = self._conversation()
        except HishoError as exc:
            self.prompt.set_status(str(exc), "error")
            return
        self.prompt.begin_answer()
        self.prompt.set_can_continue(False)
        if not self.turns.ask(conversation_id, message):
            self.prompt.set_status(self.tr("Hisho could not start answering; try again."), "error")

    def _conversation(self) -> int:
        """The exchange's conversation (made on the first question), scoped as the
        "use my documents" toggle says."""
        scope = Scope() if self.prompt.use_documents.isChecked() else None
        conversation = None
        if self.conversation_id is not None:  # (it may have been deleted meanwhile)
            conversation = self.history.conversation(self.conversation_id)
        if conversation is None:
            conversation = self.history.create_conversation()
            self.conversation_id = conversation.id
        if conversation.scope != scope:
            self.history.set_scope(conversation.id, scope)
        return conversation.id

    def _on_event(self, conversation_id: int, event: StreamEvent) -> None:
        if conversation_id != self.conversation_id:
            return
        prompt = self.prompt
        thinking = self.tr("Thinking…")
        if isinstance(event, TurnStarted):
            prompt.set_status(thinking)
        elif isinstance(event, Token):
            if prompt.status.text() == thinking:
                prompt.set_status("")
            prompt.append_answer(event.text)
        elif isinstance(event, SourcesFound):
            prompt.show_sources([self.tr("{name} p. {page}").format(name=p.name, page=p.page)
                                 if p.page else p.name
                                 for p in event.passages])  # fmt: skip
        elif isinstance(event, Notice):
            prompt.set_status(event.text)
        elif isinstance(event, TurnFinished):
            prompt.finish_answer(event.text)
            if event.status is MessageStatus.ERROR:
                prompt.set_status(event.error or self.tr("The answer failed."), "error")
            elif event.status is MessageStatus.STOPPED:
                prompt.set_status(self.tr("Stopped."))
            elif prompt.status.text() == thinking:
                prompt.set_status("")

    def _on_turn_ended(self, conversation_id: int, error: str) -> None:
        if conversation_id == self.conversation_id:
            if error:
                self.prompt.set_status(error, "error")
            self.prompt.set_can_continue(True)
        elif self.waiting is not None and self.prompt.isVisible():
            question, self.waiting = self.waiting, None
            self.ask(question)  # the main window's answer is done: ours is next

    # --- handing over ----------------------------------------------------------------

    def continue_in_window(self) -> None:
        """Open the exchange as a conversation in the main window and hide the prompt."""
        if self.conversation_id is None:
            return
        conversation_id = self.conversation_id
        self.prompt.hide()
        self.conversations.open_conversation(conversation_id)
        self.conversations.refresh_sidebar()
        self.window.bring_to_front()
        self.window.focus_composer()
        log.info("quick prompt: continued conversation %d in the window", conversation_id)
