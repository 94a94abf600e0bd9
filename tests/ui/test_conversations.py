"""The conversation sidebar and its list model."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from engine.types import Conversation
from ui.conversations import ConversationIdRole, ConversationListModel, ConversationSidebar


def conversations(*titles: str) -> list[Conversation]:
    now = time.time()
    return [Conversation(i + 1, title, now, now) for i, title in enumerate(titles)]


@pytest.fixture()
def sidebar(qtbot: QtBot) -> ConversationSidebar:
    widget = ConversationSidebar()
    qtbot.addWidget(widget)
    widget.resize(260, 500)
    widget.show()
    widget.model.set_conversations(conversations("Trip to 東京", "Taxes", "Recipes"))
    return widget


def test_the_model_is_a_well_behaved_qt_model(qtmodeltester: ModelTester) -> None:
    model = ConversationListModel()
    model.set_conversations(conversations("a", "b", "c"))
    qtmodeltester.check(model, force_py=True)


def test_rows_show_titles_ids_and_snippets() -> None:
    model = ConversationListModel()
    model.set_conversations(conversations("Trip to 東京", "Taxes"), {1: "…the 東京 tower…"})
    first = model.index(0)
    assert model.data(first) == "Trip to 東京"
    assert model.data(first, ConversationIdRole) == 1
    assert "東京 tower" in model.data(first, Qt.ItemDataRole.ToolTipRole)
    assert model.row_of(2) == 1 and model.row_of(99) == -1
    assert model.flags(first) & Qt.ItemFlag.ItemIsEditable


def test_renaming_in_place_asks_for_a_rename(qtbot: QtBot) -> None:
    model = ConversationListModel()
    model.set_conversations(conversations("Old title"))
    with qtbot.waitSignal(model.rename_requested, timeout=1000) as renamed:
        assert model.setData(model.index(0), "  New\n  title ")
    assert renamed.args == [1, "New title"]
    with qtbot.assertNotEmitted(model.rename_requested):
        assert not model.setData(model.index(0), "   ")
        assert not model.setData(model.index(0), "Old title")


def test_clicking_a_conversation_selects_it(qtbot: QtBot, sidebar: ConversationSidebar) -> None:
    rect = sidebar.list.visualRect(sidebar.model.index(1))
    with qtbot.waitSignal(sidebar.conversation_selected, timeout=1000) as selected:
        qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert selected.args == [2]
    assert sidebar.current_id() == 2


def test_select_highlights_without_reopening(qtbot: QtBot, sidebar: ConversationSidebar) -> None:
    with qtbot.assertNotEmitted(sidebar.conversation_selected):
        sidebar.select(3)
    assert sidebar.current_id() == 3
    sidebar.select(None)
    assert not sidebar.list.selectionModel().hasSelection()


def test_new_and_search_are_requested(qtbot: QtBot, sidebar: ConversationSidebar) -> None:
    with qtbot.waitSignal(sidebar.new_requested, timeout=1000):
        qtbot.mouseClick(sidebar.new_button, Qt.MouseButton.LeftButton)
    searches: list[str] = []
    sidebar.search_changed.connect(searches.append)
    qtbot.keyClicks(sidebar.search, "tax")
    assert searches == ["t", "ta", "tax"]
    sidebar.search.clear()
    # Japanese arrives through the input method (QTest can only type ASCII keys).
    event = QInputMethodEvent()
    event.setCommitString("東京")
    with qtbot.waitSignal(sidebar.search_changed, timeout=1000) as searched:
        QApplication.sendEvent(sidebar.search, event)
    assert searched.args == ["東京"]
