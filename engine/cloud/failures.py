"""What a failed cloud request tells the user, and whether it is worth a retry.

:func:`failure` looks the exception up in a table (openai exception type -> message
and retry rule); the first row that matches wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.cloud.providers import CloudConfig
from engine.cloud.wire import Meter
from engine.errors import CloudError
from engine.i18n import QT_TRANSLATE_NOOP

#: When to try again: None (don't), 0 (after the usual backoff), > 0 (after so many s).
RetryRule = Callable[[Any], float | None]

CUT_OFF = QT_TRANSLATE_NOOP(
    "Engine",
    "The connection to {provider} was cut in the middle of the answer; what arrived is kept.",
)
KEY_REJECTED = QT_TRANSLATE_NOOP(
    "Engine",
    "{provider} rejected the API key (HTTP {status}). Check the key in Settings › Cloud.",
)
NOT_FOUND = QT_TRANSLATE_NOOP(
    "Engine",
    "{provider} does not know the model “{model}” or the address "
    "{address} (HTTP 404). Check Settings › Cloud.",
)
RATE_LIMITED = QT_TRANSLATE_NOOP(
    "Engine", "{provider} is limiting requests (HTTP 429); try again in a minute."
)
SERVER_ERROR = QT_TRANSLATE_NOOP(
    "Engine",
    "{provider} had a server error (HTTP {status}) and did not answer "
    "after several tries. Try again later.",
)
TIMED_OUT = QT_TRANSLATE_NOOP(
    "Engine", "{provider} did not answer within {seconds} s; try again later."
)
UNREACHABLE = QT_TRANSLATE_NOOP(
    "Engine",
    "Could not reach {provider} at {host}: {error}. "
    "Check the address in Settings › Cloud and the network.",
)
REFUSED = QT_TRANSLATE_NOOP("Engine", "{provider} refused the request (HTTP {status}).")
UNREADABLE = QT_TRANSLATE_NOOP("Engine", "The answer from {provider} could not be read ({error}).")


def _never(exc: Any) -> float | None:
    return None


def _after_backoff(exc: Any) -> float | None:
    return 0.0


@dataclass(frozen=True, slots=True)
class _Rule:
    """One row of the table: exceptions of ``kinds`` (with at least ``min_status``)."""

    kinds: tuple[type[Exception], ...]
    message: str
    retry: RetryRule
    min_status: int = 0

    def matches(self, exc: Exception) -> bool:
        return isinstance(exc, self.kinds) and getattr(exc, "status_code", 0) >= self.min_status


def _rules() -> tuple[_Rule, ...]:
    """The table, in the order it is tried (openai is imported only when a request fails)."""
    import openai

    return (
        _Rule((openai.AuthenticationError, openai.PermissionDeniedError), KEY_REJECTED, _never),
        _Rule((openai.NotFoundError,), NOT_FOUND, _never),
        _Rule((openai.RateLimitError,), RATE_LIMITED, _retry_after),
        _Rule((openai.APIStatusError,), SERVER_ERROR, _retry_after, min_status=500),
        _Rule((openai.APITimeoutError,), TIMED_OUT, _after_backoff),
        _Rule((openai.APIConnectionError,), UNREACHABLE, _after_backoff),
        _Rule((openai.APIStatusError,), REFUSED, _never),
    )


def failure(
    config: CloudConfig, timeout_s: float, exc: Exception, answered: bool
) -> tuple[CloudError, float | None]:
    """The error to show for ``exc``, and whether to retry (None: don't; 0: after the usual
    backoff; > 0: after that many seconds, as the server asked)."""
    who = config.provider.label
    if isinstance(exc, CloudError):
        return exc, None
    if answered:
        return CloudError(CUT_OFF.format(provider=who)), None
    rule = next((rule for rule in _rules() if rule.matches(exc)), None)
    if rule is None:
        return CloudError(UNREADABLE.format(provider=who, error=exc)), None
    message = rule.message.format(
        provider=who,
        status=getattr(exc, "status_code", ""),
        model=config.model,
        address=config.base_url,
        seconds=f"{timeout_s:.0f}",
        host=config.host,
        error=exc.__cause__ or exc,
    )
    return CloudError(message), rule.retry(exc)


def _retry_after(exc: Any) -> float:
    """Seconds the server asked us to wait (0: not said), capped at 30."""
    try:
        value = float(exc.response.headers.get("retry-after", "0"))
    except (AttributeError, ValueError):
        return 0.0
    return max(0.0, min(value, 30.0))


def outcome_of(meter: Meter, exc: Exception) -> str:
    if meter.status >= 400:
        return f"HTTP {meter.status}"
    if meter.status:
        return "cut off"
    return type(exc).__name__
