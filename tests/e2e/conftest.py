"""A real X server (Xvfb) for tests that need real windows and screenshots."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.xvfb import XvfbUnavailable, xvfb_server


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A private Xvfb display ``:N`` for the session."""
    try:
        with xvfb_server() as display:
            yield display
    except XvfbUnavailable as exc:
        pytest.skip(str(exc))
