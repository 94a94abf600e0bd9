"""Decode benchmark: the app's streaming path against a raw llama-cpp-python loop.

Measured side by side in one run, with the same model, threads, context length,
prompt tokens and number of generated tokens:

- ``decode_ratio``: tokens/s of ``LocalBackend.stream`` (model process, JSON lines,
  incremental detokenization) over tokens/s of an in-process loop on llama-cpp-python's
  low-level API (``llama_decode``, argmax of ``llama_get_logits_ith``, ``llama_token_to_piece``).
  Both exclude prompt evaluation and the first token. App and raw rounds alternate
  (app/raw, raw/app, ...) so that drift in machine load hits both alike. Goal >= 0.97.
- ``late_vs_early``: ms/token over tokens 897-1024 over ms/token over tokens 1-128 of
  one 1024-token app generation, timed per streamed piece on the parent side. Goal <= 1.10.
  The same is measured on the raw loop (``raw_late_vs_early``): the part of the slowdown
  that llama.cpp itself has (attention over a longer context), not the app.
- ``followup_ttft_ratio``: time to first token of a follow-up turn over that of the first
  turn, with a ~1500-token shared prefix (system prompt + a long document). Goal <= 0.2.

Progress goes to stderr; the last stdout line is one JSON object. Missing a goal is
reported, not raised: the exit status is 0 whenever the benchmark could run. llama.cpp's
threads wait for each other in spin barriers, so other programs running on the same
cores slow it down a lot and unevenly: the result says how loaded the machine was.

    .venv/bin/python bench/decode.py [--model PATH] [--rounds 6] [--tokens 256]
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import io
import itertools
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import default_model_path, emit, isolated_home, log, median, rounded
from _raw_loop import RawLoop, Run

from engine.cancel import CancelToken
from engine.models.local import LocalBackend
from engine.models.process import Worker
from engine.types import ChatMessage, GenerationOptions

GOALS = {"decode_ratio": 0.97, "late_vs_early": 1.10, "followup_ttft_ratio": 0.2}
STORY_PROMPT = (
    "Write a long, detailed story about a lighthouse keeper who finds a message in a "
    "bottle, and what happens in the village over the following year."
)
#: Modules whose documentation makes the long shared prefix: real English prose.
DOC_MODULES = ("argparse", "json", "csv", "unittest", "heapq", "subprocess", "difflib", "os")
WINDOW = 128  # tokens in the early and the late window of the long generation


class Deadline:
    """The time budget of the whole run: phases shrink or stop instead of overrunning."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def cancel_token(self) -> tuple[CancelToken, threading.Timer]:
        """A token that cancels itself when the budget runs out."""
        token = CancelToken()
        timer = threading.Timer(max(0.0, self.left()), token.cancel)
        timer.daemon = True
        timer.start()
        return token, timer


# --- the app path: LocalBackend.stream, timed on the parent side -----------------------


def greedy(n_gen: int, ignore_eos: bool = True) -> GenerationOptions:
    return GenerationOptions(
        max_tokens=n_gen, temperature=0.0, top_k=1, top_p=1.0, repeat_penalty=1.0,
        seed=0, ignore_eos=ignore_eos,
    )  # fmt: skip


def app_generate(backend: LocalBackend, messages: list[ChatMessage], n_gen: int,
                 ignore_eos: bool = True, cancel: CancelToken | None = None) -> Run:  # fmt: skip
    cancel = cancel or CancelToken()
    times: list[float] = []
    parts: list[str] = []
    cpu = time.process_time()
    started = time.perf_counter()
    for piece in backend.stream(messages, greedy(n_gen, ignore_eos), cancel):
        times.append(time.perf_counter() - started)
        parts.append(piece)
    stats = backend.last_stats
    return Run(
        tokens=stats.generated_tokens, ttft_s=times[0] if times else 0.0,
        tokens_per_s=stats.tokens_per_second, text="".join(parts), times=times,
        reused_tokens=stats.reused_tokens, prompt_tokens=stats.prompt_tokens,
        cpu_s=time.process_time() - cpu, cancelled=cancel.cancelled,
    )  # fmt: skip


def caller_rate(run: Run) -> float:
    """Tokens/s seen by the caller: pieces 2..n over the time from the first to the last."""
    times = run.times
    if len(times) < 2 or times[-1] <= times[0]:
        return 0.0
    return (len(times) - 1) / (times[-1] - times[0])


# --- the three measurements -------------------------------------------------------------


def measure_decode(backend: LocalBackend, raw: RawLoop, prompt: list[int],
                   messages: list[ChatMessage], n_gen: int, rounds: int,
                   deadline: Deadline) -> dict[str, Any]:  # fmt: skip
    log("warm-up: app and raw, 32 tokens each")
    app_generate(backend, messages, 32)
    raw.generate(prompt, 32)
    app_runs: list[Run] = []
    raw_runs: list[Run] = []
    for index in range(rounds):
        if index >= 1 and deadline.left() < 120:
            log(f"time budget: stopping after {index} rounds")
            break
        order = ("app", "raw") if index % 2 == 0 else ("raw", "app")
        for which in order:
            if which == "app":
                run = app_generate(backend, messages, n_gen)
                app_runs.append(run)
            else:
                run = raw.generate(prompt, n_gen)
                raw_runs.append(run)
            log(f"round {index + 1}/{rounds} {which:3}: {run.tokens} tokens, "
                f"{run.tokens_per_s:6.1f} tok/s")  # fmt: skip
    app_rate = median([r.tokens_per_s for r in app_runs])
    raw_rate = median([r.tokens_per_s for r in raw_runs])
    pairs = list(zip(app_runs, raw_runs, strict=True))
    if app_runs[0].prompt_tokens != len(prompt):
        log(f"WARNING: prompt lengths differ (app {app_runs[0].prompt_tokens}, raw {len(prompt)})")
    return {
        "decode_ratio": rounded(app_rate / raw_rate if raw_rate else 0.0),
        "app_tokens_per_s": rounded(app_rate, 2),
        "raw_tokens_per_s": rounded(raw_rate, 2),
        "decode_ratio_paired_median": rounded(
            median([a.tokens_per_s / r.tokens_per_s for a, r in pairs])
        ),
        "app_rounds_tokens_per_s": [rounded(r.tokens_per_s, 2) for r in app_runs],
        "raw_rounds_tokens_per_s": [rounded(r.tokens_per_s, 2) for r in raw_runs],
        "app_caller_tokens_per_s": rounded(median([caller_rate(r) for r in app_runs]), 2),
        # CPU the app's parent side (event reader + consumer) spends per token: it runs on
        # the cores the model process decodes on.
        "app_parent_cpu_us_per_token": rounded(
            median([r.cpu_s / max(1, r.tokens) * 1e6 for r in app_runs]), 1
        ),
        "decode_prompt_tokens": len(prompt),
        "decode_generated_tokens": n_gen,
        "rounds": len(pairs),
        # Greedy text can differ after many tokens: the app evaluates only the last prompt
        # token on later rounds (prefix reuse), which rounds differently from a full batch.
        "same_text_app_and_raw": all(a.text == raw_runs[0].text for a in app_runs),
    }


def window_ratio(times: list[float], n_gen: int) -> dict[str, float] | None:
    """ms/token of the last WINDOW tokens over the first WINDOW (first token excluded)."""
    if len(times) < n_gen or len(times) < 2 * WINDOW + 1:
        return None
    # times[i] is when token i+1 arrived; token 1 carries the prompt evaluation, so the
    # early window is the gaps before tokens 2..WINDOW and the late window the gaps
    # before the last WINDOW tokens.
    early = (times[WINDOW - 1] - times[0]) / (WINDOW - 1)
    late = (times[-1] - times[-WINDOW - 1]) / WINDOW
    gaps = [b - a for a, b in itertools.pairwise(times)]
    early_median = median(gaps[: WINDOW - 1])
    late_median = median(gaps[-WINDOW:])
    return {
        "ratio": late / early,
        "early_ms": early * 1000,
        "late_ms": late * 1000,
        "median_gap_ratio": late_median / early_median if early_median else 0.0,
    }


def measure_late_vs_early(backend: LocalBackend, raw: RawLoop, prompt: list[int],
                          messages: list[ChatMessage], n_gen: int,
                          deadline: Deadline) -> dict[str, Any]:  # fmt: skip
    log(f"one {n_gen}-token app generation, timing every streamed piece")
    cancel, timer = deadline.cancel_token()
    run = app_generate(backend, messages, n_gen, cancel=cancel)
    timer.cancel()
    app = window_ratio(run.times, n_gen) if run.tokens == n_gen else None
    if app is None:
        why = "out of time budget" if run.cancelled else f"{len(run.times)} pieces"
        log(f"late_vs_early not measured: {why}")
        return {"late_vs_early": None, "late_vs_early_error": why}
    log(f"app: early {app['early_ms']:.2f} ms/token, late {app['late_ms']:.2f} ms/token")
    result: dict[str, Any] = {
        "late_vs_early": rounded(app["ratio"]),
        "late_vs_early_median_gaps": rounded(app["median_gap_ratio"]),
        "early_ms_per_token": rounded(app["early_ms"], 3),
        "late_ms_per_token": rounded(app["late_ms"], 3),
        "long_generated_tokens": run.tokens,
        "long_streamed_pieces": len(run.times),  # == tokens: piece i is token i
        "long_app_tokens_per_s": rounded(run.tokens_per_s, 2),
    }
    expected = n_gen / max(run.tokens_per_s, 1e-6) + 10
    if deadline.left() < expected:
        log("raw late_vs_early skipped: out of time budget")
        return result
    log(f"the same on the raw loop ({n_gen} tokens)")
    raw_run = raw.generate(prompt, n_gen, stop_at=deadline.end)
    baseline = window_ratio(raw_run.times, n_gen)
    if baseline is None:
        log("raw late_vs_early not measured: out of time budget")
    if baseline is not None:
        log(f"raw: early {baseline['early_ms']:.2f} ms/token, "
            f"late {baseline['late_ms']:.2f} ms/token")  # fmt: skip
        result["raw_late_vs_early"] = rounded(baseline["ratio"])
        result["raw_late_vs_early_median_gaps"] = rounded(baseline["median_gap_ratio"])
        result["long_raw_tokens_per_s"] = rounded(raw_run.tokens_per_s, 2)
    return result


def long_document(count_tokens: Callable[[str], int], target: int) -> str:
    """About ``target`` tokens of real prose: documentation of standard-library modules."""
    paragraphs: list[str] = []
    for name in DOC_MODULES:
        doc = inspect.getdoc(importlib.import_module(name)) or ""
        paragraphs.extend(p.strip() for p in doc.split("\n\n") if len(p.strip()) > 40)
    text = ""
    for paragraph in paragraphs:
        candidate = f"{text}\n\n{paragraph}" if text else paragraph
        if count_tokens(candidate) > target:
            break
        text = candidate
    return text


def measure_followup(backend: LocalBackend, count_tokens: Callable[[str], int],
                     prefix_tokens: int) -> dict[str, Any]:  # fmt: skip
    system = (
        "You are Hisho, a private assistant. Answer questions about the document below "
        "briefly and accurately.\n\n" + long_document(count_tokens, prefix_tokens)
    )
    first = [
        ChatMessage("system", system),
        ChatMessage("user", "What is this document about? Answer in one sentence."),
    ]
    # The backend's cache holds the story prompt: only the template's first tokens match.
    log(f"follow-up: first turn with a {count_tokens(system)}-token system prompt")
    turn1 = app_generate(backend, first, 32, ignore_eos=False)
    second = [
        *first,
        ChatMessage("assistant", turn1.text),
        ChatMessage("user", "Which module is described first?"),
    ]
    turn2 = app_generate(backend, second, 32, ignore_eos=False)
    ratio = turn2.ttft_s / turn1.ttft_s if turn1.ttft_s else 0.0
    log(f"TTFT first {turn1.ttft_s * 1000:.0f} ms ({turn1.reused_tokens} of "
        f"{turn1.prompt_tokens} tokens reused), follow-up {turn2.ttft_s * 1000:.0f} ms "
        f"({turn2.reused_tokens} of {turn2.prompt_tokens} reused)")  # fmt: skip
    return {
        "followup_ttft_ratio": rounded(ratio),
        "first_ttft_ms": rounded(turn1.ttft_s * 1000, 1),
        "followup_ttft_ms": rounded(turn2.ttft_s * 1000, 1),
        "first_prompt_tokens": turn1.prompt_tokens,
        "first_reused_tokens": turn1.reused_tokens,
        "followup_prompt_tokens": turn2.prompt_tokens,
        "followup_reused_tokens": turn2.reused_tokens,
    }


# --- putting it together ---------------------------------------------------------------


def load_raw(model: Path, n_ctx: int, threads: int) -> tuple[Worker, dict[str, Any]]:
    """Load the model in this process exactly as the model process does."""
    out = io.StringIO()
    worker = Worker(out)
    worker.load(str(model), n_ctx, threads, 0)
    event = json.loads(out.getvalue().splitlines()[-1])
    if event.get("event") != "loaded":
        raise SystemExit(f"could not load {model}: {event.get('message')}")
    return worker, event


def goals(result: dict[str, Any]) -> dict[str, bool]:
    def met(name: str, at_least: bool) -> bool:
        value = result.get(name)
        if not value:
            return False
        return bool(value >= GOALS[name] if at_least else value <= GOALS[name])

    return {
        "decode_ratio": met("decode_ratio", True),
        "late_vs_early": met("late_vs_early", False),
        "followup_ttft_ratio": met("followup_ttft_ratio", False),
    }


def noise(result: dict[str, Any], load_before: float) -> dict[str, Any]:
    """How much to trust the numbers: spread of the raw rounds and the machine's load."""
    raw = result.get("raw_rounds_tokens_per_s") or [0.0]
    spread = max(raw) / min(raw) if min(raw) > 0 else 0.0
    return {
        "raw_rounds_spread": rounded(spread, 3),
        "load_average_before": rounded(load_before, 2),
        "load_average_after": rounded(os.getloadavg()[0], 2),
        "noisy": spread > 1.10 or load_before > 1.0,
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="GGUF file (default model)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--n-ctx", type=int, default=4096, help="context length (>= 2048)")
    parser.add_argument("--tokens", type=int, default=256, help="tokens per decode round")
    parser.add_argument("--rounds", type=int, default=6, help="app and raw rounds each")
    parser.add_argument("--long-tokens", type=int, default=1024)
    parser.add_argument("--prefix-tokens", type=int, default=1500)
    parser.add_argument(
        "--phases", default="decode,followup,long", help="which measurements to run"
    )
    parser.add_argument("--budget-s", type=float, default=180, help="stop phases after this")
    return parser.parse_args()


def run_all(args: argparse.Namespace, model: Path, n_ctx: int) -> dict[str, Any]:
    deadline = Deadline(args.budget_s)
    worker, loaded = load_raw(model, n_ctx, args.threads)
    raw = RawLoop(worker.llm)
    backend = LocalBackend(model, context_length=n_ctx, threads=args.threads, seed=0)
    try:
        info = backend.load()
        messages = [ChatMessage("user", STORY_PROMPT)]
        prompt = worker.tokens(messages)

        def count_tokens(text: str) -> int:
            return len(worker.llm.tokenize(text.encode("utf-8"), add_bos=False))

        phases = set(args.phases.split(","))
        result: dict[str, Any] = {}
        if "decode" in phases:
            result.update(
                measure_decode(backend, raw, prompt, messages, args.tokens, args.rounds, deadline)
            )
        if "followup" in phases:
            result.update(measure_followup(backend, count_tokens, args.prefix_tokens))
        if "long" in phases:
            result.update(
                measure_late_vs_early(backend, raw, prompt, messages, args.long_tokens, deadline)
            )
    finally:
        backend.close()
        raw.close()
    result.update(
        model=info.name, threads=info.threads, n_ctx=info.context_length,
        raw_n_ctx=int(loaded["context_length"]), model_path=str(model),
    )  # fmt: skip
    return result


def main() -> int:
    args = parse_args()
    model = (args.model or default_model_path()).expanduser()
    n_ctx = max(args.n_ctx, 2048)
    began = time.perf_counter()
    load_before = os.getloadavg()[0]
    with isolated_home():
        log(f"model {model}, {args.threads} threads, n_ctx {n_ctx}, load {load_before:.2f}")
        result = run_all(args, model, n_ctx)
    result["goals"] = goals(result)
    result["goal_thresholds"] = GOALS
    result.update(noise(result, load_before))
    result["bench_seconds"] = rounded(time.perf_counter() - began, 1)
    log(f"done in {result['bench_seconds']} s; goals {result['goals']}")
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
