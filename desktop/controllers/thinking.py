"""The conversation's thinking switch: whether a reasoning model thinks before it
answers here.

What the loaded model allows comes with its :class:`~engine.types.ModelInfo` (its chat
template tells: no thinking, always, or a switch); the user's choice is kept per
conversation in the history, and the turns read it from there when they ask.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.controllers.active_model import ModelController
from desktop.controllers.conversations import ConversationsController
from engine.errors import HishoError
from engine.storage.history import History
from engine.types import ModelInfo, ThinkingSupport
from ui.main_window import MainWindow


class ThinkingController(QObject):
    """Shows the switch as the model and the conversation have it; keeps the choice."""

    def __init__(
        self,
        window: MainWindow,
        history: History,
        conversations: ConversationsController,
        model: ModelController,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.history = history
        self.conversations = conversations
        self.support = ThinkingSupport.NONE  # until a model has loaded
        self.on = True  # the conversation on screen lets the model think
        model.loaded.connect(self.use_model)
        conversations.current_changed.connect(self.show_state)
        window.thinking_toggled.connect(self.set_thinking)

    def use_model(self, info: ModelInfo) -> None:
        self.support = info.thinking
        self.window.set_thinking_state(self.support, self.on)

    def show_state(self) -> None:
        """Show the switch of the conversation on screen (a new one thinks)."""
        conversation_id = self.conversations.current_id
        try:
            conversation = (
                None if conversation_id is None else self.history.conversation(conversation_id)
            )
        except HishoError:  # the history is closing, or unreadable: the default
            conversation = None
        self.on = conversation is None or conversation.thinking
        self.window.set_thinking_state(self.support, self.on)

    def set_thinking(self, on: bool) -> None:
        """Let the model think in the conversation on screen, or not (from now on)."""
        try:
            self.history.set_thinking(self.conversations.ensure_current(), on)
        except HishoError as exc:
            self.window.show_error(str(exc))
        self.show_state()
