"""The Files panel on its own: file states, progress and its buttons, libraries, menus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListView, QMenu, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from engine.library.types import FileRecord, FileStatus, IngestProgress, JobState
from ui.file_list import FileListModel, StatusTextRole, status_text
from ui.library_panel import NEW_LIBRARY, LibraryPanel, eta_text, progress_text


def record(id: int, name: str, status: FileStatus, **more: object) -> FileRecord:
    return FileRecord(id, "My files", f"/home/me/docs/{name}", status, **more)  # type: ignore[arg-type]


FILES = [
    record(1, "report.pdf", FileStatus.DONE, pages=12, chunks=40),
    record(2, "notes.md", FileStatus.DONE, chunks=1),
    record(3, "scan.pdf", FileStatus.EMPTY, error="No text found"),
    record(4, "locked.pdf", FileStatus.FAILED, error="This PDF is password protected."),
    record(5, "photo.heic", FileStatus.UNSUPPORTED, error="Hisho can't read .heic files yet."),
    record(6, "book.docx", FileStatus.INDEXING),
    record(7, "later.txt", FileStatus.QUEUED),
]


@pytest.fixture()
def panel(qtbot: QtBot) -> LibraryPanel:
    widget = LibraryPanel()
    qtbot.addWidget(widget)
    widget.resize(300, 600)
    widget.set_libraries(["My files", "Work"], "My files")
    widget.show()
    return widget


@pytest.mark.parametrize(
    ("index", "text"),
    [
        (0, "12 pages · 40 passages"),
        (1, "1 passage"),
        (2, "No text found — scanned?"),
        (3, "Failed: This PDF is password protected."),
        (4, "Not supported"),
        (5, "Reading…"),
        (6, "Waiting to be read"),
    ],
)
def test_each_file_state_reads_plainly(index: int, text: str) -> None:
    assert status_text(FILES[index]) == text


def test_a_partly_read_file_says_so() -> None:
    partial = record(1, "huge.pdf", FileStatus.DONE, pages=500, chunks=9000, partial=True)
    assert status_text(partial) == "500 pages · 9,000 passages · partly read"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, ""),
        (3, "a few seconds left"),
        (24, "about 20 s left"),
        (70, "about 1 min left"),
        (600, "about 10 min left"),
        (4 * 3600, "about 4 h left"),
    ],
)
def test_time_left_is_rounded_like_a_person_would(seconds: float | None, text: str) -> None:
    assert eta_text(seconds) == text


def test_progress_text_counts_files_and_time_left() -> None:
    running = IngestProgress(JobState.RUNNING, files_total=40, files_done=12, chunks_done=300,
                             eta_s=75)  # fmt: skip
    assert progress_text(running) == "12 of 40 files · about 1 min left"
    assert progress_text(IngestProgress(JobState.RUNNING, 1, 0, 0)) == "0 of 1 file"
    paused = IngestProgress(JobState.PAUSED, 40, 12, 300, 75)
    assert progress_text(paused) == "Paused · 12 of 40 files"


def test_the_list_shows_every_state_with_reasons_visible_and_in_tooltips(
    panel: LibraryPanel, qtmodeltester: object
) -> None:
    panel.set_files(FILES)
    model = panel.model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert panel.list.isVisible() and not panel.empty_label.isVisible()
    assert [model.data(model.index(r)) for r in range(model.rowCount())] == [f.name for f in FILES]
    failed = model.index(3)
    assert model.data(failed, StatusTextRole) == "Failed: This PDF is password protected."
    tooltip = model.data(failed, Qt.ItemDataRole.ToolTipRole)
    assert "/home/me/docs/locked.pdf" in tooltip and "password protected" in tooltip
    unsupported = model.index(4)
    assert "can't read .heic" in model.data(unsupported, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(2), Qt.ItemDataRole.AccessibleTextRole) == (
        "scan.pdf: No text found — scanned?"
    )
    # The rows are painted (two lines each) without errors.
    assert panel.list.sizeHintForRow(0) > panel.list.fontMetrics().lineSpacing() * 2
    assert not panel.list.grab().isNull()


def test_a_file_changing_state_updates_its_row(panel: LibraryPanel, qtbot: QtBot) -> None:
    panel.set_files(FILES[:2])
    with qtbot.waitSignal(panel.model.dataChanged, timeout=1000):
        panel.update_file(record(2, "notes.md", FileStatus.FAILED, error="Gone."))
    assert panel.model.data(panel.model.index(1), StatusTextRole) == "Failed: Gone."
    panel.update_file(record(9, "new.pdf", FileStatus.QUEUED))
    assert panel.model.rowCount() == 3
    other = FileRecord(10, "Work", "/w/x.pdf", FileStatus.QUEUED)
    panel.update_file(other)  # another library's file is not listed here
    assert panel.model.rowCount() == 3


def test_an_empty_library_invites_a_drop(panel: LibraryPanel) -> None:
    panel.set_files([])
    assert panel.empty_label.isVisible() and not panel.list.isVisible()
    assert "Drop" in panel.empty_label.text()


def test_progress_box_shows_while_indexing_and_its_buttons_ask(
    panel: LibraryPanel, qtbot: QtBot
) -> None:
    assert not panel.progress_box.isVisible()
    panel.set_progress(IngestProgress(JobState.RUNNING, 40, 12, 300, 75))
    assert panel.progress_box.isVisible()
    assert panel.progress_label.text() == "12 of 40 files · about 1 min left"
    assert (panel.progress_bar.value(), panel.progress_bar.maximum()) == (12, 40)
    assert panel.pause_button.text() == "Pause"
    with qtbot.waitSignal(panel.pause_requested, timeout=1000):
        qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    panel.set_progress(IngestProgress(JobState.PAUSED, 40, 12, 300))
    assert panel.pause_button.text() == "Resume"
    assert panel.pause_button.accessibleName() == "Resume indexing"
    with qtbot.waitSignal(panel.resume_requested, timeout=1000):
        qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.cancel_requested, timeout=1000):
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    panel.set_progress(IngestProgress(JobState.FINISHED, 40, 40, 900))
    assert not panel.progress_box.isVisible()


def test_add_buttons_ask_for_files_and_folders(panel: LibraryPanel, qtbot: QtBot) -> None:
    with qtbot.waitSignal(panel.add_files_requested, timeout=1000):
        qtbot.mouseClick(panel.add_files_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.add_folder_requested, timeout=1000):
        qtbot.mouseClick(panel.add_folder_button, Qt.MouseButton.LeftButton)


def test_the_library_selector_offers_new_library(panel: LibraryPanel, qtbot: QtBot) -> None:
    combo = panel.library_combo
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items == ["My files", "Work", "", NEW_LIBRARY]  # "" is the separator
    assert panel.current_library() == "My files"
    with qtbot.waitSignal(panel.library_selected, timeout=1000) as selected:
        combo.activated.emit(1)
    assert selected.args == ["Work"]
    with qtbot.waitSignal(panel.new_library_requested, timeout=1000):
        combo.activated.emit(3)
    panel.restore_selection("My files")
    assert panel.current_library() == "My files"


def menu_actions(panel: LibraryPanel) -> dict[str, object]:
    menus = [m for m in panel.findChildren(QMenu) if m.isVisible()]
    assert menus, "no menu open"
    return {a.text(): a for a in menus[-1].actions() if a.text()}


def test_context_menu_asks_summarizes_or_removes(panel: LibraryPanel, qtbot: QtBot) -> None:
    panel.set_files(FILES)
    rect = panel.list.visualRect(panel.model.index(0))
    panel.list.customContextMenuRequested.emit(rect.center())
    actions = menu_actions(panel)
    assert set(actions) == {"Ask about this file", "Summarize", "Remove from library…"}
    with qtbot.waitSignal(panel.ask_about_file, timeout=1000) as asked:
        actions["Ask about this file"].trigger()  # type: ignore[attr-defined]
    assert asked.args == [FILES[0]]
    with qtbot.waitSignal(panel.summarize_file, timeout=1000) as summarized:
        actions["Summarize"].trigger()  # type: ignore[attr-defined]
    assert summarized.args == [FILES[0]]
    for menu in panel.findChildren(QMenu):
        menu.close()
    rect = panel.list.visualRect(panel.model.index(3))  # the failed file
    panel.list.customContextMenuRequested.emit(rect.center())
    actions = menu_actions(panel)
    assert not actions["Ask about this file"].isEnabled()  # type: ignore[attr-defined]
    assert not actions["Summarize"].isEnabled()  # type: ignore[attr-defined]
    with qtbot.waitSignal(panel.remove_file_requested, timeout=1000) as removed:
        actions["Remove from library…"].trigger()  # type: ignore[attr-defined]
    assert removed.args == [FILES[3]]


def test_every_control_has_an_accessible_name(panel: LibraryPanel) -> None:
    controls = [
        *panel.findChildren(QPushButton),
        *panel.findChildren(QComboBox),
        *panel.findChildren(QListView),
        *panel.findChildren(QToolButton),
    ]
    controls = [c for c in controls if c.window() is panel]  # not the combo's popup list
    assert len(controls) >= 7
    assert all(control.accessibleName() for control in controls), [
        type(c).__name__ for c in controls if not c.accessibleName()
    ]


def test_model_on_its_own(qtmodeltester: object) -> None:
    model = FileListModel()
    model.set_files(FILES)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.record_at(99) is None
