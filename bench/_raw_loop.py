"""The raw baseline of bench/decode.py: a greedy loop on llama-cpp-python's low-level API.

It runs in the benchmark's own process, with nothing between Python and llama.cpp: no
model process, no JSON lines, no ``Llama`` bookkeeping. What the app path costs on top of
it is what ``decode_ratio`` measures.
"""

from __future__ import annotations

import ctypes
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Run:
    """One generation: what it produced and how fast."""

    tokens: int
    ttft_s: float
    tokens_per_s: float
    text: str = ""
    times: list[float] = field(default_factory=list)  # since start, one per token/piece
    reused_tokens: int = 0
    prompt_tokens: int = 0
    cpu_s: float = 0.0  # this process's CPU time during the run (app: the parent side)
    cancelled: bool = False


class RawLoop:
    """A greedy decode loop straight on llama.cpp's C API (as fast as Python can go).

    The next token is the argmax of the logits (numpy, ~25 us). ``llama_sampler_sample``
    with a greedy chain would pick the same token but costs ~0.5 ms a token here: it
    copies all 49,152 logits into candidates one by one, which would flatter the app.
    """

    def __init__(self, llm: Any) -> None:
        import llama_cpp
        import numpy

        self.api = llama_cpp
        self.numpy = numpy
        self.llm = llm
        self.ctx = llm._ctx.ctx
        self.vocab = llm._model.vocab
        self.n_vocab = int(llama_cpp.llama_vocab_n_tokens(self.vocab))
        self.n_batch = int(llm.n_batch)
        self.batch = llama_cpp.llama_batch_init(self.n_batch, 0, 1)
        self.piece = ctypes.create_string_buffer(256)

    def close(self) -> None:
        self.api.llama_batch_free(self.batch)

    def _argmax(self) -> int:
        logits = self.api.llama_get_logits_ith(self.ctx, -1)
        return int(self.numpy.ctypeslib.as_array(logits, shape=(self.n_vocab,)).argmax())

    def _decode(self, tokens: list[int], start: int) -> None:
        batch = self.batch
        batch.n_tokens = len(tokens)
        for i, token in enumerate(tokens):
            batch.token[i] = token
            batch.pos[i] = start + i
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = 0
            batch.logits[i] = 0
        batch.logits[len(tokens) - 1] = 1
        if self.api.llama_decode(self.ctx, batch) != 0:
            raise RuntimeError("llama_decode failed")

    def generate(self, prompt: list[int], n_gen: int, stop_at: float = float("inf")) -> Run:
        """Greedy, EOS ignored; tokens/s over tokens 2..n as the model process counts it.

        Stops early (``cancelled``) once ``time.monotonic()`` passes ``stop_at``.
        """
        api = self.api
        api.llama_memory_clear(api.llama_get_memory(self.ctx), True)
        self.llm.reset()  # the Llama object's bookkeeping no longer matches the cache
        pieces: list[bytes] = []
        times: list[float] = []
        cpu = time.process_time()
        started = time.perf_counter()
        for at in range(0, len(prompt), self.n_batch):
            self._decode(prompt[at : at + self.n_batch], at)
        position = len(prompt)
        token = self._argmax()
        while True:
            n = api.llama_token_to_piece(self.vocab, token, self.piece, 256, 0, False)
            pieces.append(self.piece.raw[:n])
            times.append(time.perf_counter() - started)
            if len(times) >= n_gen or time.monotonic() > stop_at:
                break
            self._decode([token], position)
            position += 1
            token = self._argmax()
        elapsed = time.perf_counter() - started
        first = times[0]
        rate = (len(times) - 1) / (elapsed - first) if len(times) > 1 else 0.0
        return Run(
            tokens=len(times), ttft_s=first, tokens_per_s=rate, times=times,
            text=b"".join(pieces).decode("utf-8", "replace"), prompt_tokens=len(prompt),
            cpu_s=time.process_time() - cpu, cancelled=len(times) < n_gen,
        )  # fmt: skip
