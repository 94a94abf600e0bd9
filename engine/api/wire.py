"""The OpenAI API's shapes: requests read into typed values, replies written as JSON.

Only what Hisho serves is accepted: chat messages of text (``content`` a string or text
parts), one choice, sampling options in their ranges, stop strings, streaming with or
without a usage chunk; embeddings of strings (floats or base64). Anything else is an
:class:`ApiError` with OpenAI's error shape, so a client's SDK raises its usual error.
"""

from __future__ import annotations

import base64
import struct
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from engine.library.types import Passage
from engine.types import ChatMessage, GenerationOptions, GenerationStats, Role

#: Model names (besides the loaded model's own) that /v1/models lists.
CHAT_ALIAS = "hisho"
LIBRARY_MODEL = "hisho-library"
EMBEDDING_ALIAS = "hisho-embedding"

#: Longest reply a request may ask for, and most stop strings / embedding inputs.
MAX_TOKENS_CAP = 8192
MAX_STOPS = 4
MAX_EMBED_INPUTS = 256

_ROLES: dict[str, Role] = {"system": "system", "developer": "system", "user": "user",
                           "assistant": "assistant"}  # fmt: skip
_UNSUPPORTED = ("tools", "functions", "tool_choice", "function_call", "logprobs", "audio")


class ApiError(Exception):
    """A request the API refuses: HTTP ``status`` and OpenAI's ``error`` object."""

    def __init__(
        self, status: int, message: str, kind: str = "invalid_request_error", code: str = ""
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.code = code or kind
        self.retry_after = 0.0  # seconds a rate-limited client should wait

    def with_retry(self, seconds: float) -> ApiError:
        self.retry_after = seconds
        return self

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.kind, "param": None,
                          "code": self.code}}  # fmt: skip


def _bad(message: str, code: str = "invalid_request_error") -> ApiError:
    return ApiError(400, message, "invalid_request_error", code)


@dataclass(frozen=True, slots=True)
class ChatRequest:
    """A chat completion request, checked."""

    model: str
    messages: tuple[ChatMessage, ...]
    options: GenerationOptions
    stream: bool = False
    include_usage: bool = False
    stop: tuple[str, ...] = ()
    user: str = ""  # the client's own name for itself (OpenAI's ``user`` field)
    library: str | None = None  # Hisho's extension: answer from this library only


@dataclass(frozen=True, slots=True)
class EmbeddingRequest:
    model: str
    texts: tuple[str, ...]
    base64: bool = False


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text":
                raise _bad("Only text content is supported (no images, audio or files).")
            if not isinstance(part.get("text"), str):
                raise _bad("A text part needs a 'text' string.")
            parts.append(part["text"])
        return "".join(parts)
    if content is None:
        return ""
    raise _bad("A message's 'content' must be a string or a list of text parts.")


def _messages(raw: Any) -> tuple[ChatMessage, ...]:
    if not isinstance(raw, list) or not raw:
        raise _bad("'messages' must be a non-empty list.")
    messages = []
    for item in raw:
        if not isinstance(item, dict):
            raise _bad("Each message must be an object with 'role' and 'content'.")
        role = _ROLES.get(str(item.get("role")))
        if role is None:
            raise _bad(f"The role {item.get('role')!r} is not supported here.")
        messages.append(ChatMessage(role, _text(item.get("content"))))
    if messages[-1].role != "user":
        raise _bad("The last message must be the user's.")
    return tuple(messages)


def _number(body: dict[str, Any], name: str, low: float, high: float, default: float) -> float:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise _bad(f"'{name}' must be a number from {low} to {high}.")
    return float(value)


def _whole(body: dict[str, Any], name: str, low: int, high: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(f"'{name}' must be a whole number from {low} to {high}.")
    return value


def _stops(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    stops = [raw] if isinstance(raw, str) else raw
    if not isinstance(stops, list) or len(stops) > MAX_STOPS:
        raise _bad(f"'stop' must be a string or a list of at most {MAX_STOPS} strings.")
    if not all(isinstance(s, str) and s for s in stops):
        raise _bad("Each stop sequence must be a non-empty string.")
    return tuple(stops)


def chat_request(body: Any, defaults: GenerationOptions) -> ChatRequest:
    """Read a ``/v1/chat/completions`` body.

    Raises:
        ApiError: the body is not a chat request Hisho can serve (status 400).
    """
    if not isinstance(body, dict):
        raise _bad("The request body must be a JSON object.")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise _bad("'model' must name a model (see /v1/models).")
    for name in _UNSUPPORTED:
        if body.get(name):
            raise _bad(f"'{name}' is not supported by Hisho.", "unsupported_parameter")
    if _whole(body, "n", 1, 1) not in (None, 1):
        raise _bad("Only one choice ('n': 1) is supported.")
    tokens = _whole(body, "max_completion_tokens", 1, MAX_TOKENS_CAP)
    tokens = tokens or _whole(body, "max_tokens", 1, MAX_TOKENS_CAP)
    seed = _whole(body, "seed", -(2**31), 2**32 - 1)
    options = GenerationOptions(
        max_tokens=tokens or defaults.max_tokens,
        temperature=_number(body, "temperature", 0.0, 2.0, defaults.temperature),
        top_p=_number(body, "top_p", 0.0, 1.0, defaults.top_p),
        top_k=defaults.top_k,
        repeat_penalty=defaults.repeat_penalty,
        seed=defaults.seed if seed is None else seed,
        # llama.cpp server's extension: keep going past the end of the turn (benchmarks).
        ignore_eos=body.get("ignore_eos") is True,
    )
    stream_options = body.get("stream_options")
    library = body.get("library")
    if library is not None and not isinstance(library, str):
        raise _bad("'library' must be the name of one of your libraries.")
    user = body.get("user")
    return ChatRequest(
        model=model,
        messages=_messages(body.get("messages")),
        options=options,
        stream=body.get("stream") is True,
        include_usage=isinstance(stream_options, dict)
        and stream_options.get("include_usage") is True,
        stop=_stops(body.get("stop")),
        user=user if isinstance(user, str) else "",
        library=library or None,
    )


def embedding_request(body: Any) -> EmbeddingRequest:
    """Read a ``/v1/embeddings`` body (strings only; token arrays are refused)."""
    if not isinstance(body, dict):
        raise _bad("The request body must be a JSON object.")
    model, raw = body.get("model"), body.get("input")
    if not isinstance(model, str) or not model:
        raise _bad("'model' must name an embedding model (see /v1/models).")
    texts = [raw] if isinstance(raw, str) else raw
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        raise _bad("'input' must be a string or a non-empty list of strings.")
    if len(texts) > MAX_EMBED_INPUTS:
        raise _bad(f"At most {MAX_EMBED_INPUTS} inputs per request.")
    encoding = body.get("encoding_format", "float")
    if encoding not in ("float", "base64"):
        raise _bad("'encoding_format' must be 'float' or 'base64'.")
    return EmbeddingRequest(model, tuple(texts), encoding == "base64")


# --- replies ------------------------------------------------------------------------------


@dataclass(slots=True)
class Completion:
    """One reply being written: its id and time, shared by every chunk."""

    model: str
    id: str = field(default_factory=lambda: f"chatcmpl-{uuid.uuid4().hex}")
    created: int = field(default_factory=lambda: int(time.time()))

    def _head(self, kind: str) -> dict[str, Any]:
        return {"id": self.id, "object": kind, "created": self.created, "model": self.model,
                "system_fingerprint": "hisho"}  # fmt: skip

    def chunk(
        self, delta: dict[str, str], finish: str | None = None, sources: list[Passage] | None = None
    ) -> dict[str, Any]:
        data = self._head("chat.completion.chunk")
        data["choices"] = [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]
        if sources is not None:
            data["sources"] = sources_json(sources)
        return data

    def usage_chunk(self, stats: GenerationStats) -> dict[str, Any]:
        data = self._head("chat.completion.chunk")
        data["choices"] = []
        data["usage"] = usage(stats)
        return data

    def whole(
        self, text: str, finish: str, stats: GenerationStats, sources: list[Passage] | None
    ) -> dict[str, Any]:
        data = self._head("chat.completion")
        message = {"role": "assistant", "content": text}
        data["choices"] = [{"index": 0, "message": message, "logprobs": None,
                            "finish_reason": finish}]  # fmt: skip
        data["usage"] = usage(stats)
        if sources is not None:
            data["sources"] = sources_json(sources)
        return data


def usage(stats: GenerationStats) -> dict[str, int]:
    prompt, completion = stats.prompt_tokens, stats.generated_tokens
    return {"prompt_tokens": prompt, "completion_tokens": completion,
            "total_tokens": prompt + completion}  # fmt: skip


def sources_json(passages: list[Passage]) -> list[dict[str, Any]]:
    """The passages an answer from the libraries drew on, numbered as cited ([1] first)."""
    return [
        {"index": number, "path": p.path, "name": p.name, "library": p.library, "page": p.page,
         "heading": p.heading, "text": p.text, "score": round(p.score, 6)}
        for number, p in enumerate(passages, start=1)
    ]  # fmt: skip


def models_list(names: list[str]) -> dict[str, Any]:
    created = int(time.time())
    data = [{"id": n, "object": "model", "created": created, "owned_by": "hisho"} for n in names]
    return {"object": "list", "data": data}


def embeddings(
    model: str, vectors: list[list[float]], as_base64: bool, tokens: int
) -> dict[str, Any]:
    data = []
    for index, vector in enumerate(vectors):
        value: Any = vector
        if as_base64:
            value = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")
        data.append({"object": "embedding", "index": index, "embedding": value})
    return {"object": "list", "data": data, "model": model,
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}  # fmt: skip
