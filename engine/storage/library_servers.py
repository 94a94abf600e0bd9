"""The settings' libraries on a Chroma server (``Settings.chroma_libraries``): a name, the
server's address and the collection. The token is in the OS keyring, never here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ChromaLibrary:
    """A library indexed on a Chroma server (engine.library.chroma_server)."""

    name: str = ""
    address: str = ""
    collection: str = ""


def chroma_libraries(data: Any) -> tuple[ChromaLibrary, ...]:
    """The server libraries of a parsed settings file (an entry with a field missing or
    blank, or a name again: dropped)."""
    found: dict[str, ChromaLibrary] = {}
    for item in data if isinstance(data, list) else ():
        values = [item.get(k) if isinstance(item, dict) else None
                  for k in ("name", "address", "collection")]  # fmt: skip
        fields = [v for v in values if isinstance(v, str) and v.strip()]
        if len(fields) == 3:
            found.setdefault(fields[0], ChromaLibrary(*fields))
    return tuple(found.values())
