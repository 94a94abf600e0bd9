"""A model's own settings: the GPU layers field speaks in words for its special values."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.storage.settings import MODEL_KEYS, ChatSettings
from engine.types import GPU_LAYERS_ALL, GPU_LAYERS_AUTO
from ui.model_settings import GpuLayersBox, ModelSettingsDialog


def test_gpu_layers_read_automatic_all_none_or_a_number(qtbot: QtBot) -> None:
    box = GpuLayersBox()
    qtbot.addWidget(box)
    box.show()
    shown = []
    for value in (GPU_LAYERS_AUTO, GPU_LAYERS_ALL, 0, 12):
        box.setValue(value)
        shown.append(box.text())
    assert shown == ["Automatic", "All", "None (processor only)", "12"]
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "All")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert box.value() == GPU_LAYERS_ALL
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "24")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert box.value() == 24


def test_the_default_setting_shows_as_automatic(qtbot: QtBot) -> None:
    values = {key: getattr(ChatSettings(), key) for key in MODEL_KEYS}
    dialog = ModelSettingsDialog("qwen3-8b.gguf", values, values, 32768, gpu_available=True)
    qtbot.addWidget(dialog)
    assert dialog.gpu_layers.text() == "Automatic" and dialog.gpu_layers.isEnabled()
    assert dialog.values()["gpu_layers"] == GPU_LAYERS_AUTO
