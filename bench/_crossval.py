"""Cross-validated retrieval figures for bench/retrieval.py.

Fusion's weights (RRF k, the vector list's weight, the character-pair list's weight)
and the ranking step's (``engine.library.ranking``: each feature's weight and how many
candidates it scores again) are all chosen on questions. Scored on the same questions,
they flatter them. Here every one of them is chosen on one half of a set's questions
(a fixed-seed split) and scored on the other half, and the reverse (2-fold): each
question is scored once, by weights chosen without it. The choice maximises recall@5,
then MRR@10, over a small grid that holds the code's own values.

Every question's lists are searched once, exactly as ``Library.search`` searches them
(the same queries, 50 deep); fusion and ranking are then redone in memory with
``engine.library.retrieval.fuse`` and ``engine.library.ranking`` for each choice.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from _library import Question, Retrieved, is_hit, metrics

from engine.library import ranking
from engine.library.retrieval import RRF_K, fuse
from engine.script import cjk_share

SEED = 21
DEPTH = 50
RRF_KS = (10, 20, 40, 60)
VECTOR_WEIGHTS = (0.01, 0.03, 0.05, 0.1, 0.2, 0.3)
BIGRAM_WEIGHTS = (0.5, 1.0, 2.0)
RANK_DEPTHS = (10, 20, 30)
FEATURE_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0)
PHRASE_WEIGHTS = (0.0, 0.25, 0.5, 1.0)


@dataclass(frozen=True, slots=True)
class Fusion:
    """Fusion's weights: the vector list's for Latin and for CJK questions (mixed by
    the question's CJK share, as ``retrieval.vector_weight`` does), the pair list's."""

    rrf_k: int
    vector_latin: float
    vector_cjk: float
    bigram: float

    def vector(self, question: str) -> float:
        share = cjk_share(question)
        return self.vector_cjk + (self.vector_latin - self.vector_cjk) * (1.0 - share)


def code_fusion(embedder_knows_cjk: bool) -> Fusion:
    """The weights ``engine.library.retrieval`` uses today."""
    return Fusion(RRF_K, 0.1, 0.1 if embedder_knows_cjk else 0.03, 1.0)


@dataclass
class Searched:
    """One question's lists, as ``Library.search`` finds them (ids best first)."""

    question: Question
    span: tuple[int, int]
    vector: list[str]
    words: list[str]
    bigrams: list[str]

    def fused(self, fusion: Fusion) -> list[tuple[str, float]]:
        text = self.question.question
        lists = [(fusion.vector(text), self.vector), (1.0, self.words)]
        pair_weight = fusion.bigram * cjk_share(text)
        if self.bigrams and pair_weight > 0:
            lists.append((pair_weight, self.bigrams))
        return fuse(lists, k=fusion.rrf_k)


class Chunks:
    """The library's chunks by id: as the hit rule reads them, and as ranking does."""

    def __init__(self, library: Any) -> None:
        self.library = library
        self._retrieved: dict[str, Retrieved] = {}
        self._candidates: dict[str, ranking.Candidate] = {}

    def load(self, ids: Iterable[str]) -> None:
        wanted = [i for i in dict.fromkeys(ids) if i not in self._retrieved]
        for cid, c in self.library.manifest.chunks_by_id(wanted).items():
            self._retrieved[cid] = Retrieved(Path(c.path).name, c.start, c.end, c.text)
            self._candidates[cid] = ranking.candidate(c.text, c.context)

    def candidates(self) -> dict[str, ranking.Candidate]:
        return self._candidates

    def hit(self, searched: Searched, chunk_id: str) -> bool:
        chunk = self._retrieved.get(chunk_id)
        return chunk is not None and is_hit(chunk, searched.question, searched.span)


def first_hit(ids: Sequence[str], searched: Searched, chunks: Chunks) -> int:
    for rank, cid in enumerate(ids[:10], start=1):
        if chunks.hit(searched, cid):
            return rank
    return 0


def _objective(ranks: Sequence[int]) -> tuple[float, float]:
    found = metrics(ranks)
    return found["recall@5"], found["mrr@10"]


def fusion_ranks(rows: Sequence[Searched], fusion: Fusion, chunks: Chunks) -> list[int]:
    return [first_hit([cid for cid, _ in r.fused(fusion)], r, chunks) for r in rows]


class Reranked:
    """The ranking step's features of each question's first candidates, computed once
    per fusion and depth, so that each feature weighting only re-sorts them."""

    def __init__(self, rows: Sequence[Searched], fusion: Fusion, depth: int, chunks: Chunks):
        self.rows = rows
        self.chunks = chunks
        self.heads: list[list[tuple[str, float]]] = []
        self.tails: list[list[str]] = []
        self.found: list[list[ranking.Features]] = []
        texts = chunks.candidates()
        for row in rows:
            fused = row.fused(fusion)
            head = [(cid, s) for cid, s in fused[:depth] if cid in texts]
            self.heads.append(head)
            self.tails.append([cid for cid, _ in fused[depth:]])
            self.found.append(
                ranking.features(row.question.question, [texts[cid] for cid, _ in head])
            )

    def ranks(self, weights: ranking.Weights) -> list[int]:
        out = []
        parts = zip(self.rows, self.heads, self.tails, self.found, strict=True)
        for row, head, tail, found in parts:
            top = head[0][1] if head else 0.0
            scored = [
                (ranking.score(s, top, f, weights), n)
                for n, ((_, s), f) in enumerate(zip(head, found, strict=True))
            ]
            order = [head[n][0] for _, n in sorted(scored, key=lambda x: (-x[0], x[1]))]
            out.append(first_hit(order + tail, row, self.chunks))
        return out


def ranking_grid(depth: int) -> list[ranking.Weights]:
    return [
        ranking.Weights(c, p, ph, depth)
        for c, p, ph in itertools.product(FEATURE_WEIGHTS, FEATURE_WEIGHTS, PHRASE_WEIGHTS)
    ]


def fusion_grid(cjk: bool) -> list[Fusion]:
    if cjk:  # the Latin weight barely matters to Japanese questions: kept at the code's
        return [
            Fusion(k, 0.1, v, b)
            for k, v, b in itertools.product(RRF_KS, VECTOR_WEIGHTS, BIGRAM_WEIGHTS)
        ]
    return [Fusion(k, v, 0.03, 1.0) for k, v in itertools.product(RRF_KS, VECTOR_WEIGHTS)]


def best(options: Iterable[Any], score: Callable[[Any], Sequence[int]]) -> Any:
    """The option with the best (recall@5, MRR@10); the first of equals."""
    return max(options, key=lambda option: _objective(score(option)))


def choose(rows: Sequence[Searched], chunks: Chunks, cjk: bool) -> tuple[Fusion, ranking.Weights]:
    """Fusion's weights, then the ranking step's on top of them, chosen on ``rows``."""
    fusion = best(fusion_grid(cjk), lambda f: fusion_ranks(rows, f, chunks))
    options = []
    for depth in RANK_DEPTHS:
        reranked = Reranked(rows, fusion, depth, chunks)
        weights = best(ranking_grid(depth), reranked.ranks)
        options.append((_objective(reranked.ranks(weights)), -depth, weights))
    return fusion, max(options, key=lambda o: (o[0], o[1]))[2]


def halves(count: int, seed: int = SEED) -> tuple[list[int], list[int]]:
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return sorted(order[: count // 2]), sorted(order[count // 2 :])


def cross_validate(
    rows: Sequence[Searched], chunks: Chunks, embedder_knows_cjk: bool
) -> dict[str, Any]:
    """Figures of fusion alone and fusion + ranking, in-sample with the code's weights
    and 2-fold cross-validated, on the same questions."""
    chunks.load(cid for r in rows for cid in (*r.vector, *r.words, *r.bigrams))
    cjk = sum(cjk_share(r.question.question) for r in rows) > len(rows) / 2
    code = code_fusion(embedder_knows_cjk)
    code_ranking = ranking.CJK_WEIGHTS if cjk else ranking.LATIN
    ranks = {"fusion": [0] * len(rows), "ranking": [0] * len(rows)}
    folds = []
    for train, test in (halves(len(rows)), halves(len(rows))[::-1]):
        fusion, weights = choose([rows[i] for i in train], chunks, cjk)
        tested = [rows[i] for i in test]
        for i, rank in zip(test, fusion_ranks(tested, fusion, chunks), strict=True):
            ranks["fusion"][i] = rank
        reranked = Reranked(tested, fusion, weights.depth, chunks)
        for i, rank in zip(test, reranked.ranks(weights), strict=True):
            ranks["ranking"][i] = rank
        folds.append({"fusion": asdict(fusion), "ranking": asdict(weights)})
    on_all = choose(rows, chunks, cjk)
    return {
        "in_sample": {
            "fusion": metrics(fusion_ranks(rows, code, chunks)),
            "ranking": metrics(
                Reranked(rows, code, code_ranking.depth, chunks).ranks(code_ranking)
            ),
        },
        "cross_validated": {name: metrics(r) for name, r in ranks.items()},
        "chosen_per_fold": folds,
        "chosen_on_all": {"fusion": asdict(on_all[0]), "ranking": asdict(on_all[1])},
        "code_weights": {"fusion": asdict(code), "ranking": asdict(code_ranking)},
        "seed": SEED,
    }
