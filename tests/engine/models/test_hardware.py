"""Which catalog models suit a computer: tiers and speed estimates for a few fixed
computers (plain ``Hardware`` values, as ``detect_hardware`` returns them) and for this
real one, read from its real RAM, cores and llama.cpp build."""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from engine.models.catalog import CatalogEntry, load_catalog
from engine.models.hardware import (
    BUNDLED_SPEED,
    Gpu,
    Hardware,
    MeasuredSpeed,
    Tier,
    apple_gpu,
    detect_hardware,
    estimate,
    memory_needed,
    nvidia_gpu,
    recommend,
)

GB = 1024**3
#: An old laptop, a 16 GB laptop, a desktop with a 24 GB NVIDIA card, a 16 GB Mac.
TINY = Hardware(total_ram=4 * GB, available_ram=int(2.5 * GB), cores=2)
LAPTOP = Hardware(total_ram=16 * GB, available_ram=10 * GB, cores=8)
NVIDIA = Hardware(32 * GB, 20 * GB, 12, Gpu("NVIDIA GeForce RTX 4090", 24 * GB, 23 * GB), True)
MAC = Hardware(16 * GB, 11 * GB, 8, Gpu("Apple M2", 16 * GB, 11 * GB, unified=True), True)
#: A speed measured on the laptop: the bundled 98 MB model at 150 tokens/s.
LAPTOP_SPEED = MeasuredSpeed(tokens_per_second=150.0, model_bytes=98_362_432)


def models() -> list[CatalogEntry]:
    return load_catalog().models()


def check_order(hardware: Hardware, measured: MeasuredSpeed = BUNDLED_SPEED) -> list[Tier]:
    found = recommend(models(), hardware, measured=measured)
    order = [r.tier for r in found]
    assert order.count(Tier.RECOMMENDED) == 1 and order[0] is Tier.RECOMMENDED
    assert order == sorted(order, key=list(Tier).index)  # recommended, also good, too big
    too_big = [r.entry.approx_size_bytes for r in found if r.tier is Tier.TOO_BIG]
    assert too_big == sorted(too_big)
    assert {r.entry.id for r in found} == {e.id for e in models()}
    return order


def test_an_old_laptop_gets_a_small_model_and_the_8b_ones_are_too_big() -> None:
    check_order(TINY)
    found = recommend(models(), TINY)
    best = found[0]
    assert best.entry.approx_size_bytes < GB and best.fit == "fits" and not best.on_gpu
    big = [r for r in found if (r.entry.parameters or 0) >= 7e9]
    assert big and all(r.tier is Tier.TOO_BIG for r in big)
    assert best.label == "Recommended" and big[0].label == "Too big for this computer"


def test_a_faster_computer_is_recommended_a_bigger_model() -> None:
    check_order(LAPTOP, measured=LAPTOP_SPEED)
    laptop = recommend(models(), LAPTOP, measured=LAPTOP_SPEED)[0]
    tiny = recommend(models(), TINY)[0]
    assert (laptop.entry.parameters or 0) > (tiny.entry.parameters or 0)
    assert laptop.words_per_second >= 4.0


def test_a_gpu_counts_only_when_llama_cpp_can_offload_to_it() -> None:
    check_order(NVIDIA)
    on_gpu = recommend(models(), NVIDIA)[0]
    assert on_gpu.on_gpu and (on_gpu.entry.parameters or 0) >= 7e9
    assert not on_gpu.speed_known and "GPU" in on_gpu.speed_sentence  # measured on a CPU
    gpu_speed = MeasuredSpeed(tokens_per_second=400.0, model_bytes=98_362_432, on_gpu=True)
    measured = recommend(models(), NVIDIA, measured=gpu_speed)[0]
    assert measured.speed_known and measured.speed_sentence.startswith("about ")
    cpu_only = recommend(models(), replace(NVIDIA, gpu_offload=False))
    assert not any(r.on_gpu for r in cpu_only)
    assert (cpu_only[0].entry.parameters or 0) < 7e9  # too slow on two-core speeds


def test_apple_silicon_runs_on_its_gpu_within_its_unified_memory() -> None:
    check_order(MAC)
    found = recommend(models(), MAC)
    assert all(r.on_gpu for r in found)
    small_mac = replace(MAC, available_ram=3 * GB, gpu=Gpu("Apple M1", 8 * GB, 3 * GB, True))
    for r in recommend(models(), small_mac):
        assert (r.tier is Tier.TOO_BIG) == (r.fit == "won't fit")


def test_a_japanese_ui_recommends_a_model_strong_in_japanese_first() -> None:
    for hardware in (TINY, LAPTOP, NVIDIA, MAC):
        english = recommend(models(), hardware)
        japanese = recommend(models(), hardware, ui_language="ja_JP")
        assert japanese[0].entry.strong_japanese, hardware
        good = [r.entry.strong_japanese for r in japanese if r.tier is Tier.ALSO_GOOD]
        assert good == sorted(good, reverse=True)
        assert {r.entry.id for r in english} == {r.entry.id for r in japanese}


def test_a_non_commercial_licence_is_never_the_recommendation() -> None:
    for hardware in (TINY, LAPTOP, NVIDIA, MAC):
        for language in ("en", "ja"):
            assert not recommend(models(), hardware, language)[0].entry.non_commercial


def test_speed_scales_with_the_bytes_read_per_token() -> None:
    entry = models()[0]
    measured = MeasuredSpeed(tokens_per_second=24.0, model_bytes=entry.approx_size_bytes // 2)
    found = estimate(entry, LAPTOP, measured)
    assert found.tokens_per_second == pytest.approx(12.0, rel=0.01)
    assert found.speed_sentence == "about 9 words a second here"
    slow = estimate(entry, LAPTOP, replace(measured, tokens_per_second=2.0))
    assert slow.speed_sentence == "less than one word a second here"
    one = estimate(entry, LAPTOP, replace(measured, tokens_per_second=3.0))  # 1.1 words/s
    assert one.speed_sentence == "about one word a second here"
    assert slow.tier is Tier.TOO_BIG and slow.fit == "fits"  # fits, but far too slow


def test_memory_needed_counts_the_weights_a_kv_cache_and_overhead() -> None:
    for entry in models():
        assert memory_needed(entry) > entry.approx_size_bytes
        assert memory_needed(entry, 32768) >= memory_needed(entry, 2048)


# --- this computer ---------------------------------------------------------------------


def test_this_computer_and_its_recommendation() -> None:
    import llama_cpp

    offload = bool(llama_cpp.llama_supports_gpu_offload())
    here = detect_hardware(gpu_offload=offload)
    assert here.total_ram >= here.available_ram > 0 and here.cores >= 1
    if shutil.which("nvidia-smi") is None:
        assert nvidia_gpu() is None
    if here.gpu is not None:
        assert here.gpu.total_bytes >= here.gpu.free_bytes > 0 and here.gpu.name
    check_order(here)
    for r in recommend(models(), here):
        if r.fit == "won't fit":
            assert r.tier is Tier.TOO_BIG
        assert r.words_per_second > 0 and r.memory_sentence.startswith("Needs about")
    assert BUNDLED_SPEED.model_bytes > 0


def fake_program(folder: Path, name: str, script: str) -> None:
    program = folder / name
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(0o755)


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-ins are shell scripts")
def test_gpu_memory_is_read_from_nvidia_smi_and_sysctl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No NVIDIA GPU or Mac runs these tests, so stand-in programs print what the real
    nvidia-smi and sysctl print (the one exception to testing with real parts here)."""
    fake_program(tmp_path, "nvidia-smi", 'printf "%s\\n" "NVIDIA GeForce RTX 4090, 24564, '
                 '20000" "NVIDIA A100-SXM4-80GB, 81920, 80000" "[N/A], [N/A], [N/A]"')  # fmt: skip
    fake_program(tmp_path, "sysctl", 'case "$2" in hw.optional.arm64) echo 1;; '
                 'hw.memsize) echo 17179869184;; *) echo "Apple M2 Pro";; esac')  # fmt: skip
    monkeypatch.setenv("PATH", str(tmp_path))
    gpu = nvidia_gpu()
    assert gpu == Gpu("NVIDIA A100-SXM4-80GB", 81920 * 1024**2, 80000 * 1024**2)
    assert apple_gpu(available_ram=9 * GB) == Gpu("Apple M2 Pro", 16 * GB, 9 * GB, True)
    fake_program(tmp_path, "sysctl", "echo 0")  # an Intel Mac
    assert apple_gpu(available_ram=9 * GB) is None
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert nvidia_gpu() is None and apple_gpu(available_ram=GB) is None
