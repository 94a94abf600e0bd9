"""The short version of bench/soak.py: random SIGKILLs during message writes, settings
saves, indexing and a model download (every scenario at least once), and nothing
confirmed is lost; the download resumes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.timeout(300)


def test_random_kills_lose_nothing() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "soak.py"), "--iterations", "8", "--seed", "3"],
        cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=280,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["iterations"] == 8
    assert report["losses"] == 0, report
    for scenario in ("messages", "settings", "indexing", "download"):
        assert report["by_scenario"][scenario]["kills"] >= 1, report
    assert report["by_scenario"]["messages"]["acknowledged"] > 0
