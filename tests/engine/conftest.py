"""Helpers for the engine tests: real child processes, really read-only folders, and
the cloud server and egress log the chat and cloud tests share.

Tests often run as root, and root ignores file permissions (CAP_DAC_OVERRIDE), so a
``chmod`` alone does not make a folder read-only for it. ``run_engine_code`` can start
its child without that capability: the child is then refused by the file modes exactly
as a normal user would be. Where that cannot be arranged, the test is skipped and says
why.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from engine.storage.egress import EgressLog
from tests.cloud import CloudServer

REPO = Path(__file__).resolve().parents[2]

# prctl(PR_CAPBSET_DROP) and capability numbers, from linux/prctl.h and capability.h.
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2

RunEngineCode = Callable[..., "subprocess.CompletedProcess[str]"]


def _child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, HISHO_HOME=str(home), PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def _drop_permission_override() -> None:  # runs in the child, between fork and exec
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _run(
    code: str, home: Path, *, obey_file_modes: bool = False, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    preexec: Callable[[], None] | None = None
    if obey_file_modes and os.name == "posix" and os.geteuid() == 0:
        preexec = _drop_permission_override
    return subprocess.run(
        [sys.executable, "-c", code],
        env=_child_env(home),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=preexec,
    )


@pytest.fixture()
def child_env() -> Callable[[Path], dict[str, str]]:
    """``child_env(home)``: environment for a child Python that imports this engine."""
    return _child_env


@pytest.fixture()
def run_engine_code() -> RunEngineCode:
    """``run_engine_code(code, home, obey_file_modes=False)`` runs ``python -c code`` with
    ``HISHO_HOME=home``; with ``obey_file_modes`` even root is held to file modes."""
    return _run


class ReadOnly:
    """Makes folders read-only for ``obey_file_modes`` children; ``unlock`` undoes it."""

    def __init__(self) -> None:
        self._changed: list[tuple[Path, int]] = []

    def lock(self, folder: Path) -> None:
        """Make ``folder`` and the files directly in it read-only (skips if impossible)."""
        if os.name != "posix":
            pytest.skip("read-only folders are tested with POSIX file modes")
        for item in [*folder.iterdir(), folder]:
            if item.is_symlink():
                continue
            self._changed.append((item, item.stat().st_mode))
            item.chmod(0o555 if item.is_dir() else 0o444)
        probe = folder / "probe-write"
        try:
            result = _run(f"open({str(probe)!r}, 'w').close()", folder, obey_file_modes=True)
        except (OSError, subprocess.SubprocessError) as exc:  # no CAP_SETPCAP to drop with
            pytest.skip(f"cannot take away root's permission override here ({exc})")
        if result.returncode == 0:
            probe.unlink()
            pytest.skip("a chmod 555 folder is still writable for child processes here")

    def unlock(self) -> None:
        while self._changed:
            item, mode = self._changed.pop()
            item.chmod(mode)


@pytest.fixture()
def read_only() -> Iterator[ReadOnly]:
    guard = ReadOnly()
    yield guard
    guard.unlock()


@pytest.fixture()
def server(cloud_server: CloudServer) -> CloudServer:
    """The suite's OpenAI-compatible server on 127.0.0.1, its record of requests cleared."""
    cloud_server.reset()
    return cloud_server


@pytest.fixture()
def ledger() -> Iterator[EgressLog]:
    """A real egress log in the test's HISHO_HOME."""
    log = EgressLog()
    yield log
    log.close()
