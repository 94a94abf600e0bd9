"""Picking the next token in the model process, optionally under a grammar.

``TokenSampler`` applies the sampler chain ``Llama.generate`` would build. A grammar
(GBNF, ``GenerationOptions.grammar``) is checked the way llama.cpp's own common sampler
does it: the token the chain picks unconstrained is tried against the grammar first,
and only when the grammar refuses it is the whole vocabulary constrained and sampled
again. Constraining all 49k candidates of SmolLM2 for every token made a 20-token tool
call take over a minute on one core here; most tokens pass the first try.
"""

from __future__ import annotations

import ctypes
from typing import Any


class TokenSampler:
    """Picks the next token with the sampler chain ``Llama.generate`` would build.

    ``llama_sampler_sample`` copies every logit into a candidate array one element at a
    time: ~0.5 ms a token for a 49k vocabulary here, about 3% of a decode step. Numpy
    fills the same array in ~0.08 ms, then the chain is applied and told the token as
    ``llama_sampler_sample`` does, so the tokens are the same. Plain greedy (temperature
    0, no penalty) is an argmax, as llama.cpp's greedy sampler does it.
    """

    def __init__(self, llm: Any, options: dict[str, Any]) -> None:
        import llama_cpp
        import numpy as np

        self.api, self.np, self.ctx = llama_cpp, np, llm._ctx.ctx
        self.grammar: Any = None
        temp = float(options.get("temperature", 0.7))
        repeat_penalty = float(options.get("repeat_penalty", 1.0))
        grammar = str(options.get("grammar", ""))
        self.grammar = _grammar_sampler(llm, grammar) if grammar else None
        self.argmax_only = temp == 0.0 and repeat_penalty == 1.0 and self.grammar is None
        self.chain = llm._init_sampler(
            top_k=int(options.get("top_k", 40)), top_p=float(options.get("top_p", 0.95)),
            min_p=0.0, temp=temp, repeat_penalty=repeat_penalty,
        )  # fmt: skip
        self.n_vocab = int(llm.n_vocab())
        self.ids = np.arange(self.n_vocab, dtype=np.int32)
        fields = [("id", np.int32), ("logit", np.float32), ("p", np.float32)]
        self.cells = np.zeros(self.n_vocab, dtype=np.dtype(fields))
        self.one = np.zeros(1, dtype=np.dtype(fields))
        assert self.cells.itemsize == ctypes.sizeof(llama_cpp.llama_token_data)
        self.array = llama_cpp.llama_token_data_array()

    def __del__(self) -> None:
        self.close()

    def close(self) -> None:
        if self.grammar is not None:
            self.api.llama_sampler_free(self.grammar)
            self.grammar = None

    def sample(self) -> int:
        """The next token, from the logits of the last evaluated token."""
        api = self.api
        pointer = api.llama_get_logits_ith(self.ctx, -1)
        logits = self.np.ctypeslib.as_array(pointer, shape=(self.n_vocab,))
        if self.argmax_only:
            return int(logits.argmax())
        token = self._chain_pick(logits, constrained=False)
        if self.grammar is not None and not self._allowed(token):
            token = self._chain_pick(logits, constrained=True)
        api.llama_sampler_accept(self.chain.sampler, token)
        if self.grammar is not None:
            api.llama_sampler_accept(self.grammar, token)
        return token

    def _fill(self, cells: Any, size: int) -> Any:
        array = self.array
        array.data = cells.ctypes.data_as(self.api.llama_token_data_p)
        array.size, array.selected, array.sorted = size, -1, False
        return ctypes.byref(array)

    def _chain_pick(self, logits: Any, constrained: bool) -> int:
        api, cells = self.api, self.cells
        cells["id"] = self.ids  # the chain sorts and cuts the array in place: refill it
        cells["logit"] = logits
        cells["p"] = 0.0
        array = self._fill(cells, self.n_vocab)
        if constrained:
            api.llama_sampler_apply(self.grammar, array)
        api.llama_sampler_apply(self.chain.sampler, array)
        if not 0 <= self.array.selected < self.array.size:
            raise RuntimeError("the sampler chose no token")
        return int(self.array.data[self.array.selected].id)

    def _allowed(self, token: int) -> bool:
        """Whether the grammar takes ``token`` next."""
        one = self.one
        one["id"], one["logit"], one["p"] = token, 0.0, 0.0
        self.api.llama_sampler_apply(self.grammar, self._fill(one, 1))
        return bool(self.np.isfinite(one["logit"][0]))


def _grammar_sampler(llm: Any, grammar: str) -> Any:
    """A llama.cpp grammar sampler for ``grammar``.

    Raises:
        ValueError: llama.cpp could not parse the grammar.
    """
    import llama_cpp

    sampler = llama_cpp.llama_sampler_init_grammar(
        llm._model.vocab, grammar.encode("utf-8"), b"root"
    )
    if not sampler:
        raise ValueError("the grammar could not be parsed")
    return sampler
