"""Who uses the one model process next: the user's own work first, then the others in turn.

The model process answers one request at a time. The window's turns, summaries and
token counts take the gate in the foreground; requests from other programs (the local
API, :mod:`engine.api`) take it in the background: they wait while any foreground user
holds or wants it, and among themselves go in the order they came (a waiter that gives
up leaves the line). The gate is reentrant for the thread that holds it, so a caller can
keep it across ``stream`` and reading ``last_stats``.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from engine.errors import HishoError


class GateClosedError(HishoError):
    """A background waiter gave up (its client went away) before its turn came."""


class ModelGate:
    """A reentrant lock with two priorities: foreground before background, background FIFO."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._owner: int | None = None
        self._depth = 0
        self._foreground_waiting = 0
        self._line: deque[object] = deque()  # background waiters, in arrival order

    @property
    def waiting(self) -> int:
        """Background requests waiting for their turn (for status and tests)."""
        with self._cond:
            return len(self._line)

    @contextmanager
    def hold(
        self, background: bool = False, gave_up: Callable[[], bool] | None = None
    ) -> Iterator[None]:
        """Hold the gate for the block.

        Args:
            background: wait behind every foreground user and earlier background ones.
            gave_up: checked while waiting in the background; True leaves the line.

        Raises:
            GateClosedError: ``gave_up()`` said so before the turn came.
        """
        self._acquire(background, gave_up)
        try:
            yield
        finally:
            self._release()

    def _acquire(self, background: bool, gave_up: Callable[[], bool] | None) -> None:
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                self._depth += 1
                return
            if background:
                self._wait_background(gave_up)
            else:
                self._foreground_waiting += 1
                try:
                    while self._owner is not None:
                        self._cond.wait()
                finally:
                    self._foreground_waiting -= 1
            self._owner, self._depth = me, 1

    def _wait_background(self, gave_up: Callable[[], bool] | None) -> None:
        ticket = object()
        self._line.append(ticket)

        def not_yet() -> bool:
            return (
                self._owner is not None
                or bool(self._foreground_waiting)
                or (self._line[0] is not ticket)
            )

        try:
            while not_yet():
                if gave_up is not None and gave_up():
                    raise GateClosedError("the request was given up while it waited")
                self._cond.wait(0.1 if gave_up is not None else None)
        finally:
            self._line.remove(ticket)
            self._cond.notify_all()

    def _release(self) -> None:
        # A generator holding the gate may be closed by another thread (garbage
        # collection): the release does not check who calls it.
        with self._cond:
            self._depth -= 1
            if self._depth <= 0:
                self._owner, self._depth = None, 0
                self._cond.notify_all()
