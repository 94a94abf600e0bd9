"""Settings › Cloud: an opt-in OpenAI-compatible provider, its key, and the policy.

The page shows and emits; desktop/controllers/cloud.py keeps the key in the keyring,
tests the connection and saves the rest. The key field is write-only: a stored key is
never read back into it (the placeholder says one is stored).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP, engine_text, translate

INTRO = QT_TRANSLATE_NOOP(
    "CloudPage",
    "Off unless you turn it on. Then a question can go to the provider you choose — only "
    "as the policy below allows, and, unless you choose otherwise, after Hisho has shown "
    "you exactly what it would send. Your documents and other conversations stay here. "
    "Every request that leaves this computer is listed in Help › Egress log.",
)


@dataclass(frozen=True, slots=True)
class ProviderChoice:
    """A preset as the page lists it."""

    id: str
    label: str
    base_url: str  # "" for custom
    example_model: str


@dataclass(frozen=True, slots=True)
class CloudOptions:
    """What the Cloud page sets (the key goes to the keyring, not here)."""

    enabled: bool
    provider: str
    base_url: str
    model: str
    policy: str  # "never", "ask", "auto"
    new_key: str  # typed into the key field ("" = keep the stored one)


# An example address for a custom (self-hosted) server: not text, so not translated.
EXAMPLE_URL = "http://192.168.1.20:8080/v1"

#: (policy value, label) in menu order; the labels are translated where shown.
POLICIES = (
    ("ask", QT_TRANSLATE_NOOP("CloudPage", "Ask each time, showing what would be sent")),
    ("auto", QT_TRANSLATE_NOOP("CloudPage", "Automatically when the local model can't answer")),
    ("never", QT_TRANSLATE_NOOP("CloudPage", "Never")),
)


def note(text: str = "", kind: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName("settingsNote")
    label.setProperty("kind", kind)
    p = theme.colors()
    label.setStyleSheet(
        "#settingsNote { color: palette(placeholder-text); }"
        f'#settingsNote[kind="error"] {{ color: {p.error}; }}'
        f'#settingsNote[kind="ok"] {{ color: {p.success}; }}'
    )
    label.setVisible(bool(text))
    return label


class CloudPage(QWidget):
    """The Cloud tab of the Settings dialog."""

    #: The user asked to test the connection with what the page shows now.
    test_requested = Signal(object)  # CloudOptions
    #: The user asked to remove the stored key of this provider.
    forget_key_requested = Signal(str)

    def __init__(
        self,
        options: CloudOptions,
        providers: Sequence[ProviderChoice],
        keyring_problem: str,
        stored_keys: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.providers = list(providers)
        self.keyring_problem = keyring_problem
        self.stored_keys = set(stored_keys)  # providers with a key in the keyring
        layout = QVBoxLayout(self)
        layout.addWidget(note(translate("CloudPage", INTRO)))
        self.keyring_note = note(engine_text(keyring_problem), "error")
        layout.addWidget(self.keyring_note)
        self.enabled = QCheckBox(self.tr("Allow cloud models"))
        self.enabled.setChecked(options.enabled and not keyring_problem)
        self.enabled.setEnabled(not keyring_problem)
        layout.addWidget(self.enabled)
        self.group = QGroupBox(self.tr("Provider"), self)
        layout.addWidget(self.group)
        self._build_provider_form(options)
        policy_group = QGroupBox(self.tr("When may a question go to the cloud?"), self)
        self.policy = QComboBox(self)
        self.policy.setAccessibleName(self.tr("Cloud policy"))
        for value, label in POLICIES:
            self.policy.addItem(translate("CloudPage", label), value)
        self.policy.setCurrentIndex(max(0, self.policy.findData(options.policy)))
        policy_layout = QVBoxLayout(policy_group)
        policy_layout.addWidget(self.policy)
        policy_layout.addWidget(
            note(
                self.tr(
                    "A conversation can have its own policy (Chat › Cloud in this "
                    "conversation) and can answer with the cloud model every time "
                    "(Chat › Answer with the cloud model)."
                )
            )
        )
        self.policy_group = policy_group
        layout.addWidget(policy_group)
        layout.addStretch(1)
        self.enabled.toggled.connect(self._update_enabled)
        self._update_enabled()

    def _build_provider_form(self, options: CloudOptions) -> None:
        self.provider = QComboBox(self)
        self.provider.setAccessibleName(self.tr("Cloud provider"))
        for choice in self.providers:
            self.provider.addItem(engine_text(choice.label), choice.id)
        self.provider.setCurrentIndex(max(0, self.provider.findData(options.provider)))
        self.base_url = QLineEdit(self)
        self.base_url.setAccessibleName(self.tr("Provider address"))
        self._custom_url = options.base_url
        self.model = QLineEdit(options.model, self)
        self.model.setAccessibleName(self.tr("Model name"))
        self.key = QLineEdit(self)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName(self.tr("API key"))
        self.forget = QPushButton(self.tr("Forget key"), self)
        self.forget.setAutoDefault(False)
        self.forget.clicked.connect(lambda: self.forget_key_requested.emit(self.provider_id()))
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.forget)
        self.test = QPushButton(self.tr("Test connection"), self)
        self.test.setAutoDefault(False)
        self.test.clicked.connect(lambda: self.test_requested.emit(self.chosen()))
        self.test_result = note()
        test_row = QHBoxLayout()
        test_row.addWidget(self.test)
        test_row.addWidget(self.test_result, 1)
        form = QFormLayout(self.group)
        form.addRow(self.tr("Provider:"), self.provider)
        form.addRow(self.tr("Address:"), self.base_url)
        form.addRow(self.tr("Model:"), self.model)
        form.addRow(self.tr("API key:"), key_row)
        form.addRow(
            "",
            note(
                self.tr(
                    "Kept only in your system keyring, never in a file. Leave empty to keep "
                    "the stored key."
                )
            ),
        )
        form.addRow("", test_row)
        self.provider.currentIndexChanged.connect(self._provider_changed)
        self._provider_changed()

    def provider_id(self) -> str:
        return str(self.provider.currentData())

    def _choice(self) -> ProviderChoice:
        return self.providers[max(0, self.provider.currentIndex())]

    def _provider_changed(self) -> None:
        choice = self._choice()
        custom = not choice.base_url
        if custom:
            self.base_url.setText(self._custom_url)
            self.base_url.setPlaceholderText(EXAMPLE_URL)
        else:
            if self.base_url.isEnabled() and self.base_url.text() != choice.base_url:
                self._custom_url = self.base_url.text() or self._custom_url
            self.base_url.setText(choice.base_url)
        self.base_url.setReadOnly(not custom)
        self.model.setPlaceholderText(choice.example_model)
        self.test_result.hide()
        self._show_key_state()

    def set_key_stored(self, provider_id: str, stored: bool) -> None:
        """The keyring now holds (or no longer holds) a key for ``provider_id``."""
        if stored:
            self.stored_keys.add(provider_id)
        else:
            self.stored_keys.discard(provider_id)
        self._show_key_state()

    def _show_key_state(self) -> None:
        stored = self.provider_id() in self.stored_keys
        self.key.setPlaceholderText(
            self.tr("A key is stored in the system keyring")
            if stored
            else self.tr("Paste the provider's API key")
        )
        self.forget.setEnabled(stored and self.enabled.isChecked())

    def show_test_result(self, text: str, ok: bool) -> None:
        self.test_result.setProperty("kind", "ok" if ok else "error")
        self.test_result.style().unpolish(self.test_result)
        self.test_result.style().polish(self.test_result)
        self.test_result.setText(engine_text(text))
        self.test_result.show()
        self.test.setEnabled(self.enabled.isChecked())

    def set_testing(self) -> None:
        self.show_test_result(self.tr("Connecting…"), True)
        self.test.setEnabled(False)

    def _update_enabled(self) -> None:
        on = self.enabled.isChecked()
        self.group.setEnabled(on)
        self.policy_group.setEnabled(on)
        self._show_key_state()

    def chosen(self) -> CloudOptions:
        choice = self._choice()
        base_url = self.base_url.text().strip() if not choice.base_url else self._custom_url
        return CloudOptions(
            enabled=self.enabled.isChecked(),
            provider=choice.id,
            base_url=base_url,
            model=self.model.text().strip(),
            policy=str(self.policy.currentData()),
            new_key=self.key.text().strip(),
        )
