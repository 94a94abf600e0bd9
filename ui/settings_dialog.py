"""File › Settings…: the options a user changes from the window.

One tab per subject: "General" (tray, quick prompt shortcut, start at login) and
"Cloud" (ui/cloud_settings.py: opt-in providers, key, policy). The dialog takes plain
values and gives plain values back; the preferences controller saves and applies them. Where the
desktop cannot do something (no tray, Wayland, macOS), the dialog says why next to
the option instead of hiding it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True, slots=True)
class GeneralOptions:
    """What the General tab sets."""

    close_to_tray: bool
    shortcut: str  # Qt's portable text ("Ctrl+Alt+Space"); "" for none
    start_at_login: bool


@dataclass(frozen=True, slots=True)
class DesktopFacts:
    """What this desktop can do, for the explanations next to the options."""

    tray_available: bool
    shortcut_available: bool
    #: Why the shortcut cannot work here, a caveat, or the last problem grabbing it.
    shortcut_note: str = ""
    #: Show the command to bind in the desktop's own keyboard settings.
    use_desktop_settings: bool = False
    quick_command: str = "hisho --quick"
    #: The desktop's keyboard settings can be opened from here.
    can_open_keyboard_settings: bool = False
    default_shortcut: str = "Ctrl+Alt+Space"


NO_TRAY_NOTE = (
    "This desktop has no system tray (notification area), so Hisho works as a normal "
    "window app: closing the window quits it."
)


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName("settingsNote")
    label.setStyleSheet("#settingsNote { color: palette(placeholder-text); }")
    label.setVisible(bool(text))
    return label


class SettingsDialog(QDialog):
    """Modal settings; ``chosen()`` gives the values after ``accepted``."""

    #: The user wants the desktop's keyboard settings opened.
    open_keyboard_settings_requested = Signal()

    def __init__(
        self,
        options: GeneralOptions,
        facts: DesktopFacts,
        parent: QWidget | None = None,
        cloud_page: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.facts = facts
        self.options = options
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general_page(options, facts), "General")
        self.cloud_page = cloud_page
        if cloud_page is not None:
            self.tabs.addTab(cloud_page, "Cloud")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _general_page(self, options: GeneralOptions, facts: DesktopFacts) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(self._window_group(options, facts))
        layout.addWidget(self._shortcut_group(options, facts))
        layout.addWidget(self._startup_group(options, facts))
        layout.addStretch(1)
        return page

    def _window_group(self, options: GeneralOptions, facts: DesktopFacts) -> QGroupBox:
        group = QGroupBox("Window and tray", self)
        self.close_to_tray = QCheckBox("Keep Hisho running in the tray when I close the window")
        self.close_to_tray.setChecked(options.close_to_tray and facts.tray_available)
        self.close_to_tray.setEnabled(facts.tray_available)
        self.tray_note = _note("" if facts.tray_available else NO_TRAY_NOTE)
        layout = QVBoxLayout(group)
        layout.addWidget(self.close_to_tray)
        layout.addWidget(self.tray_note)
        return group

    def _shortcut_group(self, options: GeneralOptions, facts: DesktopFacts) -> QGroupBox:
        group = QGroupBox("Quick prompt", self)
        self.shortcut = QKeySequenceEdit(QKeySequence(options.shortcut), self)
        self.shortcut.setMaximumSequenceLength(1)
        self.shortcut.setAccessibleName("Global shortcut for the quick prompt")
        self.shortcut.setEnabled(facts.shortcut_available)
        clear = QPushButton("None", self)
        clear.setToolTip("No global shortcut")
        clear.clicked.connect(self.shortcut.clear)
        default = QPushButton("Default", self)
        default.setToolTip(facts.default_shortcut)
        default.clicked.connect(
            lambda: self.shortcut.setKeySequence(QKeySequence(facts.default_shortcut))
        )
        for button in (clear, default):
            button.setEnabled(facts.shortcut_available)
            button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.shortcut, 1)
        row.addWidget(clear)
        row.addWidget(default)
        form = QFormLayout()
        form.addRow("Global shortcut:", row)
        self.shortcut_note = _note(facts.shortcut_note)
        layout = QVBoxLayout(group)
        layout.addLayout(form)
        layout.addWidget(self.shortcut_note)
        if facts.use_desktop_settings:
            layout.addLayout(self._command_row(facts))
        return group

    def _command_row(self, facts: DesktopFacts) -> QHBoxLayout:
        self.command = QLineEdit(facts.quick_command, self)
        self.command.setReadOnly(True)
        self.command.setAccessibleName("Command that opens the quick prompt")
        copy = QPushButton("Copy", self)
        copy.setAutoDefault(False)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(facts.quick_command))
        row = QHBoxLayout()
        row.addWidget(self.command, 1)
        row.addWidget(copy)
        if facts.can_open_keyboard_settings:
            open_settings = QPushButton("Open keyboard settings…", self)
            open_settings.setAutoDefault(False)
            open_settings.clicked.connect(self.open_keyboard_settings_requested)
            row.addWidget(open_settings)
        return row

    def _startup_group(self, options: GeneralOptions, facts: DesktopFacts) -> QGroupBox:
        group = QGroupBox("Start-up", self)
        where = "in the tray" if facts.tray_available else "with its window"
        self.start_at_login = QCheckBox(f"Start Hisho when I log in ({where})")
        self.start_at_login.setChecked(options.start_at_login)
        layout = QVBoxLayout(group)
        layout.addWidget(self.start_at_login)
        return group

    def chosen(self) -> GeneralOptions:
        """The values as the user left them."""
        sequence = self.shortcut.keySequence()
        close_to_tray = self.close_to_tray.isChecked()
        if not self.facts.tray_available:  # kept for a desktop that has a tray
            close_to_tray = self.options.close_to_tray
        return GeneralOptions(
            close_to_tray=close_to_tray,
            shortcut=sequence.toString(QKeySequence.SequenceFormat.PortableText),
            start_at_login=self.start_at_login.isChecked(),
        )
