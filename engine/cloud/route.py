"""A turn's way to the cloud: the backend a turn may use, and the consent question
asked before a request leaves."""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.cancel import CancelToken
from engine.cloud.backend import CloudBackend
from engine.cloud.policy import Decision, Policy
from engine.cloud.wire import payload_text, request_body
from engine.i18n import QT_TRANSLATE_NOOP
from engine.types import (
    ChatMessage,
    ConsentNeeded,
    GenerationOptions,
)

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CloudRoute:
    """The cloud model a turn (an answer, a summary) may use, under the user's policy
    (never NEVER: then there is no route) and the conversation's own choice."""

    backend: CloudBackend
    policy: Policy
    use_cloud: bool  # the conversation answers with the cloud model
    allowed: bool  # "Send for this conversation" was chosen: no more questions
    allow_conversation: Callable[[], None]  # remember that choice
    #: How the answer is marked: "cloud", or "server" for one of the user's own servers.
    origin: str = "cloud"

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
