"""The library process: owns the manifest, the vector index and the embedder.

Chroma and the embedder hold the GIL for long stretches, so they live here and not in
the window's process. It speaks JSON lines (``engine.library.client`` is the other
side): requests, as ``engine.library.protocol`` lists them, carry an ``id`` and get one
``reply``; indexing reports ``progress`` events as it goes, and ``changed`` when what
the library holds has changed.

At start it reconciles the library with the disk (changes made while Hisho was closed,
files left half-indexed by a crash) and continues any indexing where it stopped.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from pathlib import Path
from typing import IO, Any

from engine.cancel import CancelToken
from engine.child_process import worker_channel
from engine.errors import HishoError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library import protocol
from engine.library.library import Library
from engine.library.sync import FolderWatcher
from engine.library.types import FileRecord, IngestProgress, JobState, Scope
from engine.library.wire import to_wire

log = logging.getLogger(__name__)


class LibraryService:
    """Serves requests on the main thread; indexes on its own thread."""

    def __init__(self, out: IO[str], library: Library) -> None:
        self._out = out
        self._out_lock = threading.Lock()
        self.library = library
        self._cancel = CancelToken()
        self._paused = threading.Event()
        self._busy = threading.Event()
        self._wake = threading.Event()
        self._rebuild_confirmed = threading.Event()
        self._quit = False
        self.watcher: FolderWatcher | None = None
        self._thread = threading.Thread(target=self._index_loop, daemon=True, name="indexer")
        self._dispatcher = self._operations()

    def send(self, **event: Any) -> None:
        line = json.dumps(event, ensure_ascii=False)
        with self._out_lock:
            self._out.write(line + "\n")
            self._out.flush()

    def start(self) -> None:
        self._thread.start()

    # --- indexing thread -----------------------------------------------------------

    def _index_loop(self) -> None:
        try:
            self.library.embedder.load()  # warm: the first question should not wait for it
            self.library.vectors  # noqa: B018 - open it now: a damaged one is found at start
            if self.library.damaged_index is not None:
                self._rebuild_damaged()
            elif self.library.embedding_model_changed():
                self._rebuild_after_confirmation()
            self.library.reconcile()
            self.watcher = FolderWatcher(self._on_disk_changes)
            self.watcher.watch(self.library.manifest.folders())
        except HishoError as exc:
            self.send(event="problem", message=str(exc))
        self._wake.set()
        while not self._quit:
            self._wake.wait()
            self._wake.clear()
            if self._quit:
                return
            self._cancel = CancelToken()
            try:
                for step in self.library.ingest(
                    self._cancel, paused=self._paused.is_set, busy=self._busy.is_set
                ):
                    self.send(event="progress", progress=to_wire(step))
                    if step.state in (JobState.FINISHED, JobState.CANCELLED):
                        self.send(event="changed")
            except HishoError as exc:
                self.send(event="problem", message=str(exc))
            except Exception as exc:  # keep serving searches whatever one file did
                log.exception("indexing failed")
                self.send(
                    event="problem",
                    message=QT_TRANSLATE_NOOP("Engine", "Indexing stopped: {error}").format(
                        error=exc
                    ),
                )

    def _rebuild_damaged(self) -> None:
        """The index was damaged and set aside: embed everything again from the text the
        manifest keeps (no question: without it, searches find nothing)."""
        assert self.library.damaged_index is not None
        aside, problem = self.library.damaged_index
        self.send(
            event="notice",
            message=QT_TRANSLATE_NOOP(
                "Engine",
                "The search index was damaged ({problem}). It was kept as {path} and is "
                "being rebuilt from the text Hisho keeps of your files; nothing was lost.",
            ).format(problem=problem, path=aside),
        )
        self._rebuild_with_progress(
            QT_TRANSLATE_NOOP("Engine", "Rebuilding the search index: {done} of {total} passages")
        )

    def _rebuild_with_progress(self, template: str) -> None:
        """Rebuild the index, reporting ``template`` (with {done} and {total}) as it goes."""
        total_files = len(self.library.files())
        for done, total in self.library.rebuild(self._cancel):
            self.send(event="progress", progress=to_wire(IngestProgress(
                JobState.RUNNING, total_files, 0, done,
                message=template.format(done=f"{done:,}", total=f"{total:,}"),
            )))  # fmt: skip
        self.send(event="changed")

    def _rebuild_after_confirmation(self) -> None:
        """The embedding model setting changed: every chunk must be embedded again, which
        takes a while, so the window asks the user first (``rebuild`` request)."""
        self.send(
            event="embedding_model_changed",
            old=self.library.manifest.get_meta("embedding_model"),
            new=self.library.embedder.name,
            chunks=self.library.manifest.chunk_count(),
        )
        while not self._rebuild_confirmed.wait(0.5):
            if self._quit:
                return
        self._rebuild_with_progress(
            QT_TRANSLATE_NOOP(
                "Engine", "Re-embedding your files for the new model: {done} of {total} passages"
            )
        )

    def _on_disk_changes(self, changed: set[Path], deleted: set[Path]) -> None:
        try:
            if self.library.apply_changes(changed, deleted):
                self.send(event="changed")
                self._wake.set()
        except HishoError as exc:
            self.send(event="problem", message=str(exc))

    # --- requests -----------------------------------------------------------------------

    def _operations(self) -> protocol.Dispatcher:
        """A handler for each operation of ``engine.library.protocol``."""
        library = self.library
        operations = protocol.Dispatcher()
        operations.on(protocol.ADD, self._add)
        operations.on(
            protocol.SEARCH, lambda a: library.search(a.query, Scope(a.library, a.path), a.k)
        )
        operations.on(protocol.LIBRARIES, lambda _: library.libraries())
        operations.on(protocol.FILES, lambda a: library.files(a.library))
        operations.on(protocol.REMOVE_PATH, self._remove_path)
        operations.on(protocol.REMOVE_LIBRARY, self._remove_library)
        operations.on(
            protocol.PASSAGE_CONTEXT, lambda a: library.passage_context(a.chunk_id, a.radius)
        )
        operations.on(protocol.DOCUMENT, lambda a: library.document(Scope(a.library, a.path)))
        operations.on(protocol.PAUSE, lambda _: self._paused.set())
        operations.on(protocol.RESUME, self._resume)
        operations.on(protocol.CANCEL, self._cancel_indexing)
        operations.on(protocol.BUSY, self._set_busy)
        operations.on(protocol.REBUILD, lambda _: self._rebuild_confirmed.set())
        operations.on(protocol.PING, lambda _: None)
        operations.on(protocol.EMBED, lambda a: library.embedder.embed(a.texts))
        operations.on(protocol.STATUS, self._status)
        return operations

    def _add(self, request: protocol.AddArguments) -> list[FileRecord]:
        queued = self.library.add([Path(p) for p in request.paths], request.library)
        if self.watcher is not None:
            self.watcher.watch(self.library.manifest.folders())
        self._paused.clear()
        self._wake.set()
        self.send(event="changed")
        return queued

    def _remove_path(self, request: protocol.RemovePathArguments) -> int:
        removed = self.library.remove_path(Path(request.path), request.library)
        self.send(event="changed")
        return removed

    def _remove_library(self, request: protocol.RemoveLibraryArguments) -> None:
        folders = self.library.manifest.folders(request.name)
        self.library.remove_library(request.name)
        if self.watcher is not None:
            for folder in set(folders) - set(self.library.manifest.folders()):
                self.watcher.unwatch(folder)
        self.send(event="changed")

    def _resume(self, _request: protocol.NoArguments) -> None:
        self._paused.clear()
        self._wake.set()

    def _cancel_indexing(self, _request: protocol.NoArguments) -> None:
        self._cancel.cancel()
        self._paused.clear()

    def _set_busy(self, request: protocol.BusyArguments) -> None:
        if request.value:
            self._busy.set()
        else:
            self._busy.clear()

    def _status(self, _request: protocol.NoArguments) -> protocol.LibraryStatus:
        return protocol.LibraryStatus(
            pending=len(self.library.manifest.pending()),
            paused=self._paused.is_set(),
            consistent=self.library.consistent(),
            pid=os.getpid(),
        )

    def serve(self, requests: IO[str]) -> None:
        """Answer each request line until ``quit`` or the end of the input."""
        for line in requests:
            try:
                message = json.loads(line)
            except ValueError:
                message = None
            if not isinstance(message, dict):
                log.warning("not a request, ignored: %.200r", line)
                continue
            if message.get("op") == "quit":
                break
            self.send(event="reply", id=message.get("id"), **self._answer(message))
        self.close()

    def _answer(self, message: dict[str, Any]) -> dict[str, Any]:
        """``result`` of a request, or ``error`` saying why there is none."""
        try:
            return {"result": self._dispatcher.answer(message)}
        except HishoError as exc:
            return {"error": str(exc)}
        except Exception as exc:  # keep serving whatever one request did
            log.exception("request %s failed", message.get("op"))
            return {"error": f"{type(exc).__name__}: {exc}"}

    def close(self) -> None:
        self._quit = True
        self._cancel.cancel()
        self._wake.set()
        if self.watcher is not None:
            self.watcher.close()
        # Stop at the next step; a crash-safe library needs no long goodbye (kill -9 is
        # safe too), so the window never waits long for it.
        self._thread.join(timeout=2)
        if not self._thread.is_alive():
            self.library.close()


def main() -> int:
    # Below the window and below the chat model: indexing takes what CPU is left.
    channel = worker_channel(nice=8)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    from engine.library.embedder import Embedder, resolve_embedding_model
    from engine.models.local import default_threads
    from engine.storage import settings as settings_module

    loaded, _warning = settings_module.load()
    options = loaded.library
    try:
        library = Library(
            embedder=Embedder(resolve_embedding_model(options.embedding_model), default_threads()),
            chunk_tokens=options.chunk_tokens,
            chunk_overlap=options.chunk_overlap,
        )
    except HishoError as exc:
        channel.write(json.dumps({"event": "fatal", "message": str(exc)}) + "\n")
        channel.flush()
        return 1
    service = LibraryService(channel, library)
    service.send(event="ready")
    service.start()
    service.serve(sys.stdin)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
