"""The local API's HTTP server: its own threads, bounded, on 127.0.0.1 unless told.

Python's threading HTTP server, one thread per connection (at most
``max_connections``; more are answered 503 at once), each connection with an idle
timeout. ``start`` binds and serves on a thread of its own; nothing here runs on a
caller's (the window's) thread but ``start`` and ``stop``. While it runs, a small status
file says where (:mod:`engine.api.running`), so a window can show a ``hisho serve``
started elsewhere.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
import threading
from http.server import ThreadingHTTPServer
from typing import Any

from engine.api import running
from engine.api.config import ServerConfig
from engine.api.guard import RateLimiter
from engine.api.handler import ApiHandler
from engine.api.service import ApiService
from engine.errors import HishoError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.api_log import ApiLog
from engine.types import ApiLogEntry

log = logging.getLogger(__name__)

PORT_IN_USE = QT_TRANSLATE_NOOP(
    "Engine",
    "The local API could not listen on {host}:{port} ({error}). Another program (or "
    "another Hisho, e.g. `hisho serve`) may use the port: choose another in Settings › "
    "Local API.",
)
_BUSY_BODY = b'{"error": {"message": "Too many connections.", "type": "server_error"}}'
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(_BUSY_BODY), _BUSY_BODY)
)


class ApiStartError(HishoError):
    """The server could not start (the address is refused, the port is taken)."""


class _HttpServer(ThreadingHTTPServer):
    """Threads per connection, at most ``limit`` at once; no port sharing on Windows
    (SO_REUSEADDR there lets another program take over a bound port)."""

    daemon_threads = True
    allow_reuse_address = sys.platform != "win32"
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], handler: Any, limit: int) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.limit = limit
        self.active = 0
        self.count_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.count_lock:
            full = self.active >= self.limit
            if not full:
                self.active += 1
        if full:
            with contextlib.suppress(OSError):
                request.sendall(_BUSY)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.count_lock:
                self.active -= 1


class ApiServer:
    """The API on an address, serving ``service``; every request is written to ``log``."""

    def __init__(
        self, config: ServerConfig, service: ApiService, log_: ApiLog, kind: str = "window"
    ) -> None:
        self.config = config
        self.service = service
        self.log = log_
        self.kind = kind  # "window" or "serve", for the status file
        self.limiter = RateLimiter(config.requests_per_minute, config.burst)
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port bound (the configured one, or the one chosen for port 0)."""
        return self._httpd.server_address[1] if self._httpd is not None else self.config.port

    @property
    def url(self) -> str:
        host = self.config.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self._httpd is not None

    def start(self) -> str:
        """Bind and serve on a thread of its own; the base URL clients use.

        Raises:
            ApiStartError: the address is not allowed or the port can't be had.
        """
        problem = self.config.problem()
        if problem:
            raise ApiStartError(problem)
        handler = type("BoundApiHandler", (ApiHandler,), {"api": self})
        address = (self.config.host, self.config.port)
        try:
            self._httpd = _HttpServer(address, handler, self.config.max_connections)
        except OSError as exc:
            raise ApiStartError(
                PORT_IN_USE.format(host=address[0], port=address[1], error=exc.strerror or exc)
            ) from exc
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2},
            daemon=True, name="local-api",
        )  # fmt: skip
        self._thread.start()
        running.announce(self.url, self.kind)
        log.info("local API listening at %s", self.url)
        return self.url

    def stop(self) -> None:
        """Stop listening (replies being streamed end with their connections)."""
        if self._httpd is None:
            return
        running.withdraw(self.url)
        httpd, self._httpd = self._httpd, None
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def record(self, entry: ApiLogEntry) -> None:
        try:
            self.log.record(entry)
        except HishoError as exc:  # the answer is given; the log says why it lacks a row
            log.warning("local API: could not log a request: %s", exc)
