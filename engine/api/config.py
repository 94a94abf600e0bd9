"""How the local API server runs: address, token and limits, from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from engine.api.guard import is_loopback, normal_origin
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.settings import ApiSettings

OTHER_ADDRESS_REFUSED = QT_TRANSLATE_NOOP(
    "Engine",
    "The local API listens only on this computer (127.0.0.1) unless you allow another "
    "address in Settings › Local API: {host} would let other computers on the network "
    "try to reach Hisho.",
)
BAD_PORT = QT_TRANSLATE_NOOP("Engine", "The local API's port must be from 1024 to 65535.")


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Everything the server needs but the model and the libraries."""

    token: str
    host: str = "127.0.0.1"
    port: int = 8484  # 0: any free port (tests, benchmarks)
    allow_other_address: bool = False
    cors_origins: frozenset[str] = frozenset()
    max_body_bytes: int = 1 << 20
    requests_per_minute: int = 120
    burst: int | None = None  # None: a quarter of a minute's requests
    max_connections: int = 64
    #: Seconds a connection may stay silent (headers, body, keep-alive) before it is closed.
    idle_timeout_s: float = 30.0

    @classmethod
    def from_settings(cls, api: ApiSettings, token: str, port: int | None = None) -> ServerConfig:
        return cls(
            token=token,
            host=api.host.strip() or "127.0.0.1",
            port=api.port if port is None else port,
            allow_other_address=api.allow_other_address,
            cors_origins=frozenset(normal_origin(o) for o in api.cors_origins if o.strip()),
            max_body_bytes=max(1, api.max_request_kib) * 1024,
            requests_per_minute=max(1, api.requests_per_minute),
        )

    def problem(self) -> str:
        """Why the server may not start so ("" when it may)."""
        if self.port != 0 and not 1024 <= self.port <= 65535:
            return BAD_PORT
        if not is_loopback(self.host) and not self.allow_other_address:
            return OTHER_ADDRESS_REFUSED.format(host=self.host)
        return ""
