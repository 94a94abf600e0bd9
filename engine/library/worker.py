"""The library process: owns the manifest, the vector index and the embedder.

Chroma and the embedder hold the GIL for long stretches, so they live here and not in
the window's process. It speaks JSON lines (``engine.library.client`` is the other
side): requests carry an ``id`` and get one ``reply``; indexing reports ``progress``
events as it goes, and ``changed`` when what the library holds has changed.

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
from engine.library.library import Library
from engine.library.sync import FolderWatcher
from engine.library.types import IngestProgress, JobState, Scope
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

    def handle(self, request: dict[str, Any]) -> Any:
        op = request.get("op")
        library = self.library
        if op == "add":
            queued = library.add([Path(p) for p in request["paths"]], request["library"])
            if self.watcher is not None:
                self.watcher.watch(library.manifest.folders())
            self._paused.clear()
            self._wake.set()
            self.send(event="changed")
            return to_wire(queued)
        if op == "search":
            scope = Scope(request.get("library"), request.get("path"))
            return to_wire(library.search(request["query"], scope, int(request.get("k", 8))))
        if op == "libraries":
            return to_wire(library.libraries())
        if op == "files":
            return to_wire(library.files(request.get("library")))
        if op == "remove_path":
            removed = library.remove_path(Path(request["path"]), request.get("library"))
            self.send(event="changed")
            return removed
        if op == "remove_library":
            folders = library.manifest.folders(request["name"])
            library.remove_library(request["name"])
            if self.watcher is not None:
                for folder in set(folders) - set(library.manifest.folders()):
                    self.watcher.unwatch(folder)
            self.send(event="changed")
            return True
        if op == "passage_context":
            return to_wire(
                library.passage_context(request["chunk_id"], int(request.get("radius", 1)))
            )
        if op == "pause":
            self._paused.set()
            return True
        if op == "resume":
            self._paused.clear()
            self._wake.set()
            return True
        if op == "cancel":
            self._cancel.cancel()
            self._paused.clear()
            return True
        if op == "busy":
            if request.get("value"):
                self._busy.set()
            else:
                self._busy.clear()
            return True
        if op == "rebuild":
            self._rebuild_confirmed.set()
            return True
        if op == "ping":
            return True
        if op == "status":
            return {
                "pending": len(library.manifest.pending()),
                "paused": self._paused.is_set(),
                "consistent": library.consistent(),
                "pid": os.getpid(),
            }
        raise ValueError(f"unknown request {op!r}")

    def serve(self, requests: IO[str]) -> None:
        for line in requests:
            try:
                request = json.loads(line)
            except ValueError:
                continue
            if request.get("op") == "quit":
                break
            request_id = request.get("id")
            try:
                self.send(event="reply", id=request_id, result=self.handle(request))
            except HishoError as exc:
                self.send(event="reply", id=request_id, error=str(exc))
            except Exception as exc:
                log.exception("request %s failed", request.get("op"))
                self.send(event="reply", id=request_id, error=f"{type(exc).__name__}: {exc}")
        self.close()

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
    protocol = worker_channel(nice=8)
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
        protocol.write(json.dumps({"event": "fatal", "message": str(exc)}) + "\n")
        protocol.flush()
        return 1
    service = LibraryService(protocol, library)
    service.send(event="ready")
    service.start()
    service.serve(sys.stdin)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
