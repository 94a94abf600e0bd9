"""Tray controller: Hisho in the notification area, and what closing the window means.

Where the desktop has a tray, the icon's menu opens the quick prompt or the window,
shows indexing with Pause/Resume, and quits; closing the window keeps Hisho running
there (a notice says so, once; a setting makes closing quit instead). Where it has
none, Hisho is a normal window app. A tray that appears a little after Hisho (a panel
still starting at login) is picked up when it does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from desktop.controllers.preferences import DesktopPreferences
from desktop.controllers.quick import QuickController
from engine.library.types import IngestProgress
from engine.storage.settings import DesktopSettings
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.main_window import MainWindow
from ui.tray import TrayIcon

log = logging.getLogger(__name__)

#: How often, and how long, to look for a tray that is not there yet (at login the
#: panel may start after Hisho).
TRAY_POLL_MS = 1000
TRAY_WAIT_MS = 15_000

STILL_RUNNING = QT_TRANSLATE_NOOP("TrayController", "Hisho is still running")


def still_running_text(shortcut: str) -> str:
    if shortcut:
        return QCoreApplication.translate(
            "TrayController",
            "Click the tray icon to open the window or press {shortcut} for the quick prompt. "
            "To quit when the window closes, change it in File › Settings.",
        ).format(shortcut=shortcut)
    return QCoreApplication.translate(
        "TrayController",
        "Click the tray icon to open the window. To quit when the window "
        "closes, change it in File › Settings.",
    )


class TrayController(QObject):
    """Shows the tray icon where there is a tray and acts on its menu."""

    def __init__(
        self,
        window: MainWindow,
        tray: TrayIcon,
        prefs: DesktopPreferences,
        quick: QuickController,
        quit_app: Callable[[], None],
        tray_available: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.tray = tray
        self.prefs = prefs
        self.quick = quick
        self.quit_app = quit_app
        self.tray_available = tray_available
        self.active = False
        self.shortcut = ""
        self._show_window_if_no_tray = False
        self._waited_ms = 0
        self._poll = QTimer(self)
        self._poll.setInterval(TRAY_POLL_MS)
        self._poll.timeout.connect(self._look_for_tray)
        self._connect_signals()

    def _connect_signals(self) -> None:
        tray = self.tray
        tray.quick_prompt_requested.connect(self.quick.open)
        tray.show_window_requested.connect(self.show_window)
        tray.quit_requested.connect(self.quit)
        self.window.closed_to_tray.connect(self._closed_to_tray)
        self.prefs.changed.connect(self._use_settings)

    def connect_library(self, pause: Callable[[], None], resume: Callable[[], None]) -> None:
        self.tray.pause_requested.connect(pause)
        self.tray.resume_requested.connect(resume)

    def start(self, hidden: bool = False) -> None:
        """Show the icon, or wait a little for a tray to appear (``hidden``: Hisho was
        started without its window, which is shown if no tray comes)."""
        if self.tray_available():
            self._activate()
            return
        log.info("no system tray yet: Hisho works as a window app until one appears")
        self._show_window_if_no_tray = hidden
        self._poll.start()

    def _look_for_tray(self) -> None:
        self._waited_ms += TRAY_POLL_MS
        if self.tray_available():
            self._poll.stop()
            self._activate()
        elif self._waited_ms >= TRAY_WAIT_MS:
            self._poll.stop()
            if self._show_window_if_no_tray:
                self.window.bring_to_front()  # nowhere else to find Hisho

    def _activate(self) -> None:
        self.active = True
        self.tray.show()
        self._use_settings(self.prefs.current)
        log.info("tray icon shown")

    def _use_settings(self, desktop: DesktopSettings) -> None:
        self.window.keep_running_on_close = self.active and desktop.close_to_tray

    def set_shortcut(self, text: str) -> None:
        """The global shortcut now in force ("" when none), shown in the menu."""
        self.shortcut = text
        self.tray.set_shortcut_text(text)

    def set_progress(self, progress: IngestProgress) -> None:
        self.tray.set_progress(progress)

    # --- actions ---------------------------------------------------------------------

    def show_window(self) -> None:
        self.window.bring_to_front()

    def quit(self) -> None:
        """Quit Hisho (the window closes for real; everything is stopped and saved)."""
        self.quick.prompt.hide()
        self.window.quit()
        self.quit_app()

    def _closed_to_tray(self) -> None:
        """The window closed but Hisho runs on: say so the first time."""
        if self.prefs.current.tray_notice_shown:
            return
        self.tray.notify(
            translate("TrayController", STILL_RUNNING), still_running_text(self.shortcut)
        )
        self.prefs.update(tray_notice_shown=True)

    def close(self) -> None:
        self._poll.stop()
        self.tray.hide()
