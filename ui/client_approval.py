""" "Let this program read your documents?": asked once per program, from the local API.

Shows the name the program gave, its User-Agent and the start of what it asks. The user
allows it (remembered in Settings › Local API) or not (it gets "not allowed" until Hisho
restarts); closing the dialog is not allowing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ClientApprovalDialog(QDialog):
    """Not modal: replies of other programs wait for it, the window does not.
    ``allowed`` is the answer once finished."""

    def __init__(
        self, client: str, user_agent: str, question: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientApprovalDialog")
        self.setWindowTitle(self.tr("A program asks for your documents"))
        self.allowed = False
        heading = QLabel(self)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        heading.setText(
            self.tr("“{client}” wants to read your documents through Hisho's local API.").format(
                client=client
            )
        )
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        details = QLabel(self)
        details.setTextFormat(Qt.TextFormat.PlainText)
        details.setWordWrap(True)
        details.setText(
            self.tr(
                "It identifies itself as: {agent}\nIts question begins: “{question}”\n\n"
                "If you allow it, it can ask about any of your libraries from now on, and "
                "each answer shows it passages from your files. You can take this back in "
                "Settings › Local API."
            ).format(agent=user_agent or client, question=question[:200])
        )
        buttons = QDialogButtonBox(self)
        self.allow_button = QPushButton(self.tr("Allow"), self)
        self.refuse_button = QPushButton(self.tr("Don't allow"), self)
        buttons.addButton(self.allow_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.refuse_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.refuse_button.setDefault(True)  # Enter alone never allows
        self.allow_button.clicked.connect(self._allow)
        self.refuse_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(details)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _allow(self) -> None:
        self.allowed = True
        self.accept()
