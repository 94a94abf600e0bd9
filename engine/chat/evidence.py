"""Evidence first: the passages cut to the sentences that matter for the question, most
relevant first, within a budget sized to the model; and, after the reply, the one
sentence most likely holding the answer (the *key sentence*), with its answer words
marked.

A small model reads far worse than a large one: SmolLM2-135M given four whole passages
answers from the wrong one or retells them; given the two or three sentences that share
the question's words, it copies the one that answers. So a sentence is ranked by how
much of the question it holds, each question term weighed by how rare it is among the
candidate sentences (a name that only one sentence has says more than "year"), and
sentences are taken best first until the model's budget is spent.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import dataclass

from engine.chat.terms import Term, keys, merged, phrases, sentence_spans, terms
from engine.library.types import Passage
from engine.script import estimate_tokens
from engine.types import KeySentence

#: Prompt room for evidence and how many passages, by the model's size (parameters):
#: a 135M model gets a few hundred tokens of it, an 8B one a few thousand.
_BUDGETS = ((0.5e9, 360, 3), (2e9, 800, 4), (5e9, 1600, 6), (math.inf, 2800, 8))
#: Names and numbers say more about which sentence answers than other words.
_KIND_WEIGHT = {"number": 1.5, "name": 1.5, "word": 1.0, "cjk": 1.0}
#: How much copying the question's wording counts, beside holding its terms.
_PHRASE_WEIGHT = 0.3
#: How much holding the reply's own words counts for the key sentence, beside holding
#: the question (less: a reply that took a word from the wrong sentence must not drag
#: the evidence there).
_ANSWER_WEIGHT = 0.5
#: Sentences taken from one passage, at most.
_PER_PASSAGE = 3


def evidence_budget(context_length: int, parameters: int) -> tuple[int, int]:
    """(tokens of evidence, passages) for a model of ``parameters`` with this context
    (0 parameters: unknown, treated as a mid-sized model); never more than a third of
    the context."""
    size = parameters or 3e9
    tokens, most = next((t, m) for limit, t, m in _BUDGETS if size < limit)
    return max(96, min(tokens, context_length // 3)), most


@functools.lru_cache(maxsize=8)
def model_parameters(path: str) -> int:
    """The parameter count of a GGUF model file, from its tensor shapes (0 when unknown)."""
    from engine.errors import HishoError
    from engine.models.gguf_check import check_gguf

    try:
        return check_gguf(path).parameters
    except (HishoError, OSError, ValueError):
        return 0


@dataclass(frozen=True, slots=True)
class Evidence:
    """A passage as the model sees it: the sentences that matter, in their order."""

    passage: Passage
    excerpt: str
    relevance: float  # the share of the question's weight its best sentence holds


@dataclass(frozen=True, slots=True)
class _Sentence:
    source: int  # index into the passages
    start: int
    end: int
    keys: frozenset[str]
    phrases: frozenset[str]


class QuestionWeights:
    """How much each of the question's terms says, among some candidate texts."""

    def __init__(self, question: str, texts: Sequence[frozenset[str]]) -> None:
        df = Counter(key for text in texts for key in text)
        total = max(len(texts), 1)
        self.weights: dict[str, float] = {}
        for term in terms(question):
            idf = math.log(1 + total / (1 + df.get(term.key, 0)))
            weight = _KIND_WEIGHT[term.kind] * idf
            self.weights[term.key] = max(self.weights.get(term.key, 0.0), weight)
        self.total = sum(self.weights.values())
        self.phrases = phrases(question)

    def ranking(self, sentence: _Sentence) -> float:
        """How well a sentence answers: its share of the question's weight, and a little
        for the question's wording kept ("to the United States" over "of the United
        States": the phrase that moved, not the one that was naturalised)."""
        copied = len(self.phrases & sentence.phrases) / max(len(self.phrases), 1)
        return self.share(sentence.keys) + _PHRASE_WEIGHT * copied

    def share(self, found: frozenset[str] | set[str]) -> float:
        """The share of the question's weight that ``found`` holds."""
        if not self.total:
            return 0.0
        return sum(w for key, w in self.weights.items() if key in found) / self.total


def _sentences(passages: Sequence[Passage]) -> list[_Sentence]:
    return [
        _Sentence(i, a, b, keys(p.text[a:b]), phrases(p.text[a:b]))
        for i, p in enumerate(passages)
        for a, b in sentence_spans(p.text)
    ]


def gather(question: str, passages: Sequence[Passage], budget_tokens: int) -> list[Evidence]:
    """The passages, most relevant first, each cut to its sentences that hold most of
    the question, in their own order, as many as fit ``budget_tokens`` (the best
    sentence of the best passage always). A passage none of whose sentences made it
    in is left out."""
    found = _sentences(passages)
    weights = QuestionWeights(question, [s.keys for s in found])
    scored = sorted(
        ((weights.ranking(s), -s.source, -s.start, s) for s in found), reverse=True
    )  # best first; ties: the earlier passage, the earlier sentence
    chosen: dict[int, list[_Sentence]] = {}
    used = 0
    for share, _, _, sentence in scored:
        taken = chosen.setdefault(sentence.source, [])
        cost = estimate_tokens(passages[sentence.source].text[sentence.start : sentence.end])
        full = len(taken) >= _PER_PASSAGE or (used + cost > budget_tokens and used)
        if full or (share <= 0.0 and used):  # nothing of the question: noise
            continue
        taken.append(sentence)
        used += cost
    relevance = {
        i: max((weights.share(s.keys) for s in ss), default=0.0) for i, ss in chosen.items() if ss
    }
    order = sorted(relevance, key=lambda i: (-relevance[i], i))
    return [
        Evidence(passages[i], _excerpt(passages[i].text, chosen[i]), relevance[i]) for i in order
    ]


def _excerpt(text: str, chosen: Sequence[_Sentence]) -> str:
    """The chosen sentences in their order; "…" where sentences were left out between."""
    parts: list[str] = []
    last_end: int | None = None
    for sentence in sorted(chosen, key=lambda s: s.start):
        if last_end is not None and text[last_end : sentence.start].strip():
            parts.append("…")
        parts.append(" ".join(text[sentence.start : sentence.end].split()))
        last_end = sentence.end
    return " ".join(parts)


def best_relevance(question: str, passages: Sequence[Passage]) -> float:
    """How much of the question the best sentence of any passage holds (0 to 1)."""
    found = _sentences(passages)
    weights = QuestionWeights(question, [s.keys for s in found])
    return max((weights.share(s.keys) for s in found), default=0.0)


def key_sentence(
    question: str, reply: str, passages: Sequence[Passage], used: Sequence[int] = ()
) -> KeySentence | None:
    """The one sentence of the sources most likely holding the answer: the one holding
    most of the question and of ``reply``'s own words (the answer words: give only the
    reply's supported sentences, a wrong reply's words mislead), those in the sources
    the reply used (``used``: 1-based) counted first. Its answer words are marked;
    failing those, its question words."""
    found = _sentences(passages)
    if not found:
        return None
    weights = QuestionWeights(question, [s.keys for s in found])
    said = keys(reply) - set(weights.weights)  # the reply's words beyond the question's
    used_set = {n - 1 for n in used}

    def score(s: _Sentence) -> tuple[float, int, int]:
        answer = _ANSWER_WEIGHT * len(said & s.keys) / max(len(said), 1)
        return (
            weights.ranking(s) + answer + (0.25 if s.source in used_set else 0.0),
            -s.source,
            -s.start,
        )

    best = max(found, key=score)
    if score(best)[0] <= 0.0:
        return None
    passage = passages[best.source]
    text = passage.text[best.start : best.end]
    marks = _marks(terms(text), said) or _marks(terms(text), set(weights.weights))
    return KeySentence(
        text=text,
        source=best.source + 1,
        path=passage.path,
        page=passage.page,
        chunk_id=passage.chunk_id,
        start=passage.start + best.start,
        marks=marks,
    )


def _marks(found: Sequence[Term], wanted: Set[str]) -> tuple[tuple[int, int], ...]:
    return merged((t.start, t.end) for t in found if t.key in wanted)
