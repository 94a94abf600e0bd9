"""Local chat backend: llama-cpp-python running in its own process.

The parent side of ``engine.model_worker``. A crash or hang in native code (a
malformed model, an out-of-memory kill) ends that process, not the app: the caller
gets a :class:`~engine.errors.HishoError` with a message, and the next request
starts a fresh process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from engine import paths
from engine.cancel import CancelToken
from engine.errors import (
    GenerationError,
    ModelCrashedError,
    ModelLoadError,
    ModelNotFoundError,
)
from engine.models import display_name
from engine.types import ChatMessage, GenerationOptions, GenerationStats, ModelInfo

#: How long a stopped generation may take to wind down before its process is killed.
STOP_GRACE_S = 2.0
#: How long loading may take (a 8B model from a slow disk) before it counts as hung.
LOAD_TIMEOUT_S = 300.0


def default_threads() -> int:
    """Physical cores: measured here, 2 threads decode at 89 tok/s where llama.cpp's
    default (half the logical cores) gives 59."""
    try:
        import psutil

        physical = psutil.cpu_count(logical=False)
    except ImportError:
        physical = None
    return max(1, physical or os.cpu_count() or 1)


def worker_command() -> list[str]:
    """How to start the model process (a frozen app re-runs itself with a flag)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--model-worker"]
    return [sys.executable, "-m", "engine.model_worker"]


class _Process:
    """One running model process and the thread that reads its events."""

    def __init__(self) -> None:
        log_path = paths.ensure_dir(paths.log_dir()) / "model-worker.log"
        self.stderr_log: IO[bytes] = log_path.open("ab")
        env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1")
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        self.popen = subprocess.Popen(
            worker_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr_log,
            env=env,
        )
        self.events: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.recent: deque[str] = deque(maxlen=20)
        threading.Thread(target=self._read, daemon=True, name="model-events").start()

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
                return f"killed by signal {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"


class LocalBackend:
    """Chat with a GGUF model through llama-cpp-python, in a separate process."""

    def __init__(self, model_path: Path, context_length: int = 8192, threads: int = 0,
                 seed: int = -1) -> None:  # fmt: skip
        self.model_path = model_path
        self.context_length = context_length
        self.threads = threads or default_threads()
        self.seed = seed
        self._process: _Process | None = None
        self._info: ModelInfo | None = None
        self._lock = threading.Lock()
        self._stats = GenerationStats()

    @property
    def name(self) -> str:
        return display_name(self.model_path)

    @property
    def last_stats(self) -> GenerationStats:
        return self._stats

    @property
    def info(self) -> ModelInfo | None:
        return self._info

    @property
    def pid(self) -> int | None:
        """The model process's id (None when not running)."""
        process = self._process
        return process.popen.pid if process is not None and process.alive() else None

    def load(self) -> ModelInfo:
        with self._lock:
            return self._load_locked()

    def _load_locked(self) -> ModelInfo:
        if self._process is not None and self._process.alive() and self._info is not None:
            return self._info
        self._drop_process()
        if not self.model_path.is_file():
            raise ModelNotFoundError(
                f"No chat model at {self.model_path}. Install the default model with "
                "`make run` (or `python -m engine.models install-defaults`), or choose a "
                "model file with File › Choose chat model…"
            )
        process = _Process()
        self._process = process
        process.send(op="load", path=str(self.model_path), context_length=self.context_length,
                     threads=self.threads, seed=self.seed)  # fmt: skip
        deadline = time.monotonic() + LOAD_TIMEOUT_S
        while time.monotonic() < deadline:
            event = process.next_event(0.5)
            if event is None:
                reason = process.death_reason()
                self._drop_process()
                raise ModelLoadError(
                    f"The model process stopped while loading {self.model_path.name} "
                    f"({reason}). The file may be damaged or not a supported model; choose "
                    "another with File › Choose chat model…"
                )
            kind = event.get("event")
            if kind == "error":
                self._drop_process()
                raise ModelLoadError(str(event.get("message", "The model could not be loaded.")))
            if kind == "loaded":
                self._info = ModelInfo(
                    name=self.name,
                    path=str(self.model_path),
                    context_length=int(event["context_length"]),
                    trained_context_length=int(event["trained_context_length"]),
                    threads=int(event["threads"]),
                    chat_template_source=str(event["template"]),
                )
                return self._info
        self._drop_process()
        raise ModelLoadError(f"Loading {self.model_path.name} took too long and was stopped.")

    def stream(
        self,
        messages: Sequence[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken,
        on_notice: Callable[[str], None] | None = None,
    ) -> Iterator[str]:
        with self._lock:
            self._load_locked()
            process = self._process
            assert process is not None
            self._stats = GenerationStats()
            process.send(
                op="generate",
                messages=[{"role": m.role, "content": m.content} for m in messages],
                options=dataclasses.asdict(options),
            )
            unregister = cancel.on_cancel(lambda: process.send(op="cancel"))
            try:
                yield from self._events(process, cancel, on_notice)
            finally:
                unregister()

    def _events(
        self, process: _Process, cancel: CancelToken, on_notice: Callable[[str], None] | None
    ) -> Iterator[str]:
        cancelled_at: float | None = None
        while True:
            event = process.next_event(0.05)
            if event is None:
                reason = process.death_reason()
                self._drop_process()
                if cancelled_at is not None:
                    return
                raise ModelCrashedError(
                    f"The model process stopped unexpectedly ({reason}). The reply so far "
                    "is kept; send again to retry with a fresh model process."
                )
            if cancel.cancelled and cancelled_at is None:
                cancelled_at = time.monotonic()
            if cancelled_at is not None and time.monotonic() - cancelled_at > STOP_GRACE_S:
                self._drop_process()  # it did not stop: a hung native call
                return
            kind = event.get("event")
            if kind == "token":
                if cancelled_at is None:
                    yield str(event["text"])
            elif kind == "notice" and on_notice is not None:
                on_notice(str(event["text"]))
            elif kind == "done":
                self._stats = GenerationStats(
                    prompt_tokens=int(event["prompt_tokens"]),
                    reused_tokens=int(event["reused_tokens"]),
                    generated_tokens=int(event["generated_tokens"]),
                    time_to_first_token_s=float(event["time_to_first_token_s"]),
                    tokens_per_second=float(event["tokens_per_second"]),
                )
                return
            elif kind == "error":
                raise GenerationError(str(event.get("message", "Generation failed.")))

    def _drop_process(self) -> None:
        if self._process is not None:
            self._process.kill()
        self._process = None
        self._info = None

    def switch_model(self, model_path: Path) -> None:
        """Use another model file from the next request on (the old process ends)."""
        with self._lock:
            self._drop_process()
            self.model_path = model_path

    def close(self) -> None:
        with self._lock:
            if self._process is not None:
                self._process.quit()
            self._process = None
            self._info = None
