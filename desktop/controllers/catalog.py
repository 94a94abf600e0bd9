"""The model catalog as this computer sees it: offers, the licence asked before a
download, and what to do when one ends.

``engine.models.catalog`` reads the curated list, ``engine.models.hardware`` sorts it for
this computer (RAM, cores, GPU; speeds scaled from one measured here: the bundled
model's, or the last reply's when there was one), ``engine.models.get`` fetches an entry.
This controller keeps the result (``offers``), feeds the Models window's "Get more models"
tab, and starts downloads through the one ``ModelDownloads`` after showing the licence.
The first-run card (desktop/controllers/starter.py) asks it for the recommended model.
"""

from __future__ import annotations

import contextlib
import os

from PySide6.QtCore import QObject, Signal

from desktop.controllers.model_download import DownloadEnd, ModelDownloads
from desktop.workers import Workers, WorkerSignals
from engine.models import get, speed
from engine.models.catalog import CatalogEntry
from engine.models.hardware import BUNDLED_SPEED, MeasuredSpeed, Recommendation, Tier
from engine.models.offers import Offers, rank
from engine.types import ModelInfo, StreamEvent, TurnFinished
from ui import dialogs, i18n
from ui.catalog_tab import CatalogRow, size_text
from ui.i18n import engine_text
from ui.main_window import MainWindow

TIER_KEYS = {Tier.RECOMMENDED: "recommended", Tier.ALSO_GOOD: "also good",
             Tier.TOO_BIG: "too big"}  # fmt: skip
#: A reply this long gives a speed worth scaling from.
MEASURED_TOKENS = 24


class CatalogController(QObject):
    """Catalog offers for this computer, and getting one of them."""

    #: Offers, each time they are (re)computed.
    offers_changed = Signal(object)

    def __init__(self, window: MainWindow, workers: Workers, downloads: ModelDownloads) -> None:
        super().__init__(window)
        self.window = window
        self.workers = workers
        self.downloads = downloads
        self.offers: Offers | None = None
        self.info: ModelInfo | None = None
        stored = speed.load_measured()
        self.measured = stored.measured if stored is not None else BUNDLED_SPEED
        self._job: WorkerSignals | None = None
        self._closed = False
        downloads.ended.connect(self._download_ended)

    def shutdown(self) -> None:
        """Hisho is closing: a download pauses (its part file resumes next time), and
        offers still being ranked are dropped."""
        self._closed = True
        self.downloads.pause()

    # --- what is offered --------------------------------------------------------------

    def model_loaded(self, info: ModelInfo) -> None:
        self.info = info
        self.refresh()

    def turn_event(self, _conversation_id: int, event: StreamEvent) -> None:
        """Remember how fast the model in use wrote here, to scale estimates from."""
        if not isinstance(event, TurnFinished) or self.info is None:
            return
        stats = event.stats
        if stats.generated_tokens >= MEASURED_TOKENS and stats.tokens_per_second > 0:
            try:
                size = os.path.getsize(self.info.path)
            except OSError:
                return
            self.measured = MeasuredSpeed(stats.tokens_per_second, size)
            # `hisho models recommend` then estimates from the same speed; if it can't be
            # kept, an estimate from the bundled figure is still an estimate.
            with contextlib.suppress(OSError):
                speed.save_measured(self.measured, self.info.gpu_offload)

    def refresh(self) -> None:
        """Recompute the offers on a worker (the GPU query runs a program)."""
        offload = bool(self.info and self.info.gpu_offload)
        language, measured = i18n.current_language(), self.measured
        self._job = self.workers.run_call(
            lambda: rank(offload, language, measured),
            on_result=self._ranked,
            on_error=self.window.show_error,
        )

    def _ranked(self, offers: Offers) -> None:
        if self._closed:
            return  # ranked after the window began to close: nothing left to show it
        self.offers = offers
        self.offers_changed.emit(offers)

    def rows(self, active_path: str) -> list[CatalogRow]:
        if self.offers is None:
            return []
        return [self._row(found, active_path) for found in self.offers.ranked]

    def _row(self, found: Recommendation, active_path: str) -> CatalogRow:
        entry = found.entry
        here = get.state(entry)
        return CatalogRow(
            entry.id, entry.display_name, entry.parameters_label, entry.approx_size_bytes,
            entry.license_name, entry.license_url, entry.non_commercial, entry.languages,
            entry.strong_japanese, entry.tool_calling, entry.reasoning, entry.vision,
            TIER_KEYS[found.tier], found.label, found.speed_sentence,
            found.words_per_second if found.speed_known else 0.0, found.memory_sentence,
            str(here.path) if here.installed else "", here.partial_bytes,
            here.installed and str(here.path) == active_path,
            self.downloads.entry_id == entry.id,
        )  # fmt: skip

    def summary(self) -> str:
        """This computer in one line (for the top of the tab)."""
        if self.offers is None:
            return ""
        hardware = self.offers.hardware
        gpu = hardware.usable_gpu
        text = self.tr("This computer: {free} GB of {total} GB memory free, {cores} cores").format(
            free=f"{hardware.available_ram / 1024**3:.1f}",
            total=f"{hardware.total_ram / 1024**3:.1f}",
            cores=hardware.cores,
        )
        if gpu is not None:
            text += self.tr(", {gpu}").format(gpu=gpu.name)
        return text + self.tr(". Estimates scale a speed measured here.")

    # --- getting one --------------------------------------------------------------------

    def get(self, entry_id: str) -> bool:
        """Ask about the licence, then download ``entry_id``; False when not started."""
        found = self.offers.find(entry_id) if self.offers else None
        if found is None or self.offers is None:
            return False
        if self.downloads.running:
            self.window.show_notice(
                self.tr("Another model is downloading; wait for it or pause it.")
            )
            return False
        if not get.state(found.entry).partial_bytes and not self._licence_accepted(found):
            return False
        return self.downloads.get_entry(self.offers.catalog, found.entry)

    def _licence_accepted(self, found: Recommendation) -> bool:
        entry = found.entry
        text = self.tr(
            "Download {name} ({size}) from {host}?\n\nLicence: {licence}\n{url}\n\n"
            "The file is checked against its published sha256 before it is used."
        ).format(name=entry.display_name, size=size_text(entry.approx_size_bytes),
                 host=entry.url.split("/")[2], licence=entry.license_name,
                 url=entry.license_url)  # fmt: skip
        if entry.non_commercial:
            text += "\n\n" + self.tr(
                "This licence does not allow commercial use: not for work you are paid for."
            )
        text += "\n" + engine_text(found.memory_sentence)
        return dialogs.confirm(self.window, self.tr("Download a model"), text, self.tr("Download"))

    def entry(self, entry_id: str) -> CatalogEntry | None:
        return self.offers.catalog.get(entry_id) if self.offers else None

    def _download_ended(self, end: DownloadEnd) -> None:
        if end.entry_id and self.offers is not None:
            self.offers_changed.emit(self.offers)  # installed / partial states changed
