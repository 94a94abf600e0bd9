"""The tool consent question and the Tools log window, as real widgets (offscreen)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from engine.types import ToolLogEntry
from ui.tool_consent_dialog import CONVERSATION, DENY, ONCE, ToolConsentDialog
from ui.tools_log_window import ToolsLogWindow

ARGUMENTS = '{"a": 17, "b": 23}'


def dialog(qtbot: QtBot) -> ToolConsentDialog:
    shown = ToolConsentDialog("test-server", "add", "Add two whole numbers.", ARGUMENTS)
    qtbot.addWidget(shown)
    return shown


def test_the_question_shows_server_tool_and_the_exact_arguments(qtbot: QtBot) -> None:
    shown = dialog(qtbot)
    assert shown.windowTitle() == "Run add?"
    assert shown.arguments.toPlainText() == ARGUMENTS
    labels = [label.text() for label in shown.findChildren(QLabel)]
    assert "<b>Run the tool add of test-server?</b>" in labels
    assert any("a program on this computer that may reach the network" in t for t in labels)
    assert shown.deny_button.isDefault()


def test_each_button_gives_its_answer_and_closing_denies(qtbot: QtBot) -> None:
    for button, decision in (("once_button", ONCE), ("conversation_button", CONVERSATION),
                             ("deny_button", DENY)):  # fmt: skip
        shown = dialog(qtbot)
        getattr(shown, button).click()
        assert shown.decision == decision
    shown = dialog(qtbot)
    shown.reject()
    assert shown.decision == DENY


def test_the_tools_log_lists_sizes_and_outcomes(qtbot: QtBot) -> None:
    entries = [
        ToolLogEntry(1_700_000_000.0, "", "calculator", 21, 3, 0.002, "ok", 1),
        ToolLogEntry(1_700_000_100.0, "test-server", "add", 18, 0, 0.5, "denied", 1),
    ]
    window = ToolsLogWindow(lambda: entries)
    qtbot.addWidget(window)
    model = window.model
    assert model.rowCount() == 2
    assert [model.item(0, c).text() for c in (1, 2, 6)] == ["built-in", "calculator", "ok"]
    assert [model.item(1, c).text() for c in (1, 2, 6)] == ["test-server", "add", "denied"]
    assert window.summary.text().startswith("2 calls.")
    empty = ToolsLogWindow(lambda: [])
    qtbot.addWidget(empty)
    assert empty.summary.text() == "No tool has been called yet."
