"""Tools in the window: each turn's tools (built-in and MCP, when Settings turn them on),
the consent question for an MCP call, the Tools log window, and the MCP servers' end.

Tools are off by default (settings.json ``tools.enabled``; engine.tools.config). A turn
asks ``session`` on its worker thread, so starting a server and listing its tools never
blocks the window. A server that fails to start is said in a notice; the chat goes on.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.controllers.settings import SettingsOwner
from desktop.controllers.turns import FileSearch, TurnController
from engine.cancel import CancelToken
from engine.tools.builtin import Builtins
from engine.tools.calls import LINES
from engine.tools.config import tool_settings
from engine.tools.ledger import ToolLog
from engine.tools.loop import ToolSession
from engine.tools.mcp_client import McpServers
from engine.types import (
    StreamEvent,
    ToolBlock,
    ToolCallEnded,
    ToolCallStarted,
    ToolConsentNeeded,
    TurnFinished,
)
from ui.main_window import MainWindow
from ui.tool_consent_dialog import ToolConsentDialog
from ui.tools_log_window import ToolsLogWindow


class ToolsController(QObject):
    """Owns the MCP servers and the Tools log; builds each turn's ``ToolSession``."""

    def __init__(self, window: MainWindow, settings: SettingsOwner, turns: TurnController,
                 files: FileSearch | None = None) -> None:  # fmt: skip
        super().__init__(window)
        self.window, self.settings, self.files = window, settings, files
        config = tool_settings(settings.current.tools)
        self.servers = McpServers(config.servers)
        self._log: ToolLog | None = None
        self.allowed: dict[int, set[str]] = {}  # per conversation: tools allowed there
        self.consent: ToolConsentDialog | None = None
        self.log_window: ToolsLogWindow | None = None
        self.turns = turns
        settings.changed.connect(self._settings_changed)
        turns.turn_event.connect(self._turn_event)
        turns.use_tools(self.session)
        window.tools_log_requested.connect(self.open_log)

    @property
    def log(self) -> ToolLog:
        if self._log is None:
            self._log = ToolLog()
        return self._log

    def session(self, conversation_id: int, cancel: CancelToken) -> ToolSession | None:
        """The tools of a turn (called on the worker thread); None while tools are off."""
        config = tool_settings(self.settings.current.tools)
        if not config.enabled:
            return None
        search = self.files.search if self.files is not None else None
        specs = Builtins(search).specs()
        mcp, problems = self.servers.tools(cancel)  # a failed server offers no tools
        allowed = self.allowed.setdefault(conversation_id, set())
        fmt = self.turns.tool_format or LINES
        return ToolSession(specs + mcp, fmt, self.log, config.max_calls, allowed, problems)

    def _settings_changed(self, _settings: object = None) -> None:
        self.servers.configure(tool_settings(self.settings.current.tools).servers)

    def _turn_event(self, conversation_id: int, event: StreamEvent) -> None:
        if isinstance(event, ToolConsentNeeded):
            self.ask_consent(event)
        elif isinstance(event, ToolCallStarted):
            self.window.set_status(self.tr("Running the tool {tool}…").format(tool=event.call.name))
        elif isinstance(event, ToolCallEnded):
            if self.turns.conversations.current_id == conversation_id:
                self.window.transcript.show_tool_call(ToolBlock.of(event))
            if event.outcome in ("failed", "stopped"):
                self.window.show_notice(event.result)  # a server that crashed or hung says so
        elif isinstance(event, TurnFinished) and self.consent is not None:
            self.consent.reject()  # the turn ended (Stop) while the question was open

    def ask_consent(self, request: ToolConsentNeeded) -> ToolConsentDialog:
        """Show the call; the engine's turn waits for the answer (closing it is Deny)."""
        parent = self.window if self.window.isVisible() else None
        dialog = ToolConsentDialog(
            request.server, request.tool, request.description, request.arguments, parent
        )

        def done() -> None:
            request.answer(dialog.decision)
            self.consent = None
            dialog.deleteLater()

        dialog.finished.connect(done)
        self.consent = dialog
        dialog.open()
        return dialog

    def open_log(self) -> ToolsLogWindow:
        if self.log_window is None:
            self.log_window = ToolsLogWindow(self.log.entries, self.window)
        else:
            self.log_window.refresh()
        self.log_window.show()
        self.log_window.raise_()
        return self.log_window

    def close(self) -> None:
        """Stop the MCP servers (their child processes end) and close the log."""
        self.servers.close()
        if self._log is not None:
            self._log.close()
            self._log = None
