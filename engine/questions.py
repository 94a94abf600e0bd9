"""Questions the engine asks the user and waits on: a cloud request's consent, a
program's first request for the user's documents; and a conversation's own cloud choice.
Plain types, Qt-free; engine.types re-exports them for the window."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


class ClientApprovalNeeded:
    """A program asks the local API for the user's documents for the first time: the
    user allows or refuses it once (``answer``); the request waits in ``wait``.

    Created and waited on by a server thread, answered from the GUI thread."""

    def __init__(self, client: str, user_agent: str, question: str) -> None:
        self.client = client
        self.user_agent = user_agent
        self.question = question  # the first words of what it asks, for the user to judge
        self._answered = threading.Event()
        self._allowed = False

    def answer(self, allowed: bool) -> None:
        self._allowed = allowed
        self._answered.set()

    @property
    def answered(self) -> bool:
        return self._answered.is_set()

    def wait(self, timeout_s: float, cancelled: Callable[[], bool] = lambda: False) -> bool:
        """True once allowed; False when refused, not answered in time, or ``cancelled()``."""
        waited = 0.0
        while not self._answered.wait(0.1):
            waited += 0.1
            if waited >= timeout_s or cancelled():
                return False
        return self._allowed


@dataclass(frozen=True, slots=True)
class CloudChoice:
    """A conversation's own cloud settings."""

    #: "" follows the user's policy; else "never", "ask" or "auto" for this conversation.
    policy: str = ""
    #: Answer with the cloud model (not only when the local one can't).
    use_cloud: bool = False
    #: The user chose "Send for this conversation": no more questions here.
    allowed: bool = False


class ConsentNeeded:
    """A request would go to the cloud: the user sees exactly what (``payload``, the JSON
    body) and answers with :meth:`answer`; the turn waits in :meth:`wait`.

    Created and waited on by the engine's worker thread, answered from the GUI thread.
    """

    def __init__(self, provider: str, model: str, host: str, reason: str, payload: str) -> None:
        self.provider = provider
        self.model = model
        self.host = host
        self.reason = reason
        self.payload = payload
        self._answered = threading.Event()
        self._decision = "cancel"

    def answer(self, decision: str) -> None:
        """ "send", "send-conversation" or "cancel" (engine.cloud.policy.Decision values)."""
        self._decision = decision
        self._answered.set()

    def wait(self, cancelled: Callable[[], bool]) -> str:
        """Block until answered (or ``cancelled()``: then "cancel")."""
        while not self._answered.wait(0.1):
            if cancelled():
                return "cancel"
        return self._decision


class ToolConsentNeeded:
    """The model asks a tool of an MCP server (a program on this computer that may reach
    the network) to run: the user sees the server, the tool and the exact ``arguments``
    and answers with :meth:`answer`; the turn waits in :meth:`wait`.

    Created and waited on by the engine's worker thread, answered from the GUI thread.
    """

    def __init__(self, server: str, tool: str, description: str, arguments: str) -> None:
        self.server = server
        self.tool = tool
        self.description = description
        self.arguments = arguments
        self._answered = threading.Event()
        self._decision = "deny"

    def answer(self, decision: str) -> None:
        """ "once", "conversation" or "deny"."""
        self._decision = decision
        self._answered.set()

    def wait(self, cancelled: Callable[[], bool]) -> str:
        """Block until answered (or ``cancelled()``: then "deny")."""
        while not self._answered.wait(0.1):
            if cancelled():
                return "deny"
        return self._decision
