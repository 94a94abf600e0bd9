"""How many layers go to the GPU, and where the model process says the model runs.

The choice is a pure function of the numbers (``plan_layers``), tested for fixed GPUs and
models. This machine has no GPU and a CPU-only llama.cpp, so nothing here runs a model on a
GPU: the GPU side of llama.cpp's log is tested with lines written in llama.cpp's own
formats (the format strings are in the installed libllama), and the real bundled model is
loaded to check the processor path end to end. On a machine with a GPU build the same
end-to-end test checks that the tiny model went wholly to the GPU instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.models.gguf_check import check_gguf
from engine.models.hardware import usable_gpu
from engine.models.local import LocalBackend
from engine.models.offload import (
    GPU_RESERVE_BYTES,
    GPU_USABLE_SHARE,
    RESERVE_BYTES_PER_CONTEXT_TOKEN,
    Gpu,
    ModelShape,
    captured_log,
    gpu_from_log,
    offloaded_from_log,
    plan_layers,
    shape_from_metadata,
)
from engine.types import GPU_LAYERS_ALL, GPU_LAYERS_AUTO

GB = 1024**3
MIB = 1024**2
#: Qwen3-8B Q4_K_M: a 5.0 GB file, 36 blocks, 8 of 32 heads for K and V at width 4096:
#: 2 (K, V) × 36 × 1024 × 2 bytes = 144 KiB of cache a token.
QWEN3_8B = ModelShape(file_bytes=5_030_000_000, block_count=36, kv_bytes_per_token=147_456)
RTX_4090 = Gpu("NVIDIA GeForce RTX 4090", 24 * GB, 23 * GB)
LAPTOP_GPU = Gpu("NVIDIA GeForce RTX 3050 Laptop GPU", 4 * GB, int(3.6 * GB))
M2 = Gpu("Apple M2", 16 * GB, 11 * GB, unified=True)


def cost(shape: ModelShape, layers: int, context: int) -> float:
    """GPU memory ``layers`` layers take, with the reserve, as the plan counts it."""
    per_layer = (shape.file_bytes + shape.kv_bytes_per_token * context) / shape.layers
    return layers * per_layer + GPU_RESERVE_BYTES + RESERVE_BYTES_PER_CONTEXT_TOKEN * context


def test_automatic_offloads_nothing_when_the_gpus_memory_is_unknown() -> None:
    """(A CPU-only llama.cpp offloads nothing at all: the model process asks for no layers
    then, tested with the real model below.) A number or all needs no memory reading."""
    assert plan_layers(GPU_LAYERS_AUTO, QWEN3_8B, 8192, None) == 0
    assert plan_layers(20, QWEN3_8B, 8192, None) == 20
    assert plan_layers(GPU_LAYERS_ALL, QWEN3_8B, 8192, None) == 37


def test_a_setting_of_a_number_all_or_none_is_taken_as_it_is() -> None:
    assert plan_layers(0, QWEN3_8B, 8192, RTX_4090) == 0
    assert plan_layers(GPU_LAYERS_ALL, QWEN3_8B, 8192, LAPTOP_GPU) == 37  # 36 blocks + output
    assert plan_layers(20, QWEN3_8B, 8192, LAPTOP_GPU) == 20  # even where it may not fit
    assert plan_layers(99, QWEN3_8B, 8192, RTX_4090) == 37


def test_automatic_puts_the_whole_model_on_a_big_gpu() -> None:
    assert plan_layers(GPU_LAYERS_AUTO, QWEN3_8B, 8192, RTX_4090) == QWEN3_8B.layers


def test_automatic_puts_as_many_layers_as_fit_on_a_small_gpu() -> None:
    """3.6 GiB free: 90% of it less 1 GiB of reserve for an 8K context leaves 2.4 GB, and a
    layer takes 1/37 of the file and of the 1.2 GB cache, 169 MB: 14 layers fit, 15 not."""
    layers = plan_layers(GPU_LAYERS_AUTO, QWEN3_8B, 8192, LAPTOP_GPU)
    usable = LAPTOP_GPU.free_bytes * GPU_USABLE_SHARE
    assert layers == 14
    assert cost(QWEN3_8B, layers, 8192) <= usable < cost(QWEN3_8B, layers + 1, 8192)
    # A longer context takes more of the GPU for its cache and buffers: fewer layers.
    assert plan_layers(GPU_LAYERS_AUTO, QWEN3_8B, 32768, LAPTOP_GPU) < layers


def test_automatic_offloads_nothing_when_the_reserve_takes_all_the_free_memory() -> None:
    nearly_full = Gpu("NVIDIA GeForce GTX 1050", 2 * GB, 700 * MIB)
    assert plan_layers(GPU_LAYERS_AUTO, QWEN3_8B, 8192, nearly_full) == 0


def test_apple_silicon_runs_a_model_that_fits_in_memory_wholly_on_its_gpu() -> None:
    """Unified memory: the budget is the RAM a model may take (70% of the free RAM)."""
    assert plan_layers(GPU_LAYERS_AUTO, QWEN3_8B, 8192, M2) == QWEN3_8B.layers
    squeezed = Gpu("Apple M1", 8 * GB, 5 * GB, unified=True)
    layers = plan_layers(GPU_LAYERS_AUTO, QWEN3_8B, 8192, squeezed)
    assert 0 < layers < QWEN3_8B.layers


def test_the_shape_is_read_from_the_models_own_header(chat_model_path: Path) -> None:
    """SmolLM2-135M: 30 blocks of width 576, 3 of 9 heads for K and V (192 wide)."""
    summary = check_gguf(chat_model_path)
    shape = shape_from_metadata(summary.metadata, chat_model_path.stat().st_size)
    assert (shape.block_count, shape.layers) == (30, 31)
    assert shape.kv_bytes_per_token == 2 * 30 * 192 * 2
    assert shape.file_bytes == chat_model_path.stat().st_size


#: Lines as llama.cpp (the build llama-cpp-python 0.3.16 carries, and newer ones with the
#: device id) logs them while it opens a model on a GPU.
CUDA_LOG = (
    "llama_model_load_from_file_impl: using device CUDA0 (NVIDIA GeForce RTX 4090) - "
    "22941 MiB free\n"
    "load_tensors: offloading 36 repeating layers to GPU\n"
    "load_tensors: offloading output layer to GPU\n"
    "load_tensors: offloaded 37/37 layers to GPU\n"
)
TWO_GPUS_LOG = (
    "llama_model_load_from_file_impl: using device CUDA0 (NVIDIA RTX A4000) (0000:01:00.0) "
    "- 15000 MiB free\n"
    "llama_model_load_from_file_impl: using device CUDA1 (NVIDIA RTX A4000) (0000:02:00.0) "
    "- 14000 MiB free\n"
    "load_tensors: offloaded 20/37 layers to GPU\n"
)


def test_the_gpu_and_what_was_offloaded_are_read_from_llama_cpps_log() -> None:
    gpu = gpu_from_log(CUDA_LOG)
    assert gpu == Gpu("NVIDIA GeForce RTX 4090", 22941 * MIB, 22941 * MIB)
    assert offloaded_from_log(CUDA_LOG) == (37, 37)
    both = gpu_from_log(TWO_GPUS_LOG)  # llama.cpp splits layers over both by default
    assert both is not None and both.name == "NVIDIA RTX A4000"
    assert both.free_bytes == 29000 * MIB
    assert offloaded_from_log(TWO_GPUS_LOG) == (20, 37)
    assert gpu_from_log("llama_model_loader: loaded meta data") is None
    assert offloaded_from_log("") is None


def test_a_cpu_only_llama_cpp_has_no_gpu_to_plan_for() -> None:
    assert usable_gpu(CUDA_LOG, offload=False) is None


def test_llama_cpps_log_is_captured_while_a_model_opens(chat_model_path: Path) -> None:
    import llama_cpp
    from llama_cpp import _logger

    with captured_log() as lines:
        llama_cpp.Llama(str(chat_model_path), vocab_only=True, verbose=False)
    assert any("llama_model_loader" in line for line in lines)
    after = len(lines)
    llama_cpp.Llama(str(chat_model_path), vocab_only=True, verbose=False)
    assert len(lines) == after  # llama-cpp-python's own handler is back
    assert _logger.llama_log_callback is not None


def test_the_model_process_reports_where_the_model_runs(chat_model_path: Path) -> None:
    """The real bundled model, loaded with the default setting (as many layers as fit)."""
    import llama_cpp

    backend = LocalBackend(chat_model_path, context_length=1024, threads=1)
    try:
        info = backend.load()
    finally:
        backend.close()
    assert info.layer_count == 31
    if not llama_cpp.llama_supports_gpu_offload():  # this machine: a CPU-only llama.cpp
        assert (info.gpu_offload, info.gpu_layers, info.gpu_name) == (False, 0, "")
    else:  # a GPU build: a 98 MB model fits any GPU
        assert info.gpu_layers == info.layer_count and info.gpu_name


@pytest.mark.parametrize("setting", [0, GPU_LAYERS_ALL])
def test_a_setting_reaches_the_model_process(chat_model_path: Path, setting: int) -> None:
    """0 keeps the model on the processor on any build; "all" offloads every layer where
    llama.cpp can, and nothing on this CPU-only build."""
    import llama_cpp

    backend = LocalBackend(chat_model_path, context_length=512, threads=1, gpu_layers=setting)
    try:
        info = backend.load()
    finally:
        backend.close()
    offload = llama_cpp.llama_supports_gpu_offload()
    assert info.gpu_layers == (31 if offload and setting == GPU_LAYERS_ALL else 0)
