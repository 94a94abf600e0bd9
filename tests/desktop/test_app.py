"""The composition root: HishoApp builds the window, history and model, and shuts down."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import HishoApp
from desktop.launch import Launch
from engine import paths
from engine.library.types import DEFAULT_LIBRARY, Scope
from engine.storage import settings as settings_store
from engine.storage.history import History
from engine.storage.settings import Settings
from engine.types import MessageStatus
from tests.desktop.conftest import REPLY_TIMEOUT_MS, answer_next_dialog


def save_settings(**chat: object) -> None:
    defaults = Settings()
    settings_store.save(
        dataclasses.replace(defaults, chat=dataclasses.replace(defaults.chat, **chat))
    )


@pytest.fixture()
def hisho(qapp: QApplication) -> Iterator[HishoApp]:
    app = HishoApp(qapp)
    app.window.show()
    yield app
    app.shutdown()
    app.window.close()
    app.window.deleteLater()


def where_it_runs(hisho: HishoApp) -> None:
    """The model label says where the model runs, as the model process reported it: the
    processor here (a CPU-only llama.cpp); a GPU's line is checked with given numbers, as
    no GPU can run here."""
    assert hisho.controllers is not None
    model = hisho.controllers.chat.model
    info = getattr(model.backend, "info", None)
    assert info is not None
    if not info.gpu_offload:
        assert hisho.window.model_label.text().endswith(" · CPU")
    on_gpu = dataclasses.replace(info, gpu_layers=20, layer_count=37, gpu_name="NVIDIA RTX 4090")
    assert model.where(on_gpu) == "GPU NVIDIA RTX 4090, 20 of 37 layers"


def test_start_loads_the_real_model_and_says_ready(qtbot: QtBot, hisho: HishoApp) -> None:
    # One thread: llama.cpp's spinning threads slow down badly on a busy 2-core machine.
    save_settings(context_length=2048, threads=1, temperature=0.0, max_reply_tokens=400)
    assert hisho.window.status_label.text() == "Starting…"
    hisho.start()
    qtbot.waitUntil(lambda: hisho.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    assert "SmolLM2" in hisho.window.model_label.text()
    assert "2,048 tokens context" in hisho.window.model_label.text()
    where_it_runs(hisho)
    assert paths.history_db().is_file()

    # Closing the window mid-reply stops it and keeps the partial reply.
    transcript = hisho.window.transcript
    hisho.window.composer.setPlainText("Write a long story about a lighthouse keeper.")
    qtbot.keyClick(hisho.window.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(transcript.streamed_text()) > 20, timeout=REPLY_TIMEOUT_MS)
    hisho.window.close()  # emits closing -> shutdown (stop, wait, close the stores)
    assert hisho.history is None
    qtbot.wait(50)  # let any event the worker queued be delivered: none may fail
    history = History(paths.history_db())
    try:
        conversation = history.conversations()[0]
        reply = history.messages(conversation.id)[-1]
    finally:
        history.close()
    assert reply.status is MessageStatus.STOPPED
    assert reply.content.strip()


def test_start_without_a_model_explains_and_stays_usable(
    qtbot: QtBot, hisho: HishoApp, tmp_path: Path
) -> None:
    save_settings(model_path=str(tmp_path / "gone.gguf"))
    hisho.start()
    window = hisho.window
    qtbot.waitUntil(lambda: window.status_label.text() == "Model not available", timeout=10_000)
    assert window.banner.isVisible()
    assert "gone.gguf" in window.banner.label.text()
    assert "Choose chat model" in window.banner.label.text()
    qtbot.mouseClick(window.sidebar.new_button, Qt.MouseButton.LeftButton)
    assert window.transcript.toPlainText() == ""
    assert window.send_button.isEnabled()


def test_a_damaged_settings_file_gives_a_notice(qtbot: QtBot, hisho: HishoApp) -> None:
    paths.ensure_dir(paths.config_dir())
    paths.settings_file().write_text("{not json", encoding="utf-8")
    hisho.start()
    assert hisho.window.banner.isVisible()
    assert "damaged" in hisho.window.banner.label.text()


def test_the_library_process_starts_with_the_app_and_stops_with_the_window(
    qtbot: QtBot, hisho: HishoApp
) -> None:
    save_settings(context_length=2048, threads=1)
    assert hisho.controllers is None  # nothing is started before the first paint
    hisho.start()
    assert hisho.controllers is not None
    library = hisho.controllers.library
    panel = hisho.window.library_panel
    qtbot.waitUntil(
        lambda: library.client.pid is not None and panel.current_library() == "My files",
        timeout=REPLY_TIMEOUT_MS,
    )
    pid = library.client.pid
    assert pid is not None and psutil.pid_exists(pid)
    assert hisho.window.scope_selector.combo.currentText() == "Chat only"
    hisho.window.close()
    assert library.client.pid is None
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


@pytest.fixture()
def make_hisho(qapp: QApplication) -> Iterator[Callable[..., HishoApp]]:
    """HishoApp for a given launch, on a desktop with a tray (offscreen Qt has none)."""
    made: list[HishoApp] = []

    def make(launch: Launch) -> HishoApp:
        save_settings(context_length=2048, threads=1, temperature=0.0, max_reply_tokens=30)
        app = HishoApp(qapp, launch, tray_available=lambda: True)
        made.append(app)
        return app

    yield make
    for app in made:
        app.window.quit()
        app.shutdown()
        app.window.deleteLater()


def test_a_first_hisho_quick_opens_the_prompt_without_the_window(
    qtbot: QtBot, make_hisho: Callable[..., HishoApp]
) -> None:
    hisho = make_hisho(Launch(quick=True))
    assert not hisho.shows_window_at_start()  # the tray holds Hisho
    hisho.start()
    assert hisho.at_hand is not None
    assert hisho.at_hand.quick.prompt.isVisible()
    assert not hisho.window.isVisible()
    assert hisho.at_hand.tray.active and hisho.window.keep_running_on_close


def test_a_first_hisho_hidden_shows_nothing_but_the_tray(
    make_hisho: Callable[..., HishoApp],
) -> None:
    hisho = make_hisho(Launch(hidden=True))
    assert not hisho.shows_window_at_start()
    hisho.start()
    assert hisho.at_hand is not None and hisho.at_hand.tray.tray.is_visible()
    assert not hisho.window.isVisible() and not hisho.at_hand.quick.prompt.isVisible()


def test_a_first_hisho_with_a_file_opens_a_conversation_about_it(
    qtbot: QtBot, make_hisho: Callable[..., HishoApp], tmp_path: Path
) -> None:
    note = tmp_path / "note.md"
    note.write_text("# Note\n\nThe ferry leaves at nine.\n", encoding="utf-8")
    hisho = make_hisho(Launch(files=(str(note),)))
    assert hisho.shows_window_at_start()
    hisho.window.show()
    hisho.start()
    controllers = hisho.controllers
    assert controllers is not None and controllers.conversations.current_id is not None
    conversation_id = controllers.conversations.current_id
    assert hisho.history is not None
    history = hisho.history

    def scoped() -> bool:
        conversation = history.conversation(conversation_id)
        return conversation is not None and conversation.scope == Scope(DEFAULT_LIBRARY, str(note))

    qtbot.waitUntil(scoped, timeout=REPLY_TIMEOUT_MS)
    assert hisho.window.scope_selector.combo.currentText() != "Chat only"


def test_launches_handed_over_before_the_start_wait_for_it(
    make_hisho: Callable[..., HishoApp],
) -> None:
    hisho = make_hisho(Launch())
    hisho.window.show()
    hisho.handle_request(["--quick"], "/")  # arrives while the window is painting
    assert hisho.at_hand is None
    hisho.start()
    assert hisho.at_hand is not None and hisho.at_hand.quick.prompt.isVisible()


def _damaged_history_with_backup() -> Path:
    from engine.storage.backup import back_up

    path = paths.ensure_dir(paths.data_dir()) / "history.sqlite3"
    history = History(path)
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "my sourdough question")
    history.close()
    back_up(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_history_is_restored_from_its_backup_when_the_user_says_so(
    qtbot: QtBot, hisho: HishoApp
) -> None:
    path = _damaged_history_with_backup()
    damaged = path.read_bytes()
    answer = answer_next_dialog("Restore backup")
    hisho.start()
    assert answer.answered and "damaged" in answer.text
    assert hisho.history is not None
    [conversation] = hisho.history.conversations()
    assert hisho.history.messages(conversation.id)[0].content == "my sourdough question"
    [aside] = [p for p in path.parent.glob("history.sqlite3.damaged-*") if p.name[-4] != "-"]
    assert aside.read_bytes() == damaged  # kept as it was, for recovery tools
    assert "restored from the backup" in hisho.window.banner.label.text()


def test_continuing_without_saving_leaves_the_damaged_history_untouched(
    qtbot: QtBot, hisho: HishoApp
) -> None:
    path = _damaged_history_with_backup()
    damaged = path.read_bytes()
    answer = answer_next_dialog("Continue without saving")
    hisho.start()
    assert answer.answered
    assert path.read_bytes() == damaged and not list(path.parent.glob("*.damaged-*"))
    assert "will not be saved" in hisho.window.banner.label.text()
    assert hisho.history is not None and hisho.history.conversations() == []
