"""The chat model in use: load it on a worker, and switch to another the user picks.

The model loads in its own process (``engine.models.local``); this class only says
how that went (status bar, model label, banner) and saves the choice of model
(through the settings owner).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from desktop.controllers.settings import SettingsOwner
from desktop.workers import Workers, WorkerSignals
from engine.models.backend import ChatBackend
from engine.models.local import LocalBackend
from engine.storage import settings as settings_store
from engine.storage.settings import Settings
from engine.types import ModelInfo
from ui.i18n import engine_text
from ui.main_window import MainWindow


class ModelController(QObject):
    """Loads the chat model and switches to another one the user picks."""

    #: ModelInfo of the model now loaded.
    loaded = Signal(object)

    def __init__(
        self,
        window: MainWindow,
        backend: ChatBackend,
        settings: SettingsOwner,
        workers: Workers,
        generating: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.backend = backend
        self.settings = settings
        self.workers = workers
        self.generating = generating
        self._signals: WorkerSignals | None = None
        window.choose_model_requested.connect(self.choose_model)

    def load(self) -> None:
        self.window.set_status(self.tr("Loading model…"))
        self.window.set_model(self.backend.name)
        self._signals = self.workers.run_call(
            self.backend.load, on_result=self._loaded, on_error=self._failed
        )

    def _loaded(self, info: ModelInfo) -> None:
        self.window.set_model(
            self.tr("{name} · {context} tokens context · {where}").format(
                name=info.name, context=f"{info.context_length:,}", where=self.where(info)
            )
        )
        if not self.generating():
            self.window.set_status(self.tr("Ready"))
        if not info.chat_template_source.startswith("gguf"):
            self.window.show_notice(
                self.tr("Chat format: {source}.").format(
                    source=engine_text(info.chat_template_source)
                )
            )
        self.loaded.emit(info)

    def where(self, info: ModelInfo) -> str:
        """Where the model runs, as its process reported it: "CPU", or the GPU's name and
        how many of the layers are on it."""
        if info.gpu_layers <= 0:
            return self.tr("CPU")
        return self.tr("GPU {name}, {layers} of {total} layers").format(
            name=info.gpu_name, layers=info.gpu_layers, total=info.layer_count
        )

    def _failed(self, message: str) -> None:
        self.window.set_status(self.tr("Model not available"))
        self.window.show_error(message)

    def choose_model(self) -> None:
        """Pick a .gguf file; the conversation continues with it."""
        if self.generating():
            self.window.show_notice(self.tr("Stop the current answer before changing the model."))
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Choose a chat model"),
            str(Path.home()),
            self.tr("GGUF models (*.gguf)"),
        )
        if path:
            self.use_model(Path(path))

    def use_model(self, path: Path, settings: Settings | None = None) -> None:
        """Make ``path`` the chat model (saved in ``settings``, default the current ones)
        and load it with its own settings; the conversation continues with it."""
        current = settings or self.settings.current
        chat = dataclasses.replace(current.chat, model_path=str(path))
        settings = dataclasses.replace(current, chat=chat)
        if not self.settings.save(settings):
            return
        self.window.hide_banner()
        if isinstance(self.backend, LocalBackend):
            own = settings_store.for_model(settings, path.name)
            self.backend.switch_model(path, own.context_length, own.threads, own.gpu_layers)
        self.load()
