"""The listening side of single instance: the first Hisho hears later launches.

See :mod:`desktop.single_instance` for the protocol and the name. :func:`claim` is
called before the window is built: it listens, or hands this launch to a Hisho that
started in the meantime, or clears a socket left behind by a crash and listens.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from desktop import single_instance
from desktop.single_instance import MAX_REQUEST_BYTES, Reply

log = logging.getLogger(__name__)


class InstanceServer(QObject):
    """Listens for later launches; ``request`` carries each one's (argv, cwd)."""

    request = Signal(list, str)

    def __init__(self, address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.address = address or single_instance.server_address()
        self.server = QLocalServer(self)
        if sys.platform == "win32":  # a pipe only this user may open
            self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # (Not on Unix: there Qt makes such a socket elsewhere and renames it into place,
        # silently replacing a running Hisho's socket instead of failing.)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Listen (False when the address is taken, or cannot be made)."""
        if not self.server.listen(self.address):
            return False
        if sys.platform != "win32":  # only this user may connect (its runtime folder is private)
            with contextlib.suppress(OSError):
                os.chmod(self.address, 0o600)
        return True

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def address_in_use(self) -> bool:
        error = self.server.serverError()
        return bool(error == QAbstractSocket.SocketError.AddressInUseError)

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            self._buffers[connection] = b""
            connection.readyRead.connect(self._ready_read)
            connection.disconnected.connect(self._disconnected)
            self._read(connection)

    def _ready_read(self) -> None:
        connection = self.sender()
        if isinstance(connection, QLocalSocket):
            self._read(connection)

    def _disconnected(self) -> None:
        connection = self.sender()
        if isinstance(connection, QLocalSocket):
            self._buffers.pop(connection, None)
            connection.deleteLater()

    def _read(self, connection: QLocalSocket) -> None:
        if connection not in self._buffers:
            return
        data = self._buffers[connection] + bytes(connection.readAll().data())
        self._buffers[connection] = data
        if b"\n" not in data and len(data) <= MAX_REQUEST_BYTES:
            return  # more to come
        del self._buffers[connection]
        parsed = single_instance.parse_request(data.split(b"\n", 1)[0])
        if parsed is None:
            log.warning("ignored a malformed request on %s", self.address)
            self._answer(connection, {"ok": False, "message": "malformed request"})
            return
        argv, cwd = parsed
        log.info("request from another launch: argv=%s cwd=%s", argv, cwd)
        self._answer(connection, {"ok": True})
        self.request.emit(argv, cwd)

    def _answer(self, connection: QLocalSocket, reply: dict[str, Any]) -> None:
        connection.write(json.dumps(reply).encode("utf-8") + b"\n")
        connection.flush()
        connection.disconnectFromServer()


def claim(
    argv: list[str], cwd: str, address: str | None = None
) -> tuple[InstanceServer | None, Reply | None]:
    """Become the one Hisho, or hand this launch to the one that is.

    Returns:
        ``(server, None)``: this process is the one (``server.listening`` is False only
        where the socket could not be made, which is logged), or ``(None, reply)``:
        another Hisho took the launch and answered ``reply``.
    """
    server = InstanceServer(address)
    if server.listen():
        return server, None
    if server.address_in_use():
        reply = single_instance.send(argv, cwd, server.address)  # one started meanwhile?
        if reply is not None:
            server.deleteLater()
            return None, reply
        log.info("removing an instance socket left behind: %s", server.address)
        QLocalServer.removeServer(server.address)
        if server.listen():
            return server, None
    log.warning(
        "could not listen on %s (%s): later launches will not find this Hisho",
        server.address,
        server.server.errorString(),
    )
    return server, None
