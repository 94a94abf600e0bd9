"""A Python child process that speaks JSON lines on stdin/stdout.

Native code that crashes or hangs (llama.cpp, Chroma, a PDF parser) takes down its
own process, not the window: the parent sees the end of the event stream, reports
why, and starts a fresh process for the next request.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path
from typing import IO, Any

from engine import paths
from engine.i18n import QT_TRANSLATE_NOOP


def child_command(flag: str, module: str) -> list[str]:
    """How to start a worker: ``python -m module``, or a frozen app re-running itself
    with ``flag``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, flag]
    return [sys.executable, "-m", module]


class ChildProcess:
    """One running worker process and the thread that reads its events (JSON lines)."""

    def __init__(self, command: list[str], log_name: str) -> None:
        log_path = paths.ensure_dir(paths.log_dir()) / log_name
        self.stderr_log: IO[bytes] = log_path.open("ab")
        env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1")
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        self.popen = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr_log,
            env=env,
        )
        self.events: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.recent: deque[str] = deque(maxlen=20)
        threading.Thread(target=self._read, daemon=True, name=f"{log_name}-events").start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            try:
                self.events.put(json.loads(line))
            except ValueError:
                self.recent.append(line.decode("utf-8", "replace"))
        self.events.put(None)  # end of stream: the process is gone

    def send(self, **request: Any) -> None:
        assert self.popen.stdin is not None
        try:
            self.popen.stdin.write((json.dumps(request) + "\n").encode("ascii"))
            self.popen.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the reader sees the end of the stream and reports the crash

    def next_event(self, timeout: float) -> dict[str, Any] | None:
        """The next event; ``{}`` on timeout; None once the process has died."""
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            return {}

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.popen.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=5)
        for stream in (self.popen.stdin, self.popen.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self.stderr_log.close()

    def quit(self) -> None:
        self.send(op="quit")
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=3)
        self.kill()

    def death_reason(self) -> str:
        code = self.popen.wait(timeout=5) if self.popen.poll() is None else self.popen.returncode
        if code is not None and code < 0:
            import signal

            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return QT_TRANSLATE_NOOP("Engine", "killed by signal {signal}").format(signal=name)
        return QT_TRANSLATE_NOOP("Engine", "exit code {code}").format(code=code)


def worker_channel(nice: int) -> IO[str]:
    """In a worker: take stdout for the protocol (anything native code prints goes to
    stderr instead) and lower this process's priority below the window's."""
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    if nice and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(nice)
    return protocol
