"""The "Answer from" selector: what it offers, what it shows, what it reports."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from engine.library.types import Scope
from ui.scope_selector import ScopeSelector, scope_label


@pytest.fixture()
def selector(qtbot: QtBot) -> ScopeSelector:
    widget = ScopeSelector()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def labels(selector: ScopeSelector) -> list[str]:
    return [label for label, _ in selector.choices()]


def test_a_new_conversation_is_chat_only(selector: ScopeSelector) -> None:
    assert labels(selector) == ["Chat only", "All my files"]
    assert selector.combo.currentText() == "Chat only"
    assert selector.scope() is None
    assert selector.combo.accessibleName() == "Answer from"


def test_libraries_are_offered_when_there_are_several(selector: ScopeSelector) -> None:
    selector.set_libraries(["My files"])
    assert labels(selector) == ["Chat only", "All my files"]  # one library: "All" says it
    selector.set_libraries(["My files", "Work"])
    assert labels(selector) == ["Chat only", "All my files", "Library: My files", "Library: Work"]


def test_a_file_scope_is_shown_with_its_name(selector: ScopeSelector) -> None:
    scope = Scope("My files", "/home/me/report.pdf")
    selector.set_scope(scope)
    assert selector.combo.currentText() == "File: report.pdf"
    assert labels(selector)[-1] == "File: report.pdf"
    assert selector.scope() == scope
    selector.set_scope(Scope(library="My files"))  # a library not otherwise listed
    assert selector.combo.currentText() == "Library: My files"
    assert "File: report.pdf" not in labels(selector)


def test_picking_a_choice_reports_it_and_setting_one_does_not(
    selector: ScopeSelector, qtbot: QtBot
) -> None:
    selector.set_libraries(["My files", "Work"])
    with qtbot.assertNotEmitted(selector.scope_chosen):
        selector.set_scope(Scope(library="Work"))
    with qtbot.waitSignal(selector.scope_chosen, timeout=1000) as chosen:
        selector.combo.activated.emit(1)
    assert chosen.args == [Scope()]
    assert selector.scope() == Scope()
    with qtbot.waitSignal(selector.scope_chosen, timeout=1000) as chosen:
        selector.combo.activated.emit(0)
    assert chosen.args == [None]


def test_status_line(selector: ScopeSelector) -> None:
    selector.set_status("Reading report.pdf…")
    assert selector.status.text() == "Reading report.pdf…"
    selector.set_status("Could not read scan.pdf", "error")
    assert "#c62828" in selector.status.styleSheet()


@pytest.mark.parametrize(
    ("scope", "label"),
    [
        (None, "Chat only"),
        (Scope(), "All my files"),
        (Scope(library="Work"), "Library: Work"),
        (Scope("Work", "C:\\docs\\plan.docx"), "File: plan.docx"),
    ],
)
def test_scope_labels(scope: Scope | None, label: str) -> None:
    assert scope_label(scope) == label


def test_the_whole_document_switch_is_offered_only_when_told(
    selector: ScopeSelector, qtbot: QtBot
) -> None:
    assert not selector.whole.isVisible()  # chat only: nothing to use whole
    fits = "All of invoices.csv fits this model's context (212 tokens)."
    selector.offer_whole(True, False, fits)
    assert selector.whole.isVisible() and selector.whole.isEnabled()
    assert selector.whole.text() == "Use the whole document" and selector.whole.toolTip() == fits
    assert not selector.whole_note.isVisible()
    with qtbot.waitSignal(selector.whole_toggled) as toggled:
        selector.whole.click()
    assert toggled.args == [True]

    part = "About 40% of report.pdf fits this model's context."
    selector.offer_whole(False, True, part, part)
    assert not selector.whole.isEnabled() and not selector.whole.isChecked()
    assert selector.whole_note.isVisible() and selector.whole_note.text() == part
    selector.hide_whole()
    assert not selector.whole.isVisible() and not selector.whole_note.isVisible()
