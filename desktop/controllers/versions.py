"""Versions and forks: the message actions that keep every reply reachable.

"‹" and "›" under a message show its earlier or later version (a reply regenerated, a
question edited and sent again) with the newest line of messages that follows it;
"Fork" starts a new conversation holding everything up to the message. Nothing is
deleted by either. Its strings keep the translation context "ChatController".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from desktop.controllers.conversations import ConversationsController
from desktop.controllers.turns import TurnController
from engine.errors import HishoError
from ui.i18n import engine_text
from ui.main_window import MainWindow

_STEPS = {"version-prev": -1, "version-next": +1}


class VersionsController(QObject):
    """Steps between a turn's versions and forks conversations."""

    def __init__(
        self, window: MainWindow, conversations: ConversationsController, turns: TurnController
    ) -> None:
        super().__init__(window)
        self.window = window
        self.conversations = conversations
        self.turns = turns
        self.history = conversations.history
        window.message_action_requested.connect(self._message_action)

    def _message_action(self, action: str, message_id: int) -> None:
        try:
            if action == "fork":
                self.fork(message_id)
            elif action in _STEPS:
                self.step(message_id, _STEPS[action])
        except HishoError as exc:
            self.window.show_error(str(exc))

    def step(self, message_id: int, step: int) -> None:
        """Show the version ``step`` away from the message's own (not while a reply is
        being written in its conversation)."""
        message = self.history.message(message_id)
        if message is None:
            return
        if self.turns.generating_in == message.conversation_id:
            self.window.show_notice(
                QCoreApplication.translate(
                    "ChatController", "Wait for the reply to finish, then look at other versions."
                )
            )
            return
        if self.history.step_version(message_id, step):
            self.conversations.open_conversation(message.conversation_id)

    def fork(self, message_id: int) -> int | None:
        """A new conversation with everything up to the message, shown; its id."""
        message = self.history.message(message_id)
        conversation = (
            self.history.conversation(message.conversation_id) if message is not None else None
        )
        if message is None or conversation is None:
            return None
        title = QCoreApplication.translate("ChatController", "{title} (fork)").format(
            title=engine_text(conversation.title)
        )
        fork_id = self.history.fork(conversation.id, message_id, title)
        self.conversations.open_conversation(fork_id)
        self.conversations.refresh_sidebar()
        self.window.set_status(
            QCoreApplication.translate("ChatController", "Forked into a new conversation")
        )
        return fork_id
