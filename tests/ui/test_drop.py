"""Dropping files on the main window: real drag and drop events carrying file URLs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from engine.types import Conversation
from tests.ui.helpers import drag_and_drop, file_mime
from ui.main_window import MainWindow


@pytest.fixture()
def window(qtbot: QtBot) -> MainWindow:
    widget = MainWindow()
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_dragging_files_over_the_conversation_shows_a_hint(
    window: MainWindow, tmp_path: Path
) -> None:
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4")
    target = window.transcript.viewport()
    mime = file_mime(report)  # the event only points at it: keep it alive
    enter = QDragEnterEvent(
        target.rect().center(), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    assert window.drop_hint.isVisible()
    assert window.drop_hint.text() == "Ask about “report.pdf” in a new conversation"
    assert window.drop_hint.geometry().intersects(window.transcript.geometry())
    QApplication.sendEvent(target, QDragLeaveEvent())
    assert not window.drop_hint.isVisible()


def test_a_drop_on_the_conversation_asks_about_the_files(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4")
    for target in (window.transcript.viewport(), window.composer.viewport()):
        mime = file_mime(report, tmp_path)
        with qtbot.waitSignal(window.files_dropped_on_conversation, timeout=1000) as dropped:
            drop = drag_and_drop(target, mime)
        assert drop.isAccepted()
        assert dropped.args == [[str(report), str(tmp_path)], None]
        assert not window.drop_hint.isVisible()
    assert window.composer.toPlainText() == ""  # the composer did not take the file's URL


def test_a_drop_elsewhere_adds_to_the_library(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.library_panel.set_libraries(["My files", "Work"], "Work")
    folder = tmp_path / "papers"
    folder.mkdir()
    window.show_files_tab()
    panel = window.library_panel
    at = panel.mapTo(window, panel.rect().center())
    mime = file_mime(folder)
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window, enter)
    assert window.drop_hint.text() == "Add “papers” to Work"
    with qtbot.waitSignal(window.files_dropped, timeout=1000) as dropped:
        drag_and_drop(window, mime, at)
    assert dropped.args == [[str(folder)]]


def test_a_drop_on_a_conversation_in_the_list_asks_there(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    now = time.time()
    window.sidebar.model.set_conversations(
        [Conversation(7, "Trip plans", now, now), Conversation(3, "Budget", now, now)]
    )
    rows = window.sidebar.list
    rect = rows.visualRect(window.sidebar.model.index(1))
    at = rows.viewport().mapTo(window, rect.center())
    notes = tmp_path / "notes.md"
    notes.write_text("# Budget\n")
    mime = file_mime(notes)
    with qtbot.waitSignal(window.files_dropped_on_conversation, timeout=1000) as dropped:
        drag_and_drop(window, mime, at)
    assert dropped.args == [[str(notes)], 3]


@pytest.mark.parametrize("kind", ["text", "web link"])
def test_drops_that_are_not_files_are_ignored(qtbot: QtBot, window: MainWindow, kind: str) -> None:
    mime = QMimeData()
    if kind == "text":
        mime.setText("just some words")
    else:
        mime.setUrls([QUrl("https://example.com/report.pdf")])
    with (
        qtbot.assertNotEmitted(window.files_dropped),
        qtbot.assertNotEmitted(window.files_dropped_on_conversation),
    ):
        drop = drag_and_drop(window, mime, window.rect().center())
        drag_and_drop(window.transcript.viewport(), mime)
    assert not drop.isAccepted()
    assert not window.drop_hint.isVisible()
