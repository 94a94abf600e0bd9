"""Add a library kept on a Chroma server: its name, the server's address, the collection
and a token, with "Test connection".

The dialog shows and emits; desktop/controllers/chroma_libraries.py tests the connection
on a worker (the request, where it leaves this computer, goes in the egress log), keeps
the token in the OS keyring and the rest in the settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.cloud_settings import note
from ui.dialogs import ok_cancel
from ui.i18n import engine_text

#: An example address: not text, so not translated.
EXAMPLE_ADDRESS = "https://chroma.example.org:8000"


@dataclass(frozen=True, slots=True)
class ChromaLibraryForm:
    """What the user typed."""

    name: str
    address: str
    collection: str
    token: str


class ChromaLibraryDialog(QDialog):
    """The form; ``test_requested`` asks the controller to try the connection."""

    test_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a library on a Chroma server"))
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Library name"))
        self.address = QLineEdit(self)
        self.address.setPlaceholderText(EXAMPLE_ADDRESS)
        self.address.setAccessibleName(self.tr("Server address"))
        self.collection = QLineEdit(self)
        self.collection.setAccessibleName(self.tr("Collection"))
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName(self.tr("Token"))
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Address:"), self.address)
        form.addRow(self.tr("Collection:"), self.collection)
        form.addRow(self.tr("Token:"), self.token)
        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.clicked.connect(self._test)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note(self.tr(
            "The server keeps this library's search index; your files and their text stay "
            "listed here. Away from this computer and your own network Hisho speaks only "
            "https. The token is kept in the system keyring."
        )))  # fmt: skip
        layout.addLayout(row)
        layout.addWidget(ok_cancel(self, self.tr("Add")))

    def values(self) -> ChromaLibraryForm:
        return ChromaLibraryForm(
            self.name.text().strip(),
            self.address.text().strip(),
            self.collection.text().strip(),
            self.token.text().strip(),
        )

    def accept(self) -> None:
        form = self.values()
        if not (form.name and form.address and form.collection):
            self.status.setText(self.tr("Give the library a name, the server's address and "
                                        "a collection."))  # fmt: skip
            return
        super().accept()

    def _test(self) -> None:
        self.test_button.setEnabled(False)
        self.status.setText(self.tr("Connecting…"))
        self.test_requested.emit()

    def show_connected(self, chunks: int) -> None:
        self.test_button.setEnabled(True)
        self.status.setText(
            self.tr("Connected: {count} passages in “{collection}”.").format(
                count=f"{chunks:,}", collection=self.values().collection
            )
        )

    def show_problem(self, message: str) -> None:
        self.test_button.setEnabled(True)
        self.status.setText(engine_text(message))
