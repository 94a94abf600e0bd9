"""Library controller: the user's files, through the library process.

It owns the :class:`~engine.library.client.LibraryClient` (the process that holds the
index and the embedder, so the window never stutters). Every call to it runs on one
worker thread of its own, one at a time; the process's events (progress, "changed",
problems) arrive on the client's thread and are passed to the GUI thread by a queued
signal. The Files panel shows what it reports.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

from desktop.controllers.file_filters import file_filters
from desktop.workers import Workers, WorkerSignals
from engine.library.client import LibraryClient
from engine.library.types import (
    DEFAULT_LIBRARY,
    FileRecord,
    IngestProgress,
    LibraryInfo,
    Passage,
    Scope,
)
from ui import dialogs
from ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: A process that died is started again this many times in a session, then left to
#: the next request the user makes.
AUTO_RESTARTS = 3


@dataclass(frozen=True, slots=True)
class Added:
    """What adding some paths did."""

    library: str
    paths: tuple[str, ...]  # the dropped or chosen paths, resolved
    queued: tuple[FileRecord, ...]  # files that will be read (new or changed)
    known: tuple[FileRecord, ...]  # every file of the library under those paths
    single_file: str | None  # the one file added, when just one file was

    def scope(self) -> Scope:
        """What a question about these paths should draw on."""
        if self.single_file is not None:
            return Scope(self.library, self.single_file)
        return Scope(library=self.library)


def _under(record: FileRecord, paths: Sequence[str]) -> bool:
    return any(record.path == p or record.path.startswith(p.rstrip(os.sep) + os.sep) for p in paths)


class LibraryController(QObject):
    """Adds, removes and lists files; reports indexing; answers searches."""

    #: IngestProgress, on the GUI thread.
    progress = Signal(object)
    #: Library names, after the list of libraries was (re)loaded.
    libraries_changed = Signal(list)
    #: The user kept the embedding model the index was built with (its folder name):
    #: the setting goes back to it.
    reembedding_declined = Signal(str)
    _client_event = Signal(str, object)

    def __init__(
        self, window: MainWindow, workers: Workers, client: LibraryClient | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.panel = window.library_panel
        self.workers = workers
        self.client = client or LibraryClient()
        self.client.on_event = self._from_client_thread
        self.library = DEFAULT_LIBRARY
        self.libraries: list[str] = []
        self._new_libraries: list[str] = []  # made here, no files yet
        self._in_flight: set[WorkerSignals] = set()
        self._restarts = 0
        self._closed = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)  # "changed" comes in bursts: one refresh
        self._refresh_timer.timeout.connect(self._refresh_now)
        self._client_event.connect(self._on_event, Qt.ConnectionType.QueuedConnection)
        self._connect_signals()

    def _connect_signals(self) -> None:
        panel = self.panel
        panel.library_selected.connect(self.select_library)
        panel.new_library_requested.connect(self.new_library)
        panel.remove_library_requested.connect(self.remove_library)
        panel.add_files_requested.connect(self.choose_files)
        panel.add_folder_requested.connect(self.choose_folder)
        panel.pause_requested.connect(self.pause)
        panel.resume_requested.connect(self.resume)
        panel.cancel_requested.connect(lambda: self._run(self.client.cancel))
        panel.remove_file_requested.connect(self.remove_file)
        self.window.files_dropped.connect(self._dropped_on_library)

    # --- start, stop ----------------------------------------------------------------

    def start(self) -> None:
        """Start the library process (it warms its embedding model in the background)
        and show what the library holds."""
        self._run(self._load, self._loaded)

    def shutdown(self) -> None:
        self._closed = True
        self._refresh_timer.stop()
        self.client.close()  # calls still waiting on it fail at once
        self.workers.wait(5000)

    # --- used from other controllers ---------------------------------------------------

    def search(self, question: str, scope: Scope, k: int) -> list[Passage]:
        """Blocking: for the chat worker thread, never the GUI thread."""
        return self.client.search(question, scope, k)

    def scope_files(self, scope: Scope) -> list[FileRecord]:
        """Blocking, for the chat worker thread: the files of a scope's library (to tell
        "not found" from "not read yet" or "could not be read")."""
        return self.client.files(scope.library)

    def document(self, scope: Scope) -> list[Passage]:
        """Blocking, for a worker thread: the scope's one file whole, a passage per page."""
        return self.client.document(scope)

    def set_busy(self, busy: bool) -> None:
        self.client.set_busy(busy)

    def restart(self) -> None:
        """Start the library process anew: it reads the settings again (a new embedding
        model asks, through ``embedding_model_changed``, before re-embedding)."""
        self._run(self.client.restart, lambda _none: self.refresh())

    def pause(self) -> None:
        """Pause indexing (from the Files panel or the tray)."""
        self._run(self.client.pause)

    def resume(self) -> None:
        self._run(self.client.resume)

    def passage_context(
        self, chunk_id: str, on_result: Callable[[Any], None], on_error: Callable[[str], None]
    ) -> None:
        """The passage with its neighbours, handed to ``on_result`` on the GUI thread."""
        self._run(lambda: self.client.passage_context(chunk_id, radius=2), on_result, on_error)

    # --- lists ------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self._closed:
            self._refresh_timer.start()

    def _refresh_now(self) -> None:
        self._run(self._load, self._loaded)

    def _load(self) -> tuple[list[LibraryInfo], list[FileRecord]]:
        library = self.library
        return self.client.libraries(), self.client.files(library)

    def _loaded(self, result: tuple[list[LibraryInfo], list[FileRecord]]) -> None:
        infos, files = result
        names = [info.name for info in infos]
        names += [name for name in self._new_libraries if name not in names]
        if not names:
            names = [DEFAULT_LIBRARY]
        if self.library not in names:
            self.library = names[0]
        self.libraries = names
        self.panel.set_libraries(names, self.library)
        self.panel.set_files([f for f in files if f.library == self.library])
        self.libraries_changed.emit(names)

    def select_library(self, name: str) -> None:
        self.library = name
        self.refresh()

    def new_library(self) -> None:
        name, ok = QInputDialog.getText(
            self.window,
            self.tr("New library"),
            self.tr("Name of the new library:"),
            QLineEdit.EchoMode.Normal,
        )
        name = " ".join(name.split())
        if not ok or not name:
            self.panel.restore_selection(self.library)
            return
        if name not in self.libraries and name not in self._new_libraries:
            self._new_libraries.append(name)
        self.library = name
        self._loaded(([LibraryInfo(n, (), 0, 0, 0) for n in self.libraries], []))

    # --- adding -----------------------------------------------------------------------

    def choose_files(self) -> None:
        """Ask which files to add (every format Hisho reads is offered)."""
        paths, _ = QFileDialog.getOpenFileNames(
            self.window,
            self.tr("Add files to {library}").format(library=self.library),
            str(Path.home()),
            file_filters(),
        )
        if paths:
            self.add(paths)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window,
            self.tr("Add a folder to {library}").format(library=self.library),
            str(Path.home()),
        )
        if folder:
            self.add([folder])

    def add(
        self,
        paths: Sequence[str],
        on_added: Callable[[Added], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Add files and folders to the selected library; they are read in the background."""
        library = self.library

        def added(result: Added) -> None:
            self._report_added(result)
            if on_added is not None:
                on_added(result)

        def failed(message: str) -> None:
            self.window.show_error(message)
            if on_error is not None:
                on_error(message)

        self._run(lambda: self._add(list(paths), library), added, failed)

    def _dropped_on_library(self, paths: list[str]) -> None:
        self.window.show_files_tab()
        self.add(paths)

    def _add(self, paths: list[str], library: str) -> Added:
        """On the worker: queue the paths, then find what the library holds of them."""
        queued = self.client.add([Path(p) for p in paths], library)
        resolved = tuple(str(Path(p).resolve()) for p in paths)
        known = tuple(r for r in self.client.files(library) if _under(r, resolved))
        single = resolved[0] if len(resolved) == 1 and Path(resolved[0]).is_file() else None
        return Added(library, resolved, tuple(queued), known, single)

    def _report_added(self, added: Added) -> None:
        if added.library in self._new_libraries:
            self._new_libraries.remove(added.library)
        count = len(added.queued)
        if count:
            files = (
                self.tr("1 file") if count == 1 else self.tr("{count} files").format(count=count)
            )
            self.window.show_transient(
                self.tr("Reading {files} into {library}…").format(
                    files=files, library=added.library
                )
            )
        elif added.known:
            self.window.show_transient(
                self.tr("Already in {library}: nothing new to read.").format(library=added.library)
            )
        else:
            self.window.show_notice(self.tr("Nothing was added: no files were found there."))
        self.refresh()

    # --- removing ---------------------------------------------------------------------

    def remove_file(self, record: FileRecord) -> None:
        if not dialogs.confirm(
            self.window,
            self.tr("Remove from library"),
            self.tr(
                "Remove “{name}” from {library}? The file itself stays where it is on your disk."
            ).format(name=record.name, library=record.library),
            self.tr("Remove"),
        ):
            return
        self._run(lambda: self.client.remove_path(record.path, record.library))

    def remove_library(self, name: str) -> None:
        if not name or not dialogs.confirm(
            self.window,
            self.tr("Remove library"),
            self.tr(
                "Remove the library “{name}” and forget its files? "
                "The files themselves stay where they are on your disk."
            ).format(name=name),
            self.tr("Remove library"),
        ):
            return
        if name in self._new_libraries:
            self._new_libraries.remove(name)
        if self.library == name:
            self.library = DEFAULT_LIBRARY
        self._run(lambda: self.client.remove_library(name), lambda _: self.refresh())

    # --- events from the library process ---------------------------------------------

    def _from_client_thread(self, name: str, payload: dict[str, Any]) -> None:
        if self._closed:
            return
        with contextlib.suppress(RuntimeError):  # the window (and this object) are gone
            self._client_event.emit(name, payload)

    def _on_event(self, name: str, payload: dict[str, Any]) -> None:
        if self._closed:
            return
        if name == "progress":
            progress: IngestProgress = payload["progress"]
            self.panel.set_progress(progress)
            if progress.file is not None:
                self.panel.update_file(progress.file)
            self.progress.emit(progress)
        elif name == "changed":
            self.refresh()
        elif name == "problem":
            self.window.show_error(str(payload.get("message", "")))
        elif name == "notice":
            self.window.show_notice(str(payload.get("message", "")))
        elif name == "embedding_model_changed":
            self._confirm_reembedding(payload)
        elif name == "stopped":
            self.window.show_error(str(payload.get("message", "")))
            if self._restarts < AUTO_RESTARTS:  # start it again: indexing continues
                self._restarts += 1
                QTimer.singleShot(2000, self.refresh)

    def _confirm_reembedding(self, payload: dict[str, Any]) -> None:
        """A new embedding model: every passage must be embedded again. Ask first; the
        old index keeps answering until the user agrees."""
        new, old = str(payload.get("new") or ""), str(payload.get("old") or "")
        chunks = int(payload.get("chunks") or 0)
        count = (
            self.tr("{count} passages").format(count=f"{chunks:,}")
            if chunks != 1
            else self.tr("1 passage")
        )
        agreed = dialogs.confirm(
            self.window,
            self.tr("Re-index your files?"),
            self.tr(
                "Searching with {new} needs every passage of your files embedded again "
                "({count}). Hisho does it in the background; until it is done, searches "
                "find fewer passages."
            ).format(new=new, count=count),
            self.tr("Re-index"),
        )
        if agreed:
            self._run(self.client.rebuild)
        else:
            self.window.show_notice(
                self.tr("The embedding model stays {old}; nothing was re-indexed.").format(old=old)
            )
            self.reembedding_declined.emit(old)

    # --- helpers ----------------------------------------------------------------------

    def _run(
        self,
        call: Callable[[], Any],
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Run a blocking library call on the library's worker thread."""
        if self._closed:
            return
        signals: WorkerSignals | None = None

        def finished() -> None:
            self._in_flight.discard(signals)

        signals = self.workers.run_call(
            call,
            on_result=on_result or (lambda _: None),
            on_error=on_error or self.window.show_error,
            on_finished=finished,
        )
        self._in_flight.add(signals)
