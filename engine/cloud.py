"""Opt-in cloud answers from an OpenAI-compatible provider.

Off by default. When the user turns it on (Settings › Cloud), a request may go to the
provider they chose — only under their policy and, unless they said otherwise, after they
saw exactly what would be sent (engine.assistant asks with ``ConsentNeeded``).

- The API key lives only in the OS keyring (:mod:`engine.secrets`); it is read at the
  moment of a request and never stored, logged or exported.
- Every HTTP request that leaves the device is counted (bytes on the wire both ways) and
  written to the egress log (:mod:`engine.egress`), failed ones and retries included.
- The official ``openai`` SDK speaks the protocol; its own retries are off so that each
  attempt is counted and backoff stays cancellable; its platform headers
  (``X-Stainless-*``: OS, CPU, Python version) are not sent.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from engine.cancel import CancelToken
from engine.errors import (
    CloudError,
    HishoError,
    ModelCrashedError,
    ModelLoadError,
    ModelNotFoundError,
    PromptTooLongError,
)
from engine.settings import CloudSettings
from engine.text import QT_TRANSLATE_NOOP
from engine.types import (
    ChatMessage,
    ConsentNeeded,
    EgressEntry,
    GenerationOptions,
    GenerationStats,
    ModelInfo,
)

if TYPE_CHECKING:
    from engine.egress import EgressLog

log = logging.getLogger(__name__)

#: Context assumed for a cloud model (every preset's models take at least this).
CLOUD_CONTEXT = 32768


@dataclass(frozen=True, slots=True)
class Provider:
    """A preset: where the provider's OpenAI-compatible API is."""

    id: str
    label: str
    base_url: str  # "" for custom: the user gives it
    example_model: str


PROVIDERS: tuple[Provider, ...] = (
    Provider("openai", "OpenAI", "https://api.openai.com/v1", "gpt-4o-mini"),
    Provider("anthropic", "Anthropic", "https://api.anthropic.com/v1/", "claude-sonnet-4-5"),
    Provider(
        "gemini",
        "Google Gemini",
        "https://generativelanguage.googleapis.com/v1beta/openai/",
        "gemini-2.5-flash",
    ),
    Provider("groq", "Groq", "https://api.groq.com/openai/v1", "llama-3.3-70b-versatile"),
    Provider("mistral", "Mistral", "https://api.mistral.ai/v1", "mistral-small-latest"),
    Provider("openrouter", "OpenRouter", "https://openrouter.ai/api/v1", "openai/gpt-4o-mini"),
    Provider(
        "custom",
        QT_TRANSLATE_NOOP("Engine", "Custom server"),
        "",
        QT_TRANSLATE_NOOP("Engine", "e.g. llama.cpp server, vLLM or Ollama"),
    ),
)


def provider(provider_id: str) -> Provider:
    """The preset with this id (custom for an unknown one)."""
    return next((p for p in PROVIDERS if p.id == provider_id), PROVIDERS[-1])


class Policy(StrEnum):
    """When a request may go to the cloud."""

    NEVER = "never"
    ASK = "ask"  # each time, after showing what would be sent
    AUTO = "auto"  # without asking when the local model can't serve

    @property
    def label(self) -> str:
        return {
            "never": QT_TRANSLATE_NOOP("Engine", "Never"),
            "ask": QT_TRANSLATE_NOOP("Engine", "Ask each time"),
            "auto": QT_TRANSLATE_NOOP("Engine", "Automatically when the local model can't answer"),
        }[self.value]


class Decision(StrEnum):
    """The user's answer to "send this to the cloud?"."""

    SEND = "send"
    SEND_CONVERSATION = "send-conversation"  # and don't ask again in this conversation
    CANCEL = "cancel"


@dataclass(frozen=True, slots=True)
class CloudConfig:
    """Which provider, endpoint and model (from the settings; the key is not here)."""

    provider: Provider
    base_url: str
    model: str

    @property
    def label(self) -> str:
        """ "OpenAI · gpt-4o-mini": the badge on each cloud answer."""
        return f"{self.provider.label} · {self.model}"

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    def problem(self) -> str:
        """Why this configuration can't be used ("" when it can)."""
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return QT_TRANSLATE_NOOP(
                "Engine",
                "The provider's address must start with https:// "
                "(or http:// for a server on your own network).",
            )
        if not self.model.strip():
            return QT_TRANSLATE_NOOP("Engine", "Choose a model name for the provider.")
        return ""


def config_from(settings: CloudSettings) -> CloudConfig:
    """The provider, address and model the settings name."""
    chosen = provider(settings.provider)
    return CloudConfig(chosen, chosen.base_url or settings.base_url.strip(), settings.model.strip())


def effective_policy(settings: CloudSettings, conversation_policy: str = "") -> Policy:
    """The policy for a conversation: its own, else the user's; NEVER while the cloud is
    off or its setting is unknown."""
    if not settings.enabled:
        return Policy.NEVER
    try:
        return Policy(conversation_policy or settings.policy)
    except ValueError:
        return Policy.NEVER


def estimate_tokens(text: str) -> int:
    """A generous token count for ``text`` in any provider's tokenizer."""
    ascii_chars = sum(1 for c in text if ord(c) < 128)
    return int(ascii_chars / 3 + (len(text) - ascii_chars) * 1.5) + 1


def request_body(
    config: CloudConfig, messages: Sequence[ChatMessage], options: GenerationOptions
) -> dict[str, Any]:
    """Exactly the JSON body a chat request sends (what the consent dialog shows)."""
    return {
        "model": config.model,
        "messages": [{"role": m.role, "content": m.content} for m in messages],
        "max_tokens": options.max_tokens,
        "temperature": options.temperature,
        "top_p": options.top_p,
        "stream": True,
    }


def payload_text(body: dict[str, Any] | list[dict[str, Any]]) -> str:
    """The body (or bodies) as the user reads it: indented JSON, non-ASCII as itself."""
    return json.dumps(body, indent=2, ensure_ascii=False)


# --- counting what leaves ------------------------------------------------------------


@dataclass(slots=True)
class Meter:
    """Bytes of one exchange on the wire (request line, headers and body; both ways)."""

    sent: int = 0
    received: int = 0
    status: int = 0


def _metered_client(meter: Meter, timeout_s: float) -> Any:
    """An HTTP client (the SDK's own library) that counts bytes into ``meter`` and drops
    the SDK's platform headers."""
    import httpx2

    class CountingStream(httpx2.SyncByteStream):
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __iter__(self) -> Iterator[bytes]:
            for chunk in self.inner:
                meter.received += len(chunk)
                yield chunk

        def close(self) -> None:
            self.inner.close()

    class MeteredTransport(httpx2.HTTPTransport):
        def handle_request(self, request: Any) -> Any:
            for name in [n for n in request.headers if n.lower().startswith("x-stainless")]:
                del request.headers[name]
            request.headers["user-agent"] = "Hisho"
            body = request.read()
            head = f"{request.method} {request.url.raw_path.decode()} HTTP/1.1\r\n"
            size = len(head) + _headers_size(request.headers.raw) + len(body)
            try:
                response = super().handle_request(request)
            except httpx2.ConnectError:
                raise  # no connection: nothing was sent
            except Exception:
                meter.sent += size
                raise
            meter.sent += size
            meter.status = response.status_code
            meter.received += 17 + _headers_size(response.headers.raw)  # status line
            response.stream = CountingStream(response.stream)
            return response

    timeout = httpx2.Timeout(timeout_s, connect=min(10.0, timeout_s))
    return httpx2.Client(transport=MeteredTransport(), timeout=timeout)


def _headers_size(raw: Sequence[tuple[bytes, bytes]]) -> int:
    return sum(len(k) + len(v) + 4 for k, v in raw) + 2


# --- the backend -----------------------------------------------------------------------


class CloudBackend:
    """A ChatBackend that answers through the provider's API.

    Args:
        config: provider, endpoint and model.
        api_key: reads the key from the keyring at the moment of each request.
        ledger: where every request is recorded (None: nowhere; tests of the pieces).
        conversation_id: the conversation requests are made for (shown in the log).
    """

    #: Attempts before a rate limit (429), server error (5xx), timeout or refused
    #: connection is reported; waits double from BACKOFF_S (or follow Retry-After).
    ATTEMPTS = 3
    BACKOFF_S = 1.0
    TIMEOUT_S = 60.0

    def __init__(
        self,
        config: CloudConfig,
        api_key: Callable[[], str],
        ledger: EgressLog | None,
        conversation_id: int | None = None,
    ) -> None:
        self.config = config
        self._api_key = api_key
        self.ledger = ledger
        self.conversation_id = conversation_id
        self._stats = GenerationStats()

    @property
    def name(self) -> str:
        return self.config.label

    @property
    def last_stats(self) -> GenerationStats:
        return self._stats

    def load(self) -> ModelInfo:
        problem = self.config.problem()
        if problem:
            raise CloudError(problem)
        return ModelInfo(
            name=self.name,
            path=self.config.base_url,
            context_length=CLOUD_CONTEXT,
            trained_context_length=CLOUD_CONTEXT,
            threads=0,
            chat_template_source="provider",
        )

    def close(self) -> None:
        pass

    def count_tokens(
        self, messages: Sequence[ChatMessage], texts: Sequence[str] = ()
    ) -> tuple[int, list[int]]:
        """Token counts, estimated on the high side (the provider's tokenizer is not
        here): a token per 3 characters of ASCII text, 1.5 per other character (Japanese
        takes 1-2 tokens a character), and 8 per message for the chat format."""
        prompt = sum(estimate_tokens(m.content) + 8 for m in messages) + 8 if messages else 0
        return prompt, [estimate_tokens(t) for t in texts]

    def stream(
        self,
        messages: Sequence[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken,
        on_notice: Callable[[str], None] | None = None,
    ) -> Iterator[str]:
        self.load()
        body = request_body(self.config, messages, options)
        self._stats = GenerationStats()
        for attempt in range(1, self.ATTEMPTS + 1):
            meter = Meter()
            started = time.perf_counter()
            first: float | None = None
            pieces = 0
            outcome = "answered"
            try:
                client = self._client(meter)
                try:
                    stream = client.chat.completions.create(**body)
                    # Stop closes the connection at once, even while waiting for a chunk.
                    unregister = cancel.on_cancel(stream.close)
                    try:
                        for chunk in stream:
                            if cancel.cancelled:
                                outcome = "stopped"
                                break
                            text = chunk.choices[0].delta.content if chunk.choices else None
                            if text:
                                pieces += 1
                                first = first if first is not None else time.perf_counter()
                                yield text
                    finally:
                        unregister()
                        stream.close()
                finally:
                    client.close()
                elapsed = time.perf_counter() - (first or started)
                self._stats = GenerationStats(
                    generated_tokens=pieces,
                    time_to_first_token_s=(first or started) - started,
                    tokens_per_second=pieces / elapsed if elapsed > 0 and pieces > 1 else 0.0,
                )
                return
            except Exception as exc:
                if cancel.cancelled:
                    outcome = "stopped"
                    return
                error, retry_after = self._failure(exc, answered=pieces > 0)
                outcome = _outcome(meter, exc)
                if retry_after is None or attempt == self.ATTEMPTS or cancel.cancelled:
                    raise error from exc
                wait = retry_after or self.BACKOFF_S * 2 ** (attempt - 1)
                log.info("cloud: %s; retrying in %.1f s", outcome, wait)
                if cancel.wait(wait):
                    raise error from exc
            finally:
                self._record(meter, "answer", outcome)

    def test_connection(self) -> str:
        """Ask the provider for its models (one small request, logged like any other).

        Returns:
            A sentence for the user: whether the key works and the model exists.
        Raises:
            CloudError: the key was rejected, the server could not be reached, …
        """
        self.load()
        meter = Meter()
        outcome = "answered"
        try:
            client = self._client(meter)
            try:
                names = [m.id for m in client.models.list()]
            finally:
                client.close()
        except Exception as exc:
            outcome = _outcome(meter, exc)
            raise self._failure(exc, answered=False)[0] from exc
        finally:
            self._record(meter, "test connection", outcome)
        who, model = self.config.provider.label, self.config.model
        if model in names or not names:
            return QT_TRANSLATE_NOOP(
                "Engine", "Connected to {provider}; {model} is available."
            ).format(provider=who, model=model)
        return QT_TRANSLATE_NOOP(
            "Engine",
            "Connected to {provider}, but it does not list “{model}”. Check the model name.",
        ).format(provider=who, model=model)

    def _client(self, meter: Meter) -> Any:
        try:
            import openai
        except ImportError as exc:  # pragma: no cover - a broken install
            raise CloudError(
                QT_TRANSLATE_NOOP("Engine", "The openai package is missing; reinstall Hisho.")
            ) from exc
        key = self._api_key()
        return openai.OpenAI(
            api_key=key,
            base_url=self.config.base_url,
            max_retries=0,
            http_client=_metered_client(meter, self.TIMEOUT_S),
        )

    def _failure(self, exc: Exception, answered: bool) -> tuple[CloudError, float | None]:
        """The error to show, and whether to retry (None: don't; 0: after the usual
        backoff; > 0: after that many seconds, as the server asked)."""
        import openai

        who = self.config.provider.label
        if isinstance(exc, CloudError):
            return exc, None
        if answered:
            return (
                CloudError(
                    QT_TRANSLATE_NOOP(
                        "Engine",
                        "The connection to {provider} was cut in the middle of the answer; "
                        "what arrived is kept.",
                    ).format(provider=who)
                ),
                None,
            )
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return (
                CloudError(
                    QT_TRANSLATE_NOOP(
                        "Engine",
                        "{provider} rejected the API key (HTTP {status}). Check the key in "
                        "Settings › Cloud.",
                    ).format(provider=who, status=exc.status_code)
                ),
                None,
            )
        if isinstance(exc, openai.NotFoundError):
            return (
                CloudError(
                    QT_TRANSLATE_NOOP(
                        "Engine",
                        "{provider} does not know the model “{model}” or the address "
                        "{address} (HTTP 404). Check Settings › Cloud.",
                    ).format(provider=who, model=self.config.model, address=self.config.base_url)
                ),
                None,
            )
        if isinstance(exc, openai.RateLimitError):
            return (
                CloudError(
                    QT_TRANSLATE_NOOP(
                        "Engine",
                        "{provider} is limiting requests (HTTP 429); try again in a minute.",
                    ).format(provider=who)
                ),
                _retry_after(exc),
            )
        if isinstance(exc, openai.APIStatusError) and exc.status_code >= 500:
            return (
                CloudError(
                    QT_TRANSLATE_NOOP(
                        "Engine",
                        "{provider} had a server error (HTTP {status}) and did not answer "
                        "after several tries. Try again later.",
                    ).format(provider=who, status=exc.status_code)
                ),
                _retry_after(exc),
            )
        if isinstance(exc, openai.APITimeoutError):
            return (
                CloudError(
                    QT_TRANSLATE_NOOP(
                        "Engine", "{provider} did not answer within {seconds} s; try again later."
                    ).format(provider=who, seconds=f"{self.TIMEOUT_S:.0f}")
                ),
                0.0,
            )
        if isinstance(exc, openai.APIConnectionError):
            return (
                CloudError(
                    QT_TRANSLATE_NOOP(
                        "Engine",
                        "Could not reach {provider} at {host}: {error}. "
                        "Check the address in Settings › Cloud and the network.",
                    ).format(provider=who, host=self.config.host, error=exc.__cause__ or exc)
                ),
                0.0,
            )
        if isinstance(exc, openai.APIStatusError):
            refused = QT_TRANSLATE_NOOP("Engine", "{provider} refused the request (HTTP {status}).")
            return CloudError(refused.format(provider=who, status=exc.status_code)), None
        unreadable = QT_TRANSLATE_NOOP(
            "Engine", "The answer from {provider} could not be read ({error})."
        )
        return CloudError(unreadable.format(provider=who, error=exc)), None

    def _record(self, meter: Meter, purpose: str, outcome: str) -> None:
        if self.ledger is None or not meter.sent:
            return  # nothing left the device (no connection was made)
        self.ledger.record(
            EgressEntry(
                time=time.time(),
                provider=self.config.provider.label,
                model=self.config.model,
                host=self.config.host,
                bytes_sent=meter.sent,
                bytes_received=meter.received,
                conversation_id=self.conversation_id,
                purpose=purpose,
                outcome=outcome,
            )
        )


def _retry_after(exc: Any) -> float:
    """Seconds the server asked us to wait (0: not said), capped at 30."""
    try:
        value = float(exc.response.headers.get("retry-after", "0"))
    except (AttributeError, ValueError):
        return 0.0
    return max(0.0, min(value, 30.0))


def _outcome(meter: Meter, exc: Exception) -> str:
    if meter.status >= 400:
        return f"HTTP {meter.status}"
    if meter.status:
        return "cut off"
    return type(exc).__name__


# --- a turn's way to the cloud ---------------------------------------------------------

#: Local failures a cloud model can serve instead.
CANT_SERVE = (ModelNotFoundError, ModelLoadError, ModelCrashedError, PromptTooLongError)


class NotSentError(HishoError):
    """The user chose not to send a request to the cloud."""

    def __init__(self, name: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "Engine", "Not sent to {name}: you chose Cancel. Nothing left this computer."
            ).format(name=name)
        )


@dataclass(frozen=True, slots=True)
class CloudRoute:
    """The cloud model a turn (an answer, a summary) may use, under the user's policy
    (never NEVER: then there is no route) and the conversation's own choice."""

    backend: CloudBackend
    policy: Policy
    use_cloud: bool  # the conversation answers with the cloud model
    allowed: bool  # "Send for this conversation" was chosen: no more questions
    allow_conversation: Callable[[], None]  # remember that choice

    @property
    def chosen_reason(self) -> str:
        """Why a request goes out when the conversation itself answers with the cloud."""
        return QT_TRANSLATE_NOOP("Engine", "This conversation answers with {name}.").format(
            name=self.backend.name
        )

    def payload(self, messages: Sequence[ChatMessage], options: GenerationOptions) -> str:
        """What one request would send, as the consent dialog shows it."""
        return payload_text(request_body(self.backend.config, messages, options))

    def consent(
        self, payload: str, reason: str, cancel: CancelToken
    ) -> Generator[ConsentNeeded, None, bool]:
        """Whether the user lets ``payload`` go (asking them, unless the conversation
        already allows it): yields the question, then waits for the answer."""
        if self.allowed:
            return True
        config = self.backend.config
        request = ConsentNeeded(config.provider.label, config.model, config.host, reason, payload)
        yield request
        decision = request.wait(lambda: cancel.cancelled)
        if decision == Decision.SEND_CONVERSATION:
            self.allow_conversation()
        return decision in (Decision.SEND, Decision.SEND_CONVERSATION)
