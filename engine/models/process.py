"""The model process: loads a GGUF model and generates, behind a process boundary.

llama.cpp is native code: a malformed model file or a bug can crash or hang it. It
runs here, in a child process, so the window survives and shows a clear message.
The parent (``engine.models.local``) talks to it with JSON lines: requests on stdin,
events on the original stdout (native code printing to stdout is sent to stderr).

Generation is token by token with incremental UTF-8 detokenization (each token's
bytes are decoded once; the high-level streaming API re-detokenizes all output per
token), stops within one token of a cancel request, and reuses the already-evaluated
prefix of the previous turn (the KV cache of the longest common prefix is kept).
"""

from __future__ import annotations

import codecs
import json
import os
import queue
import sys
import threading
import time
from typing import IO, Any

from engine.chat.context import fit_messages
from engine.chat.template import ChatTemplate, TemplateError, Tools, choose_template
from engine.chat.template_messages import from_wire
from engine.chat.thinking import opens_thinking, thinking_support
from engine.child_process import worker_channel
from engine.i18n import QT_TRANSLATE_NOOP
from engine.models.gguf_check import checked_gguf
from engine.models.hardware import usable_gpu
from engine.models.offload import (
    ModelShape,
    captured_log,
    offloaded_from_log,
    plan_layers,
    shape_from_metadata,
)
from engine.models.sampler import TokenSampler
from engine.tools.calls import tool_format
from engine.types import GPU_LAYERS_AUTO, ChatMessage

#: Prompt tokens evaluated between two looks at the cancel flag (32 took 0.25-0.4 s on
#: one core here, and no longer in total than one 512-token batch).
PROMPT_SLICE = 32

_NO_MODEL = QT_TRANSLATE_NOOP("Engine", "No model is loaded.")
_TEMPLATE_FAILED = QT_TRANSLATE_NOOP("Engine", "The chat template failed: {error}")
#: Where a chat template given in place of the model's own came from.
_CUSTOM_TEMPLATE = QT_TRANSLATE_NOOP("Engine", "custom template")


def _chat_messages(raw_messages: list[dict[str, Any]]) -> list[ChatMessage]:
    """The request's messages as the templates take them.

    Raises:
        TemplateError: a message has a role no template knows (reported like any
            other template failure).
    """
    try:
        return [from_wire(message) for message in raw_messages]
    except ValueError as exc:
        raise TemplateError(str(exc)) from exc


def _tools(options: dict[str, Any]) -> Tools | None:
    """The tool definitions a request offers (None: none, or not a list)."""
    try:
        tools = json.loads(str(options.get("tools_json") or "null"))
    except ValueError:
        return None
    return tools if isinstance(tools, list) and tools else None


class Worker:
    """Holds the loaded model and answers requests one at a time."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.llm: Any = None
        self.template: ChatTemplate | None = None
        self.stop_ids: set[int] = set()
        self.cancel = threading.Event()

    def send(self, **event: Any) -> None:
        self.out.write(json.dumps(event) + "\n")
        self.out.flush()

    # --- requests ------------------------------------------------------------------

    def load(
        self, path: str, context_length: int, threads: int, seed: int,
        gpu_layers: int = GPU_LAYERS_AUTO, chat_template: str = "",
    ) -> None:  # fmt: skip
        summary, problem = checked_gguf(path)  # the whole header, before native code reads it
        if summary is None:
            self.send(event="error", kind="load", message=problem)
            return
        try:
            import llama_cpp
        except ImportError as exc:
            missing = QT_TRANSLATE_NOOP("Engine", "llama-cpp-python is missing: {error}")
            self.send(event="error", kind="load", message=missing.format(error=exc))
            return
        shape = shape_from_metadata(summary.metadata, os.path.getsize(path))
        try:
            trained, placement = self._open(path, context_length, threads, seed, gpu_layers, shape)
        except Exception as exc:  # llama-cpp-python raises ValueError for bad files
            failed = QT_TRANSLATE_NOOP(
                "Engine",
                "The model could not be loaded ({error}). The file may be damaged, or the model "
                "is not supported by this version of llama.cpp: {path}. Choose another model "
                "with File › Choose chat model…",
            )
            self.send(event="error", kind="load", message=failed.format(error=exc, path=path))
            return
        llm = self.llm
        meta = llm.metadata
        bos = llm.detokenize([llm.token_bos()], special=True).decode("utf-8", "replace")
        eos = llm.detokenize([llm.token_eos()], special=True).decode("utf-8", "replace")
        if chat_template:
            self.template = choose_template(chat_template, bos, eos, _CUSTOM_TEMPLATE)
        else:
            self.template = choose_template(meta.get("tokenizer.chat_template"), bos, eos)
        vocab = llm._model.vocab
        self.stop_ids = {t for t in range(llm.n_vocab()) if llama_cpp.llama_vocab_is_eog(vocab, t)}
        start = llm.tokenize(b"<|im_start|>", add_bos=False, special=True)
        if len(start) == 1:
            self.stop_ids.add(start[0])
        self.send(
            event="loaded", context_length=llm.n_ctx(), trained_context_length=trained,
            threads=threads, template=self.template.source, name=str(meta.get("general.name", "")),
            gpu_offload=bool(llama_cpp.llama_supports_gpu_offload()), gpu_layers=placement[0],
            layer_count=placement[1], gpu_name=placement[2],
            thinking=thinking_support(self.template).value,
            tool_format=tool_format(self.template.text, self.template.tools_as_text),
        )  # fmt: skip

    def _open(
        self, path: str, context_length: int, threads: int, seed: int, gpu_layers: int,
        shape: ModelShape,
    ) -> tuple[int, tuple[int, int, str]]:  # fmt: skip
        """Open the model with as many layers on the GPU as ``gpu_layers`` says (see
        engine.models.offload): (trained context, (layers offloaded, layers in all, GPU))."""
        import llama_cpp

        offload = bool(llama_cpp.llama_supports_gpu_offload())
        with captured_log() as opening:
            probe = llama_cpp.Llama(path, vocab_only=True, verbose=False)
        trained = int(probe.metadata.get("llama.context_length", 0) or 0)
        trained = trained or int(probe._model.n_ctx_train())
        del probe
        n_ctx = min(context_length, trained) if trained > 0 else context_length
        gpu = usable_gpu("".join(opening), offload)
        layers = plan_layers(gpu_layers, shape, n_ctx, gpu) if offload else 0
        with captured_log() as loading:
            self.llm = llama_cpp.Llama(
                path, n_ctx=n_ctx, n_batch=512, n_threads=threads, n_threads_batch=threads,
                n_gpu_layers=layers, seed=seed if seed >= 0 else 0xFFFFFFFF, verbose=False,
            )  # fmt: skip
        done = offloaded_from_log("".join(loading)) or (layers if offload else 0, shape.layers)
        device = gpu.name if gpu is not None and done[0] > 0 else ""
        return trained, (done[0], done[1], device)

    def tokens(
        self, messages: list[ChatMessage], thinking: bool = True, tools: Tools | None = None
    ) -> list[int]:
        """The prompt's tokens: the template's text with its special tokens, and each
        message's content as plain text (so text can never become a control token)."""
        assert self.template is not None
        parts = self.template.render_parts(messages, thinking=thinking, tools=tools)
        return self._tokenized(parts)

    def _tokenized(self, parts: list[tuple[str, bool]]) -> list[int]:
        assert self.template is not None
        bos = self.template.bos_token
        add_bos = not (bos and parts and parts[0][0].startswith(bos))
        result: list[int] = self.llm.tokenize(
            b"", add_bos=add_bos, special=True
        )  # BOS if the model wants one
        for text, is_content in parts:
            result += self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=not is_content)
        return result

    def truncate(self, text: str, max_tokens: int) -> str:
        ids = self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)[:max_tokens]
        data: bytes = self.llm.detokenize(ids)
        return data.decode("utf-8", "ignore")  # a cut inside a character drops that character

    def count(self, raw_messages: list[dict[str, Any]], texts: list[str]) -> None:
        """Tokens of the rendered prompt for ``raw_messages`` (as ``generate`` would send
        it, generation prompt included) and of each plain text: exact, from the model's
        own tokenizer and template, so callers can fit prompts without truncation."""
        if self.llm is None:
            self.send(event="error", kind="count", message=_NO_MODEL)
            return
        try:
            messages = _chat_messages(raw_messages)
            prompt = len(self.tokens(messages)) if messages else 0
        except TemplateError as exc:
            self.send(event="error", kind="count", message=_TEMPLATE_FAILED.format(error=exc))
            return
        tokenize = self.llm.tokenize
        counts = [len(tokenize(t.encode("utf-8"), add_bos=False, special=False)) for t in texts]
        self.send(event="counted", prompt_tokens=prompt, text_tokens=counts)

    def generate(self, raw_messages: list[dict[str, Any]], options: dict[str, Any]) -> None:
        if self.llm is None:
            self.send(event="error", kind="generate", message=_NO_MODEL)
            return
        max_tokens = int(options.get("max_tokens", 1024))
        thinking = bool(options.get("thinking", True))
        tools = _tools(options)
        n_ctx = self.llm.n_ctx()
        reply_room = min(max_tokens, n_ctx // 2)
        assert self.template is not None
        try:
            messages = _chat_messages(raw_messages)
            fit = fit_messages(
                messages, n_ctx - reply_room,
                lambda ms: len(self.tokens(list(ms), thinking, tools)), self.truncate,
            )  # fmt: skip
            parts = self.template.render_parts(fit.messages, thinking=thinking, tools=tools)
            prompt = self._tokenized(parts)
        except TemplateError as exc:
            self.send(event="error", kind="generate", message=_TEMPLATE_FAILED.format(error=exc))
            return
        if fit.truncated_tokens and not options.get("cut_ok", True):
            self.send(event="error", kind="too_long", message=fit.notices[-1])
            return
        for notice in fit.notices:
            self.send(event="notice", text=notice)
        opened = opens_thinking(parts)  # the template left a <think> open
        self._stream(prompt, options, min(max_tokens, n_ctx - len(prompt)), opened)

    def _stream(
        self, prompt: list[int], options: dict[str, Any], max_tokens: int, opened: bool = False
    ) -> None:
        llm = self.llm
        # Evaluate at least the prompt's last two tokens anew: llama.cpp computes a lone
        # token with another kernel (other rounding), so a prompt reused up to its last
        # token (Regenerate) got a different greedy answer than the first time.
        llm.n_tokens = min(llm.n_tokens, max(len(prompt) - 2, 0))
        reused = 0
        for have, want in zip(llm._input_ids.tolist(), prompt[:-1], strict=False):
            if have != want:
                break
            reused += 1
        # thinking_open: the prompt opened a thinking block that the reply continues.
        self.send(
            event="start", prompt_tokens=len(prompt), reused_tokens=reused, thinking_open=opened
        )
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        ignore_eos = bool(options.get("ignore_eos", False))
        sampler = TokenSampler(llm, options)
        started = time.perf_counter()
        first = 0.0
        count = 0
        stopped = False
        llm.n_tokens = reused  # keep the shared prefix; eval drops the rest of the cache
        # The prompt in slices, so Stop also works while a long prompt is read (one
        # eval of a 1,900-token prompt took 20 s on one core here).
        for at in range(reused, len(prompt), PROMPT_SLICE):
            if self.cancel.is_set():
                self.send(event="done", stopped=True, generated_tokens=0,
                          prompt_tokens=len(prompt), reused_tokens=reused,
                          time_to_first_token_s=0.0, tokens_per_second=0.0)  # fmt: skip
                return
            llm.eval(prompt[at : at + PROMPT_SLICE])
        while True:
            token = sampler.sample()
            if self.cancel.is_set():
                stopped = True
                break
            if token in self.stop_ids and not ignore_eos:
                break
            count += 1
            if count == 1:
                first = time.perf_counter() - started
            text = decoder.decode(llm.detokenize([token]))
            if text:
                self.send(event="token", text=text)
            if count >= max_tokens:
                break
            llm.eval([token])
        # A reply cut at its length limit (or by Stop) can end inside a character (one
        # Japanese character is often two or three tokens here): its first bytes alone
        # are not text, so they are dropped, not shown as "\ufffd".
        elapsed = time.perf_counter() - started
        decode_time = elapsed - first
        rate = (count - 1) / decode_time if count > 1 and decode_time > 0 else 0.0
        self.send(
            event="done", stopped=stopped, generated_tokens=count, prompt_tokens=len(prompt),
            reused_tokens=reused, time_to_first_token_s=first, tokens_per_second=rate,
        )  # fmt: skip


def _read_requests(
    stdin: IO[str], requests: queue.Queue[dict[str, Any] | None], worker: Worker
) -> None:
    for line in stdin:
        try:
            request = json.loads(line)
        except ValueError:
            continue
        if request.get("op") == "cancel":
            worker.cancel.set()
            continue
        if request.get("op") == "generate":
            worker.cancel.clear()  # here, in arrival order, so a cancel right after counts
        requests.put(request)
    requests.put(None)  # the parent went away


def main() -> int:
    # Below the window's priority: on a small machine the GUI thread gets a core first.
    protocol = worker_channel(nice=4)
    worker = Worker(protocol)
    requests: queue.Queue[dict[str, Any] | None] = queue.Queue()
    reader = threading.Thread(
        target=_read_requests, args=(sys.stdin, requests, worker), daemon=True
    )
    reader.start()
    worker.send(event="ready", pid=os.getpid())
    while True:
        request = requests.get()
        if request is None or request.get("op") == "quit":
            return 0
        op = request.get("op")
        if op == "load":
            worker.load(
                request["path"], int(request["context_length"]),
                int(request["threads"]), int(request.get("seed", -1)),
                int(request.get("gpu_layers", GPU_LAYERS_AUTO)),
                str(request.get("chat_template", "")),
            )  # fmt: skip
        elif op == "generate":
            worker.generate(request["messages"], request.get("options", {}))
        elif op == "count":
            worker.count(request.get("messages", []), request.get("texts", []))


if __name__ == "__main__":
    raise SystemExit(main())
