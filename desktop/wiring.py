"""The wiring of one window's controllers: who gets what, in one place.

:func:`build_controllers` makes the settings owner and every controller of the window
and hands each the pieces it needs through its constructor (the conversations, the
turns, the settings owner…), so no controller reaches into another. The composition
root (desktop/app.py) calls it once the window has painted; desktop/at_hand.py then
adds the tray, quick prompt, shortcut and launches on top.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from desktop.controllers.catalog import CatalogController
from desktop.controllers.chat import ChatController
from desktop.controllers.cloud import CloudController
from desktop.controllers.conversations import ConversationsController
from desktop.controllers.installed_models import ModelsController
from desktop.controllers.library import LibraryController
from desktop.controllers.local_api import LocalApiController
from desktop.controllers.model_download import ModelDownloads
from desktop.controllers.scope import ScopeController
from desktop.controllers.servers import ServersController
from desktop.controllers.settings import SettingsOwner
from desktop.controllers.sources import SourceController
from desktop.controllers.starter import StarterController
from desktop.controllers.summarize import SummaryController
from desktop.controllers.thinking import ThinkingController
from desktop.controllers.tools import ToolsController
from desktop.controllers.transfer import TransferController
from desktop.controllers.turns import FileSearch, TurnController
from desktop.controllers.whole_document import WholeDocumentController
from desktop.workers import Workers
from engine import paths
from engine.models.backend import ChatBackend
from engine.models.defaults import DEFAULT_EMBEDDING_MODEL
from engine.storage.history import History
from engine.storage.settings import Settings
from ui.main_window import MainWindow


@dataclass
class Controllers:
    """The controllers of one window, wired to it and to each other."""

    settings: SettingsOwner
    chat: ChatController
    conversations: ConversationsController
    turns: TurnController
    library: LibraryController
    scope: ScopeController
    sources: SourceController
    summary: SummaryController
    cloud: CloudController
    models: ModelsController
    catalog: CatalogController
    starter: StarterController
    thinking: ThinkingController
    local_api: LocalApiController
    servers: ServersController
    transfer: TransferController
    #: Built by ``with_tools`` once the others are (None before).
    tools: ToolsController | None = None
    #: "Use the whole document" beside *Answer from* a file.
    whole: WholeDocumentController | None = None


def build_controllers(
    window: MainWindow,
    history: History,
    backend: ChatBackend,
    settings: Settings,
    workers: Workers,
    library_workers: Workers,
) -> Controllers:
    """Build the controllers (nothing starts yet: call ``chat.start()`` and
    ``library.start()``). The library's search reaches the turns as a plain callable,
    so the two stay independent."""
    owner = SettingsOwner(settings, window.show_error, window)
    library = LibraryController(window, library_workers)
    files = FileSearch(library.search, library.set_busy, library.scope_files, library.document)
    chat = ChatController(window, history, backend, owner, workers, files)
    conversations, turns = chat.conversations, chat.turns
    scope = ScopeController(window, history, conversations, library)
    sources = SourceController(window, history, workers, library.passage_context)
    summary = SummaryController(window, history, backend, owner, conversations, turns)
    cloud = CloudController(window, history, owner, conversations, turns, workers)
    downloads = ModelDownloads(workers, lambda: cloud.egress, window)
    catalog = CatalogController(window, workers, downloads)
    chat.model.loaded.connect(catalog.model_loaded)
    turns.turn_event.connect(catalog.turn_event)
    models = ModelsController(window, owner, chat.model, turns, workers, downloads, catalog)
    starter = StarterController(window, history, conversations, turns, chat.model, catalog,
                                models, downloads)  # fmt: skip
    thinking = ThinkingController(window, history, conversations, chat.model)
    whole = WholeDocumentController(window, conversations, turns, backend, library.document,
                                    workers)  # fmt: skip
    chat.model.loaded.connect(whole.model_loaded)
    library.progress.connect(whole.file_progress)
    transfer = TransferController(window, history, conversations)

    def keep_embedding_model(old_name: str) -> None:
        """The user declined re-indexing: the setting names the model the index has."""
        folder = (
            "" if old_name in ("", DEFAULT_EMBEDDING_MODEL) else str(paths.models_dir() / old_name)
        )
        library_settings = owner.current.library
        if owner.update(library=dataclasses.replace(library_settings, embedding_model=folder)):
            library.restart()

    library.reembedding_declined.connect(keep_embedding_model)
    local_api = LocalApiController(window, owner, backend, library)
    servers = ServersController(window, owner, cloud, turns, models, workers)
    return Controllers(owner, chat, conversations, turns, library, scope, sources, summary,
                       cloud, models, catalog, starter, thinking, local_api, servers, transfer,
                       whole=whole)  # fmt: skip


def with_tools(window: MainWindow, controllers: Controllers) -> Controllers:
    """``controllers`` with the tools controller (tools in turns, their consent, the
    Tools log), which follows the turns and the settings."""
    turns = controllers.turns
    controllers.tools = ToolsController(window, controllers.settings, turns, turns.files)
    return controllers
