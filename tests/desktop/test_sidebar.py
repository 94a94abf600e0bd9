"""The conversation sidebar driven through the real controller and a real history file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from engine.storage.history import History
from engine.types import MessageStatus
from tests.desktop.conftest import ChatSession, answer_next_dialog


def seed(history: History) -> dict[str, int]:
    """Three stored conversations (oldest first), without running the model."""
    ids = {}
    for title, question, answer in [
        ("weather", "What is the weather like in 東京 today?", "It is sunny in 東京."),
        ("recipe", "How do I bake sourdough bread?", "Mix flour, water and starter."),
        ("trip", "Plan a trip to Kyoto", "Day 1: Fushimi Inari.\n\n- temples\n- tea"),
    ]:
        conversation = history.create_conversation()
        history.append_message(conversation.id, "user", question)
        history.append_message(conversation.id, "assistant", answer, MessageStatus.COMPLETE, "m")
        ids[title] = conversation.id
    return ids


@pytest.fixture()
def sidebar_session(make_session: Callable[..., ChatSession]) -> tuple[ChatSession, dict[str, int]]:
    chat = make_session()
    ids = seed(chat.history)
    chat.controller.start()
    return chat, ids


def titles(chat: ChatSession) -> list[str]:
    model = chat.window.sidebar.model
    return [model.data(model.index(row)) for row in range(model.rowCount())]


def click_row(chat: ChatSession, title: str) -> None:
    sidebar = chat.window.sidebar
    row = titles(chat).index(title)
    rect = sidebar.list.visualRect(sidebar.model.index(row))
    chat.qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_start_lists_conversations_and_opens_the_latest(
    sidebar_session: tuple[ChatSession, dict[str, int]],
) -> None:
    chat, ids = sidebar_session
    assert titles(chat) == [
        "Plan a trip to Kyoto",
        "How do I bake sourdough bread?",
        "What is the weather like in 東京 today?",
    ]
    assert chat.controller.conversations.current_id == ids["trip"]
    assert chat.window.sidebar.current_id() == ids["trip"]
    assert "Fushimi Inari" in chat.window.transcript.toPlainText()
    assert chat.window.regenerate_button.isEnabled()


def test_switching_conversations_shows_their_messages(
    sidebar_session: tuple[ChatSession, dict[str, int]],
) -> None:
    chat, ids = sidebar_session
    click_row(chat, "How do I bake sourdough bread?")
    text = chat.window.transcript.toPlainText()
    assert chat.controller.conversations.current_id == ids["recipe"]
    assert "sourdough" in text and "starter" in text
    assert "Kyoto" not in text
    click_row(chat, "What is the weather like in 東京 today?")
    assert "sunny in 東京" in chat.window.transcript.toPlainText()


def test_new_conversation_starts_empty(
    sidebar_session: tuple[ChatSession, dict[str, int]],
) -> None:
    chat, _ids = sidebar_session
    chat.qtbot.mouseClick(chat.window.sidebar.new_button, Qt.MouseButton.LeftButton)
    assert chat.controller.conversations.current_id is None
    assert chat.window.transcript.toPlainText() == ""
    assert chat.window.sidebar.current_id() is None
    assert not chat.window.regenerate_button.isEnabled()
    chat.window.menus.new_action.trigger()  # the File menu / Ctrl+N does the same
    assert chat.controller.conversations.current_id is None
    assert len(chat.history.conversations()) == 3  # nothing is stored until a message is sent


def test_rename_through_the_model_is_saved(
    sidebar_session: tuple[ChatSession, dict[str, int]],
) -> None:
    chat, ids = sidebar_session
    model = chat.window.sidebar.model
    row = model.row_of(ids["recipe"])
    assert model.setData(model.index(row), "  Bread   notes ")
    assert chat.history.conversation(ids["recipe"]).title == "Bread notes"
    assert "Bread notes" in titles(chat)
    # The title stays renamed across a restart (a fresh History on the same file).
    reopened = History(chat.history.path)
    try:
        assert reopened.conversation(ids["recipe"]).title == "Bread notes"
    finally:
        reopened.close()


def test_rename_in_place_with_f2(sidebar_session: tuple[ChatSession, dict[str, int]]) -> None:
    chat, ids = sidebar_session
    qtbot = chat.qtbot
    chat.window.menus.rename_action.trigger()  # F2 on the current conversation
    editor = chat.window.sidebar.list.findChild(QLineEdit)
    qtbot.waitUntil(lambda: editor is not None and editor.isVisible(), timeout=2_000)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Kyoto plans")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: chat.history.conversation(ids["trip"]).title == "Kyoto plans", timeout=2_000
    )
    assert titles(chat)[0] == "Kyoto plans"


def test_delete_asks_first_then_removes(
    sidebar_session: tuple[ChatSession, dict[str, int]],
) -> None:
    chat, ids = sidebar_session
    # Cancel keeps it.
    answer = answer_next_dialog("Cancel")
    chat.window.sidebar.delete_requested.emit(ids["trip"])
    assert answer.answered and "Plan a trip to Kyoto" in answer.text
    assert chat.history.conversation(ids["trip"]) is not None
    # Delete removes it, its messages, its row, and clears the open transcript.
    answer = answer_next_dialog("Delete")
    chat.window.sidebar.delete_requested.emit(ids["trip"])
    assert answer.answered
    assert chat.history.conversation(ids["trip"]) is None
    assert chat.history.messages(ids["trip"]) == []
    assert "Plan a trip to Kyoto" not in titles(chat)
    assert chat.controller.conversations.current_id is None
    assert chat.window.transcript.toPlainText() == ""


def type_search(chat: ChatSession, text: str) -> None:
    search = chat.window.sidebar.search
    search.clear()
    if text.isascii():
        chat.qtbot.keyClicks(search, text)
    else:  # Japanese arrives through the input method; QTest types only ASCII keys
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(search, event)
    assert search.text() == text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sourdough", ["How do I bake sourdough bread?"]),
        ("SUNNY", ["What is the weather like in 東京 today?"]),
        ("東京", ["What is the weather like in 東京 today?"]),  # two characters: a scan
        ("東京は", []),
        ("sunny in 東京", ["What is the weather like in 東京 today?"]),  # full-text index
        ("tea", ["Plan a trip to Kyoto"]),
        ("", ["Plan a trip to Kyoto", "How do I bake sourdough bread?",
              "What is the weather like in 東京 today?"]),
    ],
)  # fmt: skip
def test_search_filters_the_list(
    sidebar_session: tuple[ChatSession, dict[str, int]], query: str, expected: list[str]
) -> None:
    chat, _ids = sidebar_session
    type_search(chat, query)
    assert titles(chat) == expected


def test_search_snippet_shows_the_match(
    sidebar_session: tuple[ChatSession, dict[str, int]],
) -> None:
    chat, _ids = sidebar_session
    type_search(chat, "東京")
    model = chat.window.sidebar.model
    assert "東京" in model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)


def test_export_writes_markdown(
    sidebar_session: tuple[ChatSession, dict[str, int]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    chat, _ids = sidebar_session
    target = tmp_path / "export" / "trip.md"
    target.parent.mkdir()
    asked: list[str] = []

    def save_dialog(parent: object, caption: str, directory: str, filter: str) -> tuple[str, str]:
        asked.append(directory)
        return str(target), filter

    # The file dialog is modal and native: no one can pick a file in a headless test.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    chat.window.menus.export_action.trigger()
    assert asked and asked[0].endswith("Plan a trip to Kyoto.md")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Plan a trip to Kyoto\n")
    assert "## You\n\nPlan a trip to Kyoto" in text
    assert "## Hisho\n\nDay 1: Fushimi Inari.\n\n- temples\n- tea" in text
    assert chat.window.status_label.text() == f"Exported to {target}"


def test_export_cancelled_writes_nothing(
    sidebar_session: tuple[ChatSession, dict[str, int]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    chat, _ids = sidebar_session
    # The user closes the (modal, native) file dialog without choosing a file.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    chat.window.menus.export_action.trigger()
    assert not chat.window.status_label.text().startswith("Exported")
    assert not chat.window.banner.isVisible()
