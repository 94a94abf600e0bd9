"""Hybrid retrieval: vector search and keyword search, merged by reciprocal rank fusion.

Keyword search uses two full-text indexes of the manifest: words with Porter stemming
for text with spaces between words, trigrams for Japanese and other scripts without
them. The embedding model may not know a script (all-MiniLM-L6-v2 is English-only), so
the vector list's weight in the fusion falls with the share of such characters in the
question: a Japanese question leans on its keywords.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

#: The usual RRF constant (Cormack et al. 2009).
RRF_K = 60

# Hiragana, katakana, CJK ideographs, Hangul, fullwidth forms.
_CJK = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f]"
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

_STOPWORD_TEXT = """a about above after again against all am an and any are as at be because been
    before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself
    yourselves whose also many much one two name named called"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def cjk_share(text: str) -> float:
    """The share of a text's letters that are CJK (0 for English, near 1 for Japanese)."""
    letters = [ch for ch in text if ch.isalnum()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if _CJK.match(ch)) / len(letters)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class KeywordQuery:
    """FTS5 match expressions for one question (either may be empty)."""

    words: str  # for the Porter word index
    grams: str  # for the trigram index
    terms: tuple[str, ...]  # what to highlight in snippets


def keyword_query(question: str) -> KeywordQuery:
    """Turn a question into OR-queries: content words, and the trigrams of CJK runs."""
    text = unicodedata.normalize("NFKC", question).casefold()
    words: list[str] = []
    grams: list[str] = []
    terms: list[str] = []
    for token in _WORD.findall(text):
        if _CJK.search(token):
            # Split into script runs; a run of CJK gives its overlapping trigrams.
            for run in re.findall(r"[\u3040-\u30ff\uff66-\uff9f]+|[^\u3040-\u30ff\uff66-\uff9f]+",
                                  token):  # fmt: skip
                if not _CJK.search(run):
                    if len(run) >= 3:
                        grams.append(run)
                    continue
                if len(run) >= 2:
                    terms.append(run)
                grams += [run[i : i + 3] for i in range(len(run) - 2)]
        elif token not in _STOPWORDS and (len(token) > 1 or token.isdigit()):
            words.append(token)
            terms.append(token)
            if len(token) >= 3:
                grams.append(token)
    unique_words = list(dict.fromkeys(words))
    unique_grams = list(dict.fromkeys(grams))
    return KeywordQuery(
        words=" OR ".join(_quote(w) for w in unique_words),
        grams=" OR ".join(_quote(g) for g in unique_grams),
        terms=tuple(dict.fromkeys(terms)),
    )


def fuse(
    ranked_lists: Sequence[tuple[float, Sequence[str]]], k: int = RRF_K
) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion: each (weight, ids best first) list adds
    ``weight / (k + rank)`` to an id's score. Returns (id, score), best first."""
    scores: dict[str, float] = {}
    for weight, ids in ranked_lists:
        for rank, chunk_id in enumerate(ids, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def vector_weight(question: str) -> float:
    """How much to trust the embedder for this question (1 for its own language)."""
    return max(0.15, 1.0 - cjk_share(question))


def highlight_terms(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of ``terms`` in ``text`` (case-insensitive), merged and sorted."""
    lowered = text.casefold()
    spans: list[tuple[int, int]] = []
    for term in terms:
        if not term:
            continue
        pattern = re.escape(term) if _CJK.search(term) else r"\b" + re.escape(term)
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, lowered)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
