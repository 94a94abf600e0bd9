""" "Run this tool?": an MCP tool call, shown before it runs.

Shows the server and the tool, what the tool says it does, and the call's arguments
word for word, and says plainly that the tool is a program on this computer that may
reach the network. The user answers Allow once, Allow this tool in this conversation, or
Deny; closing the dialog is Deny, and a denied call sends nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

ONCE = "once"
CONVERSATION = "conversation"
DENY = "deny"


class ToolConsentDialog(QDialog):
    """Window-modal; ``decision`` is ONCE, CONVERSATION or DENY once finished."""

    def __init__(
        self, server: str, tool: str, description: str, arguments: str,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("toolConsentDialog")
        self.setWindowTitle(self.tr("Run {tool}?").format(tool=tool))
        self.decision = DENY
        question = self.tr("Run the tool {tool} of {server}?").format(tool=tool, server=server)
        heading = QLabel(f"<b>{question}</b>", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        warning = self.tr(
            "{server} is a program on this computer that may reach the network. "
            "It gets exactly the arguments below. Nothing runs unless you allow it."
        ).format(server=server)
        about = QLabel(f"{description}\n{warning}" if description else warning, self)
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.PlainText)
        self.arguments = QPlainTextEdit(arguments, self)
        self.arguments.setReadOnly(True)
        self.arguments.setAccessibleName(self.tr("The call's arguments"))
        self.arguments.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(self)
        self.once_button = QPushButton(self.tr("Allow once"), self)
        self.conversation_button = QPushButton(
            self.tr("Allow this tool in this conversation"), self
        )
        self.deny_button = QPushButton(self.tr("Deny"), self)
        buttons.addButton(self.once_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.conversation_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.deny_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.deny_button.setDefault(True)  # Enter alone never runs a tool
        self.once_button.clicked.connect(lambda: self._decide(ONCE))
        self.conversation_button.clicked.connect(lambda: self._decide(CONVERSATION))
        self.deny_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(about)
        layout.addWidget(self.arguments, 1)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def _decide(self, decision: str) -> None:
        self.decision = decision
        self.accept()
