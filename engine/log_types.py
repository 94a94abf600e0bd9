"""The rows of the logs the user can open: requests that left the device (the egress
log) and requests other programs made to the local API; plain types, re-exported by
engine.types for the window."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EgressEntry:
    """One request that left the device (the egress log lists them all)."""

    time: float
    provider: str
    model: str
    host: str
    bytes_sent: int
    bytes_received: int
    conversation_id: int | None
    purpose: str  # "answer", "test connection"
    outcome: str  # "answered", "stopped", "HTTP 401", "cut off", …


@dataclass(frozen=True, slots=True)
class ApiLogEntry:
    """One request another program made to Hisho's local API (its log lists them all)."""

    time: float
    client: str  # the name the client gave, else its User-Agent
    method: str
    path: str
    model: str
    status: int  # the HTTP status answered
    outcome: str  # "answered", "refused: no token", "refused: host", "stopped", …
    bytes_in: int
    bytes_out: int
    duration_s: float
    documents: bool = False  # the answer read the user's libraries
