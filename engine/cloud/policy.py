"""When a request may go to the cloud: the user's policy, their answer to a consent
question, and the local failures a cloud model may serve instead."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import TYPE_CHECKING

from engine.errors import (
    HishoError,
    ModelCrashedError,
    ModelLoadError,
    ModelNotFoundError,
    PromptTooLongError,
)
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.settings import CloudSettings

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)


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


def effective_policy(settings: CloudSettings, conversation_policy: str = "") -> Policy:
    """The policy for a conversation: its own, else the user's; NEVER while the cloud is
    off or its setting is unknown."""
    if not settings.enabled:
        return Policy.NEVER
    try:
        return Policy(conversation_policy or settings.policy)
    except ValueError:
        return Policy.NEVER


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
