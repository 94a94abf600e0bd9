"""One Hisho per user and data folder: a second launch hands its arguments to the first.

The first instance listens on a local socket (``QLocalServer``); a later ``hisho``,
``hisho --quick`` or ``hisho report.pdf`` connects, sends one JSON line
``{"argv": [...], "cwd": "..."}``, waits for ``{"ok": true}`` and exits, before it
imports Qt widgets or opens any store. On Unix the socket is a path this module
chooses (in ``$XDG_RUNTIME_DIR``, else the temp folder), so the sender needs nothing
but Python's ``socket``; on Windows it is a named pipe, reached with QtNetwork's
blocking ``QLocalSocket`` (no QCoreApplication needed).

The name comes from the user and the data folder, so two users, or tests with
different ``HISHO_HOME``, never meet. A socket left behind by a crash answers no one:
the next start removes it (``QLocalServer.removeServer``) and listens again. The
listening side is :mod:`desktop.instance_server`; this module imports no Qt.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import socket
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: How long a second launch waits to reach the first, and for its answer.
CONNECT_TIMEOUT_S = 2.0
REPLY_TIMEOUT_S = 10.0
#: The longest request the server reads (a few thousand paths fit).
MAX_REQUEST_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Reply:
    """What the running Hisho answered."""

    ok: bool
    message: str = ""


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        if sys.platform == "win32":
            return "user"
        return str(os.getuid())


def server_name() -> str:
    """The per-user, per-data-folder name (``hisho-<16 hex digits>``)."""
    from engine import paths

    key = f"{_user()}\0{paths.data_dir().resolve()}"
    return "hisho-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def server_address() -> str:
    """What QLocalServer listens on: a socket path on Unix, a pipe name on Windows."""
    if sys.platform == "win32":
        return server_name()
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = Path(runtime) if runtime and os.path.isdir(runtime) else Path(tempfile.gettempdir())
    return str(folder / f"{server_name()}.sock")


def _request(argv: list[str], cwd: str) -> bytes:
    return json.dumps({"argv": argv, "cwd": cwd}, ensure_ascii=False).encode("utf-8") + b"\n"


def _reply(line: bytes) -> Reply:
    try:
        data = json.loads(line.decode("utf-8"))
        return Reply(bool(data.get("ok")), str(data.get("message", "")))
    except (ValueError, AttributeError):
        return Reply(False, "The running Hisho gave an answer this version does not understand.")


NO_ANSWER = Reply(
    False, "Hisho is running but did not answer. If it is stuck, end it and try again."
)


def send(argv: list[str], cwd: str, address: str | None = None) -> Reply | None:
    """Hand ``argv`` to the running Hisho.

    Returns:
        Its reply, or None when no Hisho is running (nothing listens, or only a socket
        left behind by a crash).
    """
    address = address or server_address()
    if sys.platform == "win32":
        return send_with_qt(argv, cwd, address)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_TIMEOUT_S)
        try:
            sock.connect(address)
        except (FileNotFoundError, ConnectionRefusedError):
            return None
        except OSError as exc:
            log.info("no Hisho at %s: %s", address, exc)
            return None
        try:
            sock.settimeout(REPLY_TIMEOUT_S)
            sock.sendall(_request(argv, cwd))
            line = b""
            while not line.endswith(b"\n"):
                chunk = sock.recv(4096)
                if not chunk:
                    break
                line += chunk
        except OSError:
            return NO_ANSWER
    return _reply(line) if line else NO_ANSWER


def send_with_qt(argv: list[str], cwd: str, address: str | None = None) -> Reply | None:
    """:func:`send` through QLocalSocket's blocking calls (Windows' named pipes)."""
    from PySide6.QtNetwork import QLocalSocket

    address = address or server_address()
    sock = QLocalSocket()
    sock.connectToServer(address)
    if not sock.waitForConnected(int(CONNECT_TIMEOUT_S * 1000)):
        return None
    sock.write(_request(argv, cwd))
    sock.waitForBytesWritten(int(REPLY_TIMEOUT_S * 1000))
    line = b""
    while not line.endswith(b"\n"):
        if not sock.bytesAvailable() and not sock.waitForReadyRead(int(REPLY_TIMEOUT_S * 1000)):
            break
        line += bytes(sock.readAll().data())
    sock.abort()
    return _reply(line) if line else NO_ANSWER


def parse_request(data: bytes) -> tuple[list[str], str] | None:
    """(argv, cwd) from one request line, or None if it is not one."""
    try:
        message: Any = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(message, dict):
        return None
    argv, cwd = message.get("argv"), message.get("cwd")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        return None
    if not isinstance(cwd, str):
        return None
    return argv, cwd
