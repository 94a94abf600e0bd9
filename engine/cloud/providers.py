"""Cloud providers: the presets, and which provider, address and model the settings name."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.settings import CloudSettings

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)


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
