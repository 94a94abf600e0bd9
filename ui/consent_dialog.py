""" "Send this to the cloud?": exactly what would leave the computer, before it does.

Shows the provider, model and server, why the question would go there, and the request
body word for word (the messages, with any passages from the user's documents). The
user answers Send, Send for this conversation (no more questions in it) or Cancel;
closing the dialog is Cancel.
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

SEND = "send"
SEND_CONVERSATION = "send-conversation"
CANCEL = "cancel"


class ConsentDialog(QDialog):
    """Window-modal; ``decision`` is SEND, SEND_CONVERSATION or CANCEL once finished."""

    def __init__(
        self,
        provider: str,
        model: str,
        host: str,
        reason: str,
        payload: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consentDialog")
        self.setWindowTitle(self.tr("Send to {provider}?").format(provider=provider))
        self.decision = CANCEL
        size = len(payload.encode("utf-8"))
        question = self.tr("Send this question to {provider} · {model}?").format(
            provider=provider, model=model
        )
        heading = QLabel(f"<b>{question}</b>", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        where = self.tr(
            "It would go to {host} — {size} bytes, shown in full below. "
            "Nothing is sent unless you choose Send."
        ).format(host=host, size=f"{size:,}")
        why = QLabel(f"{reason}\n{where}", self)
        why.setWordWrap(True)
        why.setTextFormat(Qt.TextFormat.PlainText)
        self.payload = QPlainTextEdit(payload, self)
        self.payload.setReadOnly(True)
        self.payload.setAccessibleName(self.tr("What would be sent"))
        self.payload.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.payload.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(self)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_conversation_button = QPushButton(self.tr("Send for this conversation"), self)
        self.send_conversation_button.setToolTip(
            self.tr("Send now and don't ask again in this conversation")
        )
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.send_conversation_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setDefault(True)  # Enter alone never sends
        self.send_button.clicked.connect(lambda: self._decide(SEND))
        self.send_conversation_button.clicked.connect(lambda: self._decide(SEND_CONVERSATION))
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(why)
        layout.addWidget(self.payload, 1)
        layout.addWidget(buttons)
        self.resize(680, 520)

    def _decide(self, decision: str) -> None:
        self.decision = decision
        self.accept()
