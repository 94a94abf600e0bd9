"""Opt-in cloud answers from an OpenAI-compatible provider.

Off by default. When the user turns it on (Settings › Cloud), a request may go to the
provider they chose — only under their policy and, unless they said otherwise, after they
saw exactly what would be sent (engine.chat.assistant asks with ``ConsentNeeded``).

- The API key lives only in the OS keyring (:mod:`engine.storage.secrets`); it is read at the
  moment of a request and never stored, logged or exported.
- Every HTTP request that leaves the device is counted (bytes on the wire both ways) and
  written to the egress log (:mod:`engine.storage.egress`), failed ones and retries included.
- The official ``openai`` SDK speaks the protocol; its own retries are off so that each
  attempt is counted and backoff stays cancellable; its platform headers
  (``X-Stainless-*``: OS, CPU, Python version) are not sent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.cancel import CancelToken
from engine.cloud.failures import failure, outcome_of
from engine.cloud.providers import CloudConfig
from engine.cloud.wire import Meter, metered_client, request_body
from engine.errors import CloudError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.script import estimate_tokens
from engine.types import (
    ChatMessage,
    EgressEntry,
    GenerationOptions,
    GenerationStats,
    ModelInfo,
)

if TYPE_CHECKING:
    from engine.storage.egress import EgressLog

log = logging.getLogger(__name__)

#: Context assumed for a cloud model (every preset's models take at least this).
CLOUD_CONTEXT = 32768


@dataclass
class _Answer:
    """How one attempt at an answer went: pieces received, when the first came, outcome."""

    pieces: int = 0
    first: float | None = None
    outcome: str = "answered"
    started: float = field(default_factory=time.perf_counter)

    def stats(self) -> GenerationStats:
        first = self.first or self.started
        elapsed = time.perf_counter() - first
        rate = self.pieces / elapsed if elapsed > 0 and self.pieces > 1 else 0.0
        return GenerationStats(
            generated_tokens=self.pieces,
            time_to_first_token_s=first - self.started,
            tokens_per_second=rate,
        )


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
        """Token counts, estimated (the provider's tokenizer is not here), and 8 per
        message for the chat format."""
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
            answer = _Answer()
            try:
                yield from self._answer_once(body, meter, cancel, answer)
                self._stats = answer.stats()
                return
            except Exception as exc:
                if cancel.cancelled:
                    answer.outcome = "stopped"
                    return
                error, retry_after = failure(
                    self.config, self.TIMEOUT_S, exc, answered=answer.pieces > 0
                )
                answer.outcome = outcome_of(meter, exc)
                if retry_after is None or attempt == self.ATTEMPTS or cancel.cancelled:
                    raise error from exc
                wait = retry_after or self.BACKOFF_S * 2 ** (attempt - 1)
                log.info("cloud: %s; retrying in %.1f s", answer.outcome, wait)
                if cancel.wait(wait):
                    raise error from exc
            finally:
                self._record(meter, "answer", answer.outcome)

    def _answer_once(
        self, body: dict[str, Any], meter: Meter, cancel: CancelToken, answer: _Answer
    ) -> Iterator[str]:
        """One request: the answer's pieces as they arrive (counted in ``answer``)."""
        client = self._client(meter)
        try:
            stream = client.chat.completions.create(**body)
            # Stop closes the connection at once, even while waiting for a chunk.
            unregister = cancel.on_cancel(stream.close)
            try:
                for chunk in stream:
                    if cancel.cancelled:
                        answer.outcome = "stopped"
                        break
                    text = chunk.choices[0].delta.content if chunk.choices else None
                    if text:
                        answer.pieces += 1
                        if answer.first is None:
                            answer.first = time.perf_counter()
                        yield text
            finally:
                unregister()
                stream.close()
        finally:
            client.close()

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
            outcome = outcome_of(meter, exc)
            raise failure(self.config, self.TIMEOUT_S, exc, answered=False)[0] from exc
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
            http_client=metered_client(meter, self.TIMEOUT_S),
        )

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
