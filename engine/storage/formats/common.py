"""What the format modules share: reading loosely typed JSON fields safely."""

from __future__ import annotations

import hashlib
import math
import re
from datetime import datetime
from typing import Any

from engine.storage.exchange import NOT_AN_OBJECT, BrokenConversation
from engine.storage.history import title_from

_BACKTICKS = re.compile(r"`{3,}")


def as_object(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise BrokenConversation(NOT_AN_OBJECT)
    return item


def text(value: Any) -> str:
    """``value`` if it is a string, else ""."""
    return value if isinstance(value, str) else ""


def seconds(value: Any) -> float | None:
    """A Unix time in seconds (a number) or an ISO 8601 date ("2024-05-01T12:34:56Z")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return number if math.isfinite(number) and number >= 0 else None
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value).timestamp()
        except ValueError:
            return None
    return None


def title(value: Any, first_question: str) -> str:
    """The export's title, or one made from the first question."""
    name = " ".join(text(value).split())
    return name[:200] if name else title_from(first_question)


def fallback_key(prefix: str, item: dict[str, Any]) -> str:
    """A key for a conversation without an id: the same every time the file is read."""
    name = item.get("title") or item.get("name")
    seed = f"{name}\x00{item.get('create_time') or item.get('created_at')}"
    return f"{prefix}:sha1-{hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()}"


def fenced(body: str, language: str = "") -> str:
    """``body`` as a Markdown code block whose fence no line of it can close."""
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(body)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{language}\n{body.rstrip()}\n{fence}"
