"""Start a private Xvfb server (tests and benchmarks that need real windows)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager


class XvfbUnavailable(RuntimeError):
    """Xvfb is missing or did not start."""


@contextmanager
def xvfb_server(screen: str = "1280x800x24") -> Iterator[str]:
    """Run Xvfb on a free display number; yields ``":N"`` and stops it afterwards."""
    if shutil.which("Xvfb") is None:
        raise XvfbUnavailable("Xvfb is not installed (setup installs Debian's xvfb)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise XvfbUnavailable("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
