"""What checking an answer against its sources found: each sentence's support, the
sources the answer used, and the key sentence shown under it. Plain types, Qt-free;
engine.types re-exports them for the window."""

from __future__ import annotations

from dataclasses import dataclass

from engine.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True, slots=True)
class KeySentence:
    """The one sentence of the sources most likely holding the answer, shown under it."""

    text: str
    source: int  # 1-based: the reply's source [n] it comes from
    path: str
    page: int | None
    chunk_id: str
    start: int  # character offset in the page's text (to mark it in the source viewer)
    #: (start, end) in ``text`` of the answer words (or, failing those, the question's).
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SentenceCheck:
    """One sentence of a reply, checked against the sources it cites."""

    start: int  # character offsets in the reply's text
    end: int
    supported: bool
    #: 1-based sources its words were found in (supported), or that were searched.
    sources: tuple[int, ...] = ()
    #: Why not supported ("1903 is not in sources [1], [2]"), or a note on a supported
    #: one (found in another source than it cites); "" otherwise. One engine message a
    #: line, so the window translates each.
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AnswerCheck:
    """A reply checked against its sources (``engine.chat.check``), kept with it."""

    #: The sentences that make a claim (a sentence of only the question's words, or
    #: "not in your documents", is not one).
    sentences: tuple[SentenceCheck, ...] = ()
    #: 1-based sources the reply used, in the order it used them (the sources list
    #: leads with these).
    used: tuple[int, ...] = ()
    key_sentence: KeySentence | None = None
    #: What was cut from the end of the reply: the sentences from the first one after
    #: its answer that its sources don't hold (a small model rambles on past the
    #: answer). The reply's text ends before it; the window may show it folded, marked
    #: as not found in the documents. "" when nothing was cut.
    trimmed: str = ""

    @property
    def supported(self) -> bool:
        """Whether any sentence of the reply was found in its sources."""
        return any(s.supported for s in self.sentences)

    @property
    def notice(self) -> str:
        """What to say above a reply none of whose claims is in its sources ("")."""
        if not self.sentences or self.supported:
            return ""
        return QT_TRANSLATE_NOOP(
            "Engine", "Not found in your documents: nothing in this answer is in its sources."
        )
