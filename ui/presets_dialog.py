"""Personas and prompts: the named system prompts (with a model and temperature) a
conversation can answer as, and the user's own prompts of the "/" library.

The dialog shows and edits; what it saves or deletes goes out as signals, and the
controller hands back the lists as the history now holds them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.types import Persona, PromptPreset
from ui.project_dialog import ModelChoice, model_combo


class _Editor(QWidget):
    """A list on the left, a form on the right, New / Save / Delete under it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.form = QFormLayout()
        self.new_button = QPushButton(self.tr("New"), self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        right = QVBoxLayout()
        right.addLayout(self.form)
        row = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            row.addWidget(button)
        right.addLayout(row)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(right, 2)


class PresetsDialog(QDialog):
    """Personas and the user's prompts, in two tabs."""

    persona_saved = Signal(object)  # Persona (id 0: a new one)
    persona_deleted = Signal(int)
    prompt_saved = Signal(str, str)  # name, text
    prompt_deleted = Signal(str)

    def __init__(self, parent: QWidget | None, models: list[ModelChoice]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Personas and prompts"))
        self._personas: list[Persona] = []
        self._prompts: list[PromptPreset] = []
        self._models = models
        self.tabs = QTabWidget(self)
        self.persona_tab = self._build_persona_tab()
        self.prompt_tab = self._build_prompt_tab()
        self.tabs.addTab(self.persona_tab, self.tr("Personas"))
        self.tabs.addTab(self.prompt_tab, self.tr("Prompts"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        self.resize(640, 380)

    def _new(self, tab: _Editor, show: Callable[[int], None]) -> None:
        tab.list.setCurrentRow(-1)
        show(-1)

    # --- personas ------------------------------------------------------------------

    def _build_persona_tab(self) -> _Editor:
        tab = _Editor(self)
        self.persona_name = QLineEdit(tab)
        self.persona_name.setAccessibleName(self.tr("Persona name"))
        self.persona_prompt = QPlainTextEdit(tab)
        self.persona_prompt.setAccessibleName(self.tr("System prompt"))
        self.persona_prompt.setTabChangesFocus(True)
        self.persona_model = model_combo(tab, self._models, "")
        self.own_temperature = QCheckBox(self.tr("Own temperature"), tab)
        self.temperature = QDoubleSpinBox(tab)
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(0.7)
        self.temperature.setAccessibleName(self.tr("Temperature"))
        self.own_temperature.toggled.connect(self.temperature.setEnabled)
        self.temperature.setEnabled(False)
        tab.form.addRow(self.tr("Name"), self.persona_name)
        tab.form.addRow(self.tr("System prompt"), self.persona_prompt)
        tab.form.addRow(self.tr("Model"), self.persona_model)
        tab.form.addRow(self.own_temperature, self.temperature)
        tab.list.currentRowChanged.connect(self._show_persona)
        tab.new_button.clicked.connect(lambda: self._new(tab, self._show_persona))
        tab.save_button.clicked.connect(self._save_persona)
        tab.delete_button.clicked.connect(self._delete_persona)
        return tab

    def set_personas(self, personas: list[Persona]) -> None:
        self._personas = list(personas)
        self.persona_tab.list.clear()
        self.persona_tab.list.addItems([p.name for p in personas])

    def _show_persona(self, row: int) -> None:
        persona = self._personas[row] if 0 <= row < len(self._personas) else None
        self.persona_name.setText(persona.name if persona else "")
        self.persona_prompt.setPlainText(persona.system_prompt if persona else "")
        model = persona.model if persona else ""
        self.persona_model.setCurrentIndex(max(self.persona_model.findData(model), 0))
        own = persona is not None and persona.temperature is not None
        self.own_temperature.setChecked(own)
        own_value = persona.temperature if persona is not None else None
        self.temperature.setValue(own_value if own_value is not None else 0.7)

    def _save_persona(self) -> None:
        name = " ".join(self.persona_name.text().split())
        if not name:
            self.persona_name.setFocus()
            return
        row = self.persona_tab.list.currentRow()
        persona_id = self._personas[row].id if 0 <= row < len(self._personas) else 0
        temperature = self.temperature.value() if self.own_temperature.isChecked() else None
        self.persona_saved.emit(
            Persona(persona_id, name, self.persona_prompt.toPlainText().strip(),
                    self.persona_model.currentData() or "", temperature)
        )  # fmt: skip

    def _delete_persona(self) -> None:
        row = self.persona_tab.list.currentRow()
        if 0 <= row < len(self._personas):
            self.persona_deleted.emit(self._personas[row].id)

    # --- prompts -------------------------------------------------------------------

    def _build_prompt_tab(self) -> _Editor:
        tab = _Editor(self)
        self.prompt_name = QLineEdit(tab)
        self.prompt_name.setPlaceholderText(self.tr("typed as /name"))
        self.prompt_name.setAccessibleName(self.tr("Prompt name"))
        self.prompt_text = QPlainTextEdit(tab)
        self.prompt_text.setAccessibleName(self.tr("Prompt text"))
        self.prompt_text.setTabChangesFocus(True)
        tab.form.addRow(self.tr("Name"), self.prompt_name)
        tab.form.addRow(self.tr("Text"), self.prompt_text)
        tab.list.currentRowChanged.connect(self._show_prompt)
        tab.new_button.clicked.connect(lambda: self._new(tab, self._show_prompt))
        tab.save_button.clicked.connect(self._save_prompt)
        tab.delete_button.clicked.connect(self._delete_prompt)
        return tab

    def set_prompts(self, prompts: list[PromptPreset]) -> None:
        self._prompts = [p for p in prompts if not p.builtin]
        self.prompt_tab.list.clear()
        self.prompt_tab.list.addItems([f"/{p.name}" for p in self._prompts])

    def _show_prompt(self, row: int) -> None:
        prompt = self._prompts[row] if 0 <= row < len(self._prompts) else None
        self.prompt_name.setText(prompt.name if prompt else "")
        self.prompt_text.setPlainText(prompt.text if prompt else "")

    def _save_prompt(self) -> None:
        name, text = self.prompt_name.text().strip().lstrip("/"), self.prompt_text.toPlainText()
        if name and text.strip():
            self.prompt_saved.emit(name, text)

    def _delete_prompt(self) -> None:
        row = self.prompt_tab.list.currentRow()
        if 0 <= row < len(self._prompts):
            self.prompt_deleted.emit(self._prompts[row].name)
