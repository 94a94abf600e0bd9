"""The relevance gate measured for bench/retrieval.py: does what search found reach the model?

A grounded answer searches for twice as many passages as the model may read
(``Grounding.max_passages``: 3 for the bundled 135M model), and ``rag.select_passages``
keeps the first of them, or none at all when ``rag.answerable`` finds that they do not
hold the question (then the user reads "I couldn't find anything about that" and the
model is not asked). Counted per question, without the model:

- ``gold_ranked``: the gold passage is in search's top 5;
- ``gated_out``: of those, the share the gate refused (nothing reaches the model);
- ``gold_not_given``: of those, the share where the gold passage is not among the
  passages the model reads (refused, or ranked below the passages it may read);
- ``absent_refused``: the same question asked of the library without its document
  (the same index, the document's passages taken out of every result, as
  bench/answers.py asks it), the share the gate refuses before the model: the first
  half of "not in your documents" (bench/answers.py measures the answers after).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _library import Question, Retrieved, first_hit

from engine.chat.evidence import evidence_budget
from engine.chat.rag import select_passages
from engine.library.types import Passage, Scope
from engine.storage.settings import LibrarySettings

#: The bundled model's size: what the evidence budget sizes passages by.
BUNDLED_PARAMETERS = 135_000_000


def passages_given() -> int:
    """How many passages the bundled model reads (``grounding_for``)."""
    _, most = evidence_budget(8192, BUNDLED_PARAMETERS)
    return min(LibrarySettings().max_passages, most)


def _retrieved(passages: Sequence[Passage]) -> list[Retrieved]:
    return [Retrieved(Path(p.path).name, p.start, p.end, p.text) for p in passages]


def gate_row(library: Any, question: Question, span: tuple[int, int]) -> dict[str, bool]:
    """One question's gate outcome, with its document and without it."""
    most = passages_given()
    found = library.search(question.question, Scope(), most * 2)
    rank = first_hit(_retrieved(found)[:5], question, span)
    given = select_passages(question.question, found, most)
    absent = [p for p in library.search(question.question, Scope(), most * 6)
              if p.name != question.doc][: most * 2]  # fmt: skip
    return {
        "ranked": 0 < rank <= 5,
        "gated": 0 < rank <= 5 and not given,
        "not_given": 0 < rank <= 5 and not first_hit(_retrieved(given), question, span),
        "absent_refused": not select_passages(question.question, absent, most),
    }


def summary(rows: Sequence[dict[str, bool]], examples: Sequence[str]) -> dict[str, Any]:
    """The shares above (see the module docstring) and a few gated-out questions."""
    ranked = [r for r in rows if r["ranked"]]
    n = max(len(ranked), 1)
    return {
        "questions": len(rows),
        "passages_given": passages_given(),
        "gold_ranked": round(len(ranked) / max(len(rows), 1), 4),
        "gated_out": round(sum(r["gated"] for r in ranked) / n, 4),
        "gold_not_given": round(sum(r["not_given"] for r in ranked) / n, 4),
        "absent_refused": round(sum(r["absent_refused"] for r in rows) / max(len(rows), 1), 4),
        "gated_examples": list(examples[:6]),
    }
