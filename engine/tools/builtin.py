"""The built-in tools: search my files, read a passage of one file by page, today's date
and time, and a calculator. They run in this process, need no consent, and are logged
like every other tool.

Searching goes through the same library search as grounded answers (a ``Searcher``), and
the passages a tool quotes become the reply's sources, cited [1], [2] … as there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from engine.cancel import CancelToken
from engine.chat.rag import Searcher
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Passage, Scope
from engine.tools.calculator import calculate
from engine.tools.calls import GBNF_KEY
from engine.tools.spec import ToolError, ToolOutput, ToolSpec

#: Passages one search returns to the model.
SEARCH_K = 4
#: The clock the date tool reads (tests may pass a fixed one).
Clock = Callable[[], dt.datetime]


def _text(arguments: Mapping[str, Any], name: str) -> str:
    value = str(arguments.get(name, "")).strip()
    if not value:
        raise ToolError(QT_TRANSLATE_NOOP("Engine", "The call gave no “{name}”.").format(name=name))
    return value


def _string(kind: str, description: str) -> dict[str, str]:
    return {"type": kind, "description": description}


def _schema(**properties: dict[str, str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties)}


def _quotes(passages: list[Passage], first: int) -> str:
    lines = []
    for number, passage in enumerate(passages, start=first):
        where = passage.name if passage.page is None else f"{passage.name}, p. {passage.page}"
        lines.append(f"[{number}] ({where}) {' '.join(passage.text.split())}")
    return "\n".join(lines)


#: The calculator's argument: a grammar keeps a small model to arithmetic characters.
_ARITHMETIC = {"type": "string", "description": "the arithmetic",
               GBNF_KEY: "[0-9+*/(). %^a-z-]{1,80}"}  # fmt: skip


class Builtins:
    """The built-in tools of one turn; the passages they quoted so far are its sources."""

    def __init__(self, search: Searcher | None, scope: Scope | None = None,
                 clock: Clock | None = None) -> None:  # fmt: skip
        self.search = search
        self.scope = scope or Scope()
        self.clock: Clock = clock or (lambda: dt.datetime.now().astimezone())
        self.quoted: list[Passage] = []

    def specs(self) -> list[ToolSpec]:
        tools = [
            ToolSpec("calculator", "Compute arithmetic, e.g. 17*23 or sqrt(2).",
                     _schema(expression=_ARITHMETIC), runner=self._calc),
            ToolSpec("date_time", "Today's date and the time now.", _schema(),
                     runner=self._now),
        ]  # fmt: skip
        if self.search is not None:
            tools += [
                ToolSpec("search_files", "Search the user's files for passages.",
                         _schema(query=_string("string", "words to look for")),
                         runner=self._search),
                ToolSpec("read_page", "Read one page of a file found by search_files.",
                         _schema(file=_string("string", "the file's name"),
                                 page=_string("integer", "the page number")),
                         runner=self._read),
            ]  # fmt: skip
        return tools

    def _calc(self, arguments: Mapping[str, Any], cancel: CancelToken) -> ToolOutput:
        return ToolOutput(calculate(_text(arguments, "expression")))

    def _now(self, arguments: Mapping[str, Any], cancel: CancelToken) -> ToolOutput:
        now = self.clock()
        return ToolOutput(now.strftime("%A %Y-%m-%d %H:%M %Z").strip())

    def _search(self, arguments: Mapping[str, Any], cancel: CancelToken) -> ToolOutput:
        assert self.search is not None
        found = self.search(_text(arguments, "query"), self.scope, SEARCH_K)
        if not found:
            return ToolOutput(QT_TRANSLATE_NOOP("Engine", "Nothing was found in the files."))
        return self._quoted(found)

    def _read(self, arguments: Mapping[str, Any], cancel: CancelToken) -> ToolOutput:
        assert self.search is not None
        name = _text(arguments, "file")
        try:
            page = int(str(arguments.get("page", "")).strip())
        except ValueError as exc:
            raise ToolError(QT_TRANSLATE_NOOP("Engine", "The page must be a number.")) from exc
        path = self._path_of(name)
        hits = self.search(f"{name} page {page}", Scope(self.scope.library, path), 50)
        on_page = sorted((p for p in hits if p.page == page), key=lambda p: p.start)
        if not on_page:
            raise ToolError(
                QT_TRANSLATE_NOOP("Engine", "No indexed text on page {page} of {name}.").format(
                    page=page, name=name
                )
            )
        return self._quoted(on_page[:SEARCH_K])

    def _path_of(self, name: str) -> str:
        """The indexed file a name stands for: one quoted in this turn, else one found."""
        lowered = name.casefold()
        for passage in self.quoted:
            if passage.name.casefold() == lowered or passage.path == name:
                return passage.path
        assert self.search is not None
        for passage in self.search(name, self.scope, 20):
            if lowered in passage.name.casefold():
                return passage.path
        raise ToolError(
            QT_TRANSLATE_NOOP("Engine", "No indexed file is called {name}.").format(name=name)
        )

    def _quoted(self, passages: list[Passage]) -> ToolOutput:
        first = len(self.quoted) + 1
        self.quoted.extend(passages)
        return ToolOutput(_quotes(passages, first), tuple(passages))
