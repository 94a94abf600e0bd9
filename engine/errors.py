"""Typed errors, each with a message a user can act on.

The UI shows ``str(error)`` in one place; the log keeps the traceback.
"""

from __future__ import annotations


class HishoError(Exception):
    """Base class: ``str(error)`` is a sentence for the user."""


class ModelNotFoundError(HishoError):
    """No chat model file where the settings say it is."""


class ModelLoadError(HishoError):
    """The model file exists but cannot be loaded (corrupt, not GGUF, too big)."""


class ModelCrashedError(HishoError):
    """The model process died while working; the next request starts a new one."""


class GenerationError(HishoError):
    """Generation failed for a reason other than a crash."""


class StorageError(HishoError):
    """History or settings could not be read or written (read-only folder, full disk)."""


class SettingsError(HishoError):
    """The settings file could not be used; defaults were loaded and the old file kept."""


class CancelledError(HishoError):
    """The user stopped the work."""
