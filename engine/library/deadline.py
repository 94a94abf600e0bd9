"""A soft deadline for the file being read, so a huge one ends with what was read.

The guarded parser child (``guard``) kills a parser that runs past its time limit, and
the file then fails whole. Readers that stream (sheets, mailboxes) ask
:func:`past_deadline` as they go and stop early instead, with a note; the child sets the
deadline a little before its own limit (:func:`reading_within`). Outside the child there
is none.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar

_DEADLINE: ContextVar[float | None] = ContextVar("read_deadline", default=None)


@contextmanager
def reading_until(deadline: float | None) -> Iterator[None]:
    """Readers inside the block stop streaming at ``deadline`` (``time.monotonic()``)."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


#: The share of the child's time limit streaming readers may use; the rest is for
#: sending what was read.
SOFT_SHARE = 0.7


def reading_within(limit_s: float) -> AbstractContextManager[None]:
    """:func:`reading_until` a deadline ``SOFT_SHARE`` of ``limit_s`` from now (none for
    a limit of 0)."""
    return reading_until(time.monotonic() + SOFT_SHARE * limit_s if limit_s > 0 else None)


def past_deadline() -> bool:
    deadline = _DEADLINE.get()
    return deadline is not None and time.monotonic() >= deadline
