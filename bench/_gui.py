"""Helpers of the GUI benchmarks (ui_latency, cold_start): a throwaway HISHO_HOME with
the real default model linked in, an X server when asked for, percentiles.

Every GUI benchmark runs against a temporary HISHO_HOME, so it never reads or writes
the user's own data. Output helpers (``log``, ``emit``) are in ``_common``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from _common import default_model_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo, for tests.xvfb
from tests.xvfb import XvfbUnavailable, xvfb_server

REPO = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def temp_home(prefix: str) -> Iterator[Path]:
    """A fresh HISHO_HOME with the default model linked into data/models/."""
    model = default_model_path()
    if not model.is_file():
        raise SystemExit(f"default model missing at {model}: run `make setup` first")
    home = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        models = home / "data" / "models"
        models.mkdir(parents=True)
        (models / model.name).symlink_to(model)
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


@contextlib.contextmanager
def x_display(wanted: bool) -> Iterator[str | None]:
    """The X display to use: None (offscreen), $DISPLAY, or a private Xvfb we start."""
    if not wanted:
        yield None
        return
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    try:
        with xvfb_server() as display:
            yield display
    except XvfbUnavailable as exc:
        raise SystemExit(f"--xvfb: {exc}") from exc


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), linear between closest ranks; 0.0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
