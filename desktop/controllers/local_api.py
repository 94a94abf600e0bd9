"""The local API in the window: Settings › Local API, the server's life, the approval
questions, and the request log.

The server (engine.api) runs on threads of its own and shares the window's model process
through its gate, so the user's own chats go first and the GUI thread never waits on a
request. Starting and stopping (the keyring, binding a port) happen on a worker of their
own, one at a time. A program that asks for the user's documents the first time raises a
``ClientApprovalNeeded`` on a server thread; it reaches the GUI thread as a queued
signal, and the dialog's answer goes back to the waiting request.
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QObject, Qt, Signal

from desktop.controllers.library import LibraryController
from desktop.controllers.settings import SettingsOwner
from desktop.workers import Workers
from engine.api.approvals import Approvals
from engine.api.config import ServerConfig
from engine.api.documents import ClientDocuments
from engine.api.running import running_api
from engine.api.server import ApiServer
from engine.api.service import ApiService
from engine.errors import HishoError
from engine.library.embedder import resolve_embedding_model
from engine.models.backend import ChatBackend
from engine.storage.api_log import ApiLog
from engine.storage.settings import ApiSettings, Settings
from engine.types import ApiLogEntry, ClientApprovalNeeded
from ui.api_log_window import ApiLogWindow
from ui.client_approval import ClientApprovalDialog
from ui.i18n import engine_text
from ui.local_api_settings import LocalApiOptions, LocalApiPage
from ui.main_window import MainWindow

log = logging.getLogger(__name__)


class LocalApiController(QObject):
    """Runs the local API while the settings say so; shows its state and questions."""

    #: From a server thread: a program asks for the documents the first time.
    approval_needed = Signal(object)  # ClientApprovalNeeded
    #: From a server thread: the user allowed a program (to be saved).
    client_allowed = Signal(str)
    #: The server's state changed: its base URL ("" when not running).
    state_changed = Signal(str)

    def __init__(
        self,
        window: MainWindow,
        settings: SettingsOwner,
        backend: ChatBackend,
        library: LibraryController,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.owner = settings
        self.backend = backend
        self.library = library
        self.lifecycle = Workers(max_threads=1)  # start and stop, one at a time
        self.server: ApiServer | None = None  # what the GUI shows
        self._live: ApiServer | None = None  # what runs (the lifecycle worker's)
        self.log: ApiLog | None = None
        self.error = ""
        self.dialogs: list[ClientApprovalDialog] = []
        self.log_window: ApiLogWindow | None = None
        self._wanted: ApiSettings | None = None  # the settings the running server has
        self.approvals = Approvals(settings.current.api.approved_clients,
                                   ask=self.approval_needed.emit,
                                   remember=self.client_allowed.emit)  # fmt: skip
        queued = Qt.ConnectionType.QueuedConnection
        self.approval_needed.connect(self.ask_approval, queued)
        self.client_allowed.connect(self._remember, queued)
        settings.changed.connect(self._settings_changed)

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    # --- the server's life --------------------------------------------------------------

    def start(self) -> None:
        """Start the server if the settings turn it on (off by default)."""
        if self.owner.current.api.enabled:
            self._restart(self.owner.current.api)

    def _restart(self, api: ApiSettings) -> None:
        self._wanted = api if api.enabled else None
        self.lifecycle.run_call(
            lambda: self._replace(api), on_result=self._started, on_error=self._failed
        )

    def _replace(self, api: ApiSettings) -> ApiServer | None:
        """On the lifecycle worker (one job at a time): stop the server that runs, start
        one for ``api``."""
        from engine.api.token import api_token

        if self._live is not None:
            self._live.stop()
            self._live = None
        if not api.enabled:
            return None
        if self.log is None:
            self.log = ApiLog()
        config = ServerConfig.from_settings(api, api_token())
        documents = ClientDocuments(self.library.client, self._embedding_model)
        service = ApiService(self.backend, lambda: self.owner.current, documents, self.approvals)
        server = ApiServer(config, service, self.log, kind="window")
        server.start()
        self._live = server
        return server

    def _embedding_model(self) -> str:
        return resolve_embedding_model(self.owner.current.library.embedding_model).name

    def _started(self, server: object) -> None:
        assert server is None or isinstance(server, ApiServer)
        self.server, self.error = server, ""
        self.state_changed.emit(self.url)
        if server is not None:
            self.window.show_transient(
                self.tr("The local API is running at {url}").format(url=server.url)
            )

    def _failed(self, message: str) -> None:
        self.server, self.error = None, message
        self.state_changed.emit("")
        self.window.show_error(
            self.tr("The local API did not start: {error}").format(error=engine_text(message))
        )

    def _settings_changed(self, settings: Settings) -> None:
        api = settings.api
        self.approvals.set_allowed(api.approved_clients)
        running = self._wanted
        same = (
            running is not None
            and dataclasses.replace(running, approved_clients=api.approved_clients) == api
        )
        if (api.enabled and not same) or (not api.enabled and running is not None):
            self._restart(api)

    def shutdown(self) -> None:
        """Stop listening now (the app quits)."""
        self._wanted = None
        for dialog in list(self.dialogs):
            dialog.reject()
        self.lifecycle.pool.waitForDone(10000)
        live, self._live, self.server = self._live, None, None
        if live is not None:
            live.stop()
        if self.log is not None:
            self.log.close()
            self.log = None

    # --- approvals ----------------------------------------------------------------------

    def ask_approval(self, request: ClientApprovalNeeded) -> ClientApprovalDialog:
        parent = self.window if self.window.isVisible() else None
        dialog = ClientApprovalDialog(request.client, request.user_agent, request.question,
                                      parent)  # fmt: skip

        def done() -> None:
            request.answer(dialog.allowed)
            if dialog in self.dialogs:
                self.dialogs.remove(dialog)
            dialog.deleteLater()

        dialog.finished.connect(done)
        self.dialogs.append(dialog)
        dialog.show()
        dialog.raise_()
        return dialog

    def _remember(self, client: str) -> None:
        api = self.owner.current.api
        if client not in api.approved_clients:
            allowed = (*api.approved_clients, client)
            self.owner.update(api=dataclasses.replace(api, approved_clients=allowed))

    # --- Settings › Local API -----------------------------------------------------------

    def status_text(self) -> tuple[str, bool]:
        """What the page says about the server now, and whether that is good news."""
        if self.server is not None:
            return self.tr("Running at {url}").format(url=self.server.url), True
        if self.error:
            return engine_text(self.error), False
        other = running_api()
        if other is not None and other.kind == "serve":
            return self.tr("`hisho serve` is running at {url} (process {pid}).").format(
                url=other.url, pid=other.pid
            ), True
        return self.tr("Off."), True

    def make_page(self) -> LocalApiPage:
        from engine.api.token import api_token

        api = self.owner.current.api
        options = LocalApiOptions(api.enabled, api.host, api.port, api.allow_other_address,
                                  api.cors_origins, api.approved_clients)  # fmt: skip
        token, problem = "", ""
        try:
            token = api_token()
        except HishoError as exc:
            problem = str(exc)
        page = LocalApiPage(options, token, self.status_text, problem)
        page.new_token_requested.connect(lambda: self.new_token(page))
        page.log_requested.connect(self.open_log)
        self.state_changed.connect(page.refresh_status)
        return page

    def apply(self, chosen: LocalApiOptions) -> bool:
        api = dataclasses.replace(
            self.owner.current.api, enabled=chosen.enabled, host=chosen.host, port=chosen.port,
            allow_other_address=chosen.allow_other_address, cors_origins=chosen.cors_origins,
            approved_clients=chosen.approved_clients,
        )  # fmt: skip
        return self.owner.update(api=api)

    def new_token(self, page: LocalApiPage) -> None:
        from engine.api.token import replace_token

        try:
            page.set_token(replace_token())
        except HishoError as exc:
            page.set_status(str(exc), ok=False)
            return
        if self._wanted is not None:
            self._restart(self.owner.current.api)  # the running server takes the new token

    def open_log(self) -> ApiLogWindow:
        def entries() -> list[ApiLogEntry]:
            if self.log is None:
                try:
                    self.log = ApiLog()
                except HishoError:
                    return []
            return self.log.entries()

        if self.log_window is None:
            self.log_window = ApiLogWindow(entries, self.window)
        else:
            self.log_window.refresh()
        self.log_window.show()
        self.log_window.raise_()
        return self.log_window
