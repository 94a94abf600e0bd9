"""Migrations of the settings file: ``MIGRATIONS[n]`` turns a version-n dict into
version n+1 (engine.storage.settings applies them in order when it reads a file)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from engine.types import GPU_LAYERS_AUTO

#: macOS's own default quick-prompt shortcut (⌥Space; ⌘⌥Space is Finder's search).
MACOS_QUICK_SHORTCUT = "Alt+Space"


def _macos() -> bool:  # a function, so tests can make this computer a Mac
    return sys.platform == "darwin"


def _v1_macos_shortcut(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 gave macOS a global shortcut. Before, the editor was off there, so a
    saved Ctrl+Alt+Space (⌘⌥Space, Finder's search) was only the default, never in
    force: it becomes macOS's own default."""
    desktop = data.get("desktop")
    if not (_macos() and isinstance(desktop, dict)):
        return data
    if desktop.get("quick_prompt_shortcut") != "Ctrl+Alt+Space":
        return data
    return {**data, "desktop": {**desktop, "quick_prompt_shortcut": MACOS_QUICK_SHORTCUT}}


def _v2_gpu_layers_auto(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 offloads as many layers as fit by default. Before, 0 (the processor) was
    the default, saved into every file; a CPU build of llama.cpp offered no other value.
    So a saved 0 was the default and becomes the new one (a per-model 0 stays: one is kept
    only when it differs from the general value, so it was chosen)."""
    chat = data.get("chat")
    if not isinstance(chat, dict) or chat.get("gpu_layers") != 0:
        return data
    return {**data, "chat": {**chat, "gpu_layers": GPU_LAYERS_AUTO}}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_macos_shortcut,
    2: _v2_gpu_layers_auto,
}
