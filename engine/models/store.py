"""The chat models the user has: list, add, remove, choose, and whether one fits.

Models are GGUF files in the models folder (``paths.models_dir()``); a model elsewhere
can be used by its path without copying. What is shown about each comes from its GGUF
header, read in Python by engine.models.gguf_check (never by native code): name, family,
parameters, quantization, trained context. The fit estimate compares what loading would
take (the file, the KV cache for the chosen context, some overhead) with free memory.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from engine import paths
from engine.errors import HishoError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.models.gguf_check import GGUFError, check_gguf
from engine.models.offload import GPU_USABLE_SHARE, Gpu, ModelShape, plan_layers

#: llama.cpp's file types (general.file_type) as people name them.
FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
    11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S",
    17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS",
    23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S",
    29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16",
}  # fmt: skip
#: Memory for llama.cpp's own buffers, beyond the weights and the KV cache.
OVERHEAD_BYTES = 300 * 1024 * 1024


class ModelStoreError(HishoError):
    """A model could not be added, removed or chosen; ``str()`` says why."""


@dataclass(frozen=True, slots=True)
class ModelFacts:
    """What a GGUF file says about itself."""

    path: Path
    name: str
    family: str  # general.architecture: "llama", "qwen2", …
    parameters: int  # counted from the tensor table
    quantization: str
    size_bytes: int
    trained_context: int
    layers: int
    embedding: int
    kv_heads: int
    heads: int

    @property
    def parameters_label(self) -> str:
        count = self.parameters
        return f"{count / 1e9:.1f}B" if count >= 1e9 else f"{count / 1e6:.0f}M"

    @property
    def shape(self) -> ModelShape:
        """Its size and layers, for placing layers on a GPU (engine.models.offload)."""
        kv_width = self.embedding * self.kv_heads // self.heads if self.heads else self.embedding
        return ModelShape(self.size_bytes, self.layers, 2 * self.layers * kv_width * 2)

    def memory_needed(self, context: int) -> int:
        """Bytes to load it with ``context`` tokens: weights, an f16 KV cache, overhead."""
        context = min(context, self.trained_context or context)
        kv_width = self.embedding * self.kv_heads // self.heads if self.heads else self.embedding
        kv_cache = 2 * self.layers * context * kv_width * 2
        return self.size_bytes + kv_cache + OVERHEAD_BYTES


def read_facts(path: Path) -> ModelFacts:
    """The file's facts from its header.

    Raises:
        ModelStoreError: it is not a well-formed GGUF model (nothing native read it).
    """
    try:
        summary = check_gguf(path)
    except GGUFError as exc:
        raise ModelStoreError(
            QT_TRANSLATE_NOOP("Engine", "{name} is not a usable GGUF model: {error}.").format(
                name=path.name, error=exc
            )
        ) from exc
    except OSError as exc:
        raise ModelStoreError(
            QT_TRANSLATE_NOOP("Engine", "{path} cannot be read: {error}.").format(
                path=path, error=exc.strerror or exc
            )
        ) from exc
    meta = summary.metadata
    family = str(meta.get("general.architecture", ""))

    def number(key: str) -> int:
        value = meta.get(f"{family}.{key}", 0)
        return value if isinstance(value, int) else 0

    file_type = meta.get("general.file_type")
    quantization = (
        FILE_TYPES.get(file_type, f"type {file_type}") if isinstance(file_type, int) else "?"
    )
    return ModelFacts(
        path=path,
        name=str(meta.get("general.name") or path.stem),
        family=family or "?",
        parameters=summary.parameters,
        quantization=quantization,
        size_bytes=path.stat().st_size,
        trained_context=number("context_length"),
        layers=number("block_count"),
        embedding=number("embedding_length"),
        kv_heads=number("attention.head_count_kv") or number("attention.head_count"),
        heads=number("attention.head_count"),
    )


#: What a fit estimate says, by (verdict, part of the model on the GPU).
_FIT_SENTENCES = {
    ("fits", False): QT_TRANSLATE_NOOP(
        "Engine", "Fits: needs about {needed} GB; {free} GB is free."
    ),
    ("may be slow", False): QT_TRANSLATE_NOOP(
        "Engine",
        "May be slow: needs about {needed} GB; {free} GB is free, so other programs may be "
        "pushed to disk.",
    ),
    ("won't fit", False): QT_TRANSLATE_NOOP(
        "Engine",
        "Won't fit: needs about {needed} GB; {free} GB is free. Choose a smaller model or a "
        "shorter context.",
    ),
    ("fits", True): QT_TRANSLATE_NOOP(
        "Engine",
        "Fits: needs about {needed} GB of memory and {gpu_needed} GB on the GPU; {free} GB "
        "and {gpu_free} GB are free.",
    ),
    ("may be slow", True): QT_TRANSLATE_NOOP(
        "Engine",
        "May be slow: needs about {needed} GB of memory and {gpu_needed} GB on the GPU; "
        "{free} GB and {gpu_free} GB are free, so other programs may be pushed to disk.",
    ),
    ("won't fit", True): QT_TRANSLATE_NOOP(
        "Engine",
        "Won't fit: needs about {needed} GB of memory and {gpu_needed} GB on the GPU; {free} "
        "GB and {gpu_free} GB are free. Choose a smaller model or a shorter context.",
    ),
}
_GPU_SHORT = QT_TRANSLATE_NOOP(
    "Engine",
    "Won't fit: the offloaded layers need about {gpu_needed} GB of GPU memory; {gpu_free} "
    "GB is free. Offload fewer layers in the model's settings.",
)


def fit(
    facts: ModelFacts,
    context: int,
    available: int | None = None,
    gpu_layers: int = 0,
    gpu_free: int | None = None,
) -> tuple[str, str]:
    """("fits" | "may be slow" | "won't fit", a sentence) for loading with ``context``:
    "fits" needs at most 70% of the free RAM, "may be slow" at most all of it.

    With a GPU build of llama.cpp (``gpu_free`` is its free memory, see
    ``gpu_free_memory``) and ``gpu_layers`` offloaded (as engine.models.offload.plan_layers
    places them: GPU_LAYERS_AUTO as many as fit, GPU_LAYERS_ALL, or a number), that share of
    the model must fit in GPU memory and only the rest in RAM.
    """
    if available is None:
        import psutil

        available = int(psutil.virtual_memory().available)
    needed = facts.memory_needed(context)
    on_gpu = 0
    if gpu_free is not None:
        shape = facts.shape
        layers = plan_layers(gpu_layers, shape, context, Gpu("", gpu_free, gpu_free))
        on_gpu = int(needed * min(1.0, layers / shape.layers))
    gb = 1024**3
    numbers = {
        "needed": f"{(needed - on_gpu) / gb:.1f}",
        "free": f"{available / gb:.1f}",
        "gpu_needed": f"{on_gpu / gb:.1f}",
        "gpu_free": f"{(gpu_free or 0) / gb:.1f}",
    }
    if on_gpu and gpu_free is not None and on_gpu > gpu_free * GPU_USABLE_SHARE:
        return "won't fit", _GPU_SHORT.format(**numbers)
    verdict = ram_verdict(needed - on_gpu, available)
    return verdict, _FIT_SENTENCES[verdict, bool(on_gpu)].format(**numbers)


def ram_verdict(in_ram: int, available: int) -> str:
    """The verdict for ``in_ram`` bytes that must be in RAM: "fits" (at most 70% of the
    free RAM), "may be slow" (at most all of it) or "won't fit"."""
    if in_ram <= available * 0.7:
        return "fits"
    return "may be slow" if in_ram <= available else "won't fit"


def gpu_free_memory(offload: bool) -> int | None:
    """Free bytes of GPU memory when the llama.cpp build can offload to a GPU
    (``offload``, as the model process reports it in ``ModelInfo.gpu_offload``), read
    with nvidia-smi; None for a CPU-only build or when it can't be read."""
    import shutil
    import subprocess

    smi = shutil.which("nvidia-smi") if offload else None
    if smi is None:
        return None
    try:
        out = subprocess.run(
            [smi, "--query-gpu=memory.free", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout  # fmt: skip
        return int(out.split()[0]) * 1024**2
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def installed(folder: Path | None = None) -> list[ModelFacts]:
    """Every readable GGUF model in the models folder, by name (damaged ones skipped)."""
    folder = folder or paths.models_dir()
    found: list[ModelFacts] = []
    for path in sorted(folder.glob("*.gguf")) if folder.is_dir() else []:
        try:
            found.append(read_facts(path))
        except ModelStoreError:
            continue
    return found


def find(name_or_path: str, folder: Path | None = None) -> Path:
    """The model a user named: a path to a .gguf, or an installed model's file name
    (with or without .gguf) or header name, matched without case."""
    candidate = Path(name_or_path).expanduser()
    if candidate.suffix.lower() == ".gguf" and candidate.is_file():
        return candidate.resolve()
    wanted = name_or_path.lower().removesuffix(".gguf")
    for facts in installed(folder):
        if wanted in (facts.path.stem.lower(), facts.name.lower()):
            return facts.path
    raise ModelStoreError(
        QT_TRANSLATE_NOOP(
            "Engine", "No installed model is called “{name}” (see `hisho models list`)."
        ).format(name=name_or_path)
    )


def add(source: Path, folder: Path | None = None) -> ModelFacts:
    """Copy a .gguf into the models folder after checking its header; the copy appears
    only when complete."""
    folder = paths.ensure_dir(folder or paths.models_dir())
    facts = read_facts(source)  # refuse a malformed file before copying gigabytes
    target = folder / source.name
    if target.exists():
        raise ModelStoreError(
            QT_TRANSLATE_NOOP("Engine", "A model named {name} is already installed.").format(
                name=source.name
            )
        )
    if shutil.disk_usage(folder).free < facts.size_bytes + 64 * 1024 * 1024:
        raise ModelStoreError(
            QT_TRANSLATE_NOOP("Engine", "Not enough free space in {folder} for {name}.").format(
                folder=folder, name=source.name
            )
        )
    partial = target.with_name(target.name + ".part")
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ModelStoreError(
            QT_TRANSLATE_NOOP("Engine", "Could not copy {name}: {error}.").format(
                name=source.name, error=exc.strerror or exc
            )
        ) from exc
    return read_facts(target)


def remove(path: Path, active: Path | None) -> None:
    """Delete an installed model (not the one in use)."""
    if active is not None and path.resolve() == active.resolve():
        raise ModelStoreError(
            QT_TRANSLATE_NOOP(
                "Engine", "{name} is the model in use; choose another one first."
            ).format(name=path.name)
        )
    if path.parent.resolve() != paths.models_dir().resolve():
        raise ModelStoreError(
            QT_TRANSLATE_NOOP(
                "Engine", "{path} is not in the models folder; Hisho only deletes its own copies."
            ).format(path=path)
        )
    try:
        path.unlink()
    except OSError as exc:
        raise ModelStoreError(
            QT_TRANSLATE_NOOP("Engine", "Could not delete {name}: {error}.").format(
                name=path.name, error=exc.strerror or exc
            )
        ) from exc
