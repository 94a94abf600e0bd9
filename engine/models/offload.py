"""How many of a model's layers go to the GPU, and where the model ended up.

llama.cpp offloads ``n_gpu_layers`` of a model's ``block_count`` repeating layers, and the
output layer as well when asked for more: a model has ``block_count + 1`` layers to
offload (llama.cpp logs "offloaded 29/29 layers to GPU" for a 28-block model). The setting
``gpu_layers`` says how many: ``GPU_LAYERS_AUTO`` (the default) as many as fit,
``GPU_LAYERS_ALL``, 0 (the processor only) or a number. A CPU-only llama.cpp offloads none.

``plan_layers`` makes the automatic choice as a pure function of the numbers. Each layer
costs its share of the file (size / layers) and of the f16 KV cache for the context
(llama.cpp keeps an offloaded layer's cache on the GPU). The GPU gives 90% of its free
memory less a reserve for the driver's context and llama.cpp's compute buffers, which grow
with the context. Apple Silicon's GPU shares the RAM: there the budget is the RAM a model
may take (70% of the free RAM), so a model that fits runs wholly on the GPU.

Where memory comes from: llama.cpp's own device list ("using device CUDA0 (NVIDIA …) -
N MiB free", logged while the model file is opened, for CUDA, Metal, Vulkan and ROCm
alike), else nvidia-smi or sysctl (``engine.models.hardware``). What llama.cpp then did is
read back from its log ("offloaded N/M layers to GPU"), so the window says what happened,
not what was asked.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from engine.types import GPU_LAYERS_ALL, GPU_LAYERS_AUTO

#: The share of free GPU memory a model may take (the driver and the display need some).
GPU_USABLE_SHARE = 0.9

#: The driver's own context (CUDA takes 300-500 MiB once a process uses the GPU) and
#: llama.cpp's compute buffers at a short context.
GPU_RESERVE_BYTES = 512 * 1024 * 1024
#: Compute buffers grow with the context (attention scores for a 512-token batch).
RESERVE_BYTES_PER_CONTEXT_TOKEN = 64 * 1024
#: The share of the free RAM a model may take on unified memory (as store.ram_verdict).
UNIFIED_RAM_SHARE = 0.7
_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Gpu:
    """A GPU llama.cpp may use; ``unified``: it shares the RAM (Apple Silicon)."""

    name: str
    total_bytes: int
    free_bytes: int
    unified: bool = False


@dataclass(frozen=True, slots=True)
class ModelShape:
    """What a GGUF file's header says about its size, for placing its layers."""

    file_bytes: int
    block_count: int
    #: f16 K and V of every layer for one token of context.
    kv_bytes_per_token: int

    @property
    def layers(self) -> int:
        """Layers llama.cpp can offload: the repeating blocks and the output layer."""
        return self.block_count + 1


def shape_from_metadata(metadata: dict[str, Any], file_bytes: int) -> ModelShape:
    """The shape of a model from its GGUF metadata (``gguf_check.GGUFSummary.metadata``)."""
    family = str(metadata.get("general.architecture", ""))

    def number(key: str) -> int:
        value = metadata.get(f"{family}.{key}", 0)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    blocks = number("block_count")
    heads = number("attention.head_count")
    kv_heads = number("attention.head_count_kv") or heads
    width = number("embedding_length")
    kv_width = width * kv_heads // heads if heads else width
    return ModelShape(file_bytes, blocks, 2 * blocks * kv_width * 2)


def plan_layers(setting: int, shape: ModelShape, context: int, gpu: Gpu | None) -> int:
    """How many layers a llama.cpp that can offload puts on ``gpu`` (None: its memory is
    not known) for ``setting``; a CPU-only llama.cpp puts none, whatever this says.

    A number, or all, is taken as it is (at most all layers); ``GPU_LAYERS_AUTO`` is as
    many as fit (see the module docstring), and none when the GPU's memory is not known.
    """
    if setting == 0 or shape.block_count <= 0:
        return 0
    if setting == GPU_LAYERS_ALL or setting >= shape.layers:
        return shape.layers
    if setting > 0:
        return setting
    if setting != GPU_LAYERS_AUTO or gpu is None:
        return 0
    if gpu.unified:
        budget = gpu.free_bytes * UNIFIED_RAM_SHARE
    else:
        budget = gpu.free_bytes * GPU_USABLE_SHARE
    budget -= GPU_RESERVE_BYTES + RESERVE_BYTES_PER_CONTEXT_TOKEN * context
    per_layer = (shape.file_bytes + shape.kv_bytes_per_token * context) / shape.layers
    if budget <= 0 or per_layer <= 0:
        return 0
    return min(shape.layers, int(budget // per_layer))


# --- llama.cpp's log --------------------------------------------------------------------

_DEVICE = re.compile(r"using device (\S+) \((.*?)\)(?: \([^()]*\))? - (\d+) MiB free")
_OFFLOADED = re.compile(r"offloaded (\d+)/(\d+) layers to GPU")


def gpu_from_log(log: str, unified: bool = False) -> Gpu | None:
    """The GPU llama.cpp says it will use (its devices' free memory summed), or None."""
    devices = _DEVICE.findall(log)
    if not devices:
        return None
    names = [description or name for name, description, _ in devices]
    free = sum(int(mib) for *_, mib in devices) * _MIB
    return Gpu(" + ".join(dict.fromkeys(names)), free, free, unified)


def offloaded_from_log(log: str) -> tuple[int, int] | None:
    """(layers offloaded, layers in all) as llama.cpp logged them, or None."""
    found = _OFFLOADED.findall(log)
    return (int(found[-1][0]), int(found[-1][1])) if found else None


@contextmanager
def captured_log() -> Iterator[list[str]]:
    """llama.cpp's log lines while the block runs (still passed on to llama-cpp-python's
    own handler, which prints errors to stderr)."""
    import llama_cpp
    from llama_cpp import _logger

    lines: list[str] = []
    passed_on: Callable[..., None] = _logger.llama_log_callback

    @llama_cpp.llama_log_callback  # type: ignore[untyped-decorator]
    def record(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        lines.append(text.decode("utf-8", "replace"))
        passed_on(level, text, user_data)

    llama_cpp.llama_log_set(record, ctypes.c_void_p(0))
    try:
        yield lines
    finally:
        llama_cpp.llama_log_set(passed_on, ctypes.c_void_p(0))
