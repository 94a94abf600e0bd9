"""Preferences: the desktop settings (tray, shortcut, quick prompt toggles) and the
Settings dialog.

The settings in memory live in one place, the
:class:`~desktop.controllers.settings.SettingsOwner`; :class:`DesktopPreferences`
changes their ``desktop`` section through it and says so (``changed``), so two savers
never overwrite each other's changes.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QProcess, Signal

from desktop import autostart
from desktop.controllers.cloud import CloudController
from desktop.controllers.library import LibraryController
from desktop.controllers.local_api import LocalApiController
from desktop.controllers.settings import SettingsOwner
from engine.storage.settings import DesktopSettings
from ui import theme
from ui.main_window import MainWindow
from ui.settings_dialog import DesktopFacts, GeneralOptions, SettingsDialog

log = logging.getLogger(__name__)

#: Programs that open a desktop's keyboard-shortcut settings, tried in order.
KEYBOARD_SETTINGS = (
    ["gnome-control-center", "keyboard"],
    ["systemsettings", "kcm_keys"],
    ["systemsettings5", "keys"],
    ["xfce4-keyboard-settings"],
    ["cinnamon-settings", "keyboard"],
    ["mate-keybinding-properties"],
)


def keyboard_settings_command() -> list[str] | None:
    """The first keyboard-settings program installed here (None: none known)."""
    for command in KEYBOARD_SETTINGS:
        if shutil.which(command[0]):
            return command
    return None


class DesktopPreferences(QObject):
    """Reads and saves the ``desktop`` section of the settings."""

    #: DesktopSettings, after a change was saved.
    changed = Signal(object)

    def __init__(self, settings: SettingsOwner, window: MainWindow) -> None:
        super().__init__(window)
        self.settings = settings
        self.window = window

    @property
    def current(self) -> DesktopSettings:
        return self.settings.current.desktop

    def update(self, **changes: Any) -> bool:
        """Change some fields, save, and tell ``changed``; False if saving failed."""
        desktop = dataclasses.replace(self.current, **changes)
        if desktop == self.current:
            return True
        if not self.settings.update(desktop=desktop):
            return False
        self.changed.emit(desktop)
        return True


class PreferencesController(QObject):
    """Opens File › Settings… and applies what the user chose."""

    def __init__(
        self,
        window: MainWindow,
        prefs: DesktopPreferences,
        facts: Callable[[], DesktopFacts],
        apply_shortcut: Callable[[str], str],
        cloud: CloudController | None = None,
        library: LibraryController | None = None,
        local_api: LocalApiController | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.local_api = local_api
        self.prefs = prefs
        self.facts = facts
        self.apply_shortcut = apply_shortcut
        self.cloud = cloud
        self.dialog: SettingsDialog | None = None
        window.settings_requested.connect(self.open_dialog)

    def open_dialog(self) -> SettingsDialog:
        """Show the dialog (window-modal, not blocking); it applies itself on OK."""
        current = self.prefs.current
        settings = self.prefs.settings.current
        options = GeneralOptions(
            current.close_to_tray,
            current.quick_prompt_shortcut,
            autostart.is_enabled(),
            settings.ui.language,
            settings.library.embedding_model,
            theme=settings.ui.theme,
        )
        page = self.cloud.make_page() if self.cloud is not None else None
        api_page = self.local_api.make_page() if self.local_api is not None else None
        dialog = SettingsDialog(options, self.facts(), self.window, page, api_page)
        dialog.accepted.connect(lambda: self.apply(options, dialog.chosen()))
        if self.cloud is not None and page is not None:
            cloud = self.cloud
            dialog.accepted.connect(lambda: cloud.apply(page.chosen()))
        if self.local_api is not None and api_page is not None:
            local_api = self.local_api
            dialog.accepted.connect(lambda: local_api.apply(api_page.chosen()))
        dialog.open_keyboard_settings_requested.connect(self.open_keyboard_settings)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def apply(self, before: GeneralOptions, chosen: GeneralOptions) -> None:
        if chosen.start_at_login != before.start_at_login:
            try:
                autostart.set_enabled(chosen.start_at_login)
            except OSError as exc:
                self.window.show_error(
                    self.tr("Could not change starting at login: {error}").format(error=exc)
                )
        if not self.prefs.update(close_to_tray=chosen.close_to_tray,
                                 quick_prompt_shortcut=chosen.shortcut):  # fmt: skip
            return
        if chosen.shortcut != before.shortcut:
            problem = self.apply_shortcut(chosen.shortcut)
            if problem:
                self.window.show_notice(problem)
        if not self._apply_language_and_model(before, chosen):
            return
        if chosen.theme != before.theme and not self._apply_theme(chosen.theme):
            return
        self.window.show_transient(self.tr("Settings saved"))

    def _apply_theme(self, mode: str) -> bool:
        """Save the theme and show it now (live: every widget follows)."""
        current = self.prefs.settings.current
        if not self.prefs.settings.update(ui=dataclasses.replace(current.ui, theme=mode)):
            return False
        theme.use(mode)
        return True

    def _apply_language_and_model(self, before: GeneralOptions, chosen: GeneralOptions) -> bool:
        """Save a new language (used at the next start) and a new embedding model (the
        library process restarts with it and asks before re-indexing)."""
        if (chosen.language, chosen.embedding_model) == (before.language, before.embedding_model):
            return True
        current = self.prefs.settings.current
        if not self.prefs.settings.update(
            ui=dataclasses.replace(current.ui, language=chosen.language),
            library=dataclasses.replace(current.library, embedding_model=chosen.embedding_model),
        ):
            return False
        if chosen.language != before.language:
            self.window.show_notice(self.tr("The new language applies when Hisho starts again."))
        if chosen.embedding_model != before.embedding_model and self.library is not None:
            self.library.restart()
        return True

    def open_keyboard_settings(self) -> None:
        """Open the desktop's own keyboard-shortcut settings, where it has them."""
        command = keyboard_settings_command()
        started = command is not None and QProcess.startDetached(command[0], command[1:])[0]
        if not started:
            self.window.show_notice(
                self.tr(
                    "Could not open the keyboard settings. Open them from your desktop's "
                    "settings and add a shortcut that runs the command shown."
                )
            )
