"""The speed measured on this computer is kept for the estimates: written atomically to
the cache folder, read back, and a damaged file reads as none (the caller measures
again) rather than as a wrong speed."""

from __future__ import annotations

from engine.models.hardware import MeasuredSpeed
from engine.models.speed import load_measured, save_measured, speed_file


def test_a_kept_speed_reads_back() -> None:
    assert load_measured() is None
    measured = MeasuredSpeed(tokens_per_second=37.5, model_bytes=98_362_432, on_gpu=True)
    saved = save_measured(measured, gpu_offload=True)
    loaded = load_measured()
    assert loaded == saved
    assert loaded is not None and loaded.measured == measured and loaded.gpu_offload


def test_a_damaged_or_impossible_speed_reads_as_none() -> None:
    save_measured(MeasuredSpeed(tokens_per_second=10.0, model_bytes=1), gpu_offload=False)
    for text in ("{", "[]", '{"tokens_per_second": "fast"}',
                 '{"tokens_per_second": 0, "model_bytes": 1000}'):  # fmt: skip
        speed_file().write_text(text, encoding="utf-8")
        assert load_measured() is None, text
