"""The parts of a turn the turn controller uses that need no controller: what
answering from files needs (``FileSearch``), whether the last request was a summary,
and the status bar's words when a reply ends.

Its strings keep the translation context "ChatController", where they began.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication

from engine.chat.grounded import ScopeFiles
from engine.chat.rag import Searcher
from engine.library.types import Passage, Scope
from engine.types import MessageStatus, StoredMessage, TurnFinished


@dataclasses.dataclass(frozen=True)
class FileSearch:
    """What answering from the user's files needs: a search (called on the worker
    thread) and a way to tell indexing that an answer is being generated."""

    search: Searcher
    set_busy: Callable[[bool], None]
    #: The files of a scope's library (called on the worker thread), so a reply can say
    #: a file is not read yet or could not be read, rather than "couldn't find".
    files: ScopeFiles | None = None
    #: The scope's one file whole, a passage per page (called on the worker thread), for
    #: "Use the whole document"; None: not offered.
    document: Callable[[Scope], Sequence[Passage]] | None = None


def ends_in_summary(messages: list[StoredMessage]) -> bool:
    """Whether the last request was a summary (Regenerate would not summarize again)."""
    last = next((m for m in reversed(messages) if m.role == "user"), None)
    return last is not None and last.kind == "summary"


def ended_status(event: TurnFinished) -> str:
    """ "Ready · 41 tokens/s", "Stopped", … for a reply that completed or was stopped."""
    stopped = event.status is MessageStatus.STOPPED
    rate = event.stats.tokens_per_second
    if rate:
        if stopped:
            text = QCoreApplication.translate("ChatController", "Stopped · {rate} tokens/s")
        else:
            text = QCoreApplication.translate("ChatController", "Ready · {rate} tokens/s")
        return text.format(rate=f"{rate:.0f}")
    if stopped:
        return QCoreApplication.translate("ChatController", "Stopped")
    return QCoreApplication.translate("ChatController", "Ready")
