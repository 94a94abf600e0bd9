"""The ranking step (``engine.library.ranking``) on real text, a real library (real
embeddings, real Chroma, the manifest's full-text indexes) and real eval questions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.library import ranking
from engine.library.library import Library
from engine.library.types import Passage
from tests.conftest import SHARED

pytestmark = pytest.mark.timeout(600)


def test_terms_held_close_together_score_above_the_same_terms_scattered() -> None:
    question = "In which year did Tesla move to the United States?"
    close = ranking.candidate(
        "Tesla grew up in Smiljan. In 1884 Tesla moved to the United States, where he "
        "worked for Edison."
    )
    scattered = ranking.candidate(
        "Tesla was born in 1856. Over the years his lamps lit many halls. He gave talks in "
        "Paris, Budapest and Prague, and later the United States Patent Office granted him "
        "patents; a move of his laboratory followed."
    )
    unrelated = ranking.candidate("The blue whale feeds almost exclusively on krill.")
    found = ranking.features(question, [close, scattered, unrelated])
    assert found[0].proximity > found[1].proximity
    assert found[0].phrase > found[1].phrase  # "to the", "united states" as asked
    assert found[2] == ranking.Features(0.0, 0.0, 0.0)


def test_japanese_terms_are_found_without_spaces() -> None:
    question = "富士山の標高は何メートルですか"
    found = ranking.features(
        question,
        [
            ranking.candidate("富士山の標高は3776メートルで、日本一高い山である。"),
            ranking.candidate("緑茶は静岡県で多く作られる。富士山も静岡県にある。"),
        ],
    )
    assert found[0].coverage > 0.7  # all but the question word's pair "何メ"
    assert found[0].proximity == pytest.approx(found[0].coverage)  # all in one window
    assert found[1].coverage < 0.5
    assert found[0].phrase > found[1].phrase


def test_a_chunk_s_title_counts_for_coverage_but_not_for_its_window() -> None:
    question = "When was the Eiffel Tower finished?"
    titled = ranking.candidate("It was finished in 1889 for the World's Fair.", "Eiffel Tower")
    found = ranking.features(question, [titled, ranking.candidate("A tower in Paris.")])
    assert found[0].coverage == pytest.approx(1.0)
    assert found[0].proximity < found[0].coverage


def test_only_the_first_candidates_move_and_the_rest_keep_fusion_s_order() -> None:
    question = "Who designed the lighthouse at Port Varen?"
    texts = {
        "a": ranking.candidate("Port Varen has a fish market and a ferry to the islands."),
        "b": ranking.candidate("The lighthouse at Port Varen was designed by Mara Olsen."),
        "c": ranking.candidate("The harbour of Port Varen freezes in winter."),
    }
    fused = [("a", 0.05), ("gone", 0.045), ("b", 0.04), ("c", 0.03), ("d", 0.02), ("e", 0.01)]
    weights = ranking.Weights(coverage=1.0, proximity=1.0, phrase=0.5, depth=4)
    ranked = [cid for cid, _ in ranking.rerank(question, fused, texts, weights)]
    assert ranked[0] == "b"
    assert set(ranked[:3]) == {"a", "b", "c"}
    assert ranked[3:] == ["gone", "d", "e"]  # unread or beyond the depth: as fusion had them
    none = ranking.Weights(coverage=0.0, proximity=0.0, phrase=0.0, depth=4)
    assert [c for c, _ in ranking.rerank(question, fused, texts, none)][:3] == ["a", "b", "c"]


# --- a real library ----------------------------------------------------------------------

#: A small fixed fixture: facts next to chunks that share their words but not the answer.
PORT = {
    "port_varen.txt": (
        "Port Varen\n\n"
        "Port Varen is a harbour town on the northern coast. The town has a fish market, "
        "a ferry to the islands, a lighthouse museum and a school of engineering. Many "
        "engineers who designed ships for the harbour were trained at the school, and the "
        "museum shows how lighthouses of the coast were built and designed.\n\n"
        "The old lighthouse at Port Varen was designed by the engineer Mara Olsen in 1887. "
        "It is painted white and red.\n\n"
        "In winter the harbour of Port Varen freezes for six weeks, and the ferry stops. "
        "The town then holds its ice festival on the frozen harbour."
    ),
    "coast.txt": (
        "The northern coast\n\n"
        "Lighthouses of the northern coast were designed by many engineers. The coast "
        "has towns with a harbour each; Port Varen, Nesby and Holm are the largest. Each "
        "town keeps its lighthouse, and engineers visit the towns every year.\n\n"
        "Nesby's lighthouse was designed by Johan Berg in 1902, after a storm."
    ),
    "festival.txt": (
        "Festivals\n\n"
        "The ice festival of Port Varen began in 1921. Skaters race on the frozen harbour "
        "and the winner receives a silver lighthouse."
    ),
}
QUESTIONS: dict[str, Gold] = {
    "Who designed the old lighthouse at Port Varen?": (None, ("Mara Olsen",)),
    "When does the harbour of Port Varen freeze?": (None, ("six weeks",)),
    "Who designed Nesby's lighthouse?": (None, ("Johan Berg",)),
    "When did the ice festival of Port Varen begin?": (None, ("1921",)),
    "What do the winners of the skating race receive?": (None, ("silver lighthouse",)),
}


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


#: Whether a passage answers: the question's gold answers and, for eval questions, its document.
Gold = tuple[str | None, tuple[str, ...]]


def _rank(found: list[Passage], gold: Gold) -> int:
    doc, answers = gold
    for n, p in enumerate(found, start=1):
        if (doc is None or p.name == doc) and any(a in p.text for a in answers):
            return n
    return 0


def _ranks(library: Library, questions: dict[str, Gold], ranking_on: bool) -> list[int]:
    library.searcher.ranking = ranking_on
    try:
        return [_rank(library.search(q, k=5), gold) for q, gold in questions.items()]
    finally:
        library.searcher.ranking = True


def _mrr(ranks: list[int]) -> float:
    return sum(1 / r for r in ranks if r) / len(ranks)


@pytest.fixture()
def port(tmp_path: Path, embedder: object) -> Iterator[Library]:
    lib = Library(tmp_path / "port-lib", embedder)  # type: ignore[arg-type]
    list(lib.index([_write(tmp_path / "port", PORT)], "Port"))
    yield lib
    lib.close()


def test_ranking_never_falls_below_fusion_on_a_fixed_fixture(port: Library) -> None:
    fusion = _ranks(port, QUESTIONS, ranking_on=False)
    ranked = _ranks(port, QUESTIONS, ranking_on=True)
    assert all(ranked), f"an answer fell out of the top 5: {ranked}"
    assert sum(1 for r in ranked if r == 1) >= sum(1 for r in fusion if r == 1)
    assert _mrr(ranked) >= _mrr(fusion)
    first = port.search("Who designed the old lighthouse at Port Varen?", k=1)[0]
    assert "Mara Olsen" in first.text  # the sentence that answers, not the one with its words


def _eval_questions(name: str, docs: int) -> tuple[Path, list[dict[str, str]]]:
    root = SHARED / "eval" / name
    if not (root / "questions.jsonl").is_file():
        pytest.skip(f"../shared/eval/{name} is not here")
    rows = [json.loads(line) for line in (root / "questions.jsonl").open(encoding="utf-8")]
    chosen = sorted({r["doc"] for r in rows})[:docs]
    return root / "docs", [r for r in rows if r["doc"] in chosen]


@pytest.mark.parametrize("set_name", ["en-squad", "ja-jsquad"])
def test_ranking_is_not_below_fusion_on_real_eval_questions(
    set_name: str, tmp_path: Path, embedder: object
) -> None:
    docs, rows = _eval_questions(set_name, docs=4)
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in {r["doc"] for r in rows}:
        (folder / name).symlink_to(docs / name)
    library = Library(tmp_path / "eval-lib", embedder)  # type: ignore[arg-type]
    try:
        list(library.index([folder], set_name))
        # A hit: a passage of the question's document holding one of its gold answers.
        questions: dict[str, Gold] = {r["question"]: (r["doc"], tuple(r["answers"])) for r in rows}
        fusion = _ranks(library, questions, ranking_on=False)
        ranked = _ranks(library, questions, ranking_on=True)
    finally:
        library.close()
    assert len(rows) >= 10
    assert sum(1 for r in ranked if r) >= sum(1 for r in fusion if r)
    assert _mrr(ranked) >= _mrr(fusion)
