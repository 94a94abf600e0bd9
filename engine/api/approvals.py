"""Which programs may read the user's documents through the local API.

The token lets a program use the model; reading the user's libraries needs the user's
yes once per client. A client is known by the name it gives (the ``X-Client-Name``
header or OpenAI's ``user`` field), else by its User-Agent. Every holder of the token is
already trusted with the model, so the name is a label the user decides on, not a proof
of identity: the approval keeps a script the user set up for chat from quietly reading
their files, and shows who asked.

In the window the question is a :class:`~engine.types.ClientApprovalNeeded` the user
answers (``ask``); ``hisho serve`` has no one to ask and answers from the list of
allowed clients in the settings (``ask`` is None: the rest are refused).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from engine.types import ClientApprovalNeeded

#: How long a request waits for the user's answer before it is refused.
ANSWER_TIMEOUT_S = 120.0


class Approvals:
    """The allowed clients, and the questions asked about the others."""

    def __init__(
        self,
        allowed: Iterable[str] = (),
        ask: Callable[[ClientApprovalNeeded], None] | None = None,
        remember: Callable[[str], None] | None = None,
        timeout_s: float = ANSWER_TIMEOUT_S,
    ) -> None:
        self._allowed = set(allowed)
        self._refused: set[str] = set()  # this session: not asked again
        self._pending: dict[str, ClientApprovalNeeded] = {}
        self._lock = threading.Lock()
        self.ask = ask
        self.remember = remember
        self.timeout_s = timeout_s

    def set_allowed(self, names: Iterable[str]) -> None:
        """The settings changed (the user removed or added a client)."""
        with self._lock:
            self._allowed = set(names)
            self._refused -= self._allowed

    def is_allowed(self, client: str) -> bool:
        with self._lock:
            return client in self._allowed

    def check(
        self, client: str, user_agent: str, question: str, cancelled: Callable[[], bool]
    ) -> bool:
        """Whether ``client`` may read the documents: allowed before, or the user says
        yes now (one question per client, however many requests wait on it)."""
        with self._lock:
            if client in self._allowed:
                return True
            if client in self._refused or self.ask is None:
                return False
            request = self._pending.get(client)
            first = request is None
            if request is None:
                request = ClientApprovalNeeded(client, user_agent, question[:300])
                self._pending[client] = request
        if first:
            self.ask(request)
        allowed = request.wait(self.timeout_s, cancelled)
        newly_allowed = False
        with self._lock:
            if request.answered and self._pending.get(client) is request:
                del self._pending[client]  # the first to see the answer records it
                (self._allowed if allowed else self._refused).add(client)
                newly_allowed = allowed
        if newly_allowed and self.remember is not None:
            self.remember(client)
        return allowed
