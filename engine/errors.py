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


class PromptTooLongError(GenerationError):
    """The newest message does not fit the local model's context (and cutting it was not
    allowed, because a cloud model may take it whole)."""


class CloudError(HishoError):
    """A cloud provider could not answer (rejected key, rate limit, server error, cut
    connection) or could not be set up (no secure keyring)."""


class StorageError(HishoError):
    """History or settings could not be read or written (read-only folder, full disk)."""


class DamagedStoreError(StorageError):
    """A database file is damaged (failed its integrity check or is not a database)."""


class ImportFileError(StorageError):
    """A conversation export could not be imported at all (not an export, a damaged or
    unsafe zip); nothing was added."""


class SettingsError(HishoError):
    """The settings file could not be used; defaults were loaded and the old file kept."""


class ExtractError(HishoError):
    """A document's text could not be had; ``reason`` is a short code, ``str()`` says why.

    Reasons: ``unsupported`` (format Hisho does not read), ``password`` (encrypted),
    ``corrupt`` (damaged or not what the name says), ``unsafe`` (zip bomb, XML entities),
    ``timeout`` / ``memory`` (the parser went past its limits), ``unreadable`` (no
    permission), ``missing`` (gone before it could be read).
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class LibraryError(HishoError):
    """The document library (manifest or vector index) could not be used."""
