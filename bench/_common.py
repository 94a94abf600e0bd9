"""Helpers shared by the benchmarks in bench/.

A benchmark prints its progress to stderr and exactly one JSON object as the last line
of stdout, so ``python bench/x.py | tail -n 1`` is the machine-readable result.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def log(message: str) -> None:
    """A line of human-readable progress, on stderr."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def default_model_path() -> Path:
    """The installed default chat model, looked up as the real app would (no HISHO_HOME)."""
    from engine.models.defaults import default_chat_model

    saved = os.environ.pop("HISHO_HOME", None)
    try:
        return default_chat_model()
    finally:
        if saved is not None:
            os.environ["HISHO_HOME"] = saved


@contextmanager
def isolated_home() -> Iterator[Path]:
    """A temporary HISHO_HOME (logs and state go there) with model hubs offline."""
    saved = {key: os.environ.get(key) for key in ("HISHO_HOME", "HF_HUB_OFFLINE")}
    with tempfile.TemporaryDirectory(prefix="hisho-bench-") as home:
        os.environ["HISHO_HOME"] = home
        os.environ["HF_HUB_OFFLINE"] = "1"
        try:
            yield Path(home)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def rounded(value: float, digits: int = 4) -> float:
    return round(value, digits)


def emit(result: dict[str, Any]) -> None:
    """Print the result as the one JSON line that ends stdout."""
    sys.stdout.flush()
    print(json.dumps(result, sort_keys=False), flush=True)
