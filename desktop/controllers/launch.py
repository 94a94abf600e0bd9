"""Launch controller: what a start of Hisho asks for, from this process's own
arguments or handed over by a later ``hisho`` (single instance).

- ``hisho --quick``: the quick prompt;
- ``hisho report.pdf``: add the file (as a drop does) and open a new conversation
  scoped to it, in the window;
- plain ``hisho``: bring the window forward.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from desktop.controllers.conversations import ConversationsController
from desktop.controllers.quick import QuickController
from desktop.controllers.scope import ScopeController
from desktop.launch import Launch, parse_launch
from ui.main_window import MainWindow

log = logging.getLogger(__name__)


class LaunchController(QObject):
    """Does what a launch asks for."""

    def __init__(
        self,
        window: MainWindow,
        conversations: ConversationsController,
        scope: ScopeController,
        quick: QuickController,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.conversations = conversations
        self.scope = scope
        self.quick = quick

    def handle_request(self, argv: list[str], cwd: str) -> None:
        """A later launch's arguments (from the instance server)."""
        self.handle(parse_launch(argv, cwd), handed_over=True)

    def handle(self, launch: Launch, handed_over: bool = False) -> None:
        """Act on a launch (``handed_over``: it came from a later ``hisho``)."""
        if launch.files:
            self.window.bring_to_front()
            self.conversations.new_conversation()  # a conversation of their own
            self.scope.drop_to_ask(list(launch.files), None)
            log.info("launch: adding %s and asking about it", list(launch.files))
        if launch.quick:
            self.quick.open()
            log.info("launch: quick prompt opened")
        if handed_over and not launch.files and not launch.quick and not launch.hidden:
            self.window.bring_to_front()
            log.info("launch: window brought forward")
