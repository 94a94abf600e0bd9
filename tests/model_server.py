"""A real HTTP server on 127.0.0.1 serving a model file, with Range, ETag and
misbehaviour on request (a dropped connection), for the download tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Served:
    """What the test server serves and how it misbehaves."""

    body: bytes = b""
    etag: str = '"v1"'
    cut_after: int | None = None  # close the connection after this many bytes
    ranges: list[str] = field(default_factory=list)  # Range headers received
    rate: int = 0  # bytes per second (0: as fast as it goes), for killing mid-download


class _Handler(BaseHTTPRequestHandler):
    served: Served

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        served = self.served
        body, start = served.body, 0
        wanted = self.headers.get("Range")
        served.ranges.append(wanted or "")
        if wanted and self.headers.get("If-Range", served.etag) == served.etag:
            start = int(wanted.removeprefix("bytes=").split("-")[0])
            if start >= len(body):
                self.send_response(416)
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        part = body[start:]
        self.send_header("Content-Length", str(len(part)))
        self.send_header("ETag", served.etag)
        self.end_headers()
        if served.cut_after is not None:
            part = part[: served.cut_after]
            served.cut_after = None  # only once
            self.wfile.write(part)
            self.wfile.flush()
            self.close_connection = True
            return
        if not served.rate:
            self.wfile.write(part)
            return
        step = max(1, served.rate // 20)
        try:
            for at in range(0, len(part), step):
                self.wfile.write(part[at : at + step])
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client was killed mid-download


@contextmanager
def serve(body: bytes, name: str = "SmolLM2.gguf") -> Iterator[tuple[str, Served]]:
    """Serve ``body`` at the returned URL until the block ends."""
    served = Served(body=body)
    handler = type("Handler", (_Handler,), {"served": served})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/{name}", served
    finally:
        httpd.shutdown()
        httpd.server_close()
