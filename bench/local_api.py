"""Local API benchmark: tokens/s through Hisho's API against the model it shares.

Measured side by side in one run, with the same model process, prompt and number of
tokens (greedy, end of turn ignored):

- ``api_ratio``: tokens/s a client of the local API sees (the official ``openai`` SDK
  streaming server-sent events over HTTP on 127.0.0.1, token check, the model gate, the
  request log) over tokens/s of ``LocalBackend.stream`` called directly — the path the
  window's own chats take. Both are timed on the caller's side from the first piece to
  the last (first token excluded). API and direct rounds alternate. Goal >= 0.95.
- ``api_vs_raw_ratio``: the API's tokens/s over an in-process greedy loop on
  llama-cpp-python's low-level API (``_raw_loop.py``, as bench/decode.py): everything
  Hisho adds, model process included.
- ``concurrent``: ``--clients`` clients at once (half streaming), each its own question;
  ``all_answered`` and ``all_distinct`` say no request was lost or mixed up, and
  ``concurrent_tokens_per_s`` is the total throughput (the model answers one at a time).

Progress on stderr; the last stdout line is one JSON object; a missed goal is reported,
not raised.

    .venv/bin/python bench/local_api.py [--model PATH] [--threads 2] [--rounds 6]
                                        [--tokens 256] [--clients 20]
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from pathlib import Path
from typing import Any

from _common import default_model_path, emit, isolated_home, log, median, rounded
from _raw_loop import RawLoop

from engine.api.config import ServerConfig
from engine.api.server import ApiServer
from engine.api.service import ApiService
from engine.api.token import new_token
from engine.cancel import CancelToken
from engine.models.local import LocalBackend
from engine.storage.api_log import ApiLog
from engine.storage.settings import ChatSettings, Settings
from engine.types import ChatMessage, GenerationOptions

GOALS = {"api_ratio": 0.95}
PROMPT = (
    "Write a long, detailed story about a lighthouse keeper who finds a message in a "
    "bottle, and what happens in the village over the following year."
)
ANIMALS = [
    *("cat", "dog", "horse", "fish", "bird", "lion", "tiger", "bear", "wolf", "fox", "owl"),
    *("frog", "snake", "duck", "goat", "sheep", "mouse", "whale", "shark", "eagle", "zebra"),
]


def caller_rate(times: list[float]) -> float:
    """Pieces 2..n over the time from the first piece to the last."""
    if len(times) < 2 or times[-1] <= times[0]:
        return 0.0
    return (len(times) - 1) / (times[-1] - times[0])


def direct_round(backend: LocalBackend, tokens: int) -> float:
    options = GenerationOptions(max_tokens=tokens, temperature=0.0, repeat_penalty=1.0,
                                ignore_eos=True)  # fmt: skip
    times = []
    for _piece in backend.stream([ChatMessage("user", PROMPT)], options, CancelToken()):
        times.append(time.perf_counter())
    return caller_rate(times)


def api_round(client: Any, tokens: int) -> float:
    stream = client.chat.completions.create(
        model="hisho", messages=[{"role": "user", "content": PROMPT}], stream=True,
        max_tokens=tokens, temperature=0.0, extra_body={"ignore_eos": True},
    )  # fmt: skip
    times = []
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            times.append(time.perf_counter())
    return caller_rate(times)


def raw_round(raw: RawLoop, prompt: list[int], tokens: int) -> float:
    return raw.generate(prompt, tokens).tokens_per_s


def measure_rates(backend: LocalBackend, client: Any, raw: RawLoop, prompt: list[int],
                  rounds: int, tokens: int) -> dict[str, Any]:  # fmt: skip
    log("warm-up: 32 tokens each way")
    direct_round(backend, 32), api_round(client, 32), raw_round(raw, prompt, 32)
    runs: dict[str, list[float]] = {"api": [], "direct": [], "raw": []}
    for index in range(rounds):
        order = ("api", "direct", "raw") if index % 2 == 0 else ("raw", "direct", "api")
        for which in order:
            if which == "api":
                rate = api_round(client, tokens)
            elif which == "direct":
                rate = direct_round(backend, tokens)
            else:
                rate = raw_round(raw, prompt, tokens)
            runs[which].append(rate)
            log(f"round {index + 1}/{rounds} {which:6}: {rate:6.1f} tok/s")
    api, direct, raw_rate = (median(runs[k]) for k in ("api", "direct", "raw"))
    return {
        "api_ratio": rounded(api / direct if direct else 0.0),
        "api_vs_raw_ratio": rounded(api / raw_rate if raw_rate else 0.0),
        "api_tokens_per_s": rounded(api, 2),
        "direct_tokens_per_s": rounded(direct, 2),
        "raw_tokens_per_s": rounded(raw_rate, 2),
        "api_ratio_paired_median": rounded(
            median([a / d for a, d in zip(runs["api"], runs["direct"], strict=True) if d])
        ),
        "rounds_tokens_per_s": {k: [rounded(v, 1) for v in values] for k, values in runs.items()},
        "tokens": tokens,
    }


def measure_concurrent(client: Any, clients: int, tokens: int) -> dict[str, Any]:
    log(f"{clients} clients at once, {tokens} tokens each")
    replies: dict[int, str] = {}
    failures: list[str] = []

    def ask(index: int) -> None:
        messages = [{"role": "user", "content": f"Write about a {ANIMALS[index % len(ANIMALS)]}"
                     f" number {index}."}]  # fmt: skip
        try:
            if index % 2:
                reply = client.chat.completions.create(
                    model="hisho", messages=messages, max_tokens=tokens, temperature=0.0,
                    extra_body={"ignore_eos": True})  # fmt: skip
                replies[index] = reply.choices[0].message.content or ""
            else:
                stream = client.chat.completions.create(
                    model="hisho", messages=messages, max_tokens=tokens, temperature=0.0,
                    stream=True, extra_body={"ignore_eos": True})  # fmt: skip
                replies[index] = "".join(c.choices[0].delta.content or "" for c in stream
                                         if c.choices)  # fmt: skip
        except Exception as exc:  # counted, reported
            failures.append(f"{index}: {exc}")

    started = time.perf_counter()
    threads = [threading.Thread(target=ask, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=900)
    elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "all_answered": len(replies) == clients and all(replies.values()) and not failures,
        "all_distinct": len(set(replies.values())) == len(replies),
        "failures": failures[:5],
        "concurrent_seconds": rounded(elapsed, 2),
        "concurrent_tokens_per_s": rounded(clients * tokens / elapsed, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--n-ctx", type=int, default=2048)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--client-tokens", type=int, default=32)
    parser.add_argument("--gpu-layers", type=int, default=0)
    args = parser.parse_args()
    model = args.model or default_model_path()
    import openai
    from llama_cpp import Llama

    with isolated_home():
        backend = LocalBackend(model, args.n_ctx, args.threads, gpu_layers=args.gpu_layers)
        backend.load()
        settings = Settings(chat=ChatSettings(temperature=0.0, repeat_penalty=1.0))
        token = new_token()
        log_store = ApiLog()
        server = ApiServer(ServerConfig(token=token, port=0, requests_per_minute=6000),
                           ApiService(backend, lambda: settings), log_store)  # fmt: skip
        url = server.start()
        client = openai.OpenAI(base_url=url, api_key=token, max_retries=0, timeout=900)
        llm = Llama(str(model), n_ctx=args.n_ctx, n_threads=args.threads,
                    n_threads_batch=args.threads, n_gpu_layers=args.gpu_layers,
                    verbose=False)  # fmt: skip
        raw = RawLoop(llm)
        prompt = backend_prompt_tokens(llm, backend)
        try:
            result = measure_rates(backend, client, raw, prompt, args.rounds, args.tokens)
            if args.clients:
                result.update(measure_concurrent(client, args.clients, args.client_tokens))
            result["logged_requests"] = len(log_store.entries())
        finally:
            raw.close()
            server.stop()
            backend.close()
            log_store.close()
    result.update({
        "model": model.name, "threads": args.threads, "gpu_layers": args.gpu_layers,
        "load_average": rounded(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "goals": {name: {"goal": f">= {goal}", "met": result.get(name, 0) >= goal}
                  for name, goal in GOALS.items()},
    })  # fmt: skip
    emit(result)


def backend_prompt_tokens(llm: Any, backend: LocalBackend) -> list[int]:
    """The prompt's tokens as the model process builds them (same template), for the raw
    loop: the count matches what the app evaluates."""
    from engine.chat.template import choose_template

    meta = llm.metadata
    bos = llm.detokenize([llm.token_bos()], special=True).decode("utf-8", "replace")
    eos = llm.detokenize([llm.token_eos()], special=True).decode("utf-8", "replace")
    template = choose_template(meta.get("tokenizer.chat_template"), bos, eos)
    text = "".join(part for part, _ in template.render_parts([ChatMessage("user", PROMPT)]))
    tokens: list[int] = llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)
    expected = backend.count_tokens([ChatMessage("user", PROMPT)])[0]
    if abs(len(tokens) - expected) > 2:
        log(f"WARNING: raw prompt {len(tokens)} tokens, the app's {expected}")
    return tokens


if __name__ == "__main__":
    main()
