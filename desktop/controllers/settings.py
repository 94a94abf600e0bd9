"""The one owner of the settings in memory, and their one save path.

Every controller reads the settings from :class:`SettingsOwner` and follows its
``changed`` signal; none keeps a copy of its own. A change is saved atomically through
``engine.storage.settings.save`` (temp file, fsync, replace) and only then used: when
saving fails, the error is shown (in one place) and the old settings stay, in memory
and on disk.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from engine.errors import HishoError
from engine.models.defaults import resolve_chat_model
from engine.storage import settings as settings_store
from engine.storage.settings import ChatSettings, Settings


class SettingsOwner(QObject):
    """Holds the current :class:`Settings`; ``save`` is the only way to change them."""

    #: Settings, after a change was saved.
    changed = Signal(object)

    def __init__(
        self,
        settings: Settings,
        show_error: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._current = settings
        self._show_error = show_error

    @property
    def current(self) -> Settings:
        return self._current

    def chat_settings(self) -> ChatSettings:
        """The chat settings in force: the general ones, with the active model's own."""
        model = resolve_chat_model(self._current.chat.model_path)
        return settings_store.for_model(self._current, model.name)

    def save(self, settings: Settings) -> bool:
        """Save ``settings`` and use them; False (the error shown, the old settings
        kept) when they could not be saved."""
        try:
            settings_store.save(settings)
        except HishoError as exc:
            self._show_error(str(exc))
            return False
        self._current = settings
        self.changed.emit(settings)
        return True

    def update(self, **sections: Any) -> bool:
        """Replace some sections (``desktop=…``, ``chat=…``) and save; see :meth:`save`."""
        return self.save(dataclasses.replace(self._current, **sections))
