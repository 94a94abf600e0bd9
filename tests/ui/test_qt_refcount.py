"""Guard against the PySide6 6.12.0 bug that drops a reference to None per void call.

On the affected build every call of a C++ method returning ``void`` decrements
``None``'s reference count; after a few thousand calls Python frees None and the app
crashes. pyproject.toml excludes that release; this test catches any build that
brings the bug back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

CALLS = 10_000
TOLERANCE = 50  # other threads or the GC may take or drop a few references meanwhile


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    label = QLabel(widget)
    timer = QTimer(widget)
    before = sys.getrefcount(None)
    for i in range(CALLS):
        widget.setToolTip("tip")
        label.setText("text")
        timer.setInterval(i % 100 + 1)
    after = sys.getrefcount(None)
    assert abs(after - before) <= TOLERANCE, (
        f"{3 * CALLS} void Qt calls changed None's reference count by {after - before}: "
        "this PySide6 build leaks references to None (see pyproject.toml)"
    )
    assert label.text() == "text" and widget.toolTip() == "tip"
