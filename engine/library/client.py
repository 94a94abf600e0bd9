"""The window's side of the library process (``engine.library.worker``).

Each request is an operation of ``engine.library.protocol``; calls block until the
reply arrives, so the UI makes them from a worker thread.
Events (indexing progress, "the library changed", problems) go to ``on_event`` on the
client's own thread. If the process dies, waiting calls fail with a clear error and the
next call starts a new one, which continues any indexing where it stopped.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from engine.child_process import ChildProcess, child_command
from engine.errors import LibraryError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library import protocol, wire
from engine.library.protocol import Arguments, Reply
from engine.library.types import FileRecord, LibraryInfo, Passage, Scope

#: name, payload. Names: "progress" (payload["progress"]: IngestProgress), "changed",
#: "problem" (payload["message"]), "notice" (payload["message"]: something the user
#: should know, e.g. a damaged index is being rebuilt), "stopped" (the process died),
#: "embedding_model_changed" (payload old, new, chunks: ask the user, then ``rebuild()``).
EventHandler = Callable[[str, dict[str, Any]], None]

START_TIMEOUT_S = 60.0


def worker_command() -> list[str]:
    return child_command("--library-worker", "engine.library.worker")


class LibraryClient:
    """Talks to the library process; starts it on first use and again after a crash."""

    def __init__(self, on_event: EventHandler | None = None) -> None:
        self.on_event = on_event
        self._process: ChildProcess | None = None
        self._pending: dict[int, Future[Any]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._closing = False
        self._starting: ChildProcess | None = None
        self._retired: set[ChildProcess] = set()  # ended on purpose: no "stopped" event

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.popen.pid if process is not None and process.alive() else None

    def start(self) -> None:
        with self._lock:
            self._ensure_started()

    def _ensure_started(self) -> ChildProcess:
        if self._process is not None and self._process.alive():
            return self._process
        process = ChildProcess(worker_command(), "library-worker.log")
        self._starting = process
        try:
            first = process.next_event(START_TIMEOUT_S)
        finally:
            self._starting = None
        if not first or first.get("event") != "ready":
            message = (first or {}).get("message") or (
                QT_TRANSLATE_NOOP("Engine", "The library process did not start ({reason}).").format(
                    reason=process.death_reason()
                )
                if not process.alive()
                else QT_TRANSLATE_NOOP("Engine", "The library process did not answer in time.")
            )
            process.kill()
            raise LibraryError(str(message))
        self._process = process
        threading.Thread(
            target=self._dispatch, args=(process,), daemon=True, name="library-client"
        ).start()
        return process

    def _dispatch(self, process: ChildProcess) -> None:
        while True:
            event = process.events.get()
            if event is None:
                break
            name = event.pop("event", "")
            if name == "reply":
                future = self._pending.pop(int(event.get("id") or 0), None)
                if future is not None:
                    if "error" in event:
                        future.set_exception(LibraryError(str(event["error"])))
                    else:
                        future.set_result(event.get("result"))
            elif self.on_event is not None:
                if name == "progress":
                    event["progress"] = wire.progress(event["progress"])
                self.on_event(name, event)
        # The process is gone: fail whoever waits, and say so.
        quiet = self._closing or process in self._retired
        self._retired.discard(process)
        reason = "" if quiet else process.death_reason()
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "The indexing process stopped ({reason}). It starts again with the next "
            "request and continues where it stopped.",
        ).format(reason=reason)
        for request_id in list(self._pending):
            future = self._pending.pop(request_id, None)
            if future is not None and not future.done():
                future.set_exception(LibraryError(message))
        if not quiet and self.on_event is not None:
            self.on_event("stopped", {"message": message})

    def request(
        self,
        operation: protocol.Operation[Arguments, Reply],
        arguments: Arguments,
        timeout: float = 120.0,
    ) -> Reply:
        """Ask the library process for ``operation`` and wait for its reply.

        Raises:
            LibraryError: the process failed the request, died, or did not answer in
                ``timeout`` seconds.
        """
        with self._lock:
            process = self._ensure_started()
            request_id = next(self._ids)
            future: Future[Any] = Future()
            self._pending[request_id] = future
            process.send(**protocol.encode(operation, arguments, request_id))
        try:
            return operation.reply(future.result(timeout=timeout))
        except TimeoutError as exc:
            self._pending.pop(request_id, None)
            raise LibraryError(
                QT_TRANSLATE_NOOP("Engine", "The library did not answer in time. Try again.")
            ) from exc

    # --- typed requests ---------------------------------------------------------------

    def add(self, paths: Sequence[Path], library: str) -> list[FileRecord]:
        return self.request(protocol.ADD, protocol.AddArguments([str(p) for p in paths], library))

    def search(self, query: str, scope: Scope | None = None, k: int = 8) -> list[Passage]:
        scope = scope or Scope()
        arguments = protocol.SearchArguments(query, scope.library, scope.path, k)
        return self.request(protocol.SEARCH, arguments)

    def libraries(self) -> list[LibraryInfo]:
        return self.request(protocol.LIBRARIES, protocol.NoArguments())

    def files(self, library: str | None = None) -> list[FileRecord]:
        return self.request(protocol.FILES, protocol.FilesArguments(library))

    def remove_path(self, path: str, library: str | None = None) -> int:
        return self.request(protocol.REMOVE_PATH, protocol.RemovePathArguments(path, library))

    def remove_library(self, name: str) -> None:
        self.request(protocol.REMOVE_LIBRARY, protocol.RemoveLibraryArguments(name))

    def passage_context(self, chunk_id: str, radius: int = 1) -> list[Passage]:
        arguments = protocol.PassageContextArguments(chunk_id, radius)
        return self.request(protocol.PASSAGE_CONTEXT, arguments)

    def document(self, scope: Scope) -> list[Passage]:
        """The whole text of the scope's one file, a passage per page (empty: not indexed)."""
        arguments = protocol.DocumentArguments(scope.path or "", scope.library)
        return self.request(protocol.DOCUMENT, arguments)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors of ``texts`` from the library's embedding model (the local API's)."""
        return self.request(protocol.EMBED, protocol.EmbedArguments(list(texts)))

    def rebuild(self) -> None:
        """Re-embed every chunk (the user agreed after an embedding model change)."""
        self.request(protocol.REBUILD, protocol.NoArguments())

    def pause(self) -> None:
        self.request(protocol.PAUSE, protocol.NoArguments())

    def resume(self) -> None:
        self.request(protocol.RESUME, protocol.NoArguments())

    def cancel(self) -> None:
        self.request(protocol.CANCEL, protocol.NoArguments())

    def status(self) -> protocol.LibraryStatus:
        return self.request(protocol.STATUS, protocol.NoArguments())

    def set_busy(self, busy: bool) -> None:
        """Tell indexing that an answer is being generated (it waits meanwhile)."""
        if self._process is not None and self._process.alive():
            self._process.send(**protocol.encode(protocol.BUSY, protocol.BusyArguments(busy), 0))

    def restart(self) -> None:
        """End the library process and start a new one, which reads the settings again
        (the embedding model changed). Blocking: call it from a worker thread."""
        with self._lock:
            process, self._process = self._process, None
            if process is not None:
                self._retired.add(process)
                with contextlib.suppress(Exception):
                    process.quit()
            self._ensure_started()

    def close(self) -> None:
        self._closing = True
        starting, self._starting = self._starting, None
        if starting is not None:  # still starting up: it has nothing to finish
            starting.kill()
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(Exception):
                process.quit()
