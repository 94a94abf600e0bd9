"""Local chat backend: llama-cpp-python running in its own process.

The parent side of ``engine.models.process``. A crash or hang in native code (a
malformed model, an out-of-memory kill) ends that process, not the app: the caller
gets a :class:`~engine.errors.HishoError` with a message, and the next request
starts a fresh process.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from engine.cancel import CancelToken
from engine.chat.template_messages import to_wire
from engine.chat.thinking import OPEN
from engine.child_process import ChildProcess, child_command
from engine.errors import (
    GenerationError,
    HishoError,
    ModelCrashedError,
    ModelLoadError,
    ModelNotFoundError,
    PromptTooLongError,
)
from engine.i18n import QT_TRANSLATE_NOOP
from engine.models.defaults import display_name
from engine.models.gate import ModelGate
from engine.types import (
    GPU_LAYERS_AUTO,
    ChatMessage,
    GenerationOptions,
    GenerationStats,
    ModelInfo,
    ThinkingSupport,
)

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
    return child_command("--model-worker", "engine.models.process")


class LocalBackend:
    """Chat with a GGUF model through llama-cpp-python, in a separate process."""

    def __init__(self, model_path: Path, context_length: int = 8192, threads: int = 0,
                 seed: int = -1, gpu_layers: int = GPU_LAYERS_AUTO,
                 chat_template: str = "") -> None:  # fmt: skip
        self.model_path = model_path
        #: A chat template to use in place of the model's own ("": the model's).
        self.chat_template = chat_template
        self.context_length = context_length
        self.threads = threads or default_threads()
        self.seed = seed
        #: Layers to offload to the GPU (engine.models.offload: GPU_LAYERS_AUTO, as many as
        #: fit; GPU_LAYERS_ALL; 0 none; or a number); a CPU-only llama.cpp offloads none.
        self.gpu_layers = gpu_layers
        self._process: ChildProcess | None = None
        self._info: ModelInfo | None = None
        #: The model process serves one request at a time; the window's own work goes first.
        self.gate = ModelGate()
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
        with self.gate.hold():
            return self._load_locked()

    def _load_locked(self) -> ModelInfo:
        if self._process is not None and self._process.alive() and self._info is not None:
            return self._info
        self._drop_process()
        if not self.model_path.is_file():
            raise ModelNotFoundError(
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "No chat model at {path}. Install the default model with "
                    "`make run` (or `python -m engine.models install-defaults`), or choose a "
                    "model file with File › Choose chat model…",
                ).format(path=self.model_path)
            )
        process = ChildProcess(worker_command(), "model-worker.log")
        self._process = process
        process.send(op="load", path=str(self.model_path), context_length=self.context_length,
                     threads=self.threads, seed=self.seed, gpu_layers=self.gpu_layers,
                     chat_template=self.chat_template)  # fmt: skip
        name = self.model_path.name
        event = self._await(
            process,
            "loaded",
            dead=lambda reason: ModelLoadError(
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "The model process stopped while loading {name} ({reason}). The file may "
                    "be damaged or not a supported model; choose another with File › Choose "
                    "chat model…",
                ).format(name=name, reason=reason)
            ),
            failed=lambda message: ModelLoadError(
                message or QT_TRANSLATE_NOOP("Engine", "The model could not be loaded.")
            ),
            too_long=ModelLoadError(
                QT_TRANSLATE_NOOP("Engine", "Loading {name} took too long and was stopped.").format(
                    name=name
                )
            ),
            drop_on_error=True,
        )
        self._info = ModelInfo(
            name=self.name,
            path=str(self.model_path),
            context_length=int(event["context_length"]),
            trained_context_length=int(event["trained_context_length"]),
            threads=int(event["threads"]),
            chat_template_source=str(event["template"]),
            gpu_offload=bool(event.get("gpu_offload", False)),
            gpu_layers=int(event.get("gpu_layers", 0)),
            layer_count=int(event.get("layer_count", 0)),
            gpu_name=str(event.get("gpu_name", "")),
            thinking=ThinkingSupport(event.get("thinking", "")),
            tool_format=str(event.get("tool_format", "lines")),
        )
        return self._info

    def _await(
        self,
        process: ChildProcess,
        wanted: str,
        dead: Callable[[str], HishoError],
        failed: Callable[[str], HishoError],
        too_long: HishoError,
        drop_on_error: bool = False,
    ) -> dict[str, Any]:
        """Wait (up to LOAD_TIMEOUT_S) for the model process's ``wanted`` event.

        Raises:
            ``dead(reason)`` if the process died, ``failed(message)`` if it reported an
            error (dropping the process when ``drop_on_error``), ``too_long`` on timeout
            (the process is dropped and restarts with the next request).
        """
        deadline = time.monotonic() + LOAD_TIMEOUT_S
        while time.monotonic() < deadline:
            event = process.next_event(0.5)
            if event is None:
                reason = process.death_reason()
                self._drop_process()
                raise dead(reason)
            kind = event.get("event")
            if kind == wanted:
                return event
            if kind == "error":
                if drop_on_error:
                    self._drop_process()
                raise failed(str(event.get("message", "")))
        self._drop_process()
        raise too_long

    def stream(
        self,
        messages: Sequence[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken,
        on_notice: Callable[[str], None] | None = None,
    ) -> Iterator[str]:
        with self.gate.hold():
            self._load_locked()
            process = self._process
            assert process is not None
            self._stats = GenerationStats()
            process.send(
                op="generate",
                messages=[to_wire(m) for m in messages],
                options=dataclasses.asdict(options),
            )
            unregister = cancel.on_cancel(lambda: process.send(op="cancel"))
            try:
                yield from self._events(process, cancel, on_notice)
            except GeneratorExit:
                self._abandon(process)  # closed before the end: stop it, read its last events
                raise
            finally:
                unregister()

    def count_tokens(
        self, messages: Sequence[ChatMessage], texts: Sequence[str] = ()
    ) -> tuple[int, list[int]]:
        """Exact token counts from the model's own tokenizer: the prompt ``messages``
        become (chat template and generation prompt included), and each of ``texts``."""
        with self.gate.hold():
            self._load_locked()
            process = self._process
            assert process is not None
            process.send(
                op="count",
                messages=[to_wire(m) for m in messages],
                texts=list(texts),
            )
            event = self._await(
                process,
                "counted",
                dead=lambda reason: ModelCrashedError(
                    QT_TRANSLATE_NOOP(
                        "Engine", "The model process stopped while counting tokens ({reason})."
                    ).format(reason=reason)
                ),
                failed=lambda message: GenerationError(
                    message or QT_TRANSLATE_NOOP("Engine", "Counting tokens failed.")
                ),
                too_long=ModelCrashedError(
                    QT_TRANSLATE_NOOP(
                        "Engine", "The model process did not answer; it was restarted."
                    )
                ),
            )
            counts = [int(n) for n in event["text_tokens"]]
            return int(event["prompt_tokens"]), counts

    def _events(
        self, process: ChildProcess, cancel: CancelToken, on_notice: Callable[[str], None] | None
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
                    QT_TRANSLATE_NOOP(
                        "Engine",
                        "The model process stopped unexpectedly ({reason}). The reply so far "
                        "is kept; send again to retry with a fresh model process.",
                    ).format(reason=reason)
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
            elif kind == "start" and event.get("thinking_open") and cancelled_at is None:
                yield OPEN  # the prompt opened the thinking block: the reply reads whole
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
                message = str(
                    event.get("message", QT_TRANSLATE_NOOP("Engine", "Generation failed."))
                )
                if event.get("kind") == "too_long":
                    raise PromptTooLongError(message)
                raise GenerationError(message)

    def _abandon(self, process: ChildProcess) -> None:
        """A caller stopped reading mid-reply: stop the generation and read its events to
        the end, so the next request does not get them (a hung process is dropped)."""
        process.send(op="cancel")
        deadline = time.monotonic() + STOP_GRACE_S
        while time.monotonic() < deadline:
            event = process.next_event(0.05)
            if event is None:
                self._drop_process()
                return
            if event.get("event") in ("done", "error"):
                return
        self._drop_process()

    def _drop_process(self) -> None:
        if self._process is not None:
            self._process.kill()
        self._process = None
        self._info = None

    def switch_model(
        self,
        model_path: Path,
        context_length: int | None = None,
        threads: int | None = None,
        gpu_layers: int | None = None,
    ) -> None:
        """Use another model file (or the same one with other load settings) from the next
        request on; the old process ends. A setting left None stays as it was."""
        with self.gate.hold():
            self._drop_process()
            self.model_path = model_path
            if context_length is not None:
                self.context_length = context_length
            if threads is not None:
                self.threads = threads or default_threads()
            if gpu_layers is not None:
                self.gpu_layers = gpu_layers

    def close(self) -> None:
        with self.gate.hold():
            if self._process is not None:
                self._process.quit()
            self._process = None
            self._info = None
