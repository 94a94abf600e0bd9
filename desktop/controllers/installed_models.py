"""File › Models…: list, choose, add, download and remove chat models.

engine.models.store reads each model's GGUF header (in Python) and estimates whether it
fits; engine.models.download fetches one resumably and verifies it; this controller runs them
on workers and shows the results in ui.models_window. Choosing a model switches the
running conversation to it (``active_model.ModelController.use_model``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from desktop.controllers.active_model import ModelController
from desktop.controllers.catalog import CatalogController
from desktop.controllers.model_download import DownloadEnd, ModelDownloads
from desktop.controllers.settings import SettingsOwner
from desktop.controllers.turns import TurnController
from desktop.workers import Workers
from engine import paths
from engine.errors import HishoError
from engine.models import store as model_store
from engine.models.defaults import resolve_chat_model
from engine.models.download import DownloadProgress
from engine.storage import settings as settings_store
from engine.storage.settings import ChatSettings
from ui import dialogs
from ui.main_window import MainWindow
from ui.model_settings import ModelSettingsDialog
from ui.models_window import ModelRow, ModelsWindow


class ModelsController(QObject):
    """Owns the Models window and the one download that may be running."""

    def __init__(
        self,
        window: MainWindow,
        settings: SettingsOwner,
        model: ModelController,
        turns: TurnController,
        workers: Workers,
        downloads: ModelDownloads,
        catalog: CatalogController,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.model = model
        self.turns = turns
        self.workers = workers
        self.downloads = downloads
        self.catalog = catalog
        self.dialog: ModelsWindow | None = None
        self._jobs: list[object] = []  # keep worker signals alive
        window.models_requested.connect(self.open)
        downloads.started.connect(self._download_started)
        downloads.progress.connect(self._progress)
        downloads.ended.connect(self._download_ended)
        catalog.offers_changed.connect(lambda _offers: self.refresh())

    def open(self) -> ModelsWindow:
        if self.dialog is None:
            dialog = ModelsWindow(self.window)
            dialog.use_requested.connect(self.use)
            dialog.add_requested.connect(self.choose_file)
            dialog.download_requested.connect(self.download)
            dialog.remove_requested.connect(self.remove)
            dialog.settings_requested.connect(self.edit_settings)
            dialog.pause_requested.connect(self.downloads.pause)
            dialog.cancel_requested.connect(self.downloads.cancel)
            dialog.catalog.download_requested.connect(self.catalog.get)
            dialog.catalog.use_requested.connect(self.use)
            self.dialog = dialog
        self.refresh()
        self.catalog.refresh()  # the free memory and what is installed may have changed
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def active(self) -> Path:
        return resolve_chat_model(self.settings.current.chat.model_path)

    def gpu_offload(self) -> bool:
        """Whether the loaded llama.cpp build can offload layers to a GPU."""
        info = getattr(self.model.backend, "info", None)
        return bool(info is not None and info.gpu_offload)

    def refresh(self) -> None:
        if self.dialog is None:
            return
        settings = self.settings.current
        gpu_free = model_store.gpu_free_memory(self.gpu_offload())
        active = self.active().resolve()
        found = model_store.installed()
        if active.is_file() and all(f.path.resolve() != active for f in found):
            with contextlib.suppress(HishoError):  # a model used by its path is listed too
                found.append(model_store.read_facts(active))
        rows = []
        for facts in found:
            own = settings_store.for_model(settings, facts.path.name)
            verdict, sentence = model_store.fit(
                facts, own.context_length, gpu_layers=own.gpu_layers, gpu_free=gpu_free
            )
            rows.append(ModelRow(str(facts.path), facts.name, facts.family,
                                 facts.parameters_label, facts.quantization,
                                 facts.size_bytes / 1024**2, facts.trained_context,
                                 verdict, sentence,
                                 facts.path.resolve() == active))  # fmt: skip
        self.dialog.show_models(rows)
        self.dialog.catalog.show_catalog(self.catalog.rows(str(active)), self.catalog.summary())

    # --- requests -----------------------------------------------------------------------

    def use(self, path: str) -> None:
        if self.turns.busy:
            self.window.show_notice(self.tr("Stop the current answer before changing the model."))
            return
        self.model.use_model(Path(path))
        self.refresh()

    def edit_settings(self, path: str) -> ModelSettingsDialog:
        """Open one model's own settings; OK saves them (and reloads it if in use)."""
        settings = self.settings.current
        name = Path(path).name
        try:
            trained = model_store.read_facts(Path(path)).trained_context
        except HishoError:
            trained = 0

        def pick(chat: ChatSettings) -> dict[str, Any]:
            return {key: getattr(chat, key) for key in settings_store.MODEL_KEYS}

        dialog = ModelSettingsDialog(
            name,
            pick(settings_store.for_model(settings, name)),
            pick(settings.chat),
            trained,
            self.gpu_offload(),
            self.dialog or self.window,
        )
        dialog.accepted.connect(lambda: self.save_model_settings(Path(path), dialog.values()))
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def save_model_settings(self, path: Path, values: dict[str, Any]) -> None:
        """Keep ``values`` as ``path``'s own settings. The model in use loads again when
        its context, threads or GPU layers changed (the conversation continues)."""
        before = self.settings.current
        after = settings_store.with_model_settings(before, path.name, values)
        loading = ("context_length", "threads", "gpu_layers")
        old, new = (settings_store.for_model(s, path.name) for s in (before, after))
        reload = path.resolve() == self.active().resolve() and any(
            getattr(old, key) != getattr(new, key) for key in loading
        )
        if reload and self.turns.busy:
            self.window.show_notice(self.tr("Stop the current answer before changing the model."))
            return
        if reload:
            self.model.use_model(path, after)
        elif not self.settings.save(after):
            return
        self.refresh()

    def choose_file(self) -> None:
        parent = self.dialog or self.window
        path, _ = QFileDialog.getOpenFileName(
            parent, self.tr("Add a model"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.add(Path(path))

    def add(self, path: Path) -> None:
        """Copy a checked model in (on a worker: models are gigabytes)."""
        self._run(lambda: model_store.add(path), lambda _facts: self.refresh())

    def remove(self, path: str) -> None:
        target = Path(path)
        if not dialogs.confirm(
            self.dialog or self.window,
            self.tr("Remove model"),
            self.tr("Delete {name} ({size} MB)? This cannot be undone.").format(
                name=target.name, size=f"{target.stat().st_size / 1024**2:,.0f}"
            ),
            self.tr("Delete"),
        ):
            return
        try:
            model_store.remove(target, self.active())
        except HishoError as exc:
            self.window.show_error(str(exc))
        self.refresh()

    def download(self, url: str, sha256: str) -> None:
        if self.downloads.running or not url:
            return
        name = Path(unquote(urlsplit(url).path)).name or "model.gguf"
        if not name.lower().endswith(".gguf"):
            name += ".gguf"
        target = paths.ensure_dir(paths.models_dir()) / name
        if target.exists():
            self.window.show_error(self.tr("{name} is already installed.").format(name=name))
            return
        self.downloads.get_url(url, target, sha256)

    def _download_started(self) -> None:
        if self.dialog is not None:
            self.dialog.start_download_ui()
            self.dialog.show_download(self.tr("Connecting…"), 0, 0)

    def _progress(self, progress: DownloadProgress) -> None:
        if self.dialog is not None:
            self.dialog.show_download(progress.message, progress.done, progress.total)

    def _download_ended(self, end: DownloadEnd) -> None:
        if end.error:
            self.window.show_error(end.error)
        if self.dialog is None:
            return
        if end.error:
            self.dialog.end_download(end.error)
        elif end.installed:
            self.dialog.end_download(
                self.tr("Downloaded and verified: {name}").format(name=end.target.name)
            )
        elif end.paused:
            self.dialog.end_download(
                self.tr("Paused: download it again to continue where it stopped.")
            )
        else:
            self.dialog.end_download(self.tr("Download cancelled."))
        self.refresh()

    def _run(self, call: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._jobs.append(self.workers.run_call(call, on_result=done,
                                                on_error=self.window.show_error))  # fmt: skip
