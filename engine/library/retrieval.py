"""Hybrid retrieval: vector search and keyword search, merged by reciprocal rank fusion.

Keyword search uses two full-text indexes of the manifest: words with Porter stemming
for text with spaces between words, and character pairs for Japanese and other scripts
without them. Each list's weight in the fusion follows the share of CJK characters in
the question: the embedding model may not know a script (all-MiniLM-L6-v2 is
English-only), so a Japanese question leans on its keywords.

A third index, of character trigrams, was dropped (manifest migration 3): once chunks
stopped ending one paragraph and starting the next, it found nothing the pair index
did not (JSQuAD recall@5 0.965 with it and without), and it was a third of a Japanese
search's time and the largest index on disk (bench/retrieval.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from engine.script import CJK, cjk_share

#: Reciprocal rank fusion's constant. Cormack et al. (2009) use 60; on SQuAD and JSQuAD
#: 20 lets a list's first hits count for more (bench/retrieval.py).
RRF_K = 20

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
CJK_RUN = re.compile(CJK.pattern + "+")
# Runs of a CJK token that are not hiragana (kanji, katakana, Latin, digits).
_RUNS = re.compile(r"[^\u3040-\u309f]+")

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


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class KeywordQuery:
    """FTS5 match expressions for one question (either may be empty)."""

    words: str  # for the Porter word index
    grams: str  # the question's content trigrams (``engine.chat.rag.coverage`` checks them)
    terms: tuple[str, ...]  # what to highlight in snippets
    bigrams: str = ""  # for the CJK character-pair index


def _hiragana_only(text: str) -> bool:
    return all("\u3040" <= ch <= "\u309f" for ch in text)


def _pairs(run: str) -> list[str]:
    if len(run) == 1:
        return [] if _hiragana_only(run) else [run]
    pairs = (run[i : i + 2] for i in range(len(run) - 1))
    return [pair for pair in pairs if not _hiragana_only(pair)]


def cjk_bigrams(text: str) -> str:
    """The overlapping character pairs of a text's CJK runs, space separated, for the
    bigram index ("東京都の人口" gives "東京 京都 都の の人 人口"; pairs of hiragana alone
    are grammar and left out). Two-kanji words, the commonest in Japanese, are too short
    for the trigram index; as pairs they match. NFKC first, so full-width and
    half-width forms are the same."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(pair for run in CJK_RUN.findall(text) for pair in _pairs(run))


def keyword_query(question: str) -> KeywordQuery:
    """Turn a question into OR-queries for the word and pair indexes, and its content
    trigrams (for ``engine.chat.rag.coverage``).

    A CJK token's trigrams run across its kana and kanji alike (``東京都の人口`` gives
    ``京都の`` too), but trigrams of hiragana alone (``ですか``, ``したの``) are grammar,
    not content: they are dropped unless nothing else is left."""
    text = unicodedata.normalize("NFKC", question).casefold()
    words: list[str] = []
    grams: list[str] = []
    kana_grams: list[str] = []
    terms: list[str] = []
    for token in _WORD.findall(text):
        if CJK.search(token):
            for gram in (token[i : i + 3] for i in range(len(token) - 2)):
                (kana_grams if _hiragana_only(gram) else grams).append(gram)
            # Highlight the non-hiragana runs ("東京都", "人口"), not the particles.
            terms += [run for run in _RUNS.findall(token) if len(run) >= 2]
        elif token not in _STOPWORDS and (len(token) > 1 or token.isdigit()):
            words.append(token)
            terms.append(token)
            if len(token) >= 3:
                grams.append(token)
    grams = grams or kana_grams
    unique_words = list(dict.fromkeys(words))
    unique_grams = list(dict.fromkeys(grams))
    pairs = dict.fromkeys(cjk_bigrams(text).split())
    return KeywordQuery(
        words=" OR ".join(_quote(w) for w in unique_words),
        grams=" OR ".join(_quote(g) for g in unique_grams),
        terms=tuple(dict.fromkeys(terms)),
        bigrams=" OR ".join(_quote(p) for p in pairs),
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


# The weights below were chosen on bench/retrieval.py's eval sets (SQuAD, JSQuAD) with
# the default all-MiniLM-L6-v2: keyword lists beat its vectors on both, by far on
# Japanese, which it does not know. The vectors still rank documents no keyword finds.


def vector_weight(question: str, embedder_knows_cjk: bool = False) -> float:
    """How much to trust the embedder's list; the word list weighs 1.

    0.1 for a question in a script the embedder knows (measured: English questions with
    all-MiniLM-L6-v2). An English-only embedder on a CJK question gets 0.03, little more
    than a tie-break: there its vectors find the right passage in the top 5 for 44% of
    JSQuAD questions (the keyword lists for 97%), and at 0.05 fusion's MRR@10 fell just
    below keyword search's alone (0.9109 against 0.9113). A multilingual embedder (see
    ``engine.library.embedder.model_languages``) keeps 0.1 for CJK questions too.
    """
    if embedder_knows_cjk:
        return 0.1
    return 0.03 + 0.07 * (1.0 - cjk_share(question))


def bigram_weight(question: str) -> float:
    """The character-pair list's weight: 1 for CJK, where it is the best list (JSQuAD
    recall@5 0.93 to 0.95 with it); 0 for Latin script, whose pair query is empty."""
    return cjk_share(question)


def highlight_terms(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of ``terms`` in ``text`` (case-insensitive), merged and sorted."""
    lowered = text.casefold()
    spans: list[tuple[int, int]] = []
    for term in terms:
        if not term:
            continue
        pattern = re.escape(term) if CJK.search(term) else r"\b" + re.escape(term)
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, lowered)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
