"""What the local API does: list models, answer chats (from the user's libraries too),
embed text. The HTTP side is engine.api.server; this side knows no HTTP.

Every generation takes the model gate in the background (:mod:`engine.models.gate`): it
waits while the user's own chat, summary or token count runs or waits, and API requests
go in the order they came. The gate is held across the stream and the reading of its
figures, so no request reports another's usage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from engine.api import wire
from engine.api.approvals import Approvals
from engine.api.wire import ApiError, ChatRequest, EmbeddingRequest
from engine.cancel import CancelToken
from engine.chat.assistant import grounded_prompt
from engine.chat.evidence import evidence_budget, gather
from engine.chat.rag import grounding_rules, nothing_found, select_passages
from engine.errors import HishoError
from engine.library.types import Passage, Scope
from engine.models.backend import ChatBackend
from engine.models.gate import GateClosedError, ModelGate
from engine.script import estimate_tokens
from engine.storage.settings import Settings
from engine.types import ChatMessage, GenerationOptions, GenerationStats


class Documents(Protocol):
    """The user's libraries as the API reaches them (the library process in the window,
    the library itself in ``hisho serve``)."""

    @property
    def embedding_model(self) -> str:
        """The embedding model's name (the folder's)."""

    def search(self, question: str, scope: Scope, k: int) -> list[Passage]:
        """Passages best first (raises LibraryError when the library can't be used)."""

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors, one per text."""


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking: the name it gives (else its User-Agent) and whether it hung up."""

    client: str
    user_agent: str = ""
    gone: Callable[[], bool] = lambda: False


@dataclass(slots=True)
class ChatReply:
    """A reply being generated: ``pieces`` streams it; the rest is final once it ends."""

    model: str
    pieces: Iterator[str] = field(default_factory=lambda: iter(()))
    sources: list[Passage] | None = None  # None: not an answer from the libraries
    stats: GenerationStats = field(default_factory=GenerationStats)
    finish_reason: str = "stop"


class StopScanner:
    """Cuts a stream at the first stop string, holding back text that may begin one."""

    def __init__(self, stops: Sequence[str]) -> None:
        self.stops = tuple(stops)
        self.keep = max((len(s) for s in self.stops), default=1) - 1
        self.buffer = ""

    def push(self, piece: str) -> tuple[str, bool]:
        """(text that may be shown now, whether a stop string was reached)."""
        self.buffer += piece
        hits = [at for at in (self.buffer.find(s) for s in self.stops) if at >= 0]
        if hits:
            out, self.buffer = self.buffer[: min(hits)], ""
            return out, True
        if len(self.buffer) <= self.keep:
            return "", False
        cut = len(self.buffer) - self.keep
        out, self.buffer = self.buffer[:cut], self.buffer[cut:]
        return out, False

    def rest(self) -> str:
        out, self.buffer = self.buffer, ""
        return out


def options_from(settings: Settings) -> GenerationOptions:
    """The user's own sampling settings: what a request gets for what it leaves out."""
    chat = settings.chat
    return GenerationOptions(max_tokens=chat.max_reply_tokens, temperature=chat.temperature,
                             top_p=chat.top_p, top_k=chat.top_k,
                             repeat_penalty=chat.repeat_penalty)  # fmt: skip


class ApiService:
    """The API's operations on the shared model and the user's libraries."""

    def __init__(
        self,
        backend: ChatBackend,
        settings: Callable[[], Settings],
        documents: Documents | None = None,
        approvals: Approvals | None = None,
        gate: ModelGate | None = None,
    ) -> None:
        self.backend = backend
        self.settings = settings
        self.documents = documents
        self.approvals = approvals or Approvals()
        self.gate: ModelGate = gate or getattr(backend, "gate", None) or ModelGate()

    def model_names(self) -> list[str]:
        names = [self.backend.name, wire.CHAT_ALIAS]
        if self.documents is not None:
            names += [wire.LIBRARY_MODEL, self.documents.embedding_model, wire.EMBEDDING_ALIAS]
        return names

    def defaults(self) -> GenerationOptions:
        return options_from(self.settings())

    def chat(self, request: ChatRequest, caller: Caller, cancel: CancelToken) -> ChatReply:
        """Start answering ``request`` (the pieces come as the caller reads them).

        Raises:
            ApiError: an unknown model (404), documents not allowed (403) or not
                available (503).
        """
        if request.model in (self.backend.name, wire.CHAT_ALIAS):
            reply = ChatReply(request.model)
            reply.pieces = self._generate(list(request.messages), request, caller, cancel, reply)
            return reply
        if request.model != wire.LIBRARY_MODEL:
            raise ApiError(404, f"The model {request.model!r} does not exist here; see "
                           "/v1/models.", "invalid_request_error", "model_not_found")  # fmt: skip
        return self._library_chat(request, caller, cancel)

    def _library_chat(self, request: ChatRequest, caller: Caller, cancel: CancelToken) -> ChatReply:
        documents = self._documents()
        question = request.messages[-1].content
        if not self.approvals.check(caller.client, caller.user_agent, question, caller.gone):
            raise ApiError(403, f"The user has not allowed {caller.client!r} to read their "
                           "documents (Hisho asks once per client; `hisho serve` reads the "
                           "allowed clients from Settings › Local API).", "permission_error",
                           "documents_not_allowed")  # fmt: skip
        settings = self.settings()
        scope = Scope(request.library)
        most = settings.library.max_passages
        try:
            found = documents.search(question, scope, most * 2)
        except HishoError as exc:
            raise ApiError(503, f"The libraries can't be searched now: {exc}", "server_error",
                           "documents_unavailable") from exc  # fmt: skip
        budget, fits = evidence_budget(settings.chat.context_length, 0)  # size unknown here
        passages = select_passages(question, found, min(most, fits))
        evidence = gather(question, passages, budget) if passages else []
        reply = ChatReply(request.model, sources=[e.passage for e in evidence])
        if not evidence:
            reply.pieces = iter([nothing_found(scope)])
            return reply
        system = "\n\n".join(m.content for m in request.messages if m.role == "system")
        rules = grounding_rules(question)
        prompt = grounded_prompt(list(request.messages), system, question, evidence, rules)
        reply.pieces = self._generate(prompt, request, caller, cancel, reply)
        return reply

    def _documents(self) -> Documents:
        if self.documents is None:
            raise ApiError(503, "The libraries are not available to this server (another "
                           "Hisho has them open).", "server_error",
                           "documents_unavailable")  # fmt: skip
        return self.documents

    def _generate(
        self,
        prompt: list[ChatMessage],
        request: ChatRequest,
        caller: Caller,
        cancel: CancelToken,
        reply: ChatReply,
    ) -> Iterator[str]:
        """The reply's text, generated when its turn at the model comes."""
        scanner = StopScanner(request.stop)
        try:
            with self.gate.hold(background=True, gave_up=lambda: cancel.cancelled or caller.gone()):
                stopped = False
                # Read to the end even after a stop string: the model process's last
                # events must not be left for the next request.
                for piece in self.backend.stream(prompt, request.options, cancel):
                    if stopped:
                        continue
                    text, stopped = scanner.push(piece)
                    if text:
                        yield text
                    if stopped:
                        cancel.cancel()
                tail = scanner.rest()
                if tail:
                    yield tail
                reply.stats = self.backend.last_stats
        except GateClosedError:
            return
        length = reply.stats.generated_tokens >= request.options.max_tokens
        reply.finish_reason = "length" if length and not cancel.cancelled else "stop"

    def embed(self, request: EmbeddingRequest) -> dict[str, Any]:
        documents = self._documents()
        if request.model not in (documents.embedding_model, wire.EMBEDDING_ALIAS):
            raise ApiError(404, f"The embedding model {request.model!r} does not exist here; "
                           "see /v1/models.", "invalid_request_error",
                           "model_not_found")  # fmt: skip
        try:
            vectors = documents.embed(request.texts)
        except HishoError as exc:
            raise ApiError(503, f"Embedding failed: {exc}", "server_error") from exc
        tokens = sum(estimate_tokens(t) for t in request.texts)
        return wire.embeddings(request.model, vectors, request.base64, tokens)
