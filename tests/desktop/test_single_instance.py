"""Single instance: a second launch hands its arguments to the first and exits.

In-process checks of the protocol (plain socket and QLocalSocket senders, a socket left
behind by a crash, malformed requests), then two real processes: the real app started
with a temporary HISHO_HOME, and ``python -m desktop --quick`` / ``python -m desktop
FILE`` run against it. The first must receive them and keep running; the second must
exit at once with 0, without importing Qt or opening a store.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop import single_instance
from desktop.instance_server import InstanceServer, claim
from desktop.launch import Launch, parse_launch
from engine import paths
from engine.library.types import DEFAULT_LIBRARY, Scope
from engine.storage import settings as settings_store
from engine.storage.history import History
from engine.storage.settings import Settings
from tests.conftest import REPO

#: The first process starts its window, model and (for a file) library process.
START_TIMEOUT_S = 120


@pytest.fixture()
def address(tmp_path: Path) -> str:
    return str(tmp_path / "hisho-test.sock")


def in_thread(call: Callable[[], object]) -> Callable[[], object]:
    """Run ``call`` on a thread (a sender blocks until the GUI thread answers)."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    return lambda: result[0] if result else None


def test_the_name_is_per_user_and_per_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HISHO_HOME", str(tmp_path / "one"))
    first = single_instance.server_address()
    assert first == single_instance.server_address()
    monkeypatch.setenv("HISHO_HOME", str(tmp_path / "two"))
    assert single_instance.server_address() != first
    assert len(first.encode()) < 104  # fits a Unix socket path everywhere
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert single_instance.server_address().startswith(str(tmp_path))


SENDER = """
import sys
from desktop import single_instance
send = getattr(single_instance, sys.argv[1])
print(send(["--quick", "ノート.txt"], "/home/me", sys.argv[2]))
"""


@pytest.mark.parametrize("sender", ["send", "send_with_qt"])
def test_a_later_launch_reaches_the_first(qtbot: QtBot, address: str, sender: str) -> None:
    """The sender is another process, as in real use (plain socket on Unix; QLocalSocket,
    which Windows uses, tried here too)."""
    server = InstanceServer(address)
    assert server.listen()
    process = subprocess.Popen(
        [sys.executable, "-c", SENDER, sender, address], cwd=REPO, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )  # fmt: skip
    try:
        with qtbot.waitSignal(server.request, timeout=10_000) as request:
            pass
        assert request.args == [["--quick", "ノート.txt"], "/home/me"]
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=10_000)
        out, err = process.communicate()
        assert process.returncode == 0, err
        assert out.strip() == "Reply(ok=True, message='')"
    finally:
        server.close()
        if process.poll() is None:
            process.kill()


def test_nothing_running_means_nothing_answers(address: str) -> None:
    assert single_instance.send(["--quick"], "/", address) is None
    assert single_instance.send_with_qt(["--quick"], "/", address) is None


def test_a_socket_left_behind_by_a_crash_does_not_block_the_start(
    qtbot: QtBot, address: str
) -> None:
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(address)  # a crashed Hisho leaves its socket file, with no one listening
    stale.close()
    assert Path(address).exists()
    assert single_instance.send([], "/", address) is None
    server, reply = claim([], "/", address)
    assert server is not None and reply is None and server.listening
    try:
        with qtbot.waitSignal(server.request, timeout=5_000):
            answer = in_thread(lambda: single_instance.send(["a.txt"], "/", address))
        qtbot.waitUntil(lambda: answer() == single_instance.Reply(True), timeout=5_000)
    finally:
        server.close()


FIRST = """
import sys
from PySide6.QtCore import QCoreApplication
from desktop.instance_server import InstanceServer
app = QCoreApplication([])
server = InstanceServer(sys.argv[1])
assert server.listen()
print("listening", flush=True)
server.request.connect(lambda argv, cwd: (print(argv, cwd, flush=True), app.quit()))
app.exec()
"""


def test_claim_hands_over_to_a_hisho_that_is_already_listening(address: str) -> None:
    """Two starts at once: the one that finds the other listening hands over."""
    first = subprocess.Popen(
        [sys.executable, "-c", FIRST, address], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "listening"
        server, reply = claim(["--quick"], "/work", address)
        assert server is None and reply == single_instance.Reply(True)
        out, _ = first.communicate(timeout=10)
        assert out.strip() == "['--quick'] /work"
    finally:
        if first.poll() is None:
            first.kill()


def test_a_malformed_request_is_refused_and_the_server_keeps_listening(
    qtbot: QtBot, address: str
) -> None:
    server = InstanceServer(address)
    assert server.listen()

    def send_raw(data: bytes) -> bytes:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(address)
            sock.sendall(data)
            return sock.recv(4096)

    try:
        for junk in (b"not json\n", b'{"argv": "x", "cwd": "/"}\n', b"[1, 2]\n"):
            answer = in_thread(lambda junk=junk: send_raw(junk))
            qtbot.waitUntil(lambda answer=answer: answer() is not None, timeout=5_000)
            assert b'"ok": false' in answer()  # type: ignore[operator]
        with qtbot.waitSignal(server.request, timeout=5_000):
            in_thread(lambda: single_instance.send([], "/", address))
    finally:
        server.close()


def test_launch_arguments_are_read_relative_to_the_launching_folder() -> None:
    assert parse_launch(["--quick"], "/home/me") == Launch(quick=True)
    assert parse_launch(["docs/a.pdf", "/tmp/b.txt"], "/home/me") == Launch(
        files=("/home/me/docs/a.pdf", "/tmp/b.txt")
    )
    assert parse_launch(["--hidden", "--what"], "/") == Launch(hidden=True)  # never exits


# --- two real processes ------------------------------------------------------------------


@dataclasses.dataclass
class RunningHisho:
    """The real app, started as a user would, in this test's HISHO_HOME."""

    process: subprocess.Popen[str]
    env: dict[str, str]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8") if self.log.is_file() else ""

    def wait_log(self, text: str, timeout: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log_text():
                return
            assert self.process.poll() is None, f"Hisho ended:\n{self.log_text()[-3000:]}"
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} in the log:\n{self.log_text()[-3000:]}")

    def launch(
        self, *args: str, cwd: Path = REPO
    ) -> tuple[subprocess.CompletedProcess[str], float]:
        """A second ``hisho`` with ``args``; its result and how long it took."""
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "desktop", *args],
            cwd=cwd, env=self.env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return result, time.monotonic() - started


@pytest.fixture()
def running_hisho(hisho_home: Path) -> Iterator[RunningHisho]:
    defaults = Settings()
    chat = dataclasses.replace(defaults.chat, context_length=2048, threads=1)
    settings_store.save(dataclasses.replace(defaults, chat=chat))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop"], cwd=REPO, env=env, text=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    hisho = RunningHisho(process, env, hisho_home / "logs" / "hisho.log")
    try:
        hisho.wait_log("no system tray yet")  # started: controllers and background built
        yield hisho
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if process.poll() is None:
                os.killpg(process.pid, sig)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    continue
        # Its model and library processes are in the same group: none may outlive it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def imported(result: subprocess.CompletedProcess[str]) -> set[str]:
    """Module names that ``python -X importtime`` reports."""
    return {
        line.rsplit("|", 1)[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_a_second_launch_hands_its_arguments_to_the_running_hisho(
    running_hisho: RunningHisho, tmp_path: Path, hisho_home: Path
) -> None:
    hisho = running_hisho
    quick, quick_s = hisho.launch("--quick")
    assert quick.returncode == 0, quick.stderr[-2000:]
    hisho.wait_log("request from another launch: argv=['--quick']")
    hisho.wait_log("launch: quick prompt opened")
    # The second process handed over without Qt and without touching any store.
    modules = imported(quick)
    assert not {m for m in modules if m.startswith(("PySide6", "shiboken6"))}
    assert not {"engine.storage.history", "engine.library.library", "sqlite3"} & modules
    assert quick_s < 15  # (about 0.2 s; generous for a busy machine)

    # `hisho report.txt` from another folder: the file is added, and a conversation
    # is opened about it.
    folder = tmp_path / "papers"
    folder.mkdir()
    report = folder / "report.txt"
    report.write_text("The lighthouse lamp was rebuilt in 1902.\n", encoding="utf-8")
    with_file, _ = hisho.launch("report.txt", cwd=folder)
    assert with_file.returncode == 0, with_file.stderr[-2000:]
    hisho.wait_log(f"launch: adding ['{report}']")
    hisho.wait_log("now answers from report.txt")

    # The first keeps running and still answers launches.
    assert hisho.process.poll() is None
    plain, _ = hisho.launch()
    assert plain.returncode == 0
    hisho.wait_log("launch: window brought forward")
    assert hisho.process.poll() is None
    assert hisho.log_text().count("request from another launch") == 3

    # A missing file is refused by the second process itself.
    missing, _ = hisho.launch("nowhere.pdf", cwd=folder)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert hisho.log_text().count("request from another launch") == 3

    # What the first did is in its history: a conversation scoped to the file.
    os.killpg(hisho.process.pid, signal.SIGTERM)
    hisho.process.wait(timeout=30)
    history = History(paths.history_db())
    try:
        scopes = [c.scope for c in history.conversations()]
    finally:
        history.close()
    assert Scope(DEFAULT_LIBRARY, str(report)) in scopes
