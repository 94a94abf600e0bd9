""" "Use the whole document" in the real window: a file dropped on the conversation is
measured off the GUI thread with the real model's tokenizer; a small CSV fits, and a
count question then sends every row to the real model (its sources: the file's pages);
a long one gets the switch disabled, with how much of it fits. The library is the
real library process on a temp HISHO_HOME."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.models.local import LocalBackend
from engine.types import ChatMessage, SourcesFound
from tests.desktop.conftest import (
    INDEX_TIMEOUT_MS,
    REPLY_TIMEOUT_MS,
    FilesSession,
    greedy_settings,
    unwire_window,
    wire_window,
)

pytestmark = pytest.mark.timeout(400)

CUSTOMERS = ["Sato", "Ito", "Sato", "Kato", "Sato", "Mori", "Ito", "Sato"]


class PromptSpy:
    """The real model process, with each prompt it is sent kept (a spy, not a mock:
    every call goes on to the real backend), so the test can read what the model saw."""

    def __init__(self, real: LocalBackend) -> None:
        self.real = real
        self.prompts: list[list[ChatMessage]] = []

    def stream(self, messages: Sequence[ChatMessage], *args: Any, **kwargs: Any) -> Any:
        self.prompts.append(list(messages))
        return self.real.stream(messages, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def write_invoices(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        table = csv.writer(out)
        table.writerow(["Invoice", "Customer", "Total"])
        for i in range(rows):
            table.writerow([1040 + i, CUSTOMERS[i % len(CUSTOMERS)], f"{(i + 3) * 1000} yen"])
    return path


@pytest.fixture()
def spied(qtbot: QtBot, local_backend: LocalBackend) -> Iterator[tuple[FilesSession, PromptSpy]]:
    spy = PromptSpy(local_backend)
    window, history, controllers = wire_window(spy, greedy_settings(32))  # type: ignore[arg-type]
    session = FilesSession(window, history, controllers, qtbot)
    controllers.chat.start()
    controllers.library.start()
    qtbot.waitUntil(lambda: window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    yield session, spy
    unwire_window(window, history, controllers)


def drop(session: FilesSession, path: Path) -> None:
    """Drop ``path`` on the conversation and wait until it has been read and measured."""
    window, selector = session.window, session.window.scope_selector
    window.files_dropped_on_conversation.emit([str(path)], None)
    ready = f"{path.name} is ready — ask away"
    session.qtbot.waitUntil(lambda: selector.status.text() == ready, timeout=INDEX_TIMEOUT_MS)
    session.qtbot.waitUntil(
        lambda: selector.whole.isVisible() and not selector.whole.toolTip().startswith("Measur"),
        timeout=REPLY_TIMEOUT_MS,
    )


def test_a_small_csv_is_used_whole_and_a_long_one_says_how_much_fits(
    spied: tuple[FilesSession, PromptSpy], tmp_path: Path
) -> None:
    session, spy = spied
    selector = session.window.scope_selector
    small = write_invoices(tmp_path / "invoices.csv", 8)
    drop(session, small)
    assert selector.whole.text() == "Use the whole document"
    assert selector.whole.isEnabled() and not selector.whole.isChecked()
    assert selector.whole.toolTip().startswith("All of invoices.csv fits this model's context (")
    assert not selector.whole_note.isVisible()
    session.qtbot.mouseClick(selector.whole, Qt.MouseButton.LeftButton)
    assert selector.whole.isChecked()

    found: list[SourcesFound] = []
    session.controllers.turns.turn_event.connect(
        lambda _id, event: found.append(event) if isinstance(event, SourcesFound) else None
    )
    session.ask("How many invoices are from Sato?")

    question = spy.prompts[-1][-1].content
    for i in range(8):  # every row reached the model, with its headers
        row = f"Invoice: {1040 + i} · Customer: {CUSTOMERS[i]} · Total: {(i + 3) * 1000} yen"
        assert row in question, question
    assert question.endswith("Question: How many invoices are from Sato?")
    [sources] = found
    assert [(p.name, p.page) for p in sources.passages] == [("invoices.csv", None)]  # one sheet
    assert "[1] invoices.csv" in session.window.transcript.toPlainText()

    long = write_invoices(tmp_path / "ledger.csv", 160)
    drop(session, long)
    assert selector.combo.currentText() == "File: ledger.csv"
    assert not selector.whole.isEnabled() and not selector.whole.isChecked()
    note = selector.whole_note.text()
    assert selector.whole_note.isVisible() and note == selector.whole.toolTip()
    percent = int(note.removeprefix("About ").split("%")[0])
    assert 10 <= percent <= 90
    assert note == f"About {percent}% of ledger.csv fits this model's context."
