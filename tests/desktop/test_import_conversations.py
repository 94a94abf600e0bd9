"""File › Import conversations… and File › Export › All conversations (Hisho JSON)…,
through the real window wired as the app wires it, a real history file and real
exports built in code (tests/conversation_exports.py). Only the native file dialog is
replaced: no one can pick a file in a headless test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from desktop.wiring import Controllers
from engine.models.local import LocalBackend
from engine.storage.history import History
from scripts import translations
from tests.conversation_exports import chatgpt_branching, chatgpt_zip, many_chatgpt
from tests.desktop.conftest import greedy_settings, unwire_window, wire_window
from ui import i18n
from ui.main_window import MainWindow


@dataclass
class Wired:
    window: MainWindow
    history: History
    controllers: Controllers
    qtbot: QtBot

    def menu_action(self, *path: str) -> None:
        """Trigger File › … by the labels the user reads."""
        actions = self.window.menuBar().actions()
        for label in path:
            action = next(a for a in actions if a.text().replace("&", "") == label)
            menu = action.menu()
            if isinstance(menu, QMenu):
                actions = menu.actions()
        action.trigger()

    def wait_done(self, timeout: int = 60_000) -> None:
        self.qtbot.waitUntil(lambda: not self.controllers.transfer.busy, timeout=timeout)

    def titles(self) -> list[str]:
        model = self.window.sidebar.model
        return [model.data(model.index(row)) for row in range(model.rowCount())]


@pytest.fixture()
def wired(qtbot: QtBot, local_backend: LocalBackend) -> Iterator[Wired]:
    window, history, controllers = wire_window(local_backend, greedy_settings())
    mine = history.create_conversation()
    history.append_message(mine.id, "user", "My own question")
    controllers.conversations.refresh_sidebar()
    yield Wired(window, history, controllers, qtbot)
    unwire_window(window, history, controllers)


def pick_file(monkeypatch: pytest.MonkeyPatch, path: Path, asked: list[str]) -> None:
    def dialog(parent: object, caption: str, directory: str, filter: str) -> tuple[str, str]:
        asked.append(filter)
        return str(path), filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)


def test_import_from_the_file_menu_shows_the_summary_and_the_list(
    wired: Wired, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = dict(many_chatgpt(1)[0], title="Broken", mapping=[])
    path = chatgpt_zip(tmp_path / "chatgpt.zip", [chatgpt_branching(), *many_chatgpt(2), broken])
    asked: list[str] = []
    pick_file(monkeypatch, path, asked)
    wired.menu_action("File", "Import conversations…")
    wired.wait_done()

    assert asked[0].startswith("Conversation exports (*.zip *.json);;")
    summary = (
        "Imported 3 conversations from ChatGPT.\n"
        "1 skipped: “Broken” (its “mapping” is missing or damaged).\n"
        "1 had other branches (edited questions or regenerated answers): "
        "they are kept as versions (‹ › under a message)."
    )
    window = wired.window
    assert window.banner.isVisible() and window.banner.label.text() == summary
    assert window.status_label.text() == "Imported 3 conversations from ChatGPT."
    titles = wired.titles()
    assert titles[0] == "My own question" and "Kyoto trip" in titles and len(titles) == 4

    wired.controllers.conversations.open_conversation(
        next(c.id for c in wired.history.conversations() if c.title == "Kyoto trip")
    )
    shown = window.transcript.toPlainText()
    assert "Second draft: Fushimi Inari at dawn." in shown and "First draft" not in shown
    assert "cloud · ChatGPT · gpt-4o" in shown

    wired.menu_action("File", "Import conversations…")  # the same file again
    wired.wait_done()
    assert window.banner.label.text().startswith(
        "Imported 0 conversations from ChatGPT.\n1 skipped"
    )
    assert "3 conversations were already here." in window.banner.label.text()
    assert len(wired.titles()) == 4


def test_a_file_that_is_not_an_export_says_so_and_changes_nothing(
    wired: Wired, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "notes.json"
    path.write_text('{"notes": ["buy milk"]}', encoding="utf-8")
    pick_file(monkeypatch, path, [])
    wired.menu_action("File", "Import conversations…")
    wired.wait_done()
    window = wired.window
    assert window.banner.property("kind") == "error"
    assert window.banner.label.text() == (
        "notes.json is JSON but not a conversation export Hisho knows (ChatGPT, Claude or "
        "Hisho). Nothing was imported."
    )
    assert window.status_label.text() == "The import failed."
    assert wired.titles() == ["My own question"]


def test_a_long_import_shows_progress_and_cancel_keeps_what_came_in(
    wired: Wired, tmp_path: Path
) -> None:
    path = chatgpt_zip(tmp_path / "big.zip", many_chatgpt(2_000))
    transfer = wired.controllers.transfer
    assert transfer.start_import(path)
    assert not transfer.start_import(path)  # one at a time
    wired.qtbot.waitUntil(
        lambda: transfer._progress is not None and transfer._progress.isVisible(), timeout=30_000
    )
    dialog = transfer._progress
    assert dialog is not None
    wired.qtbot.waitUntil(lambda: dialog.labelText().startswith("Importing from ChatGPT: "))
    wired.qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    wired.wait_done()

    text = wired.window.banner.label.text()
    assert text.startswith("Stopped after importing ")
    assert text.endswith(" conversations from ChatGPT; import the file again to add the rest.")
    added = int(text.split()[3].replace(",", ""))
    assert 0 < added < 2_000
    assert len(wired.history.conversations()) == added + 1


def test_export_all_from_the_file_menu(
    wired: Wired, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "all.json"
    target.parent.mkdir()
    asked: list[tuple[str, str]] = []

    def save_dialog(parent: object, caption: str, directory: str, filter: str) -> tuple[str, str]:
        asked.append((directory, filter))
        return str(target), filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    wired.menu_action("File", "Export", "All conversations (Hisho JSON)…")
    wired.wait_done()
    assert asked[0][0].endswith(".json") and asked[0][1] == "Hisho JSON (*.json)"
    assert wired.window.status_label.text() == f"Exported 1 conversation to {target}"
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [m["content"] for m in document["conversations"][0]["messages"]] == ["My own question"]


def test_the_summary_speaks_japanese(wired: Wired, qapp: QApplication, tmp_path: Path) -> None:
    broken = dict(many_chatgpt(1)[0], title=None, mapping=[])
    path = chatgpt_zip(tmp_path / "chatgpt.zip", [chatgpt_branching(), broken])
    translations.build()
    i18n.install(qapp, "ja")
    try:
        assert wired.controllers.transfer.start_import(path)
        wired.wait_done()
        assert wired.window.banner.label.text() == (
            "ChatGPT から 1 件の会話を取り込みました。\n"
            "1 件をスキップしました：2 番目の会話（「mapping」がないか壊れています）。\n"
            "1 件には別の分岐（編集した質問や再生成した回答）がありました。"
            "メッセージの下の ‹ › で切り替えられるバージョンとして残しました。"
        )
    finally:
        i18n.uninstall(qapp)
