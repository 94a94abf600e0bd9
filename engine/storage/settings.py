"""Typed, documented, versioned settings, saved atomically as JSON.

The cloud API key is never here: it lives only in the OS keyring.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import paths
from engine.errors import SettingsError, StorageError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.atomic import write_atomic
from engine.storage.library_servers import ChromaLibrary, chroma_libraries
from engine.storage.settings_migrations import MACOS_QUICK_SHORTCUT, MIGRATIONS, _macos
from engine.types import GPU_LAYERS_AUTO

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3


#: The quick prompt's global shortcut unless the user chose another. On macOS Qt's Ctrl
#: is ⌘, and ⌘⌥Space opens Finder's search, so there it is ⌥Space (Option+Space).
DEFAULT_QUICK_SHORTCUT = MACOS_QUICK_SHORTCUT if _macos() else "Ctrl+Alt+Space"


@dataclass(frozen=True, slots=True)
class ChatSettings:
    """How the local model answers."""

    #: Path of the chat model (.gguf). Empty: the default model in the models folder.
    model_path: str = ""
    #: Context window in tokens (capped at what the model was trained for).
    context_length: int = 8192
    #: CPU threads for generation; 0 picks the number of physical cores.
    threads: int = 0
    #: Model layers offloaded to the GPU: GPU_LAYERS_AUTO (-2) as many as fit in its free
    #: memory, GPU_LAYERS_ALL (-1), 0 the processor only, or a number (engine.models.offload).
    #: Only a GPU build of llama.cpp offloads; the CPU build runs everything on the processor.
    gpu_layers: int = GPU_LAYERS_AUTO
    #: Sampling temperature; 0 is greedy (always the same answer).
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    repeat_penalty: float = 1.1
    #: Longest reply, in tokens.
    max_reply_tokens: int = 1024
    #: Instructions given to the model before every conversation.
    system_prompt: str = "You are Hisho, a helpful, concise private assistant."
    #: Length of summaries: "brief" (a paragraph), "bullets" or "detailed".
    summary_length: str = "bullets"
    #: A model on one of the user's own servers that answers instead of the local one,
    #: as "server name/model name" ("" for the local model).
    server_model: str = ""


@dataclass(frozen=True, slots=True)
class LibrarySettings:
    """How documents are indexed and searched."""

    #: Folder of the embedding model (sentence-transformers). Empty: all-MiniLM-L6-v2.
    #: Changing it re-embeds every chunk (after the user confirms).
    embedding_model: str = ""
    #: Chunk size and overlap, in the embedding model's tokens.
    chunk_tokens: int = 160
    chunk_overlap: int = 32
    #: Most passages put in front of the model for one question (fewer when the context
    #: is short). The 135M default model answers far better from 3-4 than from 8.
    max_passages: int = 4


@dataclass(frozen=True, slots=True)
class UiSettings:
    """How the window looks."""

    #: "system", "light" or "dark".
    theme: str = "system"
    #: The language of the window: "system" (follow the system's), "en" or "ja". A change
    #: applies at the next start.
    language: str = "system"


@dataclass(frozen=True, slots=True)
class DesktopSettings:
    """Living in the background: tray, quick prompt, global shortcut.

    Start at login is not kept here: the autostart entry the desktop reads is the truth.
    """

    #: Closing the window keeps Hisho running in the tray (where the desktop has one);
    #: False quits when the window closes.
    close_to_tray: bool = True
    #: The one-time "Hisho is still running in the tray" notice has been shown.
    tray_notice_shown: bool = False
    #: Global shortcut that opens the quick prompt, in Qt's portable text form
    #: ("Ctrl+Alt+Space"); "" for none. X11, Windows and macOS (on Wayland: run
    #: ``hisho --quick`` from the desktop's own shortcut settings).
    quick_prompt_shortcut: str = DEFAULT_QUICK_SHORTCUT
    #: The quick prompt's toggles, as the user last left them.
    quick_use_documents: bool = False
    quick_include_clipboard: bool = False


@dataclass(frozen=True, slots=True)
class CloudSettings:
    """Opt-in cloud models (an OpenAI-compatible provider). The API key is not here: it
    is only in the OS keyring (engine.storage.secrets)."""

    #: Off by default: nothing ever leaves the device unless this is on.
    enabled: bool = False
    #: A preset of engine.cloud.providers.PROVIDERS ("openai", "anthropic", …, "custom").
    provider: str = "openai"
    #: The address of a "custom" provider's API (presets have their own).
    base_url: str = ""
    #: The provider's model name, e.g. "gpt-4o-mini".
    model: str = ""
    #: When a request may go out: "never", "ask" (each time, showing what would be
    #: sent) or "auto" (without asking when the local model can't answer).
    policy: str = "ask"


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """Hisho as a local OpenAI-compatible API (engine.api); its token is in the keyring."""

    #: Off by default: no port is opened unless this is on (or ``hisho serve`` runs).
    enabled: bool = False
    #: Loopback only, unless the user accepted the warning (``allow_other_address``).
    host: str = "127.0.0.1"
    port: int = 8484
    allow_other_address: bool = False
    #: Web pages ("http://localhost:3000") that may read replies; none by default.
    cors_origins: tuple[str, ...] = ()
    max_request_kib: int = 1024
    requests_per_minute: int = 120  # all clients together; a quarter may come at once
    #: Clients the user allowed to read their documents (by the name they give).
    approved_clients: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MyServer:
    """An OpenAI-compatible server the user runs on a private address (engine.cloud.servers):
    no consent asked unless ``ask_consent``; a key, if any, is in the OS keyring."""

    name: str = ""
    base_url: str = ""
    ask_consent: bool = False


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the user can set. ``version`` is the schema version of the file."""

    version: int = SCHEMA_VERSION
    chat: ChatSettings = field(default_factory=ChatSettings)
    library: LibrarySettings = field(default_factory=LibrarySettings)
    ui: UiSettings = field(default_factory=UiSettings)
    desktop: DesktopSettings = field(default_factory=DesktopSettings)
    cloud: CloudSettings = field(default_factory=CloudSettings)
    api: ApiSettings = field(default_factory=ApiSettings)
    #: The user's own model servers, in the order they added them.
    servers: tuple[MyServer, ...] = ()
    chroma_libraries: tuple[ChromaLibrary, ...] = ()
    #: Per-model settings, by model file name: each a subset of MODEL_KEYS that replaces
    #: the ``chat`` value while that model is in use (see ``for_model``).
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Tools (off by default) and MCP servers, as engine.tools.config reads them.
    tools: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2, ensure_ascii=False) + "\n"


#: The chat settings a model may set for itself (Models window › Settings…).
MODEL_KEYS = (
    "context_length",
    "threads",
    "gpu_layers",
    "temperature",
    "top_p",
    "repeat_penalty",
    "system_prompt",
)


def _model_values(raw: Any) -> dict[str, Any]:
    """The valid MODEL_KEYS values of one model's entry (junk and wrong types dropped)."""
    return {k: v for k, v in _known(ChatSettings, raw).items() if k in MODEL_KEYS}


def for_model(settings: Settings, model_name: str) -> ChatSettings:
    """The chat settings in force while ``model_name`` (a .gguf file name) is the chat
    model: the general ones with that model's own settings in their place."""
    own = _model_values(settings.models.get(model_name, {}))
    return dataclasses.replace(settings.chat, **own)


def with_model_settings(settings: Settings, model_name: str, values: dict[str, Any]) -> Settings:
    """``settings`` with ``model_name``'s own settings set to ``values`` (only those that
    differ from the general settings are kept; an empty result removes the entry)."""
    general = dataclasses.asdict(settings.chat)
    kept = {k: v for k, v in values.items() if k in MODEL_KEYS and v != general.get(k)}
    models = {name: dict(v) for name, v in settings.models.items() if name != model_name}
    if kept:
        models[model_name] = kept
    return dataclasses.replace(settings, models=models)


def _known(cls: type, data: Any) -> dict[str, Any]:
    """Keep only the keys ``cls`` knows whose values have the default's type."""
    if not isinstance(data, dict):
        return {}
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        default = f.default if f.default is not dataclasses.MISSING else None
        if isinstance(default, tuple):
            ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
            value = tuple(value) if ok else value
        elif isinstance(default, bool) or default is None:
            ok = isinstance(value, type(default)) if default is not None else True
        elif isinstance(default, float):
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        else:
            ok = isinstance(value, type(default)) and not isinstance(value, bool)
        if ok:
            out[f.name] = float(value) if isinstance(default, float) else value
        else:
            log.warning("settings: ignoring %s=%r (wrong type)", f.name, value)
    return out


def from_dict(data: dict[str, Any]) -> Settings:
    """Build settings from a parsed file, migrating old versions and ignoring junk."""
    version = data.get("version", 1)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise SettingsError(
            QT_TRANSLATE_NOOP(
                "Engine",
                "The settings file is from a newer Hisho (version {version}); defaults are used "
                "and the file is left as it is.",
            ).format(version=version)
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return Settings(
        version=SCHEMA_VERSION,
        chat=ChatSettings(**_known(ChatSettings, data.get("chat"))),
        library=LibrarySettings(**_known(LibrarySettings, data.get("library"))),
        ui=UiSettings(**_known(UiSettings, data.get("ui"))),
        desktop=DesktopSettings(**_known(DesktopSettings, data.get("desktop"))),
        cloud=CloudSettings(**_known(CloudSettings, data.get("cloud"))),
        api=ApiSettings(**_known(ApiSettings, data.get("api"))),
        servers=_servers(data.get("servers")),
        chroma_libraries=chroma_libraries(data.get("chroma_libraries")),
        models=_models(data.get("models")),
        tools=dict(data["tools"]) if isinstance(data.get("tools"), dict) else {},
    )


def _servers(data: Any) -> tuple[MyServer, ...]:
    """The user's servers of a parsed file (no name or address, or a name again: dropped)."""
    if not isinstance(data, list):
        return ()
    found: dict[str, MyServer] = {}
    for item in data:
        server = MyServer(**_known(MyServer, item))
        if server.name.strip() and server.base_url.strip() and server.name not in found:
            found[server.name] = server
    return tuple(found.values())


def _models(data: Any) -> dict[str, dict[str, Any]]:
    """The per-model settings of a parsed file (junk entries dropped)."""
    if not isinstance(data, dict):
        return {}
    out = {}
    for name, values in data.items():
        known = _model_values(values)
        if isinstance(name, str) and known:
            out[name] = known
    return out


def load(path: Path | None = None) -> tuple[Settings, str]:
    """Read the settings file.

    Returns:
        The settings and a warning for the user ("" if none). A missing file gives
        defaults. An unreadable or corrupt one is kept aside as
        ``settings.json.corrupt-<time>`` (nothing the user set is silently lost) and the
        automatic backup of the last good settings (``settings.json.bak``, refreshed by
        every save) is restored; without one, defaults are used.
    """
    path = path or paths.settings_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), ""
    except OSError as exc:
        unreadable = QT_TRANSLATE_NOOP(
            "Engine", "Could not read settings ({error}); using defaults."
        )
        return Settings(), unreadable.format(error=exc.strerror)
    try:
        return _parse(raw), ""
    except SettingsError as exc:
        return Settings(), str(exc)
    except (ValueError, UnicodeDecodeError):
        aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
        try:
            path.replace(aside)
        except OSError:
            aside = path
        restored = _restore_backup(path)
        if restored is not None:
            return restored, QT_TRANSLATE_NOOP(
                "Engine",
                "The settings file was damaged; your settings from the last save were "
                "restored (the damaged file is kept as {path}).",
            ).format(path=aside)
        damaged = QT_TRANSLATE_NOOP(
            "Engine", "The settings file was damaged; defaults are used (old file: {path})."
        )
        return Settings(), damaged.format(path=aside)


def backup_file(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _parse(raw: bytes) -> Settings:
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not an object")
    return from_dict(data)


def _restore_backup(path: Path) -> Settings | None:
    """The last good settings, put back in place (None when there is no usable backup)."""
    try:
        raw = backup_file(path).read_bytes()
        settings = _parse(raw)
        write_atomic(path, raw)
    except (OSError, ValueError, UnicodeDecodeError, SettingsError):
        return None
    return settings


def save(settings: Settings, path: Path | None = None) -> None:
    """Save atomically: the file holds the old or the new settings, never a mix.

    Raises:
        StorageError: the folder is read-only or the disk is full (old file intact).
    """
    path = path or paths.settings_file()
    try:
        _keep_backup(path)
        write_atomic(path, settings.to_json().encode("utf-8"))
    except OSError as exc:
        raise StorageError(
            QT_TRANSLATE_NOOP("Engine", "Could not save settings to {path}: {error}.").format(
                path=path, error=exc.strerror or exc
            )
        ) from exc


def _keep_backup(path: Path) -> None:
    """Before replacing a good settings file, keep it as the automatic backup."""
    try:
        raw = path.read_bytes()
        _parse(raw)
    except (OSError, ValueError, UnicodeDecodeError, SettingsError):
        return  # nothing good to keep: the last backup stays
    write_atomic(backup_file(path), raw)
