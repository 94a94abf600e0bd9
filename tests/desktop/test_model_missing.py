"""No model file: the user is told how to fix it and the window stays usable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt

from engine.models.local import LocalBackend
from engine.types import MessageStatus
from tests.desktop.conftest import ChatSession


def test_a_missing_model_is_explained_and_the_window_still_works(
    make_session: Callable[..., ChatSession], tmp_path: Path
) -> None:
    missing = tmp_path / "models" / "nonexistent.gguf"
    backend = LocalBackend(missing, context_length=2048, threads=1)
    chat = make_session(backend=backend)
    window, qtbot = chat.window, chat.qtbot
    earlier = chat.history.create_conversation()
    chat.history.append_message(earlier.id, "user", "An earlier question")
    chat.controller.start()

    qtbot.waitUntil(lambda: window.status_label.text() == "Model not available", timeout=10_000)
    assert window.banner.isVisible() and window.banner.property("kind") == "error"
    error = window.banner.label.text()
    assert str(missing) in error
    assert "install-defaults" in error and "Choose chat model" in error  # how to fix it

    # The rest of the window works: the sidebar, a new conversation.
    assert window.sidebar.model.rowCount() == 1
    assert "An earlier question" in window.transcript.toPlainText()
    qtbot.mouseClick(window.sidebar.new_button, Qt.MouseButton.LeftButton)
    assert (
        chat.controller.conversations.current_id is None and window.transcript.toPlainText() == ""
    )

    # Sending says why it failed, and what the user typed is kept.
    chat.send("Are you there?", timeout=10_000)
    conversation_id = chat.controller.conversations.current_id
    assert conversation_id is not None and conversation_id != earlier.id
    question, reply = chat.history.messages(conversation_id)
    assert (question.role, question.content) == ("user", "Are you there?")
    assert reply.status is MessageStatus.ERROR and "No chat model" in reply.error
    assert window.banner.isVisible() and "No chat model" in window.banner.label.text()
    shown = window.transcript.toPlainText()
    assert "Are you there?" in shown and "failed" in shown
    assert window.status_label.text() == "The reply failed"
    assert window.send_button.isEnabled() and not window.stop_button.isEnabled()
    assert window.sidebar.model.rowCount() == 2
    backend.close()
