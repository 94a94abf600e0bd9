"""File › Models…: the chat models installed, whether each fits, and getting more.

Two tabs: "Installed", a table (name, family, parameters, quantization, size, trained
context, fit at the model's context size, the one in use) with Use / Settings…
(ui/model_settings.py) / Add file… / Download… / Remove; and "Get more models", the
curated catalog sorted for this computer (ui/catalog_tab.py). A
download shows its progress with speed and time left, and can be paused (it resumes
from where it stopped, even after a restart) or cancelled. The window shows state and
emits requests; desktop/controllers/installed_models.py acts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.catalog_tab import CatalogTab
from ui.dialogs import ok_cancel
from ui.i18n import QT_TRANSLATE_NOOP, engine_text, translate
from ui.tables import read_only_table

#: The column headers (translated where shown; the last column has none).
COLUMNS = (
    QT_TRANSLATE_NOOP("ModelsWindow", "Model file"),
    QT_TRANSLATE_NOOP("ModelsWindow", "Family"),
    QT_TRANSLATE_NOOP("ModelsWindow", "Parameters"),
    QT_TRANSLATE_NOOP("ModelsWindow", "Quantization"),
    QT_TRANSLATE_NOOP("ModelsWindow", "Size"),
    QT_TRANSLATE_NOOP("ModelsWindow", "Trained context"),
    QT_TRANSLATE_NOOP("ModelsWindow", "Fit"),
    "",
)
# An example model address: not text, so not translated.
EXAMPLE_URL = "https://…/model-Q4_K_M.gguf"
#: How well a model fits, as a palette role (ui.theme).
FIT_ROLES = {"fits": "success", "may be slow": "warning", "won't fit": "error"}
#: How each ``ModelRow.fit`` value reads in the table (translated where shown).
FIT_LABELS = {
    "fits": QT_TRANSLATE_NOOP("ModelsWindow", "fits"),
    "may be slow": QT_TRANSLATE_NOOP("ModelsWindow", "may be slow"),
    "won't fit": QT_TRANSLATE_NOOP("ModelsWindow", "won't fit"),
}


@dataclass(frozen=True, slots=True)
class ModelRow:
    """One installed model as the table shows it."""

    path: str
    name: str
    family: str
    parameters: str
    quantization: str
    size_mb: float
    trained_context: int
    fit: str  # "fits", "may be slow", "won't fit"
    fit_detail: str
    active: bool


class DownloadDialog(QDialog):
    """The address (and optional sha256) of a model to download."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Download a model"))
        self.url = QLineEdit(self)
        self.url.setPlaceholderText(EXAMPLE_URL)
        self.url.setAccessibleName(self.tr("Address of the model file"))
        self.sha256 = QLineEdit(self)
        self.sha256.setPlaceholderText(self.tr("as published with the file (recommended)"))
        self.sha256.setAccessibleName(self.tr("Expected sha256"))
        note = QLabel(
            self.tr(
                "The file is checked before it is used: a wrong checksum or a file that is not "
                "a GGUF model is set aside and never loaded. The download is listed in the "
                "egress log."
            ),
            self,
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Address:"), self.url)
        form.addRow(self.tr("sha256:"), self.sha256)
        buttons = ok_cancel(self, self.tr("Download"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())


class ModelsWindow(QDialog):
    """The models table and its actions."""

    use_requested = Signal(str)  # path
    add_requested = Signal()
    download_requested = Signal(str, str)  # url, sha256
    remove_requested = Signal(str)  # path
    settings_requested = Signal(str)  # path
    pause_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelsWindow")
        self.setWindowTitle(self.tr("Models"))
        self.rows: list[ModelRow] = []
        self.table, self.model = read_only_table(
            [translate("ModelsWindow", column) if column else "" for column in COLUMNS],
            self.tr("Installed models"),
            self,
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.catalog = CatalogTab(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._installed_page(), self.tr("Installed"))
        self.tabs.addTab(self.catalog, self.tr("Get more models"))
        self.download_box = self._download_box()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.download_box)
        layout.addWidget(close)
        self.resize(1060, 540)
        self._connect_signals()
        self._selection_changed()

    def _installed_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(self._actions())
        return page

    def show_catalog_tab(self, entry_id: str = "") -> None:
        """Bring "Get more models" to the front, with ``entry_id`` chosen if given."""
        self.tabs.setCurrentWidget(self.catalog)
        if entry_id:
            self.catalog.select(entry_id)

    def _actions(self) -> QHBoxLayout:
        self.use_button = QPushButton(self.tr("Use this model"), self)
        self.settings_button = QPushButton(self.tr("Settings…"), self)
        self.add_button = QPushButton(self.tr("Add file…"), self)
        self.download_button = QPushButton(self.tr("Download…"), self)
        self.remove_button = QPushButton(self.tr("Remove…"), self)
        for button in (self.use_button, self.settings_button, self.add_button,
                       self.download_button, self.remove_button):  # fmt: skip
            button.setAutoDefault(False)
        actions = QHBoxLayout()
        actions.addWidget(self.use_button)
        actions.addWidget(self.settings_button)
        actions.addStretch(1)
        actions.addWidget(self.add_button)
        actions.addWidget(self.download_button)
        actions.addWidget(self.remove_button)
        return actions

    def _download_box(self) -> QWidget:
        self.progress = QProgressBar(self)
        self.progress_label = QLabel(self)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        downloading = QHBoxLayout()
        downloading.addWidget(self.progress, 1)
        downloading.addWidget(self.pause_button)
        downloading.addWidget(self.cancel_button)
        download_box = QWidget(self)
        box = QVBoxLayout(download_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.progress_label)
        box.addLayout(downloading)
        download_box.hide()
        return download_box

    def _connect_signals(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.use_button.clicked.connect(lambda: self._emit_selected(self.use_requested))
        self.remove_button.clicked.connect(lambda: self._emit_selected(self.remove_requested))
        self.settings_button.clicked.connect(lambda: self._emit_selected(self.settings_requested))
        self.add_button.clicked.connect(self.add_requested)
        self.download_button.clicked.connect(self._ask_download)
        self.pause_button.clicked.connect(self.pause_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)

    def show_models(self, rows: Sequence[ModelRow]) -> None:
        self.rows = list(rows)
        self.model.removeRows(0, self.model.rowCount())
        for row in self.rows:
            fit = row.fit
            if fit in FIT_LABELS:
                fit = translate("ModelsWindow", FIT_LABELS[fit])
            cells = [Path(row.path).name, row.family, row.parameters, row.quantization,
                     f"{row.size_mb:,.0f} MB",
                     self.tr("{count} tokens").format(count=f"{row.trained_context:,}"), fit,
                     self.tr("in use") if row.active else ""]  # fmt: skip
            items = [QStandardItem(text) for text in cells]
            items[0].setToolTip(f"{row.name}\n{row.path}")
            items[6].setForeground(theme.colors().qcolor(FIT_ROLES.get(row.fit, "text")))
            items[6].setToolTip(engine_text(row.fit_detail))
            if row.active:
                font = items[0].font()
                font.setBold(True)
                items[0].setFont(font)
            self.model.appendRow(items)
        active = next((n for n, r in enumerate(self.rows) if r.active), 0 if self.rows else -1)
        if active >= 0:
            self.table.selectRow(active)
        self._selection_changed()

    def selected(self) -> ModelRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.rows[indexes[0].row()] if indexes else None

    def _selection_changed(self, *_: object) -> None:
        row = self.selected()
        self.use_button.setEnabled(row is not None and not row.active)
        self.settings_button.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None and not row.active)
        self.detail.setText(
            f"{row.name} — {row.path}\n{engine_text(row.fit_detail)}" if row is not None else ""
        )

    def _emit_selected(self, signal: SignalInstance) -> None:
        row = self.selected()
        if row is not None:
            signal.emit(row.path)

    def _ask_download(self) -> None:
        dialog = DownloadDialog(self)
        dialog.accepted.connect(
            lambda: self.download_requested.emit(
                dialog.url.text().strip(), dialog.sha256.text().strip()
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        self.download_dialog = dialog
        dialog.open()

    def show_download(self, text: str, done: int, total: int) -> None:
        self.download_box.show()
        self.download_button.setEnabled(False)
        self.progress_label.setText(text)
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(done * 1000 / total))
        else:
            self.progress.setRange(0, 0)  # busy: size unknown

    def end_download(self, text: str) -> None:
        self.download_button.setEnabled(True)
        self.progress_label.setText(engine_text(text))
        self.progress.setRange(0, 1000)
        self.pause_button.hide()
        self.cancel_button.hide()

    def start_download_ui(self) -> None:
        self.pause_button.show()
        self.cancel_button.show()
