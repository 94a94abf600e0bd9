"""Where a local API runs now: a small status file in the data folder.

The server that starts writes ``local-api.json`` (its address, process and kind:
"window" or "serve") and removes it when it stops. A window reads it to show a
``hisho serve`` running beside it; a file left by a process that died is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from engine import paths
from engine.storage.atomic import write_atomic


@dataclass(frozen=True, slots=True)
class RunningApi:
    url: str
    pid: int
    kind: str  # "window" or "serve"


def status_file() -> Path:
    return paths.data_dir() / "local-api.json"


def announce(url: str, kind: str) -> None:
    data = {"url": url, "pid": os.getpid(), "kind": kind}
    with contextlib.suppress(OSError):
        write_atomic(paths.ensure_dir(paths.data_dir()) / status_file().name,
                     json.dumps(data).encode("utf-8"))  # fmt: skip


def withdraw(url: str) -> None:
    """Remove the file if it is this process's own announcement of ``url``."""
    found = _read()
    if found is not None and found.pid == os.getpid() and found.url == url:
        with contextlib.suppress(OSError):
            status_file().unlink()


def _read() -> RunningApi | None:
    try:
        data = json.loads(status_file().read_text(encoding="utf-8"))
        return RunningApi(str(data["url"]), int(data["pid"]), str(data["kind"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def running_api() -> RunningApi | None:
    """The local API running now (this process's or another's), if any."""
    found = _read()
    if found is None:
        return None
    try:
        import psutil

        alive = psutil.pid_exists(found.pid)
    except ImportError:  # pragma: no cover - psutil is a dependency
        alive = True
    return found if alive else None
