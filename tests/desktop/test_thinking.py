"""A reasoning model's thinking in the window, with the real bundled model: folded in
the real transcript, out of the next turn's context, out of Copy and of an export
unless asked, and a per-conversation switch where the model has one.

SmolLM2-135M thinks under a template that opens ``<think>`` in the prompt
(tests/thinking_model.py); the model's view of the conversation is read from the
prompts the real backend was sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from desktop.wiring import Controllers
from engine.types import StoredMessage
from tests.desktop.conftest import (
    REPLY_TIMEOUT_MS,
    ChatSession,
    greedy_settings,
    unwire_window,
    wire_window,
)
from tests.thinking_model import (
    FORCED,
    SWITCHED,
    THINKS_THEN_ANSWERS,
    Recording,
    thinking_backend,
)
from tests.ui.helpers import click_link, click_message_action
from ui.main_window import MainWindow


@pytest.fixture(scope="module")
def thinker(chat_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with thinking_backend(chat_model_path, tmp_path_factory.mktemp("thinker"), FORCED) as model:
        yield model


@pytest.fixture()
def thought(
    make_session: Callable[..., ChatSession], thinker: object
) -> tuple[ChatSession, Recording, StoredMessage]:
    """A window whose first question the real model thought about (and its reply)."""
    recording = Recording(thinker)
    chat = make_session(backend=recording, max_reply_tokens=48)
    chat.controller.start()
    chat.qtbot.waitUntil(
        lambda: chat.window.status_label.text().startswith("Ready"), timeout=REPLY_TIMEOUT_MS
    )
    chat.send(THINKS_THEN_ANSWERS)
    conversation_id = chat.controller.conversations.current_id
    assert conversation_id is not None
    reply = chat.history.messages(conversation_id)[-1]
    assert reply.thinking, "the real model's words should land in its thinking"
    return chat, recording, reply


def test_the_thinking_shows_folded_and_opens_on_a_click(
    thought: tuple[ChatSession, Recording, StoredMessage],
) -> None:
    chat, _recording, reply = thought
    transcript = chat.window.transcript
    text = transcript.toPlainText()
    assert "▸ Thought for" in text
    # Folded: the thinking shows nowhere but where the answer itself says the same words
    # (greedy SmolLM2 may think and then answer one sentence twice).
    folded = text.count(reply.thinking)
    assert folded == reply.content.count(reply.thinking)
    if reply.content.strip():
        assert text.index("Thought for") < text.index(reply.content.strip())
    else:
        assert "The model gave no answer after its thinking." in text

    click_link(chat.qtbot, transcript, f"hisho://thinking/{reply.id}")
    assert "▾ Thought for" in transcript.toPlainText()
    assert transcript.toPlainText().count(reply.thinking) == folded + 1


def test_the_thinking_is_not_sent_back_on_the_next_turn(
    thought: tuple[ChatSession, Recording, StoredMessage],
) -> None:
    chat, recording, reply = thought
    chat.send("And at night?")
    sent = recording.prompts[-1]
    assert sent[-1].content == "And at night?"
    assert not any(reply.thinking in m.content for m in sent if m.content != reply.content)
    answers = [m.content for m in sent if m.role == "assistant"]
    assert answers == ([reply.content] if reply.content.strip() else [])


def test_copy_gives_the_answer_only(thought: tuple[ChatSession, Recording, StoredMessage]) -> None:
    chat, _recording, reply = thought
    QGuiApplication.clipboard().setText("something else")
    click_message_action(chat.qtbot, chat.window.transcript, "copy", reply.id)
    assert QGuiApplication.clipboard().text() == reply.content  # not thinking + answer


def test_export_leaves_the_thinking_out_unless_asked(
    thought: tuple[ChatSession, Recording, StoredMessage],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    chat, _recording, reply = thought
    offered: list[list[str]] = []

    def save_as(choice: int, target: Path) -> Callable[..., tuple[str, str]]:
        def dialog(parent: object, caption: str, directory: str, kinds: str) -> tuple[str, str]:
            offered.append(kinds.split(";;"))
            return str(target), kinds.split(";;")[choice]

        return dialog

    # The file dialog is modal and native: no one can pick a file type in a headless test.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as(0, tmp_path / "plain.md"))
    chat.window.menus.export_action.trigger()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as(1, tmp_path / "full.md"))
    chat.window.menus.export_action.trigger()

    assert offered[0] == ["Markdown (*.md)", "Markdown, including thinking (*.md)"]
    plain = (tmp_path / "plain.md").read_text(encoding="utf-8")
    full = (tmp_path / "full.md").read_text(encoding="utf-8")
    assert f"## You\n\n{THINKS_THEN_ANSWERS}" in plain
    assert "<details>" not in plain
    assert plain.count(reply.thinking) == reply.content.count(reply.thinking)
    assert "<details><summary>Thought" in full
    assert full.count(reply.thinking) == plain.count(reply.thinking) + 1


# --- the switch -----------------------------------------------------------------------


@pytest.fixture()
def make_window(qtbot: object) -> Iterator[Callable[[object], tuple[MainWindow, Controllers]]]:
    """The whole window wired as the app wires it, on a given backend, model loaded."""
    made: list[tuple[MainWindow, object, Controllers]] = []

    def make(backend: object) -> tuple[MainWindow, Controllers]:
        window, history, controllers = wire_window(backend, greedy_settings(24))  # type: ignore[arg-type]
        made.append((window, history, controllers))
        controllers.chat.start()
        controllers.cloud.start()
        qtbot.waitUntil(  # type: ignore[attr-defined]
            lambda: window.status_label.text().startswith("Ready"), timeout=REPLY_TIMEOUT_MS
        )
        return window, controllers

    yield make
    for window, history, controllers in made:
        unwire_window(window, history, controllers)  # type: ignore[arg-type]


def test_a_model_with_a_switch_can_stop_thinking_in_one_conversation(
    make_window: Callable[[object], tuple[MainWindow, Controllers]],
    chat_model_path: Path,
    tmp_path: Path,
    qtbot: object,
) -> None:
    with thinking_backend(chat_model_path, tmp_path, SWITCHED) as model:
        recording = Recording(model)
        window, controllers = make_window(recording)
        button, action = window.think_button, window.menus.think_action
        assert button.isVisible() and button.isEnabled() and button.isChecked()
        assert button.text() == "Think"

        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        assert not button.isChecked() and not action.isChecked()
        conversation_id = controllers.conversations.current_id
        assert conversation_id is not None
        conversation = controllers.conversations.history.conversation(conversation_id)
        assert conversation is not None and not conversation.thinking

        window.composer.setPlainText(THINKS_THEN_ANSWERS)
        window.composer.submit()
        qtbot.waitUntil(lambda: bool(recording.options), timeout=REPLY_TIMEOUT_MS)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: not controllers.turns.busy, timeout=REPLY_TIMEOUT_MS)  # type: ignore[attr-defined]
        assert recording.options[-1].thinking is False

        controllers.conversations.new_conversation()  # a new conversation thinks again
        assert button.isChecked()
        controllers.conversations.open_conversation(conversation_id)  # this one does not
        assert not button.isChecked()


def test_a_model_that_always_thinks_shows_the_switch_on_and_disabled(
    make_window: Callable[[object], tuple[MainWindow, Controllers]], thinker: object
) -> None:
    window, _controllers = make_window(thinker)
    button = window.think_button
    assert button.isVisible() and button.isChecked() and not button.isEnabled()
    assert "can't be turned off" in button.toolTip()


def test_a_model_that_does_not_think_offers_no_switch(
    make_window: Callable[[object], tuple[MainWindow, Controllers]], local_backend: object
) -> None:
    window, _controllers = make_window(local_backend)
    assert not window.think_button.isVisible()
    assert not window.menus.think_action.isEnabled()
    assert "no thinking to turn off" in window.menus.think_action.toolTip()
