"""Keep watched folders in sync: watchdog events, gathered for a moment, then handed on.

Editors save in many ways (write in place, write a temp file and rename, delete and
recreate), so events are reduced to "this path may have changed" and "this path is
gone", and the library decides by looking at the disk.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

#: How long to wait after the last event before handing the batch on.
SETTLE_S = 0.75


class FolderWatcher:
    """Watches folders; calls ``on_changes(changed, deleted)`` from its own thread."""

    def __init__(
        self,
        on_changes: Callable[[set[Path], set[Path]], None],
        settle_s: float = SETTLE_S,
    ) -> None:
        from watchdog.observers import Observer

        self._on_changes = on_changes
        self._settle_s = settle_s
        self._observer: Any = Observer()
        self._observer.daemon = True
        self._watches: dict[str, Any] = {}
        self._changed: set[Path] = set()
        self._deleted: set[Path] = set()
        self._last = 0.0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = False
        self._observer.start()
        threading.Thread(target=self._flush_loop, daemon=True, name="folder-sync").start()

    def watch(self, folders: Iterable[str]) -> None:
        """Watch these folders (recursively) from now on; unknown ones are added."""
        from watchdog.events import FileSystemEvent, FileSystemEventHandler

        watcher = self

        class _Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                watcher._record(event)

        for folder in folders:
            if folder in self._watches or not Path(folder).is_dir():
                continue
            try:
                self._watches[folder] = self._observer.schedule(_Handler(), folder, recursive=True)
            except OSError:  # gone, or the system's watch limit is reached
                continue

    def unwatch(self, folder: str) -> None:
        watch = self._watches.pop(folder, None)
        if watch is not None:
            self._observer.unschedule(watch)

    def _record(self, event: Any) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [Path(str(event.src_path))]
        if getattr(event, "dest_path", ""):
            paths.append(Path(str(event.dest_path)))
        with self._lock:
            if event.event_type == "moved":
                self._deleted.add(paths[0])
                self._changed.add(paths[1])
            elif event.event_type == "deleted":
                self._deleted.add(paths[0])
            elif not event.is_directory or event.event_type == "created":
                self._changed.update(paths)
            self._last = time.monotonic()
        self._wake.set()

    def _flush_loop(self) -> None:
        while not self._stop:
            self._wake.wait()
            self._wake.clear()
            while not self._stop:
                with self._lock:
                    quiet = time.monotonic() - self._last
                if quiet >= self._settle_s:
                    break
                time.sleep(self._settle_s - quiet)
            with self._lock:
                changed, deleted = self._changed, self._deleted
                self._changed, self._deleted = set(), set()
            if changed or deleted:
                self._on_changes(changed, deleted)

    def close(self) -> None:
        self._stop = True
        self._wake.set()
        self._observer.stop()
        self._observer.join(timeout=5)
