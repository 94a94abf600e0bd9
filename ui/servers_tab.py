"""Models › My servers: models on the servers the user runs, beside the installed ones.

Ollama, LM Studio, a llama.cpp server or vLLM on this computer or the user's own network
(LAN, VPN). The table lists each server's models, and the engines found running here
that are not added yet ("Use the models you already have in Ollama"); Use for chat makes
one answer instead of the local model. The tab shows and emits; desktop/controllers/
servers.py checks addresses, lists models on a worker and saves the choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.cloud_settings import note
from ui.dialogs import ok_cancel
from ui.i18n import QT_TRANSLATE_NOOP, engine_text, translate
from ui.tables import read_only_table

INTRO = QT_TRANSLATE_NOOP(
    "ServersTab",
    "Models on servers you run — Ollama, LM Studio, a llama.cpp server or vLLM — on this "
    "computer or your own network (home LAN, VPN). They answer without asking each time; "
    "every request is listed in Help › Egress log. A server elsewhere on the internet "
    "belongs in Settings › Cloud.",
)
COLUMNS = (
    QT_TRANSLATE_NOOP("ServersTab", "Model"),
    QT_TRANSLATE_NOOP("ServersTab", "Server"),
    QT_TRANSLATE_NOOP("ServersTab", "Address"),
    QT_TRANSLATE_NOOP("ServersTab", "State"),
)
# An example server address: not text, so not translated.
EXAMPLE_URL = "http://192.168.1.20:11434/v1"


@dataclass(frozen=True, slots=True)
class ServerModelRow:
    """One model on one server (or a server that could not list its models)."""

    server: str
    model: str  # "" when the server listed none (``problem`` says why)
    base_url: str
    in_use: bool = False
    found: bool = False  # an engine found running here, not added yet
    problem: str = ""


class AddServerDialog(QDialog):
    """A server's name and address, and whether to ask before each request."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a server of yours"))
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Server name"))
        self.url = QLineEdit(self)
        self.url.setPlaceholderText(EXAMPLE_URL)
        self.url.setAccessibleName(self.tr("Server address"))
        self.ask = QCheckBox(self.tr("Ask before each request, as for the cloud"), self)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Address:"), self.url)
        form.addRow("", self.ask)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note(self.tr("Only addresses on this computer or your own network "
                                      "(10.x, 172.16–31.x, 192.168.x, 100.64–127.x VPN, "
                                      "fd…) are accepted.")))  # fmt: skip
        layout.addWidget(ok_cancel(self, self.tr("Add")))


class ServersTab(QWidget):
    """The table of server models and what can be done with them."""

    use_requested = Signal(str, str, str)  # server name, model, address
    local_requested = Signal()
    add_requested = Signal(str, str, bool)  # name, address, ask before each request
    remove_requested = Signal(str)  # server name
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ServerModelRow] = []
        self.table, self.model = read_only_table(
            [translate("ServersTab", c) for c in COLUMNS], self.tr("Models on your servers"), self
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.use_button = QPushButton(self.tr("Use for chat"), self)
        self.local_button = QPushButton(self.tr("Use the local model"), self)
        self.add_button = QPushButton(self.tr("Add server…"), self)
        self.remove_button = QPushButton(self.tr("Remove server"), self)
        self.refresh_button = QPushButton(self.tr("Find engines and refresh"), self)
        self.use_button.clicked.connect(self._use)
        self.local_button.clicked.connect(self.local_requested)
        self.add_button.clicked.connect(self.ask_server)
        self.remove_button.clicked.connect(self._remove)
        self.refresh_button.clicked.connect(self.refresh_requested)
        buttons = QHBoxLayout()
        for button in (self.use_button, self.local_button, self.add_button, self.remove_button,
                       self.refresh_button):  # fmt: skip
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = note()
        layout = QVBoxLayout(self)
        layout.addWidget(note(translate("ServersTab", INTRO)))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._selection_changed()

    def show_rows(self, rows: Sequence[ServerModelRow]) -> None:
        self.rows = list(rows)
        self.model.removeRows(0, self.model.rowCount())
        for row in self.rows:
            if row.in_use:
                state = self.tr("in use")
            elif row.found:
                state = self.tr("found on this computer")
            else:
                state = engine_text(row.problem)
            cells = [row.model or "—", row.server, row.base_url, state]
            self.model.appendRow([QStandardItem(text) for text in cells])
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected(self) -> ServerModelRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.rows[indexes[0].row()] if indexes else None

    def select(self, server: str, model: str) -> None:
        for number, row in enumerate(self.rows):
            if (row.server, row.model) == (server, model):
                self.table.selectRow(number)
                return

    def _selection_changed(self, *_: object) -> None:
        row = self.selected()
        self.use_button.setEnabled(row is not None and bool(row.model) and not row.in_use)
        self.remove_button.setEnabled(row is not None and not row.found)
        self.local_button.setEnabled(any(r.in_use for r in self.rows))

    def _use(self) -> None:
        row = self.selected()
        if row is not None and row.model:
            self.use_requested.emit(row.server, row.model, row.base_url)

    def _remove(self) -> None:
        row = self.selected()
        if row is not None:
            self.remove_requested.emit(row.server)

    def ask_server(self) -> AddServerDialog:
        dialog = AddServerDialog(self)

        def added() -> None:
            self.add_requested.emit(dialog.name.text().strip(), dialog.url.text().strip(),
                                    dialog.ask.isChecked())  # fmt: skip

        dialog.accepted.connect(added)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def show_status(self, text: str, ok: bool = True) -> None:
        self.status.setProperty("kind", "ok" if ok else "error")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(engine_text(text))
        self.status.setVisible(bool(text))
