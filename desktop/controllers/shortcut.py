"""The global shortcut: grabbed from the settings at start, changed from the Settings
dialog, and a clear notice (never a failure) when another program holds it."""

from __future__ import annotations

import logging
import os
import shlex
import subprocess

from PySide6.QtCore import QObject, Signal

from desktop.autostart import launch_command
from desktop.global_shortcut import Support
from desktop.global_shortcut.base import GlobalShortcut, ShortcutError, parse
from ui.main_window import MainWindow

log = logging.getLogger(__name__)


class ShortcutController(QObject):
    """Keeps the global shortcut in step with the settings."""

    #: The shortcut was pressed (anywhere on the desktop).
    activated = Signal()
    #: The shortcut now in force, as the user sees it ("" when none works).
    shortcut_changed = Signal(str)

    def __init__(
        self, window: MainWindow, support: Support, backend: GlobalShortcut | None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.support = support
        self.backend = backend
        #: Why the shortcut chosen does not work ("" when it does, or when none is set).
        self.problem = ""
        self.active = ""
        if backend is not None:
            backend.activated.connect(self.activated)

    def apply(self, text: str) -> str:
        """Grab ``text`` ("" for none) instead of the current shortcut.

        Returns:
            Why it does not work, for the user ("" when it does).
        """
        self.problem, self.active = "", ""
        if self.backend is None or not self.support.available:
            self.shortcut_changed.emit("")
            return ""  # the settings explain why there is no shortcut here
        if not text.strip():
            self.backend.set_shortcut(None)
            self.shortcut_changed.emit("")
            return ""
        try:
            combo = parse(text)
        except ShortcutError as exc:
            self.problem = str(exc)
        else:
            self.problem = self.backend.set_shortcut(combo)
            self.active = "" if self.problem else combo.text
        if self.problem:
            log.warning("global shortcut %r: %s", text, self.problem)
        self.shortcut_changed.emit(self.active)
        return self.problem

    def apply_and_explain(self, text: str) -> str:
        """``apply``, with what to do meanwhile added to a problem ("" when it works)."""
        problem = self.apply(text)
        if not problem:
            return ""
        return self.tr(
            "{problem} Until then, open the quick prompt from the tray icon or with "
            "`hisho --quick` (change the shortcut in File › Settings)."
        ).format(problem=problem)

    def start(self, text: str) -> None:
        """Grab the shortcut from the settings; say so if another program has it."""
        notice = self.apply_and_explain(text)
        if notice:
            self.window.show_notice(notice)

    def quick_command(self) -> str:
        """The command line that opens the quick prompt (for the desktop's settings)."""
        command = launch_command("--quick")
        return subprocess.list2cmdline(command) if os.name == "nt" else shlex.join(command)

    def close(self) -> None:
        if self.backend is not None:
            self.backend.close()
