"""Re-ranking fusion's first candidates by how closely a passage holds the question.

Fusion ranks a chunk by where it stands in each list: BM25 counts a question's word
wherever it lies in a chunk, and the vector compares whole chunks. The answer usually
sits in a sentence or two that hold most of the question's terms close together, often
in the question's own wording. So fusion's first ``depth`` candidates are scored again
by three passage-level features, each from 0 to 1, with every question term weighed by
how rare it is among those candidates (a name one chunk has says more than "year"):

- *coverage*: the share of the question's weight the chunk holds (its context, the
  file's title and headings, included: a question often names what a document is about);
- *proximity*: the share the best window of the chunk holds (``WINDOW`` characters,
  about a sentence);
- *phrase*: the share of the question's word pairs (CJK: character triples) the chunk
  copies.

A candidate's new score is its fusion score divided by the first one's, plus each
feature times its weight. The weights were chosen by 2-fold cross-validation on the
dev questions of SQuAD and JSQuAD (bench/retrieval.py): chosen on one half, scored on
the other. The terms are ``engine.chat.terms``' own, so ranking and the relevance gate
read a passage the same way.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from engine.chat.terms import Term, phrases, terms
from engine.script import cjk_share

#: The window's width in characters, by the question's script: about a sentence.
WINDOW = {"latin": 100, "cjk": 50}
#: Names and numbers say more about which chunk answers than other words.
_KIND_WEIGHT = {"number": 1.5, "name": 1.5, "word": 1.0, "cjk": 1.0}


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each feature counts beside the fusion score, and how many of fusion's
    candidates are scored again."""

    coverage: float
    proximity: float
    phrase: float
    depth: int = 20


#: Chosen by bench/retrieval.py's cross-validation (see the module docstring).
LATIN = Weights(coverage=0.5, proximity=0.5, phrase=0.25, depth=20)
CJK_WEIGHTS = Weights(coverage=0.5, proximity=0.5, phrase=0.25, depth=20)


def weights_for(question: str) -> Weights:
    """The weights for a question's script."""
    return CJK_WEIGHTS if cjk_share(question) >= 0.3 else LATIN


@dataclass(frozen=True, slots=True)
class Features:
    """What re-ranking knows of one candidate (each 0 to 1)."""

    coverage: float
    proximity: float
    phrase: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """A chunk's text as ranking reads it: its terms (in order) and its phrases."""

    terms: tuple[Term, ...]
    context_keys: frozenset[str]
    phrases: frozenset[str]


def candidate(text: str, context: str = "") -> Candidate:
    """A chunk's text (and its context: file title, headings) read for ranking."""
    return Candidate(
        tuple(terms(text)),
        frozenset(t.key for t in terms(context)),
        phrases(text) | phrases(context),
    )


def question_weights(question: str, candidates: Sequence[Candidate]) -> dict[str, float]:
    """Each question term's weight: its kind times its rarity among the candidates."""
    df: Counter[str] = Counter()
    for c in candidates:
        df.update({t.key for t in c.terms} | c.context_keys)
    total = max(len(candidates), 1)
    weights: dict[str, float] = {}
    for term in terms(question):
        weight = _KIND_WEIGHT[term.kind] * math.log(1 + total / (1 + df.get(term.key, 0)))
        weights[term.key] = max(weights.get(term.key, 0.0), weight)
    return weights


def features(question: str, candidates: Sequence[Candidate]) -> list[Features]:
    """The features of each candidate (see the module docstring), in their order."""
    weights = question_weights(question, candidates)
    total = sum(weights.values())
    asked = phrases(question)
    width = WINDOW["cjk" if cjk_share(question) >= 0.3 else "latin"]
    out = []
    for c in candidates:
        held = {t.key for t in c.terms if t.key in weights} | (c.context_keys & weights.keys())
        out.append(
            Features(
                coverage=sum(weights[key] for key in held) / total if total else 0.0,
                proximity=_best_window(c.terms, weights, width) / total if total else 0.0,
                phrase=len(asked & c.phrases) / len(asked) if asked else 0.0,
            )
        )
    return out


def _best_window(found: Sequence[Term], weights: Mapping[str, float], width: int) -> float:
    """The most question weight any ``width`` characters of a text hold (each term
    once), by a window sliding over the text's question terms."""
    hits = [t for t in found if t.key in weights]
    inside: Counter[str] = Counter()
    held = best = 0.0
    first = 0
    for term in hits:
        if not inside[term.key]:
            held += weights[term.key]
        inside[term.key] += 1
        while term.end - hits[first].start > width:
            gone = hits[first].key
            inside[gone] -= 1
            if not inside[gone]:
                held -= weights[gone]
            first += 1
        best = max(best, held)
    return best


def score(fused: float, top: float, found: Features, weights: Weights) -> float:
    """A candidate's new score: its fusion score relative to the first, plus features."""
    return (
        (fused / top if top > 0 else 0.0)
        + weights.coverage * found.coverage
        + weights.proximity * found.proximity
        + weights.phrase * found.phrase
    )


def rerank(
    question: str,
    fused: Sequence[tuple[str, float]],
    texts: Mapping[str, Candidate],
    weights: Weights | None = None,
) -> list[tuple[str, float]]:
    """``fused`` (id, score; best first) with its first ``weights.depth`` candidates
    that ``texts`` holds scored again and sorted by their new score; the rest follow as
    they were. Returns (id, score), best first."""
    weights = weights or weights_for(question)
    head = [(cid, s) for cid, s in fused[: weights.depth] if cid in texts]
    if not head:
        return list(fused)
    found = features(question, [texts[cid] for cid, _ in head])
    top = head[0][1]
    scored = [(cid, score(s, top, f, weights)) for (cid, s), f in zip(head, found, strict=True)]
    scored.sort(key=lambda item: -item[1])  # stable: ties keep fusion's order
    seen = {cid for cid, _ in scored}
    return scored + [(cid, s) for cid, s in fused if cid not in seen]
