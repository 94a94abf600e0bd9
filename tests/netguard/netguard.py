"""The test suite's network guard: nothing may leave the machine.

Every Python process of a test run has it: the test process (``tests/conftest.py``
installs it) and every process a test starts (this folder is on their PYTHONPATH, so
Python runs ``sitecustomize`` at start-up: the model process, the library process, the
extractor, the app run as a subprocess). An audit hook looks at every connect and name
lookup: local sockets and loopback addresses pass; anything else raises
``ConnectionRefusedError`` and is written to ``$HISHO_NETGUARD_LOG``, so the test that
was running fails even when the code under test swallowed the error.

Native code that opens sockets without Python (Qt's X11 connection) is not seen; the
end-to-end privacy test of issue 8 is for that.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from typing import Any

#: Where blocked attempts are written (one line each); set by the test process.
LOG_VARIABLE = "HISHO_NETGUARD_LOG"
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
_installed = False


def is_local(host: Any) -> bool:
    """Whether ``host`` (a name, an address, or None) stays on this machine."""
    if host is None or host in ("", b""):
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%")[0].lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _block(what: str) -> None:
    line = f"pid {os.getpid()} ({os.path.basename(sys.argv[0] or 'python')}): {what}"
    path = os.environ.get(LOG_VARIABLE)
    if path:
        try:
            with open(path, "a", encoding="utf-8") as log:
                log.write(line + "\n")
        except OSError:
            pass
    raise ConnectionRefusedError(f"network access blocked by the test guard: {what}")


_LOOKUPS = frozenset(
    [
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
    ]
)
_INET = (socket.AF_INET, socket.AF_INET6)


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect":
        family, address = getattr(args[0], "family", None), args[1]
        if family in _INET and isinstance(address, tuple) and not is_local(address[0]):
            _block(f"connect to {address[0]}:{address[1]}")
    elif event in _LOOKUPS and not is_local(args[0]):
        _block(f"name lookup of {args[0]!r}")


def install() -> None:
    """Add the audit hook (once per process; audit hooks cannot be removed)."""
    global _installed
    if not _installed:
        sys.addaudithook(_audit)
        _installed = True
