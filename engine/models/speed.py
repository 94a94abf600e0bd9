"""The decode speed measured on this computer, kept for the speed estimates.

Estimates (``engine.models.hardware``) scale one speed measured here by model size. A
measurement is worth keeping: ``save_measured`` writes the last one to the cache folder
(``measured_speed.json``: tokens/s, the model file's size, whether it ran on the GPU,
whether llama.cpp can offload, when), ``load_measured`` reads it back (None when there is
none or it is damaged). The window may save the speed of a real reply; ``hisho models
recommend`` reads the kept one, or measures the bundled model once (``measure``: a
short greedy reply in the model process, a few seconds at most) and keeps that.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from engine import paths
from engine.cancel import CancelToken
from engine.models.hardware import MeasuredSpeed
from engine.storage.atomic import write_atomic

#: Tokens generated for a measurement: enough to time the decode, few enough to be quick.
MEASURE_TOKENS = 32
#: Decoding stops after this long on a slow or busy computer (what it wrote is timed).
MEASURE_LIMIT_S = 8.0
#: The context a measurement loads the model with (small: quick to allocate).
MEASURE_CONTEXT = 512
_PROMPT = "Count from one to one hundred, in words."


@dataclass(frozen=True, slots=True)
class StoredSpeed:
    """A measured speed, whether llama.cpp could offload to a GPU then, and when."""

    measured: MeasuredSpeed
    gpu_offload: bool
    measured_at: float  # seconds since the epoch


def speed_file() -> Path:
    return paths.cache_dir() / "measured_speed.json"


def save_measured(measured: MeasuredSpeed, gpu_offload: bool) -> StoredSpeed:
    """Keep ``measured`` as the speed to scale estimates from."""
    stored = StoredSpeed(measured, gpu_offload, time.time())
    data = {
        "tokens_per_second": measured.tokens_per_second,
        "model_bytes": measured.model_bytes,
        "on_gpu": measured.on_gpu,
        "gpu_offload": gpu_offload,
        "measured_at": stored.measured_at,
    }
    paths.ensure_dir(speed_file().parent)
    write_atomic(speed_file(), json.dumps(data).encode("utf-8"))
    return stored


def load_measured() -> StoredSpeed | None:
    """The speed kept by ``save_measured``; None when there is none or it is damaged."""
    try:
        data = json.loads(speed_file().read_text(encoding="utf-8"))
        rate, size = float(data["tokens_per_second"]), int(data["model_bytes"])
        measured = MeasuredSpeed(rate, size, bool(data.get("on_gpu", False)))
        stored = StoredSpeed(measured, bool(data.get("gpu_offload", False)),
                             float(data.get("measured_at", 0.0)))  # fmt: skip
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return stored if rate > 0 and size > 0 else None


def measure(
    model: Path,
    threads: int = 0,
    gpu_layers: int = 0,
    cancel: CancelToken | None = None,
    limit_s: float = MEASURE_LIMIT_S,
) -> tuple[MeasuredSpeed, bool]:
    """Time a short greedy reply of ``model`` in the model process (stopped after
    ``limit_s`` on a slow or busy computer): the speed, and whether this llama.cpp can
    offload to a GPU.

    Raises:
        HishoError: the model could not be loaded or stopped (ModelLoadError, …).
        ValueError: it wrote too little to time (cancelled, or a model that stops at once).
    """
    from engine.models.local import LocalBackend
    from engine.types import ChatMessage, GenerationOptions

    backend = LocalBackend(model, MEASURE_CONTEXT, threads, seed=0, gpu_layers=gpu_layers)
    stop = CancelToken()
    unlink = (cancel or CancelToken()).on_cancel(stop.cancel)
    timer = threading.Timer(limit_s, stop.cancel)
    try:
        info = backend.load()
        options = GenerationOptions(max_tokens=MEASURE_TOKENS, temperature=0.0,
                                    repeat_penalty=1.0, ignore_eos=True)  # fmt: skip
        timer.start()
        for _ in backend.stream([ChatMessage("user", _PROMPT)], options, stop):
            pass
        stats = backend.last_stats
    finally:
        timer.cancel()
        unlink()
        backend.close()
    if stats.generated_tokens < 2 or stats.tokens_per_second <= 0:
        raise ValueError("too few tokens to time")
    on_gpu = info.gpu_offload and gpu_layers != 0
    return MeasuredSpeed(stats.tokens_per_second, model.stat().st_size, on_gpu), info.gpu_offload
