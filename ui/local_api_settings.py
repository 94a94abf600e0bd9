"""Settings › Local API: Hisho as an OpenAI-compatible API for other programs on this
computer.

The page shows and emits; desktop/controllers/local_api.py keeps the token in the
keyring, starts and stops the server, and saves the rest. Off by default. Another address
than this computer's loopback needs its own checkbox, with the warning next to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.cloud_settings import note
from ui.i18n import QT_TRANSLATE_NOOP, engine_text, translate

INTRO = QT_TRANSLATE_NOOP(
    "LocalApiPage",
    "Off unless you turn it on. Then programs on this computer that speak the OpenAI API "
    "(editors, scripts, chat apps) can use Hisho's model, with the token below. The model "
    "“hisho-library” answers from your documents, with sources; each program must first "
    "be allowed by you, once. Pages in a web browser can't read replies unless you list "
    "their address. Every request is in the request log.",
)
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# An example web page address: not text, so not translated.
EXAMPLE_ORIGIN = "http://localhost:3000"


@dataclass(frozen=True, slots=True)
class LocalApiOptions:
    """What the Local API page sets (the token lives in the keyring, not here)."""

    enabled: bool
    host: str
    port: int
    allow_other_address: bool
    cors_origins: tuple[str, ...]
    approved_clients: tuple[str, ...]


class LocalApiPage(QWidget):
    """The Local API tab of the Settings dialog."""

    #: The user wants a new token (the old one stops working).
    new_token_requested = Signal()
    #: The user wants to see the request log.
    log_requested = Signal()

    def __init__(
        self,
        options: LocalApiOptions,
        token: str,
        status: Callable[[], tuple[str, bool]],
        problem: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.token_text = token
        self._status = status
        layout = QVBoxLayout(self)
        layout.addWidget(note(translate("LocalApiPage", INTRO)))
        self.problem = note(engine_text(problem), "error")
        layout.addWidget(self.problem)
        self.enabled = QCheckBox(self.tr("Run the local API"), self)
        self.enabled.setChecked(options.enabled and not problem)
        self.enabled.setEnabled(not problem)
        layout.addWidget(self.enabled)
        self.status = note("", "ok")
        layout.addWidget(self.status)
        self.group = QGroupBox(self.tr("Address and access"), self)
        layout.addWidget(self.group)
        self._build_form(options)
        self.clients_group = self._clients_group(options.approved_clients)
        layout.addWidget(self.clients_group)
        log_button = QPushButton(self.tr("Open the request log…"), self)
        log_button.setAutoDefault(False)
        log_button.clicked.connect(self.log_requested)
        row = QHBoxLayout()
        row.addWidget(log_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.enabled.toggled.connect(self._update_enabled)
        self.host.textChanged.connect(self._update_warning)
        self.allow_other.toggled.connect(self._update_warning)
        self._update_enabled()
        self.refresh_status()

    def _build_form(self, options: LocalApiOptions) -> None:
        self.host = QLineEdit(options.host, self)
        self.host.setAccessibleName(self.tr("Address to listen on"))
        self.port = QSpinBox(self)
        self.port.setRange(1024, 65535)
        self.port.setValue(options.port)
        self.port.setAccessibleName(self.tr("Port"))
        self.allow_other = QCheckBox(self.tr("Allow an address other than this computer"), self)
        self.allow_other.setChecked(options.allow_other_address)
        self.warning = note(
            self.tr(
                "Another address lets other computers on the network try to connect. Only "
                "the token keeps them out, and it travels unencrypted: use this only on a "
                "network you trust."
            ),
            "error",
        )
        self.url = QLineEdit(self)
        self.url.setReadOnly(True)
        self.url.setAccessibleName(self.tr("Address for programs"))
        self.token = QLineEdit(self.token_text, self)
        self.token.setReadOnly(True)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName(self.tr("Token"))
        self.show_token = QPushButton(self.tr("Show"), self)
        self.show_token.setCheckable(True)
        self.show_token.toggled.connect(self._toggle_token)
        copy = QPushButton(self.tr("Copy token"), self)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.token_text))
        renew = QPushButton(self.tr("New token"), self)
        renew.setToolTip(self.tr("Programs using the old token must be given the new one"))
        renew.clicked.connect(self.new_token_requested)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        for button in (self.show_token, copy, renew):
            button.setAutoDefault(False)
            token_row.addWidget(button)
        self.origins = QLineEdit(" ".join(options.cors_origins), self)
        self.origins.setPlaceholderText(EXAMPLE_ORIGIN)
        self.origins.setAccessibleName(self.tr("Web pages allowed to read replies"))
        form = QFormLayout(self.group)
        form.addRow(self.tr("Address:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow("", self.allow_other)
        form.addRow("", self.warning)
        form.addRow(self.tr("Base URL:"), self.url)
        form.addRow(self.tr("Token:"), token_row)
        kept = self.tr(
            "Kept only in your system keyring. Programs send it as their OpenAI API key."
        )
        form.addRow("", note(kept))
        form.addRow(self.tr("Web pages:"), self.origins)
        form.addRow("", note(self.tr("Addresses of web pages that may read replies, "
                                     "separated by spaces. Empty: none.")))  # fmt: skip
        self.host.textChanged.connect(self._show_url)
        self.port.valueChanged.connect(self._show_url)
        self._show_url()

    def _clients_group(self, clients: Sequence[str]) -> QGroupBox:
        group = QGroupBox(self.tr("Programs allowed to read your documents"), self)
        self.clients = QListWidget(group)
        self.clients.setAccessibleName(self.tr("Programs allowed to read your documents"))
        self.clients.addItems(list(clients))
        self.clients.setMaximumHeight(90)
        remove = QPushButton(self.tr("Remove"), group)
        remove.setAutoDefault(False)
        remove.clicked.connect(self._remove_client)
        layout = QVBoxLayout(group)
        layout.addWidget(self.clients)
        row = QHBoxLayout()
        row.addWidget(note(self.tr("Hisho asks the first time a program wants your "
                                   "documents; `hisho serve` lets only these in.")), 1)  # fmt: skip
        row.addWidget(remove)
        layout.addLayout(row)
        return group

    def _remove_client(self) -> None:
        for item in self.clients.selectedItems():
            self.clients.takeItem(self.clients.row(item))

    def _toggle_token(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.token.setEchoMode(mode)
        self.show_token.setText(self.tr("Hide") if shown else self.tr("Show"))

    def _show_url(self) -> None:
        host = self.host.text().strip() or "127.0.0.1"
        shown = f"[{host}]" if ":" in host else host
        base_url = f"http://{shown}:{self.port.value()}/v1"
        self.url.setText(base_url)

    def _update_warning(self) -> None:
        other = self.host.text().strip().lower() not in LOOPBACK
        self.allow_other.setVisible(other)
        self.warning.setVisible(other)

    def _update_enabled(self) -> None:
        on = self.enabled.isChecked()
        self.group.setEnabled(on)
        self.clients_group.setEnabled(on)
        self._update_warning()

    def set_token(self, token: str) -> None:
        self.token_text = token
        self.token.setText(token)

    def refresh_status(self, _url: str = "") -> None:
        """Say again how the server stands (it started, stopped or failed)."""
        self.set_status(*self._status())

    def set_status(self, text: str, ok: bool = True) -> None:
        self.status.setProperty("kind", "ok" if ok else "error")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(engine_text(text))
        self.status.setVisible(bool(text))

    def chosen(self) -> LocalApiOptions:
        host = self.host.text().strip() or "127.0.0.1"
        other = host.lower() not in LOOPBACK
        clients = tuple(self.clients.item(i).text() for i in range(self.clients.count()))
        return LocalApiOptions(
            enabled=self.enabled.isChecked(),
            host=host,
            port=self.port.value(),
            allow_other_address=other and self.allow_other.isChecked(),
            cors_origins=tuple(o for o in self.origins.text().split() if o),
            approved_clients=clients,
        )
