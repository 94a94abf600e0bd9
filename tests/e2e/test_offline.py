"""The real app with no network at all: chat, index, ask and summarize succeed.

Each `hisho` command runs in a network namespace of its own (`unshare -rn`: only a
loopback device, and it is down), so any connection it tried would fail; the suite's
network guard (tests/netguard, inherited by the processes) also records every attempt,
and there must be none. Skipped, saying why, where user namespaces are not allowed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.documents import make_pdf, report_pages

pytestmark = pytest.mark.timeout(600)


def _namespace_problem() -> str:
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, text=True)
    return "" if probe.returncode == 0 else f"unshare -rn is not allowed here: {probe.stderr}"


def offline(*command: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run a command in a new network namespace, with this test's environment."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(["unshare", "-rn", *command], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip


def hisho(*args: str) -> subprocess.CompletedProcess[str]:
    return offline(sys.executable, "-m", "desktop", *args)


def test_chat_index_ask_and_summarize_with_no_network(tmp_path: Path) -> None:
    problem = _namespace_problem()
    if problem:
        print(f"skipped: {problem}")
        pytest.skip(problem)
    # The namespace really has no network: a plain connection fails there.
    connect = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=3)"
    probe = offline(sys.executable, "-S", "-c", connect)  # -S: without the guard
    assert probe.returncode != 0 and "unreachable" in probe.stderr.lower(), probe.stderr

    chat = hisho("ask", "Say hello.", "--json", "--max-tokens", "16", "--temperature", "0")
    assert chat.returncode == 0, chat.stderr
    assert json.loads(chat.stdout)["status"] == "complete"

    docs = tmp_path / "docs"
    docs.mkdir()
    pdf = make_pdf(docs / "report.pdf", report_pages())
    indexed = hisho("index", str(docs), "--library", "Work", "--json")
    assert indexed.returncode == 0, indexed.stderr
    assert json.loads(indexed.stdout.strip().splitlines()[-1])["indexed"] == 1

    asked = hisho("ask", "What is the new lamp called?", "--library", "Work", "--json",
                  "--max-tokens", "32", "--temperature", "0")  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["sources"] and answer["sources"][0]["page"] == 2

    summary = hisho("summarize", str(pdf), "--length", "brief", "--json")
    assert summary.returncode == 0, summary.stderr
    assert json.loads(summary.stdout)["summary"].strip()
    # The suite's guard (tests/conftest.py) fails this test if any of these processes
    # tried to reach anything beyond this machine.
