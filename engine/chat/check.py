"""Checked answers: each sentence of a reply looked for in the sources it cites.

Pure functions, no model: a sentence is *supported* when its numbers and names, and
most of its other content words, are in a passage it cites [n] (all the passages when it
cites none). The question's own words need not be: the user said them. Japanese is
compared by characters (character pairs of its content, see ``engine.chat.terms``),
never by spaces, after NFKC. A sentence with nothing beyond the question's words, or
one that says the documents don't answer, claims nothing and is not listed.

A sentence found in another source than it cites is supported (the words are in the
user's documents), with a note saying where; a citation of a source that does not
exist is noted and the sentence is looked for in all of them. Checking one reply takes
a few milliseconds (``bench/answers.py`` reports the slowest).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from engine.chat.evidence import key_sentence
from engine.chat.terms import Term, declines, keys, merged, sentence_spans, terms
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Passage
from engine.types import AnswerCheck, SentenceCheck

_CITATION = re.compile(r"\[(\d+)\]")
#: Citations and a list item's number: they claim nothing.
_MARKERS = re.compile(r"\[\d+\]|^\s*\(?\d{1,2}[.)]\s")
#: Words this long or longer also match by stem: one is the start of the other.
_STEM = 5
#: Of a sentence's content words other than its new numbers and names (the question's
#: words it uses included), the share that may be missing where its claims are found.
_MISSING_OK = 1 / 4
#: A reply's sentence is looked for in this many consecutive sentences of a source (its
#: claims must be said together, not gathered from all over the passage).
_WINDOW = 2


def check_answer(question: str, reply: str, passages: Sequence[Passage]) -> AnswerCheck:
    """``reply`` checked sentence by sentence against ``passages`` (its sources, [1]
    first), with the sources it used and its key sentence."""
    given = keys(question)
    known = source_keys((p.text for p in passages), windows=True)
    checked: list[SentenceCheck] = []
    used: list[int] = []
    for start, end in sentence_spans(reply):
        result = check_span(reply, start, end, given, known)
        if result is None:
            continue
        checked.append(result)
        if result.supported:
            used += [n for n in result.sources if n not in used]
    supported = " ".join(reply[s.start : s.end] for s in checked if s.supported)
    key = key_sentence(question, supported, passages, used)
    return AnswerCheck(tuple(checked), tuple(used), key)


class SourceTerms:
    """The terms of one source, looked up whole or, for words, by stem ("emigrat" meets
    "emigration"): what :func:`check_span` compares with."""

    def __init__(self, found: Iterable[str], windows: Sequence[SourceTerms] = ()) -> None:
        self.keys = frozenset(found)
        #: The terms of each run of _WINDOW sentences, when looked for together (else ()).
        self.windows = tuple(windows)
        by_start: dict[str, list[str]] = {}
        for key in self.keys:
            if len(key) >= _STEM:
                by_start.setdefault(key[:_STEM], []).append(key)
        self._by_start = by_start

    @classmethod
    def joined(cls, sources: Iterable[SourceTerms]) -> SourceTerms:
        return cls(key for source in sources for key in source.keys)

    def has(self, term: Term) -> bool:
        if term.key in self.keys:
            return True
        if term.kind not in ("word", "name") or len(term.key) < _STEM:
            return False
        near = self._by_start.get(term.key[:_STEM], ())
        return any(k.startswith(term.key) or term.key.startswith(k) for k in near)


def source_keys(texts: Iterable[str], windows: bool = False) -> list[SourceTerms]:
    """The terms of each source's text, for :func:`check_span`; with ``windows``, of
    each run of its sentences too (a claim must then be found in one run)."""
    return [_with_windows(text) if windows else SourceTerms(keys(text)) for text in texts]


def _with_windows(text: str) -> SourceTerms:
    """A source's terms, and those of each run of _WINDOW of its sentences (the keys
    of each sentence are the ones evidence ranking computed, so they are cached)."""
    spans = sentence_spans(text)
    if len(spans) <= _WINDOW:
        return SourceTerms(keys(text))
    by_sentence = [keys(text[a:b]) for a, b in spans]
    runs = [
        SourceTerms(frozenset().union(*by_sentence[i : i + _WINDOW]))
        for i in range(len(spans) - _WINDOW + 1)
    ]
    return SourceTerms(frozenset().union(*by_sentence), runs)


def check_span(
    reply: str,
    start: int,
    end: int,
    given: frozenset[str],
    known: Sequence[SourceTerms],
    document: bool = False,
) -> SentenceCheck | None:
    """``reply[start:end]`` checked against the sources ``known`` ([n] is
    ``known[n - 1]``), the terms in ``given`` needing no support; None when it claims
    nothing. ``document``: the sources are one document's text, not numbered sources
    (the reason says "not in the document")."""
    sentence = reply[start:end]
    if declines(sentence):
        return None
    found = terms(_MARKERS.sub(lambda m: " " * len(m.group()), sentence))
    claims = [t for t in found if t.key not in given]
    if not claims:
        return None
    anchors = [t for t in found if t.key in given]
    cited = [int(n) for n in _CITATION.findall(sentence)]
    missing_source = [n for n in cited if not 0 < n <= len(known)]
    cited = [n for n in dict.fromkeys(cited) if 0 < n <= len(known)]
    searched = cited or list(range(1, len(known) + 1))
    found_in = _supporting(claims, anchors, searched, known)
    notes = [_no_source(n) for n in dict.fromkeys(missing_source)]
    if found_in is None and cited:  # not where it says: anywhere else?
        found_in = _supporting(claims, anchors, range(1, len(known) + 1), known)
        if found_in is not None:
            notes.append(_found_elsewhere(found_in, cited))
    if found_in is not None:
        return SentenceCheck(start, end, True, (found_in,), "\n".join(notes))
    missing = _missing(claims, searched, known)
    reason = (
        _not_in_document(sentence, missing) if document else _not_in(sentence, missing, searched)
    )
    return SentenceCheck(start, end, False, tuple(searched), "\n".join([*notes, reason]))


def _supporting(
    claims: Sequence[Term],
    anchors: Sequence[Term],
    numbers: Sequence[int],
    known: Sequence[SourceTerms],
) -> int | None:
    """The source (1-based) that holds the claims best (in one run of its sentences,
    where it has runs), if any holds enough of them."""
    best: tuple[int, int] | None = None
    for number in numbers:
        for have in known[number - 1].windows or (known[number - 1],):
            if not _enough(claims, anchors, have):
                continue
            score = sum(1 for t in claims if have.has(t))
            if best is None or score > best[0]:
                best = (score, number)
    return None if best is None else best[1]


def _enough(claims: Sequence[Term], anchors: Sequence[Term], have: SourceTerms) -> bool:
    """Every new number and name is in ``have``, and all but a quarter of the other
    words: the sentence's own (paraphrase is allowed a word or two) and the question's
    it uses (its claims must be said about the same thing; the question's names may be
    "he" or "it" there)."""
    if not all(have.has(t) for t in claims if t.kind in ("number", "name")):
        return False
    words = [t for t in (*claims, *anchors) if t.kind == "word"]
    pairs = [t for t in claims if t.kind == "cjk"]  # many a word: a third may be missing
    missing = sum(1 for t in words if not have.has(t))
    missing_pairs = sum(1 for t in pairs if not have.has(t))
    return missing <= len(words) * _MISSING_OK and missing_pairs <= len(pairs) // 3


def _missing(
    claims: Sequence[Term], numbers: Sequence[int], known: Sequence[SourceTerms]
) -> list[Term]:
    """The claims none of the searched sources holds; numbers and names first."""
    union = SourceTerms.joined(known[n - 1] for n in numbers)
    absent = [t for t in claims if not union.has(t)]
    if not absent:  # each word is somewhere, but no one source holds enough together
        absent = [t for t in claims if t.kind in ("number", "name")] or list(claims)
    return sorted(absent, key=lambda t: (t.kind not in ("number", "name"), t.start))


def _sources(numbers: Sequence[int]) -> str:
    return ", ".join(f"[{n}]" for n in numbers)


def _words(sentence: str, missing: Sequence[Term]) -> list[str]:
    spans = merged((t.start, t.end) for t in missing)
    return list(dict.fromkeys(sentence[a:b] for a, b in spans))[:4]


def _not_in_document(sentence: str, missing: Sequence[Term]) -> str:
    words = _words(sentence, missing)
    template = (
        QT_TRANSLATE_NOOP("Engine", "{words} is not in the document")
        if len(words) == 1
        else QT_TRANSLATE_NOOP("Engine", "{words} are not in the document")
    )
    return template.format(words=", ".join(words))


def _not_in(sentence: str, missing: Sequence[Term], searched: Sequence[int]) -> str:
    """ "1903 is not in sources [1], [2]"."""
    words = _words(sentence, missing)
    shown, where = ", ".join(words), _sources(searched)
    if not searched:
        return QT_TRANSLATE_NOOP("Engine", "{words}: this answer has no sources.").format(
            words=shown
        )
    if len(searched) == 1:
        if len(words) == 1:
            return QT_TRANSLATE_NOOP("Engine", "{words} is not in source {sources}").format(
                words=shown, sources=where
            )
        return QT_TRANSLATE_NOOP("Engine", "{words} are not in source {sources}").format(
            words=shown, sources=where
        )
    if len(words) == 1:
        return QT_TRANSLATE_NOOP("Engine", "{words} is not in sources {sources}").format(
            words=shown, sources=where
        )
    return QT_TRANSLATE_NOOP("Engine", "{words} are not in sources {sources}").format(
        words=shown, sources=where
    )


def _no_source(number: int) -> str:
    return QT_TRANSLATE_NOOP("Engine", "There is no source [{number}].").format(number=number)


def _found_elsewhere(found: int, cited: Sequence[int]) -> str:
    return QT_TRANSLATE_NOOP("Engine", "Found in source [{found}], not in {cited}.").format(
        found=found, cited=_sources(cited)
    )
