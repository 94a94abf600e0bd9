"""What a request must show before the local API does anything for it.

Each check answers the attack it stops (peers shipped each of these unsafe):

- :func:`host_allowed`: the ``Host`` header names this computer's loopback (or the one
  address the user chose to listen on). A web page whose domain was re-pointed at
  127.0.0.1 (DNS rebinding, Ollama's CVE-2024-28224) sends its own domain and is refused.
- :func:`origin_allowed`: a browser page from another origin is refused unless the user
  listed that origin; only then are CORS headers sent (GPT4All answered ``CORS: *``).
- :func:`token_matches`: the bearer token, compared in constant time (AnythingLLM
  listened on 0.0.0.0 without one, CVE-2024-8196).
- :class:`RateLimiter`: a token bucket over all clients, so a runaway script cannot
  queue the model for hours.
- :func:`is_loopback` says whether an address to listen on needs the user's warning.
"""

from __future__ import annotations

import hmac
import ipaddress
import threading
import time

#: Host names that always mean this computer (no DNS involved).
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    """Whether listening on ``host`` keeps the API on this computer."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def split_host(header: str) -> tuple[str, int | None] | None:
    """``"[::1]:8484"`` -> ``("::1", 8484)``; None when the header is malformed."""
    header = header.strip().lower()
    if not header:
        return None
    if header.startswith("["):
        end = header.find("]")
        if end < 0:
            return None
        name, rest = header[1:end], header[end + 1 :]
    else:
        name, _, port_text = header.partition(":")
        rest = f":{port_text}" if port_text else ""
    if rest and not (rest.startswith(":") and rest[1:].isdigit()):
        return None
    return name, int(rest[1:]) if rest else None


def host_allowed(header: str | None, bound_host: str, port: int) -> bool:
    """Whether a request's ``Host`` header names this server: a loopback name, or the
    address it listens on when the user chose another (an IP literal, never a name a DNS
    server could re-point), and no other port."""
    parsed = split_host(header or "")
    if parsed is None:
        return False
    name, given_port = parsed
    if given_port is not None and given_port != port:
        return False
    if name in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False  # a domain name: exactly what DNS rebinding sends
    if address.is_loopback:
        return True
    try:
        bound = ipaddress.ip_address(bound_host.strip("[]"))
    except ValueError:
        return False
    return bound.is_unspecified or address == bound  # 0.0.0.0: any of this host's IPs


def origin_allowed(
    origin: str | None, listed: frozenset[str], fetch_site: str | None = None
) -> bool:
    """A request without ``Origin`` comes from a program, not a page: allowed, unless the
    browser's ``Sec-Fetch-Site`` says a page on another site or port sent it (a
    ``no-cors`` GET carries no Origin). A page's origin must be one the user listed
    (``null`` never is)."""
    if origin is None:
        return (fetch_site or "").strip().lower() not in ("cross-site", "same-site")
    return origin.strip().rstrip("/").lower() in listed


def normal_origin(origin: str) -> str:
    """How a listed origin is compared: lower case, no trailing slash."""
    return origin.strip().rstrip("/").lower()


def token_matches(authorization: str | None, token: str) -> bool:
    """Whether ``Authorization: Bearer <token>`` carries the token (constant time)."""
    if not authorization or not token:
        return False
    scheme, _, given = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))


class RateLimiter:
    """A token bucket: ``per_minute`` requests a minute on average, ``burst`` at once."""

    def __init__(self, per_minute: int, burst: int | None = None) -> None:
        self.rate = max(1, per_minute) / 60.0
        self.capacity = float(burst if burst is not None else max(1, per_minute // 4))
        self._tokens = self.capacity
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def take(self) -> float:
        """0 when a request may go now, else the seconds until one may."""
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
            self._last = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / self.rate
