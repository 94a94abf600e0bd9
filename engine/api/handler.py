"""One HTTP request to the local API: checked, answered, logged.

The order of the checks is the order of trust: the ``Host`` header (DNS rebinding), the
page's ``Origin`` (CORS), the rate, the bearer token, then the body's size, before any
of the body is read. Each refusal is answered in OpenAI's error shape and logged like
every answer. Streaming replies are server-sent events; a client that hangs up stops its
generation (the model process's last events are still read, so the next request starts
clean).
"""

from __future__ import annotations

import json
import logging
import math
import select
import socket
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from engine.api import wire
from engine.api.guard import host_allowed, origin_allowed, token_matches
from engine.api.service import Caller, ChatReply
from engine.api.wire import ApiError
from engine.cancel import CancelToken
from engine.errors import HishoError
from engine.types import ApiLogEntry

if TYPE_CHECKING:
    from engine.api.server import ApiServer

log = logging.getLogger(__name__)

_ROUTES = {("GET", "/v1/models"), ("POST", "/v1/chat/completions"), ("POST", "/v1/embeddings")}
_CORS_HEADERS = "Authorization, Content-Type, X-Client-Name"


def _client_name(raw: str) -> str:
    """A client's name as logged and asked about: printable, at most 80 characters."""
    return "".join(c for c in raw if c.isprintable()).strip()[:80]


def peer_gone(sock: socket.socket) -> bool:
    """Whether the client closed its end (a readable socket with nothing to read)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


class _CountingWriter:
    """The response stream, counting the bytes written (headers included)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return int(self.inner.write(data) or len(data))

    def flush(self) -> None:
        self.inner.flush()

    def close(self) -> None:
        self.inner.close()

    @property
    def closed(self) -> bool:
        return bool(self.inner.closed)


@dataclass(slots=True)
class _Exchange:
    """What the log keeps of one request."""

    started: float
    client: str
    model: str = ""
    status: int = 0
    outcome: str = ""
    bytes_in: int = 0
    documents: bool = False


class ApiHandler(BaseHTTPRequestHandler):
    """Serves the local API on one connection (keep-alive: one request after another)."""

    protocol_version = "HTTP/1.1"
    server_version = "Hisho"
    sys_version = ""  # no Python version in the Server header
    api: ApiServer  # set on the subclass the server makes
    wfile: Any

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.api.config.idle_timeout_s)
        self.wfile = _CountingWriter(self.wfile)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # every request goes to the API log instead (engine.storage.api_log)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_OPTIONS(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    # --- one request ----------------------------------------------------------------

    def _serve(self) -> None:
        name = self.headers.get("X-Client-Name") or self.headers.get("User-Agent") or ""
        exchange = _Exchange(time.time(), _client_name(name) or "unknown client")
        exchange.bytes_in = len(self.requestline) + 2 + len(self.headers.as_bytes())
        written = self.wfile.count
        try:
            self._check(exchange)
            if self.command != "OPTIONS":
                self._route(exchange)
        except ApiError as exc:
            self._refuse(exchange, exc)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            exchange.outcome = exchange.outcome or "client went away"
            self.close_connection = True
        except Exception:
            log.exception("local API: %s %s failed", self.command, self.path)
            self._refuse(exchange, ApiError(500, "Hisho failed to answer.", "server_error"))
        finally:
            self._record(exchange, self.wfile.count - written)

    def _check(self, exchange: _Exchange) -> None:
        config = self.api.config
        if not host_allowed(self.headers.get("Host"), config.host, self.api.port):
            raise ApiError(403, "This server answers only requests addressed to this computer "
                           "(the Host header).", "permission_error", "host_refused")  # fmt: skip
        origin, site = self.headers.get("Origin"), self.headers.get("Sec-Fetch-Site")
        if not origin_allowed(origin, config.cors_origins, site):
            raise ApiError(403, "Pages from this origin may not use Hisho's API.",
                           "permission_error", "origin_refused")  # fmt: skip
        if self.command == "OPTIONS":  # a listed page's preflight (no token in it)
            exchange.status, exchange.outcome = 204, "preflight"
            self._respond(204, b"", "text/plain", {"Allow": "GET, POST, OPTIONS"})
            return
        wait = self.api.limiter.take()
        if wait > 0:
            raise ApiError(429, "Too many requests; wait a moment.", "rate_limit_error",
                           "rate_limited").with_retry(wait)  # fmt: skip
        if not token_matches(self.headers.get("Authorization"), config.token):
            raise ApiError(401, "A valid bearer token is required (Settings › Local API shows "
                           "it).", "authentication_error", "invalid_api_key")  # fmt: skip

    def _body(self, exchange: _Exchange) -> Any:
        if self.headers.get("Transfer-Encoding"):
            raise ApiError(411, "Send the body with a Content-Length.", code="length_required")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise ApiError(411, "Send the body with a Content-Length.",
                           code="length_required") from None  # fmt: skip
        if length < 0 or length > self.api.config.max_body_bytes:
            raise ApiError(413, f"The request is larger than {self.api.config.max_body_bytes} "
                           "bytes.", code="request_too_large")  # fmt: skip
        raw = self.rfile.read(length)
        exchange.bytes_in += len(raw)
        if len(raw) != length:
            raise ConnectionResetError("the body was cut short")
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "The body is not valid JSON.") from None

    def _route(self, exchange: _Exchange) -> None:
        path = self.path.split("?", 1)[0]
        method = self.command
        if (method, path) not in _ROUTES and not path.startswith("/v1/models/"):
            known = any(p == path for _, p in _ROUTES)
            raise ApiError(405 if known else 404, f"No {method} {path} here.", code="not_found")
        service = self.api.service
        if method == "GET":
            names = service.model_names()
            if path == "/v1/models":
                self._json(exchange, 200, wire.models_list(names))
                return
            wanted = path.removeprefix("/v1/models/")
            if wanted not in names:
                raise ApiError(404, f"The model {wanted!r} does not exist here.",
                               code="model_not_found")  # fmt: skip
            self._json(exchange, 200, wire.models_list([wanted])["data"][0])
            return
        if method != "POST":
            raise ApiError(405, f"No {method} {path} here.", code="not_found")
        body = self._body(exchange)
        if path == "/v1/embeddings":
            request = wire.embedding_request(body)
            exchange.model = request.model
            self._json(exchange, 200, service.embed(request))
            return
        self._chat(exchange, wire.chat_request(body, service.defaults()))

    # --- chat -------------------------------------------------------------------------

    def _chat(self, exchange: _Exchange, request: wire.ChatRequest) -> None:
        exchange.model = request.model
        if not self.headers.get("X-Client-Name") and request.user:
            exchange.client = _client_name(request.user) or exchange.client
        cancel = CancelToken()
        caller = Caller(exchange.client, self.headers.get("User-Agent", ""),
                        lambda: peer_gone(self.connection))  # fmt: skip
        reply = self.api.service.chat(request, caller, cancel)
        exchange.documents = reply.sources is not None
        if request.stream:
            self._stream(exchange, request, reply, cancel)
            return
        parts: list[str] = []
        try:
            for count, piece in enumerate(reply.pieces):
                parts.append(piece)
                if count % 16 == 15 and caller.gone():
                    cancel.cancel()
        except HishoError as exc:
            raise ApiError(503, str(exc), "server_error", "model_unavailable") from exc
        if caller.gone():
            exchange.outcome = "client went away"
            self.close_connection = True
            return
        completion = wire.Completion(request.model)
        whole = completion.whole("".join(parts), reply.finish_reason, reply.stats, reply.sources)
        self._json(exchange, 200, whole, outcome="answered")

    def _stream(
        self, exchange: _Exchange, request: wire.ChatRequest, reply: ChatReply, cancel: CancelToken
    ) -> None:
        completion = wire.Completion(request.model)
        exchange.status, exchange.outcome = 200, "answered"
        self.close_connection = True
        self.send_response(200)
        for name, value in self._common_headers("text/event-stream; charset=utf-8").items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            first = completion.chunk({"role": "assistant", "content": ""}, sources=reply.sources)
            self._event(first)
            for piece in reply.pieces:
                if not cancel.cancelled:
                    self._event(completion.chunk({"content": piece}))
            self._event(completion.chunk({}, reply.finish_reason))
            if request.include_usage:
                self._event(completion.usage_chunk(reply.stats))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except HishoError as exc:
            exchange.outcome = "error"
            self._event(ApiError(503, str(exc), "server_error", "model_unavailable").body())
        except OSError:
            exchange.outcome = "client went away"
            cancel.cancel()
            for _ in reply.pieces:  # the backend stops; its last events are read
                pass

    def _event(self, data: dict[str, Any]) -> None:
        self.wfile.write(b"data: " + json.dumps(data, ensure_ascii=False).encode() + b"\n\n")
        self.wfile.flush()

    # --- answers ----------------------------------------------------------------------

    def _common_headers(self, content_type: str) -> dict[str, str]:
        headers = {"Content-Type": content_type, "Cache-Control": "no-store",
                   "X-Content-Type-Options": "nosniff"}  # fmt: skip
        origin = self.headers.get("Origin")
        if origin is not None and origin_allowed(origin, self.api.config.cors_origins):
            headers.update({"Access-Control-Allow-Origin": origin.strip(), "Vary": "Origin",
                            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                            "Access-Control-Allow-Headers": _CORS_HEADERS,
                            "Access-Control-Max-Age": "600"})  # fmt: skip
        return headers

    def _respond(self, status: int, body: bytes, content_type: str, extra: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {**self._common_headers(content_type), **extra}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _json(self, exchange: _Exchange, status: int, data: Any, outcome: str = "answered") -> None:
        exchange.status, exchange.outcome = status, outcome
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._respond(status, body, "application/json", {})

    def _refuse(self, exchange: _Exchange, error: ApiError) -> None:
        exchange.status, exchange.outcome = error.status, f"refused: {error.code}"
        self.close_connection = True  # a body may be left unread: the stream is not clean
        extra = {}
        if error.status == 401:
            extra["WWW-Authenticate"] = "Bearer"
        if error.retry_after:
            extra["Retry-After"] = str(math.ceil(error.retry_after))
        body = json.dumps(error.body()).encode("utf-8")
        try:
            self._respond(error.status, body, "application/json", extra)
        except OSError:
            self.close_connection = True

    def _record(self, exchange: _Exchange, bytes_out: int) -> None:
        entry = ApiLogEntry(
            time=exchange.started, client=exchange.client, method=self.command,
            path=self.path.split("?", 1)[0][:200], model=exchange.model,
            status=exchange.status, outcome=exchange.outcome, bytes_in=exchange.bytes_in,
            bytes_out=bytes_out, duration_s=time.time() - exchange.started,
            documents=exchange.documents,
        )  # fmt: skip
        self.api.record(entry)
