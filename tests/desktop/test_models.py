"""File › Models… in the real window: the installed model with its facts and fit, a
model added from a file and switched to mid-conversation (the chat continues with it),
and a download from a real HTTP server on 127.0.0.1, verified before it appears.

A screenshot of the window is saved in build/screenshots/models.png."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from engine import paths
from engine.models.local import LocalBackend
from engine.storage import settings as settings_store
from tests.desktop.conftest import REPLY_TIMEOUT_MS, AtHand
from tests.model_server import serve

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def test_add_switch_and_chat_then_download_a_verified_model(
    make_at_hand: Callable[..., AtHand],
    qtbot: QtBot,
    chat_model_path: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    # A model process of this test's own: it switches models, and the session's shared
    # one must stay on the default model for the other tests.
    own = LocalBackend(chat_model_path, context_length=2048, threads=1)
    request.addfinalizer(own.close)
    hand = make_at_hand(max_reply_tokens=12, backend=own)
    qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    chat, models = hand.controllers.chat, hand.controllers.models
    hand.window.composer.setPlainText("Name a fruit.")
    hand.window.composer.submit()
    qtbot.waitUntil(lambda: chat.turns.busy, timeout=5_000)
    qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
    conversation = chat.conversations.current_id

    hand.window.menus.models_action.trigger()
    window = models.dialog
    assert window is not None and window.isVisible()
    [row] = window.rows
    assert row.active and row.family == "llama" and row.quantization == "Q4_1"
    assert row.parameters == "135M" and row.fit == "fits"
    assert not window.use_button.isEnabled()  # already in use

    # Add a model from a file, then use it: the same conversation continues with it.
    second = tmp_path / "Second-135M.Q4_1.gguf"
    second.write_bytes(chat_model_path.read_bytes())
    models.add(second)
    qtbot.waitUntil(lambda: len(window.rows) == 2, timeout=30_000)
    window.table.selectRow(next(n for n, r in enumerate(window.rows) if not r.active))
    window.use_button.click()
    qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    assert Path(chat.settings.current.chat.model_path).name == "Second-135M.Q4_1.gguf"
    assert [r.active for r in window.rows if r.path.endswith("Second-135M.Q4_1.gguf")] == [True]
    hand.window.composer.setPlainText("And a vegetable?")
    hand.window.composer.submit()
    qtbot.waitUntil(lambda: chat.turns.busy, timeout=5_000)
    qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
    assert chat.conversations.current_id == conversation
    replies = [m for m in hand.history.messages(conversation) if m.role == "assistant"]
    assert len(replies) == 2 and replies[-1].content.strip()
    assert "Second-135M" in replies[-1].model

    # Download one from a server, checked against its sha256 before it is listed.
    body = chat_model_path.read_bytes()
    with serve(body, "Downloaded-135M.gguf") as (url, _served):
        models.download(url, hashlib.sha256(body).hexdigest())
        qtbot.waitUntil(lambda: "Downloaded and verified" in window.progress_label.text(),
                        timeout=120_000)  # fmt: skip
    assert (paths.models_dir() / "Downloaded-135M.gguf").read_bytes() == body
    assert len(window.rows) == 3
    assert models.downloads.ledger() is not None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "models.png"))


def test_a_model_keeps_settings_of_its_own(
    make_at_hand: Callable[..., AtHand],
    qtbot: QtBot,
    chat_model_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    """Models › Settings… on the model in use: a smaller context and another system
    prompt are saved for that model only; it loads again with them and answers."""
    own = LocalBackend(chat_model_path, context_length=2048, threads=1)
    request.addfinalizer(own.close)
    hand = make_at_hand(max_reply_tokens=12, backend=own)
    qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    chat, models = hand.controllers.chat, hand.controllers.models
    hand.window.menus.models_action.trigger()
    window = models.dialog
    assert window is not None
    window.table.selectRow(0)
    window.settings_button.click()
    dialog = models.settings_dialog
    assert dialog.isVisible() and chat_model_path.name in dialog.windowTitle()
    assert dialog.context_length.value() == chat.settings.current.chat.context_length
    assert not dialog.gpu_layers.isEnabled()  # a CPU build: said in the dialog
    dialog.context_length.setValue(1024)
    dialog.system_prompt.setPlainText("You are a terse assistant.")
    dialog.accept()
    qtbot.waitUntil(lambda: own.context_length == 1024, timeout=5_000)
    qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    assert own.info is not None and own.info.context_length == 1024
    saved = settings_store.load()[0]
    assert saved.models == {
        chat_model_path.name: {
            "context_length": 1024,
            "system_prompt": "You are a terse assistant.",
        }
    }
    assert chat.settings.chat_settings().system_prompt == "You are a terse assistant."
    assert saved.chat.context_length != 1024  # the general setting is untouched

    hand.window.composer.setPlainText("Name a colour.")
    hand.window.composer.submit()
    qtbot.waitUntil(lambda: chat.turns.busy, timeout=5_000)
    qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
    replies = [
        m for m in hand.history.messages(chat.conversations.current_id) if m.role == "assistant"
    ]
    assert replies and replies[-1].content.strip()

    window.settings_button.click()  # back to the general settings: the entry goes
    models.settings_dialog.reset_button.click()
    assert (
        models.settings_dialog.context_length.value() == chat.settings.current.chat.context_length
    )
    models.settings_dialog.accept()
    qtbot.waitUntil(lambda: settings_store.load()[0].models == {}, timeout=5_000)
