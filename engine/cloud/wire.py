"""What goes over the wire: the request body the consent dialog shows, and an HTTP
client that counts every byte both ways."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.types import (
    ChatMessage,
    GenerationOptions,
)

if TYPE_CHECKING:
    from engine.cloud.providers import CloudConfig

    pass

log = logging.getLogger(__name__)


def request_body(
    config: CloudConfig, messages: Sequence[ChatMessage], options: GenerationOptions
) -> dict[str, Any]:
    """Exactly the JSON body a chat request sends (what the consent dialog shows)."""
    return {
        "model": config.model,
        "messages": [{"role": m.role, "content": m.content} for m in messages],
        "max_tokens": options.max_tokens,
        "temperature": options.temperature,
        "top_p": options.top_p,
        "stream": True,
    }


def payload_text(body: dict[str, Any] | list[dict[str, Any]]) -> str:
    """The body (or bodies) as the user reads it: indented JSON, non-ASCII as itself."""
    return json.dumps(body, indent=2, ensure_ascii=False)


@dataclass(slots=True)
class Meter:
    """Bytes of one exchange on the wire (request line, headers and body; both ways)."""

    sent: int = 0
    received: int = 0
    status: int = 0


def metered_client(meter: Meter, timeout_s: float) -> Any:
    """An HTTP client (the SDK's own library) that counts bytes into ``meter`` and drops
    the SDK's platform headers."""
    import httpx2

    class CountingStream(httpx2.SyncByteStream):
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __iter__(self) -> Iterator[bytes]:
            for chunk in self.inner:
                meter.received += len(chunk)
                yield chunk

        def close(self) -> None:
            self.inner.close()

    class MeteredTransport(httpx2.HTTPTransport):
        def handle_request(self, request: Any) -> Any:
            for name in [n for n in request.headers if n.lower().startswith("x-stainless")]:
                del request.headers[name]
            request.headers["user-agent"] = "Hisho"
            body = request.read()
            head = f"{request.method} {request.url.raw_path.decode()} HTTP/1.1\r\n"
            size = len(head) + _headers_size(request.headers.raw) + len(body)
            try:
                response = super().handle_request(request)
            except httpx2.ConnectError:
                raise  # no connection: nothing was sent
            except Exception:
                meter.sent += size
                raise
            meter.sent += size
            meter.status = response.status_code
            meter.received += 17 + _headers_size(response.headers.raw)  # status line
            response.stream = CountingStream(response.stream)
            return response

    timeout = httpx2.Timeout(timeout_s, connect=min(10.0, timeout_s))
    return httpx2.Client(transport=MeteredTransport(), timeout=timeout)


def _headers_size(raw: Sequence[tuple[bytes, bytes]]) -> int:
    return sum(len(k) + len(v) + 4 for k, v in raw) + 2
