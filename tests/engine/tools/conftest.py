"""Real MCP servers for the tool tests: the SDK server of ``mcp_server`` over stdio (a
child process) and over streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.tools.mcp_client import McpServerConfig, McpServers

REPO = Path(__file__).resolve().parents[3]


def _python_path() -> str:
    """The repository, and the network guard the suite's children carry (tests/netguard)."""
    return os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))


@pytest.fixture()
def calls_file(tmp_path: Path) -> Path:
    return tmp_path / "calls.txt"


@pytest.fixture()
def stdio_config(calls_file: Path) -> McpServerConfig:
    return McpServerConfig(
        "test-server", sys.executable, ("-m", "tests.engine.tools.mcp_server"),
        {"MCP_TEST_CALLS": str(calls_file), "PYTHONPATH": _python_path()}, timeout_s=8,
    )  # fmt: skip


@pytest.fixture()
def servers(stdio_config: McpServerConfig) -> Iterator[McpServers]:
    servers = McpServers([stdio_config])
    yield servers
    servers.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture()
def http_url(calls_file: Path) -> Iterator[str]:
    """A streamable-HTTP MCP server on 127.0.0.1 (its own process)."""
    port = _free_port()
    env = dict(os.environ, MCP_TEST_CALLS=str(calls_file), PYTHONPATH=_python_path())
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.engine.tools.mcp_server", "http", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}/mcp"
    process.terminate()
    process.wait(10)
