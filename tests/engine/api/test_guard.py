"""The local API's checks on their own: Host names, page origins, the token, the rate."""

from __future__ import annotations

import time

import pytest

from engine.api.config import ServerConfig
from engine.api.guard import RateLimiter, host_allowed, is_loopback, origin_allowed, token_matches


@pytest.mark.parametrize(
    ("header", "bound", "allowed"),
    [("127.0.0.1:8484", "127.0.0.1", True), ("localhost:8484", "127.0.0.1", True),
     ("[::1]:8484", "::1", True), ("LOCALHOST", "127.0.0.1", True),
     ("evil.example:8484", "127.0.0.1", False), ("127.0.0.1:9999", "127.0.0.1", False),
     ("192.168.1.5:8484", "127.0.0.1", False), ("192.168.1.5:8484", "192.168.1.5", True),
     ("192.168.1.5:8484", "0.0.0.0", True), ("nas.local:8484", "0.0.0.0", False),
     ("127.0.0.1:8484@evil", "127.0.0.1", False), ("", "127.0.0.1", False)],
)  # fmt: skip
def test_the_host_header_must_name_this_server(header: str, bound: str, allowed: bool) -> None:
    """A name is what DNS rebinding sends; an IP literal can't be re-pointed."""
    assert host_allowed(header, bound, 8484) is allowed


def test_pages_need_a_listed_origin_and_programs_need_none() -> None:
    listed = frozenset({"http://localhost:3000"})
    assert origin_allowed(None, frozenset())
    assert origin_allowed("http://localhost:3000/", listed)
    assert not origin_allowed("http://localhost:3001", listed)
    assert not origin_allowed("null", listed)
    assert not origin_allowed(None, listed, fetch_site="cross-site")
    assert origin_allowed(None, listed, fetch_site="none")  # typed in the address bar


def test_the_token_must_be_the_bearer() -> None:
    assert token_matches("Bearer hisho-abc", "hisho-abc")
    assert token_matches("bearer  hisho-abc ", "hisho-abc")
    assert not token_matches("Bearer hisho-abd", "hisho-abc")
    assert not token_matches("Basic hisho-abc", "hisho-abc")
    assert not token_matches(None, "hisho-abc")
    assert not token_matches("Bearer ", "")


def test_the_rate_limiter_allows_a_burst_then_refills() -> None:
    limiter = RateLimiter(per_minute=600, burst=3)
    assert [limiter.take() for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.take()
    assert 0 < wait <= 0.1
    time.sleep(wait + 0.02)
    assert limiter.take() == 0.0


def test_another_address_needs_the_users_yes() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert "other computers" in ServerConfig(token="t", host="0.0.0.0").problem()
    assert ServerConfig(token="t", host="0.0.0.0", allow_other_address=True).problem() == ""
    assert "1024" in ServerConfig(token="t", port=80).problem()
