"""File › Settings…: the options a user changes from the window.

One tab per subject: "General" (tray, quick prompt shortcut, start at login, language),
"Documents" (the embedding model), "Cloud" (ui/cloud_settings.py: opt-in providers,
key, policy) and "Local API" (ui/local_api_settings.py: Hisho as an API for other
programs). The dialog takes plain values and gives plain values back; the preferences
controller saves and applies them. Where the desktop cannot do something (no tray,
Wayland), the dialog says why next to the option instead of hiding it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from ui import theme
from ui.dialogs import ok_cancel
from ui.i18n import LANGUAGES, QT_TRANSLATE_NOOP, SYSTEM, translate


@dataclass(frozen=True, slots=True)
class GeneralOptions:
    """What the General tab sets."""

    close_to_tray: bool
    shortcut: str  # Qt's portable text ("Ctrl+Alt+Space"); "" for none
    start_at_login: bool
    #: "system", or a code of ui.i18n.LANGUAGES (applies at the next start).
    language: str = "system"
    #: The embedding model's folder ("" for the default); a change asks to re-index.
    embedding_model: str = ""
    #: "system" (follow the OS), "light" or "dark" (applies at once).
    theme: str = "system"


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
    #: The installed embedding models: (setting value, name, knows many languages).
    embedding_models: tuple[tuple[str, str, bool], ...] = ()


NO_TRAY_NOTE = QT_TRANSLATE_NOOP(
    "SettingsDialog",
    "This desktop has no system tray (notification area), so Hisho works as a normal "
    "window app: closing the window quits it.",
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
        api_page: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settingsDialog")
        self.facts = facts
        self.options = options
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general_page(options, facts), self.tr("General"))
        self.tabs.addTab(self._documents_page(options, facts), self.tr("Documents"))
        self.cloud_page = cloud_page
        if cloud_page is not None:
            self.tabs.addTab(cloud_page, self.tr("Cloud"))
        self.api_page = api_page
        if api_page is not None:
            self.tabs.addTab(api_page, self.tr("Local API"))
        buttons = ok_cancel(self)
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
        layout.addWidget(self._language_group(options))
        layout.addWidget(self._appearance_group(options))
        layout.addStretch(1)
        return page

    def _language_group(self, options: GeneralOptions) -> QGroupBox:
        group = QGroupBox(self.tr("Language"), self)
        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language of the window"))
        self.language.addItem(self.tr("System default"), SYSTEM)
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(options.language)))
        form = QFormLayout()
        form.addRow(self.tr("Language:"), self.language)
        layout = QVBoxLayout(group)
        layout.addLayout(form)
        layout.addWidget(_note(self.tr("A new language applies when Hisho starts again.")))
        return group

    def _appearance_group(self, options: GeneralOptions) -> QGroupBox:
        group = QGroupBox(self.tr("Appearance"), self)
        self.theme = QComboBox(self)
        self.theme.setAccessibleName(self.tr("Theme"))
        self.theme.addItem(self.tr("Same as the system"), theme.SYSTEM)
        self.theme.addItem(self.tr("Light"), theme.LIGHT_MODE)
        self.theme.addItem(self.tr("Dark"), theme.DARK_MODE)
        self.theme.setCurrentIndex(max(0, self.theme.findData(options.theme)))
        form = QFormLayout(group)
        form.addRow(self.tr("Theme:"), self.theme)
        return group

    def _documents_page(self, options: GeneralOptions, facts: DesktopFacts) -> QWidget:
        page = QWidget(self)
        group = QGroupBox(self.tr("Searching your files"), page)
        self.embedding_model = QComboBox(group)
        self.embedding_model.setAccessibleName(self.tr("Embedding model"))
        for value, name, multilingual in facts.embedding_models:
            kind = self.tr("many languages") if multilingual else self.tr("English only")
            self.embedding_model.addItem(
                self.tr("{name} ({languages})").format(name=name, languages=kind), value
            )
        index = self.embedding_model.findData(options.embedding_model)
        if index < 0 and options.embedding_model:  # set by hand to a folder not listed
            self.embedding_model.addItem(options.embedding_model, options.embedding_model)
            index = self.embedding_model.count() - 1
        self.embedding_model.setCurrentIndex(max(0, index))
        form = QFormLayout()
        form.addRow(self.tr("Embedding model:"), self.embedding_model)
        layout = QVBoxLayout(group)
        layout.addLayout(form)
        layout.addWidget(
            _note(
                self.tr(
                    "The embedding model finds passages by meaning. The default one knows "
                    "English only, so Japanese questions rely on keyword search. To search "
                    "by meaning in Japanese, put a multilingual sentence-transformers model "
                    "(for example paraphrase-multilingual-MiniLM-L12-v2) in the models "
                    "folder and choose it here. Changing it re-indexes your files after "
                    "you confirm."
                )
            )
        )
        outer = QVBoxLayout(page)
        outer.addWidget(group)
        outer.addStretch(1)
        return page

    def _window_group(self, options: GeneralOptions, facts: DesktopFacts) -> QGroupBox:
        group = QGroupBox(self.tr("Window and tray"), self)
        self.close_to_tray = QCheckBox(
            self.tr("Keep Hisho running in the tray when I close the window")
        )
        self.close_to_tray.setChecked(options.close_to_tray and facts.tray_available)
        self.close_to_tray.setEnabled(facts.tray_available)
        self.tray_note = _note(
            "" if facts.tray_available else translate("SettingsDialog", NO_TRAY_NOTE)
        )
        layout = QVBoxLayout(group)
        layout.addWidget(self.close_to_tray)
        layout.addWidget(self.tray_note)
        return group

    def _shortcut_group(self, options: GeneralOptions, facts: DesktopFacts) -> QGroupBox:
        group = QGroupBox(self.tr("Quick prompt"), self)
        self.shortcut = QKeySequenceEdit(QKeySequence(options.shortcut), self)
        self.shortcut.setMaximumSequenceLength(1)
        self.shortcut.setAccessibleName(self.tr("Global shortcut for the quick prompt"))
        self.shortcut.setEnabled(facts.shortcut_available)
        clear = QPushButton(self.tr("None"), self)
        clear.setToolTip(self.tr("No global shortcut"))
        clear.clicked.connect(self.shortcut.clear)
        default = QPushButton(self.tr("Default"), self)
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
        form.addRow(self.tr("Global shortcut:"), row)
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
        self.command.setAccessibleName(self.tr("Command that opens the quick prompt"))
        copy = QPushButton(self.tr("Copy"), self)
        copy.setAutoDefault(False)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(facts.quick_command))
        row = QHBoxLayout()
        row.addWidget(self.command, 1)
        row.addWidget(copy)
        if facts.can_open_keyboard_settings:
            open_settings = QPushButton(self.tr("Open keyboard settings…"), self)
            open_settings.setAutoDefault(False)
            open_settings.clicked.connect(self.open_keyboard_settings_requested)
            row.addWidget(open_settings)
        return row

    def _startup_group(self, options: GeneralOptions, facts: DesktopFacts) -> QGroupBox:
        group = QGroupBox(self.tr("Start-up"), self)
        if facts.tray_available:
            label = self.tr("Start Hisho when I log in (in the tray)")
        else:
            label = self.tr("Start Hisho when I log in (with its window)")
        self.start_at_login = QCheckBox(label)
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
            language=str(self.language.currentData()),
            embedding_model=str(self.embedding_model.currentData() or ""),
            theme=str(self.theme.currentData()),
        )
