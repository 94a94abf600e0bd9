"""Real services for the cloud tests: a Secret Service and an OpenAI-compatible server.

- :func:`secret_service`: a private D-Bus session bus with gnome-keyring on it, unlocked
  with a password on stdin, its keyrings in a temp XDG_DATA_HOME. The ``keyring``
  package is pointed at it (``DBUS_SESSION_BUS_ADDRESS``), so tests store and read keys in
  a real Secret Service, as on a GNOME desktop.
- :class:`CloudServer`: tests/cloud_server.py (llama-cpp-python's ``llama_cpp.server``
  with the bundled model) on 127.0.0.1, with what it received and faults to play.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
API_KEY = "sk-test-7f3a9c-hisho-never-on-disk"
MODEL = "test-model"


class Unavailable(Exception):
    """A service this machine can't run (the reason is the message)."""


@contextmanager
def secret_service(folder: Path) -> Iterator[None]:
    """Run a D-Bus session with an unlocked gnome-keyring; point ``keyring`` at it."""
    for tool in ("dbus-daemon", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            raise Unavailable(f"{tool} is not installed (Debian: dbus, gnome-keyring)")
    data, runtime = folder / "data", folder / "runtime"
    data.mkdir(parents=True, exist_ok=True)
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = dict(os.environ, XDG_DATA_HOME=str(data), XDG_RUNTIME_DIR=str(runtime))
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    daemon: subprocess.Popen[str] | None = None
    saved = {"DBUS_SESSION_BUS_ADDRESS": os.environ.get("DBUS_SESSION_BUS_ADDRESS")}
    import keyring
    import keyring.core

    before = keyring.get_keyring()
    try:
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--foreground"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert daemon.stdin is not None
        daemon.stdin.write("keyring-test-password")
        daemon.stdin.close()
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = env["DBUS_SESSION_BUS_ADDRESS"]
        deadline = time.monotonic() + 20
        while True:
            _forget_backends()
            keyring.core.init_backend()
            if "SecretService" in type(keyring.get_keyring()).__module__:
                break
            if time.monotonic() > deadline:
                raise Unavailable("gnome-keyring did not come up on the session bus")
            time.sleep(0.2)
        yield
    finally:
        for process in (daemon, bus):
            if process is not None:
                process.terminate()
                process.wait(10)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _forget_backends()
        keyring.set_keyring(before)


def _forget_backends() -> None:
    """keyring finds the usable backends once per process; look again (the bus changed)."""
    import keyring.backend

    if hasattr(keyring.backend.get_all_keyring, "saved_result"):
        keyring.backend.get_all_keyring.reset()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class CloudServer:
    """The running server: its address, what it received, and faults to play."""

    base_url: str
    log: Path
    control: Path
    process: subprocess.Popen[bytes]

    def requests(self, path_end: str = "/chat/completions") -> list[dict[str, Any]]:
        """Every request received whose path ends with ``path_end``, oldest first."""
        lines = self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []
        return [r for r in map(json.loads, lines) if r["path"].endswith(path_end)]

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r["body"]) for r in self.requests()]

    def reset(self) -> None:
        self.log.write_text("")
        self.fault()

    def fault(self, *faults: int | str) -> None:
        """The next chat requests get these answers: 500, 429 or "cut" (mid-stream)."""
        self.control.write_text(json.dumps({"faults": list(faults)}))


@contextmanager
def cloud_server(model: Path, folder: Path) -> Iterator[CloudServer]:
    try:
        import llama_cpp.server  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise Unavailable(f"llama-cpp-python[server] is not installed ({exc})") from exc
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log, control = folder / "requests.jsonl", folder / "control.json"
    control.write_text("{}")
    output = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "cloud_server.py"), "--model", str(model),
         "--port", str(port), "--api-key", API_KEY, "--log", str(log),
         "--control", str(control)],
        stdout=output, stderr=subprocess.STDOUT, cwd=REPO,
    )  # fmt: skip
    server = CloudServer(f"http://127.0.0.1:{port}/v1", log, control, process)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError((folder / "server.log").read_text(errors="replace")[-3000:])
            try:
                request = urllib.request.Request(
                    f"{server.base_url}/models", headers={"Authorization": f"Bearer {API_KEY}"}
                )
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start within 120 s")
            time.sleep(0.3)
        server.reset()
        yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        output.close()
