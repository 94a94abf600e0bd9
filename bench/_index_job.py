"""The indexing job of ui_latency's ``index`` phase: a folder added through the app's
own library client, watched until the library process says it has finished.

The folder (eval documents as .txt, generated PDFs and Markdown: ``_library.write_folder``)
is added with ``LibraryClient.add`` from a thread of its own, as the app's worker would.
The client's events still reach the app (the Files panel updates as it would for a
user); this only listens in on them. The job is done at the first ``progress`` event
with state "finished" for a job that had files (the library process also reports an
empty job when it starts).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from _common import log


class IndexJob:
    """One ``client.add([folder], library)`` and the progress events that follow it."""

    def __init__(self, client: Any, folder: Path, library: str = "Bench") -> None:
        self.client = client
        self.folder = folder
        self.library = library
        self.finished = threading.Event()
        self.error = ""
        self.started = 0.0
        self.seconds = 0.0
        self.added_s = 0.0  # how long the add call took to answer
        self.events = 0
        self.files_done = 0
        self.chunks_done = 0
        self._forward = client.on_event

    def start(self) -> None:
        self.client.on_event = self._on_event
        self.started = time.perf_counter()
        threading.Thread(target=self._add, daemon=True, name="bench-index-add").start()

    def _add(self) -> None:
        try:
            queued = self.client.add([self.folder], self.library)
            self.added_s = time.perf_counter() - self.started
            log(f"index: {len(queued)} files queued in {self.added_s:.2f} s")
        except Exception as exc:  # reported, and the phase ends
            self.error = f"add failed: {type(exc).__name__}: {exc}"

    def _on_event(self, name: str, payload: dict[str, Any]) -> None:
        """On the client's thread: note the progress, then hand the event to the app."""
        if name == "progress":
            progress = payload["progress"]
            self.events += 1
            if progress.files_total:
                self.files_done, self.chunks_done = progress.files_done, progress.chunks_done
            if progress.state.value == "finished" and progress.files_total:
                self.seconds = time.perf_counter() - self.started
                self.finished.set()
        elif name in ("problem", "stopped"):
            self.error = f"{name}: {payload.get('message', '')}"
        if self._forward is not None:
            self._forward(name, payload)

    def stop(self) -> None:
        self.client.on_event = self._forward

    def summary(self) -> dict[str, Any]:
        seconds = self.seconds or (time.perf_counter() - self.started)
        return {
            "files": self.files_done,
            "chunks": self.chunks_done,
            "seconds": round(seconds, 1),
            "chunks_per_s": round(self.chunks_done / seconds, 1) if seconds else 0.0,
            "add_reply_s": round(self.added_s, 2),
            "progress_events": self.events,
            "finished": self.finished.is_set(),
        }
