"""The tray icon and its menu: Quick prompt, Show Hisho, indexing status with
Pause/Resume, Quit. It shows state and emits requests; the tray controller acts."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from engine.library.types import IngestProgress, JobState
from ui.library_panel import progress_text

#: The tooltip's name for the app (a name: not translated).
APP_NAME = "Hisho"


class TrayIcon(QObject):
    """Hisho's icon in the system tray (the notification area)."""

    quick_prompt_requested = Signal()
    show_window_requested = Signal()
    pause_requested = Signal()
    resume_requested = Signal()
    quit_requested = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip(APP_NAME)
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.quick_action = QAction(self.tr("Quick prompt"), self.menu)
        self.show_action = QAction(self.tr("Show Hisho"), self.menu)
        self.status_action = QAction(self.tr("Files: up to date"), self.menu)
        self.status_action.setEnabled(False)  # a line of information, not a command
        self.pause_action = QAction(self.tr("Pause indexing"), self.menu)
        self.pause_action.setVisible(False)
        self.quit_action = QAction(self.tr("Quit Hisho"), self.menu)
        self.menu.addActions([self.quick_action, self.show_action])
        self.menu.addSeparator()
        self.menu.addActions([self.status_action, self.pause_action])
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self._paused = False
        #: (title, text) of the last message shown from the icon.
        self.last_message: tuple[str, str] | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.quick_action.triggered.connect(self.quick_prompt_requested)
        self.show_action.triggered.connect(self.show_window_requested)
        self.pause_action.triggered.connect(self._pause_clicked)
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon.activated.connect(self._activated)

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def is_visible(self) -> bool:
        return self.icon.isVisible()

    def set_shortcut_text(self, text: str) -> None:
        """Show the global shortcut next to "Quick prompt" ("" when there is none)."""
        label = self.tr("Quick prompt")
        self.quick_action.setText(f"{label}\t{text}" if text else label)

    def set_progress(self, progress: IngestProgress) -> None:
        """Show the indexing job's state, with Pause or Resume while it runs."""
        running = progress.state in (JobState.RUNNING, JobState.PAUSED)
        self._paused = progress.state is JobState.PAUSED
        if running:
            self.status_action.setText(
                self.tr("Reading files: {progress}").format(progress=progress_text(progress))
            )
        else:
            self.status_action.setText(self.tr("Files: up to date"))
        self.pause_action.setText(
            self.tr("Resume indexing") if self._paused else self.tr("Pause indexing")
        )
        self.pause_action.setVisible(running)
        tip = APP_NAME if not running else f"{APP_NAME} — {self.status_action.text()}"
        self.icon.setToolTip(tip)

    def notify(self, title: str, text: str) -> None:
        """A passing message from the tray icon (a desktop notification where possible)."""
        self.last_message = (title, text)
        self.icon.showMessage(title, text, self.icon.icon(), 8000)

    def _pause_clicked(self) -> None:
        if self._paused:
            self.resume_requested.emit()
        else:
            self.pause_requested.emit()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:  # a click
            self.show_window_requested.emit()
        elif reason is QSystemTrayIcon.ActivationReason.MiddleClick:
            self.quick_prompt_requested.emit()
