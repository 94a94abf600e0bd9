"""Conversations in and out in bulk: File › Import conversations… and File › Export ›
All conversations (Hisho JSON)….

The import (``engine.storage.imports``) and the export (``engine.storage.exports``) run
on a worker of their own; their progress shows in a progress dialog (from half a second
on, with Cancel) and the status bar; the end shows its summary in the banner
("Imported 1,998 conversations from ChatGPT." …) and the conversation list is
refreshed. One at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from desktop.controllers.conversations import ConversationsController
from desktop.controllers.file_filters import export_json_filters, import_filters
from desktop.workers import Workers
from engine.cancel import CancelToken
from engine.storage.exports import ExportProgress, ExportSummary, export_history
from engine.storage.history import History
from engine.storage.imports import ImportProgress, ImportSummary, describe, import_export
from ui import dialogs
from ui.i18n import engine_text, translate
from ui.main_window import MainWindow


class TransferController(QObject):
    """Imports exports from ChatGPT, Claude or Hisho; exports everything as Hisho JSON."""

    def __init__(
        self, window: MainWindow, history: History, conversations: ConversationsController
    ) -> None:
        super().__init__(window)
        self.window = window
        self.history = history
        self.conversations = conversations
        self.workers = Workers(max_threads=1)
        self._cancel: CancelToken | None = None
        self._progress: QProgressDialog | None = None
        self._failed_status = ""
        #: The summary of the last import or export, as shown (tests read it).
        self.last_summary = ""
        window.import_requested.connect(self.choose_import)
        window.export_all_requested.connect(self.choose_export)

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    # --- import ----------------------------------------------------------------------

    def choose_import(self) -> None:
        """Ask for an export file, then import it."""
        if self._refuse_when_busy():
            return
        title = self.tr("Import conversations")
        path, _ = QFileDialog.getOpenFileName(
            self.window, title, str(Path.home()), import_filters()
        )
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path) -> bool:
        """Import ``path`` in the background; False if an import or export is running."""
        if self._refuse_when_busy():
            return False
        history = self.history
        self._failed_status = self.tr("The import failed.")
        self._begin(
            self.tr("Import conversations"),
            self.tr("Reading {name}…").format(name=path.name),
            lambda cancel: import_export(history, path, cancel),
        )
        return True

    def _import_event(self, event: ImportProgress | ImportSummary) -> None:
        if isinstance(event, ImportProgress):
            if event.source:
                text = self.tr("Importing from {source}: {count} conversations read…")
            else:
                text = self.tr("Importing: {count} conversations read…")
            self._show_progress(
                text.format(source=event.source, count=f"{event.read:,}"), event.fraction
            )
            return
        summary = describe(event, lambda text: translate("Import", text), engine_text)
        self._finish(summary)

    # --- export ----------------------------------------------------------------------

    def choose_export(self) -> None:
        """Ask where to save, then write every conversation there as Hisho JSON."""
        if self._refuse_when_busy():
            return
        stamp = time.strftime("%Y-%m-%d")
        default = str(Path.home() / f"Hisho conversations {stamp}.json")
        title = self.tr("Export all conversations")
        path, _ = QFileDialog.getSaveFileName(self.window, title, default, export_json_filters())
        if path:
            self.start_export(Path(path))

    def start_export(self, path: Path) -> bool:
        """Write every conversation to ``path``; False if an import or export is running."""
        if self._refuse_when_busy():
            return False
        history = self.history
        self._failed_status = self.tr("The export failed.")
        self._begin(
            self.tr("Export all conversations"),
            self.tr("Writing {name}…").format(name=path.name),
            lambda cancel: export_history(history, path, cancel),
        )
        return True

    def _export_event(self, event: ExportProgress | ExportSummary) -> None:
        if isinstance(event, ExportProgress):
            text = self.tr("Exporting conversation {done} of {total}…").format(
                done=f"{event.done:,}", total=f"{event.total:,}"
            )
            self._show_progress(text, event.done / max(event.total, 1))
        elif event.stopped:
            self._finish(self.tr("Export stopped; no file was written."))
        else:
            if event.conversations == 1:
                text = self.tr("Exported 1 conversation to {path}")
            else:
                text = self.tr("Exported {count} conversations to {path}")
            self._finish(text.format(count=f"{event.conversations:,}", path=event.path))

    # --- running ---------------------------------------------------------------------

    def _refuse_when_busy(self) -> bool:
        if self.busy:
            self.window.show_transient(
                self.tr("An import or export is running; wait for it to finish.")
            )
        return self.busy

    def _begin(self, title: str, text: str, work: Callable[[CancelToken], Iterator[Any]]) -> None:
        cancel = self._cancel = CancelToken()
        self._progress = dialogs.background_progress(self.window, title, text)
        self._progress.canceled.connect(cancel.cancel)
        self.window.set_status(text)
        self.workers.run_generator(lambda: work(cancel), self._event, self._failed, self._ended)

    def _event(self, event: object) -> None:
        if isinstance(event, ImportProgress | ImportSummary):
            self._import_event(event)
        elif isinstance(event, ExportProgress | ExportSummary):
            self._export_event(event)

    def _show_progress(self, text: str, fraction: float) -> None:
        self.window.set_status(text)
        if self._progress is not None:
            self._progress.setLabelText(text)
            self._progress.setValue(round(fraction * 1000))

    def _finish(self, summary: str) -> None:
        self.last_summary = summary
        self._close_progress()
        self.window.set_status(summary.splitlines()[0])
        self.window.show_notice(summary)
        self.conversations.refresh_sidebar()

    def _failed(self, message: str) -> None:
        self._close_progress()
        self.last_summary = message
        self.window.set_status(self._failed_status)
        self.window.show_error(message)
        self.conversations.refresh_sidebar()  # a history error may come after some were added

    def _ended(self) -> None:
        self._close_progress()
        self._cancel = None

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def shutdown(self) -> None:
        """Stop what is running and wait for it (the history closes next)."""
        if self._cancel is not None:
            self._cancel.cancel()
        self.workers.wait()
