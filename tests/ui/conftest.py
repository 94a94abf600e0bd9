"""Fixtures for widget tests."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from ui.transcript import TranscriptView


@pytest.fixture()
def view(qtbot: QtBot) -> TranscriptView:
    """A real transcript, shown offscreen."""
    widget = TranscriptView()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    return widget
