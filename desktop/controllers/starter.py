"""When the first-run card shows, and what its buttons do.

The card (ui/starter_card.py) shows in an empty conversation while the bundled starter
model is in use, offering the model recommended for this computer. It stays while a
download it started runs or waits to be used, so the progress is not lost when the user
starts chatting meanwhile. "Use it now" switches the model (the conversation continues);
"Not now" hides it until the next start.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from desktop.controllers.active_model import ModelController
from desktop.controllers.catalog import CatalogController
from desktop.controllers.conversations import ConversationsController
from desktop.controllers.installed_models import ModelsController
from desktop.controllers.model_download import DownloadEnd, ModelDownloads
from desktop.controllers.turns import TurnController
from engine.models import get
from engine.models.defaults import DEFAULT_CHAT_MODEL, display_name
from engine.models.download import DownloadProgress
from engine.models.offers import Offers
from engine.storage.history import History
from engine.types import ModelInfo, StreamEvent, TurnStarted
from ui.main_window import MainWindow
from ui.starter_card import StarterCard, StarterOffer


class StarterController(QObject):
    """Shows the first-run card at the right moments and acts on it."""

    def __init__(
        self,
        window: MainWindow,
        history: History,
        conversations: ConversationsController,
        turns: TurnController,
        model: ModelController,
        catalog: CatalogController,
        models: ModelsController,
        downloads: ModelDownloads,
    ) -> None:
        super().__init__(window)
        self.window, self.history, self.conversations = window, history, conversations
        self.turns, self.model, self.catalog, self.models = turns, model, catalog, models
        self.downloads = downloads
        self.card: StarterCard = window.starter_card
        self.on_starter = False
        self.dismissed = False
        self.busy = False  # a download from the card runs, or waits to be used
        self._connect()

    def _connect(self) -> None:
        self.card.get_requested.connect(self.catalog.get)
        self.card.more_requested.connect(self._show_all)
        self.card.pause_requested.connect(self.downloads.pause)
        self.card.cancel_requested.connect(self.downloads.cancel)
        self.card.use_requested.connect(self._use)
        self.card.dismissed.connect(self._dismiss)
        self.model.loaded.connect(self._model_loaded)
        self.catalog.offers_changed.connect(self._offers_changed)
        self.conversations.current_changed.connect(lambda _id: self.update())
        self.turns.turn_event.connect(self._turn_event)
        self.downloads.started.connect(self._download_started)
        self.downloads.progress.connect(self._progress)
        self.downloads.ended.connect(self._download_ended)

    def offer(self, offers: Offers | None) -> StarterOffer | None:
        found = offers.recommended if offers else None
        if found is None:
            return None
        entry = found.entry
        return StarterOffer(DEFAULT_CHAT_MODEL, entry.id, entry.display_name,
                            entry.approx_size_bytes, entry.license_name, entry.license_url,
                            entry.non_commercial, found.speed_sentence,
                            get.state(entry).partial_bytes)  # fmt: skip

    # --- when it shows ------------------------------------------------------------------

    def update(self) -> None:
        self.card.setVisible(not self.dismissed and (self.busy or self._wanted()))

    def _wanted(self) -> bool:
        if not self.on_starter or self.catalog.offers is None:
            return False
        current = self.conversations.current_id
        return current is None or not self.history.messages(current)

    def _model_loaded(self, info: ModelInfo) -> None:
        self.on_starter = Path(info.path).name == DEFAULT_CHAT_MODEL
        if not self.busy:
            self.card.show_offer(self.offer(self.catalog.offers), display_name(Path(info.path)))
        self.update()

    def _offers_changed(self, offers: Offers) -> None:
        if not self.busy:
            starter = display_name(Path(DEFAULT_CHAT_MODEL))
            self.card.show_offer(self.offer(offers), starter)
        self.update()

    def _turn_event(self, _conversation_id: int, event: StreamEvent) -> None:
        if isinstance(event, TurnStarted):
            self.update()

    # --- its buttons ----------------------------------------------------------------------

    def _mine(self, entry_id: str) -> bool:
        offer = self.card.offer
        return offer is not None and entry_id == offer.entry_id

    def _download_started(self, entry_id: str, _target: object) -> None:
        if self._mine(entry_id):
            self.busy = True
            self.card.show_progress(self.tr("Connecting…"), 0, 0)
            self.update()

    def _progress(self, progress: DownloadProgress) -> None:
        if self.busy and self._mine(self.downloads.entry_id):
            self.card.show_progress(progress.message, progress.done, progress.total)

    def _download_ended(self, end: DownloadEnd) -> None:
        if not self._mine(end.entry_id):
            return
        if end.installed:
            entry = self.catalog.entry(end.entry_id)
            self.card.show_ready(entry.display_name if entry else end.target.name, str(end.target))
        elif end.paused:
            self.busy = False
            offer = self.offer(self.catalog.offers) or self.card.offer
            if offer is not None:
                self.card.show_paused(offer)
        else:
            self.busy = False
            self.card.show_stopped(end.error or self.tr("Download cancelled."))
        self.update()

    def _use(self, path: str) -> None:
        if self.turns.busy:
            self.window.show_notice(self.tr("Stop the current answer before changing the model."))
            return
        self.busy = False
        self.model.use_model(Path(path))
        self.update()

    def _show_all(self) -> None:
        offer = self.card.offer
        self.models.open().show_catalog_tab(offer.entry_id if offer else "")

    def _dismiss(self) -> None:
        self.dismissed = True
        self.update()
