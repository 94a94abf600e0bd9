"""Adding a library on a Chroma server in the real dialog: "Test connection" against a
real Chroma server on 127.0.0.1, the token kept in a real Secret Service, never in the
settings file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.controllers.chroma_libraries import ChromaLibrariesController
from desktop.controllers.settings import SettingsOwner
from desktop.workers import Workers
from engine import paths
from engine.library.chroma_server import CHROMA_SERVICE, ChromaServer
from engine.storage.library_servers import ChromaLibrary
from engine.storage.secrets import get_key
from engine.storage.settings import Settings
from tests.chroma_server import chroma_with_token

pytestmark = [pytest.mark.timeout(300), pytest.mark.usefixtures("keyring_service")]


def fill(dialog: object, address: str, token: str) -> None:
    dialog.name.setText("Team")  # type: ignore[attr-defined]
    dialog.address.setText(address)  # type: ignore[attr-defined]
    dialog.collection.setText("team-docs")  # type: ignore[attr-defined]
    dialog.token.setText(token)  # type: ignore[attr-defined]


def test_test_connection_then_add_keeps_the_token_in_the_keyring(
    qtbot: QtBot, tmp_path: Path
) -> None:
    errors: list[str] = []
    owner = SettingsOwner(Settings(), errors.append)
    controller = ChromaLibrariesController(Workers(), owner, lambda: None)
    with chroma_with_token(tmp_path / "db", "team-token") as url:
        dialog = controller.ask()
        qtbot.addWidget(dialog)
        fill(dialog, url, "not-the-token")
        dialog.test_button.click()
        qtbot.waitUntil(lambda: "refused the token" in dialog.status.text(), timeout=30_000)
        assert dialog.status.text().startswith(f"The Chroma server at {url} refused the token")
        dialog.token.setText("team-token")
        dialog.test_button.click()
        qtbot.waitUntil(lambda: dialog.status.text().startswith("Connected"), timeout=30_000)
        assert dialog.status.text() == "Connected: 0 passages in “team-docs”."
        dialog.accept()
    assert owner.current.chroma_libraries == (ChromaLibrary("Team", url, "team-docs"),)
    assert get_key(ChromaServer(url, "team-docs").key, CHROMA_SERVICE) == "team-token"
    assert "team-token" not in paths.settings_file().read_text(encoding="utf-8")
    assert errors == []


def test_a_server_that_is_not_there_and_a_form_left_empty_say_so(qtbot: QtBot) -> None:
    owner = SettingsOwner(Settings(), lambda _: None)
    controller = ChromaLibrariesController(Workers(), owner, lambda: None)
    dialog = controller.ask()
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.isVisible() and "Give the library a name" in dialog.status.text()
    fill(dialog, "127.0.0.1:9", "")  # nothing listens on the discard port
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "isn't answering" in dialog.status.text(), timeout=30_000)
    assert dialog.status.text().startswith("The Chroma server at 127.0.0.1:9 isn't answering")
    fill(dialog, "http://8.8.8.8:8000", "")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "only over https" in dialog.status.text(), timeout=10_000)
    assert owner.current.chroma_libraries == ()
