"""The grounded part of an answer: waiting for files still being read, the evidence,
what to say when there is none, and the reply checked against its sources.

Used by :mod:`engine.chat.assistant`'s body: ``find_evidence`` before the model is
asked, ``checked`` once its reply has ended. Never a false "couldn't find": when the
scope's files are still being read, the question waits for them (``ReadingFiles``) or
says so; when they could not be read, the reply says that.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass

from engine.cancel import CancelToken
from engine.chat.check import check_answer
from engine.chat.clean import clean_reply
from engine.chat.evidence import Evidence, evidence_budget, gather, model_parameters
from engine.chat.rag import Searcher, nothing_found, select_passages
from engine.chat.terms import declines
from engine.chat.whole import document_evidence
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import FileRecord, FileStatus, Passage, Scope
from engine.script import cjk_share
from engine.types import AnswerCheck, ReadingFiles, StreamEvent

#: The files of a scope's library (``Library.files`` or ``LibraryClient.files``).
ScopeFiles = Callable[[Scope], Sequence[FileRecord]]
_PENDING = (FileStatus.QUEUED, FileStatus.INDEXING)
_UNREADABLE = (FileStatus.FAILED, FileStatus.EMPTY, FileStatus.UNSUPPORTED)
#: How often a waiting question looks whether its files are read.
POLL_S = 0.5


@dataclass(frozen=True, slots=True)
class Grounding:
    """Answer from the user's files: where to search and how much may go in the prompt."""

    search: Searcher
    scope: Scope
    budget_tokens: int  # prompt room for evidence
    max_passages: int = 8
    #: The scope's files, to tell "not found" from "not read (yet)"; None: not asked.
    files: ScopeFiles | None = None
    #: How long a question waits for its files to be read (0: it does not wait).
    wait_s: float = 0.0
    #: The whole text of the scope's file, a passage per page ("Use the whole
    #: document", offered when it fits the context); None: search for passages.
    document: Callable[[Scope], Sequence[Passage]] | None = None

    @property
    def whole(self) -> bool:
        """Whether the whole document is the evidence."""
        return self.document is not None and self.scope.path is not None


def grounding_for(
    search: Searcher,
    scope: Scope,
    context_length: int,
    model_path: str | os.PathLike[str] | None,
    max_passages: int,
    files: ScopeFiles | None = None,
    wait_s: float = 0.0,
) -> Grounding:
    """A grounding sized to the local model (its context, and its parameters read from
    the GGUF file): a 135M model reads a few sentences well, an 8B one whole passages."""
    parameters = model_parameters(os.fspath(model_path)) if model_path else 0
    budget, most = evidence_budget(context_length, parameters)
    return Grounding(search, scope, budget, min(max_passages, most), files, wait_s)


def in_scope(records: Sequence[FileRecord], scope: Scope) -> list[FileRecord]:
    """The records a scope covers (its library, its one file)."""
    out = [r for r in records if scope.library is None or r.library == scope.library]
    if scope.path is not None:
        wanted = scope.path.replace("\\", "/")
        out = [r for r in out if r.path.replace("\\", "/") == wanted]
    return out


def _names(records: Sequence[FileRecord], most: int = 3) -> tuple[str, ...]:
    names = [r.name for r in records]
    return (*names[:most], "…") if len(names) > most else tuple(names)


def find_evidence(
    grounding: Grounding, question: str, cancel: CancelToken
) -> Generator[StreamEvent, None, list[Evidence] | str]:
    """The evidence for ``question`` (waiting first for files still being read, when
    the grounding allows), or what to tell the user when there is none."""
    if grounding.files is not None and grounding.wait_s > 0:
        yield from _wait_for_files(grounding, cancel)
    if grounding.whole:
        assert grounding.document is not None
        if pages := list(grounding.document(grounding.scope)):
            return document_evidence(pages)
    found = grounding.search(question, grounding.scope, grounding.max_passages * 2)
    passages = select_passages(question, found, grounding.max_passages)
    if passages:
        return gather(question, passages, grounding.budget_tokens)
    return _why_nothing(grounding)


def _wait_for_files(grounding: Grounding, cancel: CancelToken) -> Generator[StreamEvent]:
    assert grounding.files is not None
    pending = [
        r
        for r in in_scope(grounding.files(grounding.scope), grounding.scope)
        if r.status in _PENDING
    ]
    if not pending:
        return
    yield ReadingFiles(_names(pending))
    deadline = time.monotonic() + grounding.wait_s
    while pending and time.monotonic() < deadline and not cancel.cancelled:
        time.sleep(POLL_S)
        records = {r.path: r for r in grounding.files(grounding.scope)}
        pending = [r for r in pending if records.get(r.path, r).status in _PENDING]


def _why_nothing(grounding: Grounding) -> str:
    """Why no passage answers: not found, files not read yet, or files unreadable."""
    scope = grounding.scope
    if grounding.files is None:
        return nothing_found(scope)
    records = in_scope(grounding.files(scope), scope)
    pending = [r for r in records if r.status in _PENDING]
    unreadable = [r for r in records if r.status in _UNREADABLE]
    readable = [r for r in records if r.status is FileStatus.DONE and r.chunks]
    if pending:
        return QT_TRANSLATE_NOOP(
            "Engine", "{names} is still being read. Ask again when it's ready."
        ).format(names=", ".join(_names(pending)))
    if unreadable and not readable:
        first = unreadable[0]
        return QT_TRANSLATE_NOOP("Engine", "I couldn't read {names}: {error}").format(
            names=", ".join(_names(unreadable)), error=first.error or first.status.value
        )
    if not records:
        return _nothing_added(scope)
    return nothing_found(scope)


def checked(
    question: str, reply: str, passages: Sequence[Passage], instructions: Sequence[str]
) -> tuple[str, AnswerCheck]:
    """The reply as the user keeps it, checked against its sources: prompt markup and
    echoed instructions out, and the evidence sentence instead when nothing is left
    that says anything ("The answer is:", an echo) and the reply does not decline."""
    text = clean_reply(reply, instructions)
    check = check_answer(question, text, passages)
    empty = not text.strip() or (not check.sentences and not declines(text))
    if (empty or _unsupported_japanese(question, check)) and check.key_sentence is not None:
        key = check.key_sentence
        quoted = QT_TRANSLATE_NOOP("Engine", "Your documents say: “{sentence}” [{number}]").format(
            sentence=" ".join(key.text.split()), number=key.source
        )
        kept = "" if empty else text  # the model's own reply, for the window to fold
        return quoted, dataclasses.replace(check_answer(question, quoted, passages), trimmed=kept)
    return trimmed(question, text, check, passages)


def _unsupported_japanese(question: str, check: AnswerCheck) -> bool:
    """A Japanese question whose reply claims only what its sources don't hold: the
    evidence sentence answers instead. Measured with bench/answers.py: the 135M model's
    Japanese replies are nearly never supported, while the key sentence holds the gold
    answer for 8 of 10 questions (in English, where the model's own sentences often
    answer, the same swap hid every wrong answer's mark, so English keeps its reply)."""
    return cjk_share(question) >= 0.3 and bool(check.sentences) and not check.supported


def trimmed(
    question: str, text: str, check: AnswerCheck, passages: Sequence[Passage]
) -> tuple[str, AnswerCheck]:
    """The reply stopped where it drifts off its sources: at the first sentence after a
    supported one that they don't hold (what was cut is kept as ``check.trimmed``). A
    reply whose first claim is unsupported is kept whole, marked; so is a Japanese one
    (compared by character pairs, a short sentence is found too easily to be trusted
    as the answer: measured, trimming there hid wrong answers' marks)."""
    if cjk_share(text) >= 0.3:
        return text, check
    answered = False
    for sentence in check.sentences:
        if sentence.supported:
            answered = True
        elif answered:
            kept, cut = text[: sentence.start].rstrip(), text[sentence.start :].strip()
            return kept, dataclasses.replace(check_answer(question, kept, passages), trimmed=cut)
    return text, check


def _nothing_added(scope: Scope) -> str:
    """The reply when the scope holds no file at all yet."""
    if scope.path is None and scope.library is None:
        return QT_TRANSLATE_NOOP(
            "Engine", "You haven't added any files yet. Add the document that has the answer."
        )
    return QT_TRANSLATE_NOOP(
        "Engine", "There are no files in {scope} yet. Add the document that has the answer."
    ).format(scope=scope.describe())
