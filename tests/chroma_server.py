"""A real Chroma server on 127.0.0.1 for the server-library tests and the benchmark.

``chroma_run`` starts the venv's ``chroma run`` (chromadb's own Rust server, what users
run) on a free port; it has no authentication of its own. ``chroma_with_token`` starts
chromadb's Python server (``chromadb.app``, under uvicorn) with chromadb's token
authentication provider, so a wrong token is refused by Chroma itself. Both wait until
the heartbeat answers.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
TOKEN_PROVIDER = "chromadb.auth.token_authn.TokenAuthenticationServerProvider"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_heartbeat(url: str, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Chroma server ended at start (exit {process.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the Chroma server at {url} did not answer in {timeout_s} s")


@contextmanager
def _serving(command: list[str], env: dict[str, str], port: int, log: Path) -> Iterator[str]:
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_heartbeat(url, process, 60.0)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def chroma_run(path: Path, port: int | None = None) -> Iterator[str]:
    """``chroma run --path PATH --host 127.0.0.1 --port PORT``; its address."""
    port = port or free_port()
    path.mkdir(parents=True, exist_ok=True)
    command = [str(VENV_BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with _serving(command, env, port, path.parent / f"{path.name}.log") as url:
        yield url


@contextmanager
def chroma_with_token(path: Path, token: str) -> Iterator[str]:
    """chromadb's Python server with token authentication (``Authorization: Bearer``)."""
    port = free_port()
    path.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "uvicorn", "chromadb.app:app", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning"]  # fmt: skip
    env = {
        **os.environ,
        "ANONYMIZED_TELEMETRY": "False",
        "IS_PERSISTENT": "1",
        "PERSIST_DIRECTORY": str(path),
        "CHROMA_SERVER_AUTHN_PROVIDER": TOKEN_PROVIDER,
        "CHROMA_SERVER_AUTHN_CREDENTIALS": token,
    }
    with _serving(command, env, port, path.parent / f"{path.name}.log") as url:
        yield url
