"""Settings › Documents › Embedding model, in the real window with the real library
process: choosing another installed model asks before re-indexing; "Re-index" embeds
everything again with it, and "Cancel" keeps the model the index was built with.

The second model is the bundled all-MiniLM-L6-v2 under another name, its model card
saying it knows Japanese (no second sentence-transformers model can be downloaded
here); the re-index, the restart of the library process and the questions are real."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from engine import paths
from engine.library.types import Scope
from engine.models.defaults import default_embedding_model
from engine.storage import settings as settings_store
from tests.desktop.conftest import INDEX_TIMEOUT_MS, REPLY_TIMEOUT_MS, AtHand, answer_next_dialog
from tests.ui.helpers import drag_and_drop, file_mime
from ui.file_list import StatusTextRole

pytestmark = pytest.mark.timeout(420)


def second_model() -> Path:
    """The default model's files under another name, with a card that lists Japanese."""
    source = default_embedding_model().resolve()
    other = paths.models_dir() / "minilm-ja-test"
    for item in source.rglob("*"):
        target = other / item.relative_to(source)
        if item.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif item.name != "README.md":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(item)
    (other / "README.md").write_text("---\nlanguage:\n- ja\n- en\n---\n", encoding="utf-8")
    return other


def choose_embedding_model(hand: AtHand, qtbot: QtBot, value: str, button: str) -> str:
    """Pick ``value`` in Settings › Documents, press OK, answer the question with
    ``button``; the question's text."""
    hand.window.menus.settings_action.trigger()
    dialog = hand.pieces.preferences.dialog
    assert dialog is not None
    combo = dialog.embedding_model
    combo.setCurrentIndex(combo.findData(value))
    answer = answer_next_dialog(button)
    dialog.accept()
    qtbot.waitUntil(lambda: answer.answered, timeout=INDEX_TIMEOUT_MS)
    return answer.text


def test_another_embedding_model_asks_then_reindexes_or_keeps_the_old_one(
    make_at_hand: Callable[..., AtHand], qtbot: QtBot, tmp_path: Path
) -> None:
    other = second_model()
    hand = make_at_hand()
    qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    library = hand.controllers.library
    library.start()
    notes = tmp_path / "notes.txt"
    notes.write_text("The harbour office opens at seven and closes at noon.", encoding="utf-8")
    window, panel = hand.window, hand.window.library_panel
    window.show_files_tab()
    drag_and_drop(window, file_mime(notes), panel.mapTo(window, panel.rect().center()))
    model = panel.model
    qtbot.waitUntil(
        lambda: model.rowCount() == 1 and model.data(model.index(0), StatusTextRole) == "1 passage",
        timeout=INDEX_TIMEOUT_MS,
    )

    # The list offers both installed models, with what they know.
    hand.window.menus.settings_action.trigger()
    dialog = hand.pieces.preferences.dialog
    labels = [dialog.embedding_model.itemText(i) for i in range(dialog.embedding_model.count())]
    assert labels == ["all-MiniLM-L6-v2 (English only)", "minilm-ja-test (many languages)"]
    dialog.reject()

    # Another model: asked first; "Re-index" embeds every passage again with it.
    question = choose_embedding_model(hand, qtbot, str(other), "Re-index")
    assert "minilm-ja-test" in question and "(1 passage)" in question
    assert settings_store.load()[0].library.embedding_model == str(other)
    qtbot.waitUntil(lambda: not panel.progress_box.isVisible(), timeout=INDEX_TIMEOUT_MS)
    found = library.search("When does the harbour office open?", Scope(), 3)
    assert found and "opens at seven" in found[0].text

    # Back to the default: "Cancel" keeps the model the index now has.
    choose_embedding_model(hand, qtbot, "", "Cancel")
    qtbot.waitUntil(
        lambda: settings_store.load()[0].library.embedding_model == str(other), timeout=30_000
    )
    assert "minilm-ja-test" in window.banner.label.text()
    qtbot.waitUntil(lambda: bool(library.search("harbour office", Scope(), 3)), timeout=60_000)
