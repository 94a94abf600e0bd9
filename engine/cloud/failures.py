"""What a failed cloud request tells the user, and whether it is worth a retry."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from engine.cloud.providers import CloudConfig
from engine.cloud.wire import Meter
from engine.errors import (
    CloudError,
)
from engine.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)


def failure(
    config: CloudConfig, timeout_s: float, exc: Exception, answered: bool
) -> tuple[CloudError, float | None]:
    """The error to show for ``exc``, and whether to retry (None: don't; 0: after the usual
    backoff; > 0: after that many seconds, as the server asked)."""
    import openai

    who = config.provider.label
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
                ).format(provider=who, model=config.model, address=config.base_url)
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
                ).format(provider=who, seconds=f"{timeout_s:.0f}")
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
                ).format(provider=who, host=config.host, error=exc.__cause__ or exc)
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
