"""This computer's memory, cores and GPU, and which catalog models suit it.

``detect_hardware(gpu_offload)`` reads total and free RAM and physical cores (psutil), and
the GPU: on Apple Silicon the chip name and its unified memory (sysctl), elsewhere an
NVIDIA GPU's name and memory (nvidia-smi). The GPU counts only when the installed
llama.cpp can offload to it, which the model process reports (``ModelInfo.gpu_offload``);
nothing native is loaded here. ``usable_gpu`` is the GPU the model process places layers
on (engine.models.offload), from llama.cpp's own device list when it logged one.

``recommend(entries, hardware)`` sorts catalog models into "Recommended" (one), "Also
good" and "Too big for this computer", each with the memory it needs and the speed it
would reach here. Decoding is memory-bound: every token reads all the weights once, so
tokens/s scale with the inverse of the file size. The speed of a model measured on this
computer (``MeasuredSpeed``: the bundled model's, or any model's last
``GenerationStats.tokens_per_second`` with its file size) is scaled by the size ratio.
Small models are partly compute-bound, so estimates for big models err on the slow side.
A speed measured on the processor says nothing about the GPU: a model that would run on
the GPU then has no estimate (``speed_known`` False) and is not held back by speed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from engine.i18n import QT_TRANSLATE_NOOP
from engine.models.catalog import CatalogEntry
from engine.models.offload import GPU_USABLE_SHARE, Gpu, gpu_from_log
from engine.models.store import OVERHEAD_BYTES, ram_verdict

#: The context the estimate loads a model with (the default ``context_length`` setting).
DEFAULT_CONTEXT = 8192
#: An f16 KV cache per token per billion parameters: about 25-36 KiB for the grouped-query
#: models of the catalog (Llama 3.2 1B 32 KiB / 1.24B, Qwen3-8B 144 KiB / 8.2B).
KV_BYTES_PER_TOKEN_PER_BILLION = 32 * 1024
#: English averages about 0.75 words a token.
WORDS_PER_TOKEN = 0.75
#: A recommended model writes at least at reading pace.
COMFORTABLE_WORDS_PER_S = 4.0
#: Slower than this, a model that fits is still too big to be of use.
USABLE_WORDS_PER_S = 1.5
_GB = 1024**3


@dataclass(frozen=True, slots=True)
class MeasuredSpeed:
    """A decode speed measured on this computer, the size of the model file, and whether
    that model ran on the GPU."""

    tokens_per_second: float
    model_bytes: int
    on_gpu: bool = False


#: SmolLM2-135M-Instruct Q4_1 (98,362,432 bytes) on the 2-core development machine,
#: 2 threads, n_ctx 4096: 49.0 tokens/s through the app's model process
#: (bench/decode.py, README "Benchmarks"; llama.cpp's own loop gave 52.4 in that run).
#: Re-measured while writing this under a load average of 6-9: 0.5-1.0 tokens/s — so
#: pass a speed measured on the user's computer when there is one.
BUNDLED_SPEED = MeasuredSpeed(tokens_per_second=49.0, model_bytes=98_362_432)


@dataclass(frozen=True, slots=True)
class Hardware:
    """What this computer has for running a model."""

    total_ram: int
    available_ram: int
    cores: int
    gpu: Gpu | None = None
    #: The installed llama.cpp can offload to a GPU (``ModelInfo.gpu_offload``).
    gpu_offload: bool = False

    @property
    def usable_gpu(self) -> Gpu | None:
        return self.gpu if self.gpu_offload else None


class Tier(StrEnum):
    RECOMMENDED = "recommended"
    ALSO_GOOD = "also good"
    TOO_BIG = "too big"


TIER_LABELS = {
    Tier.RECOMMENDED: QT_TRANSLATE_NOOP("Engine", "Recommended"),
    Tier.ALSO_GOOD: QT_TRANSLATE_NOOP("Engine", "Also good"),
    Tier.TOO_BIG: QT_TRANSLATE_NOOP("Engine", "Too big for this computer"),
}


@dataclass(frozen=True, slots=True)
class Recommendation:
    """How one catalog model would do on this computer."""

    entry: CatalogEntry
    tier: Tier
    memory_needed: int  # bytes: weights, KV cache for DEFAULT_CONTEXT, overhead
    fit: str  # store.ram_verdict: "fits", "may be slow", "won't fit"
    on_gpu: bool
    tokens_per_second: float  # estimated from a measured speed
    #: False when it would run on the GPU but the speed was measured on the processor.
    speed_known: bool = True

    @property
    def label(self) -> str:
        return TIER_LABELS[self.tier]

    @property
    def words_per_second(self) -> float:
        return self.tokens_per_second * WORDS_PER_TOKEN

    @property
    def speed_sentence(self) -> str:
        """ "about 9 words a second here"."""
        words = self.words_per_second
        if not self.speed_known:
            return QT_TRANSLATE_NOOP("Engine", "on the GPU here: faster than on the processor")
        if words < 1:
            return QT_TRANSLATE_NOOP("Engine", "less than one word a second here")
        if words < 1.5:
            return QT_TRANSLATE_NOOP("Engine", "about one word a second here")
        return QT_TRANSLATE_NOOP("Engine", "about {words} words a second here").format(
            words=round(words)
        )

    @property
    def memory_sentence(self) -> str:
        return QT_TRANSLATE_NOOP("Engine", "Needs about {needed} GB of memory.").format(
            needed=f"{self.memory_needed / _GB:.1f}"
        )


# --- this computer --------------------------------------------------------------------


def detect_hardware(gpu_offload: bool = False) -> Hardware:
    """This computer's RAM, physical cores and GPU (see the module docstring)."""
    import psutil

    memory = psutil.virtual_memory()
    cores = psutil.cpu_count(logical=False) or os.cpu_count() or 1
    gpu = apple_gpu(int(memory.available)) if sys.platform == "darwin" else nvidia_gpu()
    return Hardware(int(memory.total), int(memory.available), cores, gpu, gpu_offload)


def _run(command: list[str]) -> str | None:
    """A short command's output, or None when it is missing or fails."""
    program = shutil.which(command[0])
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, *command[1:]], capture_output=True, text=True, timeout=5, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def apple_gpu(available_ram: int) -> Gpu | None:
    """Apple Silicon's GPU: its chip name and the unified memory (free = free RAM)."""
    if _run(["sysctl", "-n", "hw.optional.arm64"]) != "1":
        return None  # an Intel Mac: no Metal offload worth counting
    memory = _run(["sysctl", "-n", "hw.memsize"]) or ""
    name = _run(["sysctl", "-n", "machdep.cpu.brand_string"]) or "Apple Silicon"
    total = int(memory) if memory.isdigit() else available_ram
    return Gpu(name, total, available_ram, unified=True)


def nvidia_gpu() -> Gpu | None:
    """The NVIDIA GPU with the most free memory, read with nvidia-smi; None without one."""
    out = _run(["nvidia-smi", "--query-gpu=name,memory.total,memory.free",
                "--format=csv,noheader,nounits"])  # fmt: skip
    found: list[Gpu] = []
    for line in (out or "").splitlines():
        name, total, free = [*line.rsplit(",", 2), "", ""][:3]
        try:
            found.append(Gpu(name.strip(), int(total) * 1024**2, int(free) * 1024**2))
        except ValueError:
            continue
    return max(found, key=lambda gpu: gpu.free_bytes, default=None)


def usable_gpu(log: str, offload: bool) -> Gpu | None:
    """The GPU the model process places layers on: None when its llama.cpp cannot offload
    or no GPU is known; else the one llama.cpp lists in its ``log`` (its devices' free
    memory, engine.models.offload.gpu_from_log), or nvidia-smi's; on Apple Silicon the
    unified memory with the free RAM as its budget, under llama.cpp's name for it."""
    if not offload:
        return None
    logged = gpu_from_log(log)
    if sys.platform == "darwin":
        import psutil

        apple = apple_gpu(int(psutil.virtual_memory().available))
        if apple is not None:
            return replace(apple, name=logged.name) if logged else apple
    return logged or nvidia_gpu()


# --- recommendations ------------------------------------------------------------------


def memory_needed(entry: CatalogEntry, context: int = DEFAULT_CONTEXT) -> int:
    """Bytes to load ``entry`` with ``context`` tokens: weights, KV cache, overhead."""
    context = min(context, entry.context_length or context)
    billions = (entry.parameters or entry.approx_size_bytes * 2) / 1e9
    kv_cache = int(billions * KV_BYTES_PER_TOKEN_PER_BILLION * context)
    return entry.approx_size_bytes + kv_cache + OVERHEAD_BYTES


def estimate(
    entry: CatalogEntry, hardware: Hardware, measured: MeasuredSpeed = BUNDLED_SPEED
) -> Recommendation:
    """Where ``entry`` would run here, whether it fits, and how fast (tier: too big or
    also good; ``recommend`` picks the one recommended)."""
    needed = memory_needed(entry)
    gpu = hardware.usable_gpu
    on_gpu = gpu is not None and (gpu.unified or needed <= gpu.free_bytes * GPU_USABLE_SHARE)
    in_ram = OVERHEAD_BYTES if on_gpu and gpu is not None and not gpu.unified else needed
    fit = ram_verdict(in_ram, hardware.available_ram)
    rate = measured.tokens_per_second * measured.model_bytes / entry.approx_size_bytes
    known = measured.on_gpu or not on_gpu
    slow = known and rate * WORDS_PER_TOKEN < USABLE_WORDS_PER_S
    tier = Tier.TOO_BIG if fit == "won't fit" or slow else Tier.ALSO_GOOD
    return Recommendation(entry, tier, needed, fit, on_gpu, rate, known)


def recommend(
    entries: Iterable[CatalogEntry],
    hardware: Hardware,
    ui_language: str = "en",
    measured: MeasuredSpeed = BUNDLED_SPEED,
) -> list[Recommendation]:
    """Every chat model in ``entries`` with its tier, best first: the recommended one,
    then the others that run well here, then those too big (smallest first).

    The recommended one fits in 70% of the free RAM (or in the GPU) under a licence that
    allows commercial use; it is the most capable of those that write at reading pace,
    else the fastest. With a Japanese UI, models strong in Japanese come first.
    """
    japanese = ui_language.lower().startswith("ja")
    found = [estimate(entry, hardware, measured) for entry in entries if entry.role == "model"]
    pick = _pick(found, japanese)
    fitting = [r for r in found if r.tier is Tier.ALSO_GOOD and r is not pick]
    too_big = [r for r in found if r.tier is Tier.TOO_BIG]
    fitting.sort(key=_capability, reverse=True)
    fitting.sort(key=lambda r: japanese and not r.entry.strong_japanese)  # stable
    too_big.sort(key=lambda r: r.entry.approx_size_bytes)
    first = [replace(pick, tier=Tier.RECOMMENDED)] if pick else []
    return first + fitting + too_big


def _capability(found: Recommendation) -> tuple[int, int]:
    """Bigger models know more; of one size, the finer quantization."""
    return found.entry.parameters or 0, found.entry.approx_size_bytes


def _pick(found: list[Recommendation], japanese: bool) -> Recommendation | None:
    pool = [
        r
        for r in found
        if r.tier is Tier.ALSO_GOOD and r.fit == "fits" and not r.entry.non_commercial
    ]
    if japanese and any(r.entry.strong_japanese for r in pool):
        pool = [r for r in pool if r.entry.strong_japanese]
    comfortable = [
        r for r in pool if not r.speed_known or r.words_per_second >= COMFORTABLE_WORDS_PER_S
    ]
    if comfortable:
        return max(comfortable, key=_capability)
    return max(pool, key=lambda r: r.tokens_per_second, default=None)
