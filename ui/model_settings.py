"""Models › Settings…: one model's own settings (context size, threads, GPU layers,
sampling, system prompt). They start as the values in force for that model; "Use the
general settings" puts back the ones every model shares. The controller stores only the
values that differ from the general ones (engine.storage.settings.with_model_settings)."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.types import GPU_LAYERS_ALL, GPU_LAYERS_AUTO
from ui.dialogs import ok_cancel

#: The largest context offered when the model does not say what it was trained for.
MAX_CONTEXT = 131_072


class GpuLayersBox(QSpinBox):
    """Layers on the GPU: Automatic (as many as fit), All, None (the processor) or a number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = {
            GPU_LAYERS_AUTO: self.tr("Automatic"),
            GPU_LAYERS_ALL: self.tr("All"),
            0: self.tr("None (processor only)"),
        }
        self.setRange(GPU_LAYERS_AUTO, 999)
        self.setToolTip(
            self.tr("Automatic puts as many layers on the GPU as fit in its free memory.")
        )

    def textFromValue(self, value: int) -> str:
        return self.names.get(value, str(value))

    def valueFromText(self, text: str) -> int:
        named = {name: value for value, name in self.names.items()}
        if text in named:
            return named[text]
        return int(text) if text.isdigit() else self.value()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if text in self.names.values() or (text.isdigit() and int(text) <= self.maximum()):
            return QValidator.State.Acceptable, text, pos
        if not text or any(name.startswith(text) for name in self.names.values()):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos


class ModelSettingsDialog(QDialog):
    """Edits ``values`` (engine.storage.settings.MODEL_KEYS); ``values()`` after ``accepted``."""

    def __init__(
        self,
        name: str,
        values: dict[str, Any],
        general: dict[str, Any],
        trained_context: int,
        gpu_available: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("modelSettings")
        self.setWindowTitle(self.tr("Settings for {name}").format(name=name))
        self.general = general
        most = trained_context if trained_context > 0 else MAX_CONTEXT
        self._make_fields(most, gpu_available)
        form = self._form()
        note = self._note(trained_context, most, gpu_available)
        buttons = ok_cancel(self)
        self.reset_button = QPushButton(self.tr("Use the general settings"), self)
        self.reset_button.setAutoDefault(False)
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.reset_button.clicked.connect(lambda: self.show_values(self.general))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.show_values(values)
        self.resize(520, self.sizeHint().height())

    def _make_fields(self, most: int, gpu_available: bool) -> None:
        self.context_length = QSpinBox(self)
        self.context_length.setRange(min(512, most), most)
        self.context_length.setSingleStep(1024)
        self.context_length.setSuffix(self.tr(" tokens"))
        self.threads = QSpinBox(self)
        self.threads.setRange(0, max(1, os.cpu_count() or 1))
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.gpu_layers = GpuLayersBox(self)
        self.gpu_layers.setEnabled(gpu_available)
        self.temperature = self._fraction(0.0, 2.0)
        self.top_p = self._fraction(0.05, 1.0)
        self.repeat_penalty = self._fraction(1.0, 2.0)
        self.system_prompt = QPlainTextEdit(self)
        self.system_prompt.setTabChangesFocus(True)
        self.system_prompt.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.addRow(self.tr("Context size:"), self.context_length)
        form.addRow(self.tr("CPU threads:"), self.threads)
        form.addRow(self.tr("GPU layers:"), self.gpu_layers)
        form.addRow(self.tr("Temperature:"), self.temperature)
        form.addRow(self.tr("Top-p:"), self.top_p)
        form.addRow(self.tr("Repeat penalty:"), self.repeat_penalty)
        form.addRow(self.tr("System prompt:"), self.system_prompt)
        return form

    def _note(self, trained_context: int, most: int, gpu_available: bool) -> QLabel:
        notes = [
            self.tr("Trained for {count} tokens of context.").format(count=f"{most:,}")
            if trained_context > 0
            else self.tr("The model does not say how much context it was trained for.")
        ]
        if not gpu_available:
            notes.append(
                self.tr("GPU layers need a GPU build of llama.cpp; this one uses the CPU.")
            )
        note = QLabel(" ".join(notes), self)
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        return note

    def _fraction(self, low: float, high: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(low, high)
        box.setSingleStep(0.05)
        box.setDecimals(2)
        return box

    def show_values(self, values: dict[str, Any]) -> None:
        self.context_length.setValue(int(values["context_length"]))
        self.threads.setValue(int(values["threads"]))
        self.gpu_layers.setValue(int(values["gpu_layers"]))
        self.temperature.setValue(float(values["temperature"]))
        self.top_p.setValue(float(values["top_p"]))
        self.repeat_penalty.setValue(float(values["repeat_penalty"]))
        self.system_prompt.setPlainText(str(values["system_prompt"]))

    def values(self) -> dict[str, Any]:
        return {
            "context_length": self.context_length.value(),
            "threads": self.threads.value(),
            "gpu_layers": self.gpu_layers.value(),
            "temperature": round(self.temperature.value(), 2),
            "top_p": round(self.top_p.value(), 2),
            "repeat_penalty": round(self.repeat_penalty.value(), 2),
            "system_prompt": self.system_prompt.toPlainText(),
        }
