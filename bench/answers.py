"""Answers end to end: what the user reads, scored against the eval sets' gold answers.

Each eval set's ``docs/`` is indexed with ``Library.index``; a sample of its questions is
asked through the real answer path (``engine.chat.assistant.ask``, what the window and
``hisho ask --library --json`` run) with the bundled model at temperature 0, and the
same questions are answered by a LocalDocs-style baseline on the same model and
options: the top 3 of 512-character chunks (``_baseline.LocalDocsBaseline``: MiniLM
vectors and BM25, RRF) pasted into a plain prompt.

Asked two ways:

- *answerable*: against the whole set (the question's own document is there);
- *absent*: against a library that lacks the question's document: the same index,
  searched with the document's passages taken out of every result (for both Hisho and
  the baseline), so the question is one its documents do not answer.

Scored (``_answers``): answers containing a gold answer (NFKC, casefold), SQuAD token
F1, answers citing the gold document ([n] of a passage of it), the gold document among
the sources, answers that repeat the prompt; and with answer checks (``AnswerChecked``):
wrong and right answers with a sentence marked "not found in your documents", the key
sentence holding a gold answer (what is quoted under the answer), and "not in your
documents": for the answerable questions, replies that say so (they should not); for the
absent ones, replies that say so or whose every claim is marked not found (the notice
above the answer). Ratios are Hisho ÷ baseline. Progress goes to stderr; the last stdout
line is one JSON object.

    .venv/bin/python bench/answers.py [--sets en-squad,ja-jsquad] [--sample 20]
                                      [--absent 10] [--index-dir DIR] [--seed 21]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _answers as score
from _baseline import LocalDocsBaseline
from _common import default_model_path, emit, log, rounded
from _library import EvalSet, GoldSpans, Question, consume, library_home, load_set, open_embedder

from engine.cancel import CancelToken
from engine.chat import assistant, grounded, rag
from engine.chat.terms import keys, phrases
from engine.library.library import Library
from engine.library.types import Passage, Scope
from engine.models.local import LocalBackend
from engine.storage.history import History
from engine.storage.settings import ChatSettings, LibrarySettings
from engine.types import (
    AnswerChecked,
    ChatMessage,
    GenerationOptions,
    SourcesFound,
    Token,
    TurnFinished,
)

GOALS = {
    "contains_gold_ratio": 1.5,
    "wrong_flagged": 0.8,
    "right_flagged": 0.1,
    "absent_not_found": 0.8,
    "answerable_not_found": 0.1,
}
BASELINE_K = 3
_CITE = re.compile(r"\[(\d+)\]")


@dataclass
class Reply:
    """One answer as the bench keeps it."""

    text: str
    sources: list[str]  # file names, in citation order
    cited: list[str] = field(default_factory=list)
    check: Any = None  # the AnswerCheck, when the engine checks answers
    seconds: float = 0.0
    searched: list[str] = field(default_factory=list)  # what search found, before the gate
    check_ms: float = 0.0  # grounded.checked on the streamed reply, timed again here (cold)


# --- the two ways of answering -----------------------------------------------------------


def grounding(search: rag.Searcher, scope: Scope, backend: LocalBackend) -> assistant.Grounding:
    """What ``hisho ask --library`` gives ``ask``: sized to the model, the same passages."""
    return assistant.grounding_for(
        search, scope, backend.context_length, backend.model_path, LibrarySettings().max_passages
    )


def without(search: rag.Searcher, doc: str) -> rag.Searcher:
    """``search`` over a library that lacks ``doc``."""

    def searched(question: str, scope: Scope, k: int) -> list[Passage]:
        return [p for p in search(question, scope, k * 3) if p.name != doc][:k]

    return searched


class Answerer:
    """The model, options and history both ways of answering share."""

    def __init__(self, backend: LocalBackend, embedder: Any, max_tokens: int) -> None:
        chat = ChatSettings()
        self.backend = backend
        self.embedder = embedder
        self.system = chat.system_prompt
        self.options = GenerationOptions(
            max_tokens=max_tokens,
            temperature=0.0,
            top_p=chat.top_p,
            top_k=chat.top_k,
            repeat_penalty=chat.repeat_penalty,
        )
        self.history = History(Path(":memory:"))

    def hisho(self, question: str, search: rag.Searcher, scope: Scope) -> Reply:
        started = time.perf_counter()
        conversation = self.history.create_conversation()
        ground = grounding(search, scope, self.backend)
        events = assistant.ask(
            self.history,
            self.backend,
            conversation.id,
            question,
            self.options,
            CancelToken(),
            self.system,
            ground,
        )
        reply = Reply("", [])
        passages: list[Passage] = []
        streamed: list[str] = []
        for event in events:
            if isinstance(event, Token):
                streamed.append(event.text)
            if isinstance(event, SourcesFound):
                passages = list(event.passages)
                reply.sources = [p.name for p in passages]
            elif isinstance(event, TurnFinished):
                reply.text = event.text
            elif isinstance(event, AnswerChecked):
                reply.check = event.check
        reply.seconds = time.perf_counter() - started
        numbers = {int(n) for n in _CITE.findall(reply.text)}
        reply.cited = [reply.sources[n - 1] for n in sorted(numbers) if 0 < n <= len(reply.sources)]
        # What search ranked within reach (the passages the model may be given).
        found = search(question, scope, ground.max_passages * 2)[: ground.max_passages]
        reply.searched = [p.name for p in found]
        if passages:  # timed cold: the turn's own check finds its passages' terms cached
            keys.cache_clear()
            phrases.cache_clear()
            rules = (rag.grounding_rules(question), self.system)
            timed = time.perf_counter()  # the whole check: clean, check, trim or swap
            grounded.checked(question, "".join(streamed), passages, rules)
            reply.check_ms = (time.perf_counter() - timed) * 1000
        return reply

    def baseline(self, question: str, chunks: Sequence[Any]) -> Reply:
        started = time.perf_counter()
        from engine.chat.language import with_reply_language

        excerpts = "\n\n".join(c.text for c in chunks)
        prompt = [
            ChatMessage("system", with_reply_language(self.system, question)),
            ChatMessage("user", score.BASELINE_PROMPT.format(excerpts=excerpts, question=question)),
        ]
        text = "".join(self.backend.stream(prompt, self.options, CancelToken()))
        return Reply(text.strip(), [c.doc for c in chunks], seconds=time.perf_counter() - started)


# --- one eval set ----------------------------------------------------------------------


def build_library(evalset: EvalSet, embedder: Any, folder: Path) -> Library:
    library = Library(folder, embedder)
    started = time.perf_counter()
    consume(library.index([evalset.docs], evalset.name))
    log(
        f"{evalset.name}: {library.manifest.chunk_count()} chunks "
        f"({time.perf_counter() - started:.0f} s)"
    )
    return library


def build_baseline(evalset: EvalSet, embedder: Any, folder: Path) -> LocalDocsBaseline:
    """The baseline's chunks, their vectors kept in ``folder`` for the next run."""
    import numpy as np

    gold = GoldSpans(evalset.docs)
    baseline = LocalDocsBaseline()
    for path in evalset.doc_paths():
        baseline.add_document(path.name, gold.text(path.name))
    saved = folder / f"baseline-{len(baseline.chunks)}.npy"
    if saved.is_file():
        baseline.set_vectors(np.load(saved))
    else:
        baseline.embed(embedder)
        folder.mkdir(parents=True, exist_ok=True)
        np.save(saved, baseline.matrix)
    return baseline


def baseline_chunks(
    baseline: LocalDocsBaseline, embedder: Any, question: str, leave_out: str = ""
) -> list[Any]:
    [vector] = embedder.embed([question])
    found = baseline.search(question, vector, BASELINE_K * 10)
    return [c for c in found if c.doc != leave_out][:BASELINE_K]


def sample(questions: Sequence[Question], n: int, seed: int) -> list[Question]:
    chosen = list(questions)
    random.Random(seed).shuffle(chosen)
    return chosen[:n] if n else chosen


def score_reply(reply: Reply, question: Question, absent: bool) -> dict[str, Any]:
    instructions = [
        score.OLD_RULES,
        rag.GROUNDING_RULES,
        rag.GROUNDING_RULES_JA,
        score.BASELINE_PROMPT.split("\n")[0],
    ]
    check = reply.check
    row: dict[str, Any] = {
        "id": question.id,
        "answer": reply.text[:300],
        "contains_gold": score.contains_gold(reply.text, question.answers),
        "f1": round(score.token_f1(reply.text, question.answers), 3),
        "gold_in_sources": question.doc in reply.sources,
        "cites_gold": question.doc in reply.cited,
        "said_not_found": score.says_not_found(reply.text),
        "repeats_prompt": score.repeats_prompt(reply.text, instructions),
        "seconds": round(reply.seconds, 2),
    }
    if check is not None:
        row["flagged"] = not all(s.supported for s in check.sentences)
        # Of a right answer: is the sentence that holds the gold answer marked not found?
        said = [(s, reply.text[s.start : s.end]) for s in check.sentences]
        holding = [s for s, text in said if score.contains_gold(text, question.answers)]
        row["gold_sentence_flagged"] = any(not s.supported for s in holding)
        row["nothing_supported"] = bool(check.sentences) and not check.supported
        key = check.key_sentence
        row["key_sentence_gold"] = key is not None and score.contains_gold(
            key.text, question.answers
        )
        row["check_ms"] = round(reply.check_ms, 2)
    if reply.searched:
        row["gold_ranked_gated"] = (
            question.doc in reply.searched and question.doc not in reply.sources
        )
    if absent:
        row["not_found"] = row["said_not_found"] or row.get("nothing_supported", False)
    return row


def summary(rows: list[dict[str, Any]], absent: list[dict[str, Any]]) -> dict[str, Any]:
    """The scores of one way of answering."""
    out: dict[str, Any] = {
        "questions": len(rows),
        "contains_gold": score.rate([r["contains_gold"] for r in rows]),
        "f1": score.mean([r["f1"] for r in rows]),
        "cites_gold": score.rate([r["cites_gold"] for r in rows]),
        "gold_in_sources": score.rate([r["gold_in_sources"] for r in rows]),
        "repeats_prompt": score.rate([r["repeats_prompt"] for r in rows + absent]),
        "answerable_not_found": score.rate([r["said_not_found"] for r in rows]),
        "absent_questions": len(absent),
        "absent_not_found": score.rate([r["not_found"] for r in absent]),
        "seconds_per_answer": score.mean([r["seconds"] for r in rows + absent]),
    }
    checked = [r for r in rows if "flagged" in r]
    if checked:
        out["wrong_flagged"] = score.rate([r["flagged"] for r in checked if not r["contains_gold"]])
        out["right_flagged"] = score.rate([r["flagged"] for r in checked if r["contains_gold"]])
        out["right_answer_sentence_flagged"] = score.rate(
            [r["gold_sentence_flagged"] for r in checked if r["contains_gold"]]
        )
        out["answerable_nothing_supported"] = score.rate([r["nothing_supported"] for r in checked])
        out["key_sentence_gold"] = score.rate([r["key_sentence_gold"] for r in checked])
        out["reads_gold"] = score.rate(
            [r["contains_gold"] or r["key_sentence_gold"] for r in checked]
        )
        out["check_ms_max"] = max(r["check_ms"] for r in checked + absent if "check_ms" in r)
    ranked = [r for r in rows if "gold_ranked_gated" in r]
    if ranked:
        out["gold_ranked_but_gated"] = score.rate([r["gold_ranked_gated"] for r in ranked])
    return out


class Rows:
    """Scored answers of one set: each way (hisho, baseline), answerable and absent."""

    def __init__(self) -> None:
        self.asked: dict[str, list[dict[str, Any]]] = {"hisho": [], "baseline": []}
        self.absent: dict[str, list[dict[str, Any]]] = {"hisho": [], "baseline": []}

    def add(self, way: str, row: dict[str, Any], absent: bool) -> None:
        (self.absent if absent else self.asked)[way].append(row)


def ask_both(
    rows: Rows, answerer: Answerer, question: Question, search: rag.Searcher, scope: Scope,
    baseline: LocalDocsBaseline | None, absent: bool,
) -> Reply:  # fmt: skip
    """One question asked of Hisho and (unless None) of the baseline, both scored."""
    reply = answerer.hisho(question.question, search, scope)
    rows.add("hisho", score_reply(reply, question, absent), absent)
    if baseline is not None:
        leave_out = question.doc if absent else ""
        chunks = baseline_chunks(baseline, answerer.embedder, question.question, leave_out)
        theirs = answerer.baseline(question.question, chunks)
        rows.add("baseline", score_reply(theirs, question, absent), absent)
    return reply


def run_set(
    evalset: EvalSet, embedder: Any, folder: Path, answerer: Answerer, args: argparse.Namespace
) -> tuple[dict[str, Any], Rows]:
    library = build_library(evalset, embedder, folder / "library")
    baseline = None if args.no_baseline else build_baseline(evalset, embedder, folder)
    scope = Scope(library=evalset.name)
    rows = Rows()
    try:
        asked = sample(evalset.questions, args.sample, args.seed)
        for number, question in enumerate(asked, start=1):
            reply = ask_both(rows, answerer, question, library.search, scope, baseline, False)
            log(f"{evalset.name} {number}/{len(asked)}: {reply.text[:70]!r}")
        for question in sample(evalset.questions, args.absent, args.seed + 1):
            search = without(library.search, question.doc)
            ask_both(rows, answerer, question, search, scope, baseline, True)
    finally:
        if baseline is not None:
            baseline.close()
        library.close()
    return set_result(rows), rows


def set_result(rows: Rows) -> dict[str, Any]:
    ours = summary(rows.asked["hisho"], rows.absent["hisho"])
    result: dict[str, Any] = {"hisho": ours}
    if rows.asked["baseline"]:
        theirs = summary(rows.asked["baseline"], rows.absent["baseline"])
        keys = ("contains_gold", "f1", "absent_not_found")
        result["reads_gold_vs_baseline"] = score.ratio(
            ours.get("reads_gold"), theirs["contains_gold"]
        )
        result["baseline"] = theirs
        result["vs_baseline"] = {k: score.ratio(ours[k], theirs[k]) for k in keys}
    result["examples"] = {"hisho": rows.asked["hisho"][:4], "absent": rows.absent["hisho"][:2]}
    return result


# --- putting it together ---------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="en-squad,ja-jsquad", help="comma-separated")
    parser.add_argument(
        "--sample", type=int, default=20, help="answerable questions a set (0: all)"
    )
    parser.add_argument(
        "--absent", type=int, default=10, help="questions a set asked without their document"
    )
    parser.add_argument("--seed", type=int, default=21, help="which questions are sampled")
    parser.add_argument("--max-tokens", type=int, default=128, help="longest answer")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="model and embedder threads "
        "(one: llama.cpp's spinning threads crawl on a busy 2-core machine)",
    )
    parser.add_argument("--model", type=Path, help="a .gguf chat model (default: the bundled one)")
    parser.add_argument("--index-dir", type=Path, help="keep the indexes here for the next run")
    parser.add_argument("--no-baseline", action="store_true", help="Hisho's answers only")
    parser.add_argument("--rows", type=Path, help="append every scored answer here (JSON lines)")
    return parser.parse_args()


def write_rows(path: Path, name: str, rows: Rows) -> None:
    with path.open("a", encoding="utf-8") as out:
        for kind, table in (("asked", rows.asked), ("absent", rows.absent)):
            for way, scored in table.items():
                for row in scored:
                    out.write(json.dumps({"set": name, "kind": kind, "way": way, **row},
                                         ensure_ascii=False) + "\n")  # fmt: skip


def goals(result: dict[str, Any], names: Sequence[str]) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    for name in names:
        ours = result[name]["hisho"]
        ratio = result[name].get("vs_baseline", {}).get("contains_gold")
        out[f"{name}:contains_gold>=1.5x"] = None if ratio is None else ratio >= 1.5
        for key, at_least in (
            ("wrong_flagged", True),
            ("right_flagged", False),
            ("absent_not_found", True),
            ("answerable_not_found", False),
        ):
            value = ours.get(key)
            met = (
                None
                if value is None
                else (value >= GOALS[key] if at_least else value <= GOALS[key])
            )
            out[f"{name}:{key}"] = met
        out[f"{name}:no_prompt_repeated"] = ours["repeats_prompt"] == 0
    return out


def _sets(names: str) -> Iterator[EvalSet]:
    for name in names.split(","):
        evalset = load_set(name)
        if evalset is not None:
            yield evalset


def main() -> int:
    args = parse_args()
    began, load_before = time.perf_counter(), os.getloadavg()[0]
    result: dict[str, Any] = {"bench": "answers"}
    with library_home(), ExitStack() as stack:
        sets = list(_sets(args.sets))
        if not sets:
            result["skipped"] = "no eval sets under ../shared/eval: nothing measured"
            emit(result)
            return 0
        index_dir = args.index_dir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        embedder = open_embedder(args.threads)
        backend = LocalBackend(
            args.model or default_model_path(), ChatSettings().context_length, args.threads, seed=0
        )
        stack.callback(backend.close)
        answerer = Answerer(backend, embedder, args.max_tokens)
        result["model"] = backend.name
        for evalset in sets:
            result[evalset.name], rows = run_set(
                evalset, embedder, index_dir / evalset.name, answerer, args
            )
            if args.rows is not None:
                write_rows(args.rows, evalset.name, rows)
    names = [s.name for s in sets]
    result["goals"] = goals(result, names)
    result.update(
        sample=args.sample,
        absent=args.absent,
        seed=args.seed,
        max_tokens=args.max_tokens,
        cpu_count=os.cpu_count(),
        loadavg_1m=[rounded(load_before, 2), rounded(os.getloadavg()[0], 2)],
        bench_seconds=round(time.perf_counter() - began, 1),
    )
    log(f"done in {result['bench_seconds']} s; goals {result['goals']}")
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
