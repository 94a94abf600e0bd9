"""My servers: the user's own model servers in the Models window, and the route a turn
takes to the one chosen for chat.

engine.cloud.servers decides what counts as the user's (a private address) and speaks to
the server through the cloud path; this controller lists the servers' models and the
engines found running here on a worker, saves what the user adds and chooses, and gives
each turn a route to the chosen server model: it answers instead of the local model,
with no consent question (unless the server asks for one), every request in the egress
log, and the reply marked as from "your server". Without a chosen server model, the
cloud controller's route applies as before.
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QObject

from desktop.controllers.cloud import CloudController
from desktop.controllers.installed_models import ModelsController
from desktop.controllers.settings import SettingsOwner
from desktop.controllers.turns import TurnController
from desktop.workers import Workers
from engine.cloud.policy import Policy
from engine.cloud.route import CloudRoute
from engine.cloud.servers import (
    KNOWN_ENGINES,
    Engine,
    address_problem,
    detect,
    server_backend,
    server_models,
)
from engine.errors import CloudError, HishoError
from engine.storage.egress import EgressLog
from engine.storage.settings import MyServer
from ui.i18n import engine_text
from ui.main_window import MainWindow
from ui.servers_tab import ServerModelRow, ServersTab

log = logging.getLogger(__name__)


def split_choice(choice: str) -> tuple[str, str]:
    """ "Home/llama3.2:3b" -> ("Home", "llama3.2:3b") (a server's name has no slash)."""
    server, _, model = choice.partition("/")
    return server, model


class ServersController(QObject):
    """The My servers tab and the route to the chosen server model."""

    def __init__(
        self,
        window: MainWindow,
        settings: SettingsOwner,
        cloud: CloudController,
        turns: TurnController,
        models: ModelsController,
        workers: Workers,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.owner = settings
        self.cloud = cloud
        self.models = models
        self.workers = workers
        self.tab: ServersTab | None = None
        #: The engines looked for on this computer (tests point it at their own).
        self.engines: tuple[Engine, ...] = KNOWN_ENGINES
        self._jobs: list[object] = []
        turns.use_cloud_route(self.route)  # replaces the cloud's; it falls back to it
        window.models_requested.connect(self._models_opened)  # after the Models window's

    @property
    def servers(self) -> tuple[MyServer, ...]:
        return self.owner.current.servers

    def chosen(self) -> tuple[MyServer, str] | None:
        """The server model chosen for chat, if any (and its server still exists)."""
        name, model = split_choice(self.owner.current.chat.server_model)
        server = next((s for s in self.servers if s.name == name), None)
        return (server, model) if server is not None and model else None

    # --- a turn ------------------------------------------------------------------------

    def route(self, conversation_id: int) -> CloudRoute | None:
        """The chosen server model (no consent unless the server asks for it), else the
        cloud's route. Nothing goes to a server while the egress log is not open."""
        chosen = self.chosen()
        if chosen is None or self.cloud.egress is None:
            return self.cloud.route(conversation_id)
        server, model = chosen
        try:
            backend = server_backend(server, model, self.cloud.egress, conversation_id)
        except CloudError as exc:
            log.warning("my server %s: %s", server.name, exc)
            return self.cloud.route(conversation_id)
        return CloudRoute(backend, Policy.AUTO, use_cloud=True, allowed=not server.ask_consent,
                          allow_conversation=lambda: None, origin="server")  # fmt: skip

    # --- Models › My servers -------------------------------------------------------------

    def _models_opened(self) -> None:
        dialog = self.models.dialog
        if dialog is None or self.tab is not None:
            if self.tab is not None:
                self.refresh()
            return
        tab = ServersTab(dialog)
        tab.use_requested.connect(self.use)
        tab.local_requested.connect(self.use_local)
        tab.add_requested.connect(self.add)
        tab.remove_requested.connect(self.remove)
        tab.refresh_requested.connect(self.refresh)
        dialog.tabs.addTab(tab, self.tr("My servers"))
        self.tab = tab
        self.refresh()

    def refresh(self) -> None:
        """List each server's models and the engines running here, on a worker."""
        if self.tab is None:
            return
        servers, engines, ledger = self.servers, self.engines, self.cloud.egress
        self.tab.show_status(self.tr("Looking for models…"))
        self._jobs.append(self.workers.run_call(
            lambda: self._rows(servers, engines, ledger), on_result=self._show,
            on_error=lambda message: self._show_problem(message),
        ))  # fmt: skip

    def _rows(
        self, servers: tuple[MyServer, ...], engines: tuple[Engine, ...], ledger: EgressLog | None
    ) -> list[ServerModelRow]:
        """On a worker: a row per model of each server, then per model found running
        here on a server not added yet."""
        in_use = self.owner.current.chat.server_model
        rows: list[ServerModelRow] = []
        for server in servers:
            try:
                names = server_models(server, ledger)
            except HishoError as exc:
                rows.append(ServerModelRow(server.name, "", server.base_url, problem=str(exc)))
                continue
            for name in names:
                using = in_use == f"{server.name}/{name}"
                rows.append(ServerModelRow(server.name, name, server.base_url, in_use=using))
        added = {s.base_url.rstrip("/") for s in servers}
        for found in detect(ledger, [e for e in engines if e.base_url not in added]):
            rows += [ServerModelRow(found.engine.name, name, found.engine.base_url, found=True)
                     for name in found.models]  # fmt: skip
        return rows

    def _show(self, rows: object) -> None:
        if self.tab is None:
            return
        assert isinstance(rows, list)
        self.tab.show_rows(rows)
        empty = self.tr("No server models yet: add a server, or start Ollama or LM Studio here.")
        self.tab.show_status("" if rows else empty)

    def _show_problem(self, message: str) -> None:
        if self.tab is not None:
            self.tab.show_status(message, ok=False)

    def add(self, name: str, base_url: str, ask_consent: bool = False) -> bool:
        """Add one of the user's servers; False (and why, on the tab) when refused."""
        problem = address_problem(base_url)
        if not name or "/" in name:
            problem = self.tr("Give the server a name (without “/”).")
        elif any(s.name == name for s in self.servers):
            problem = self.tr("There is a server called {name} already.").format(name=name)
        if problem:
            self._show_problem(engine_text(problem))
            return False
        server = MyServer(name, base_url.rstrip("/"), ask_consent)
        if not self.owner.update(servers=(*self.servers, server)):
            return False
        self.refresh()
        return True

    def remove(self, name: str) -> None:
        chat = self.owner.current.chat
        if split_choice(chat.server_model)[0] == name:
            chat = dataclasses.replace(chat, server_model="")
        servers = tuple(s for s in self.servers if s.name != name)
        if self.owner.update(servers=servers, chat=chat):
            self.refresh()

    def use(self, server: str, model: str, base_url: str = "") -> None:
        """Answer with ``model`` on ``server`` from now on (an engine found here is added
        first)."""
        if all(s.name != server for s in self.servers) and not self.add(server, base_url):
            return
        chat = dataclasses.replace(self.owner.current.chat, server_model=f"{server}/{model}")
        if not self.owner.update(chat=chat):
            return
        self.window.show_transient(
            self.tr("Answers now come from {model} on {server}").format(model=model, server=server)
        )
        self.refresh()

    def use_local(self) -> None:
        chat = dataclasses.replace(self.owner.current.chat, server_model="")
        if self.owner.update(chat=chat):
            self.window.show_transient(self.tr("Answers now come from the local model"))
            self.refresh()
