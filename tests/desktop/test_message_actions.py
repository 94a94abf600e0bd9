"""Per-message actions and links, through the real controller (no model needed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication

from engine.types import MessageStatus
from tests.desktop.conftest import ChatSession, answer_next_dialog
from tests.ui.helpers import click_link, click_message_action

REPLY = "See [the guide](https://example.com/guide) or [this file](file:///etc/passwd)."


@pytest.fixture()
def chat(make_session: Callable[..., ChatSession]) -> ChatSession:
    session = make_session()
    conversation = session.history.create_conversation()
    session.history.append_message(conversation.id, "user", "Where is the guide?")
    session.history.append_message(conversation.id, "assistant", REPLY, MessageStatus.COMPLETE, "m")
    session.controller.start()
    return session


def test_copy_puts_the_message_on_the_clipboard(chat: ChatSession) -> None:
    reply = chat.history.messages(chat.controller.conversations.current_id or 0)[-1]
    click_message_action(chat.qtbot, chat.window.transcript, "copy", reply.id)
    assert QGuiApplication.clipboard().text() == REPLY  # the Markdown source
    assert chat.window.status_label.text() == "Copied to the clipboard"


def test_a_web_link_asks_before_opening(chat: ChatSession) -> None:
    answer = answer_next_dialog("Cancel")
    click_link(chat.qtbot, chat.window.transcript, "https://example.com/guide")
    chat.qtbot.waitUntil(lambda: answer.answered, timeout=5_000)
    assert "https://example.com/guide" in answer.text  # the full address is shown first


def test_a_local_file_link_is_refused(chat: ChatSession) -> None:
    click_link(chat.qtbot, chat.window.transcript, "file:///etc/passwd")
    assert chat.window.banner.isVisible()
    assert "does not open file links" in chat.window.banner.label.text()


class Launches(QObject):
    """Qt's own URL-handler registry, pointed here: any attempt to open a URL of these
    schemes (QDesktopServices.openUrl) lands in ``opened`` instead of another program."""

    SCHEMES = ("javascript", "vscode", "smb", "ms-settings", "https", "file")

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []
        for scheme in self.SCHEMES:
            QDesktopServices.setUrlHandler(scheme, self, "record")

    @Slot(QUrl)
    def record(self, url: QUrl) -> None:
        self.opened.append(url.toString())

    def close(self) -> None:
        for scheme in self.SCHEMES:
            QDesktopServices.unsetUrlHandler(scheme)


HOSTILE_LINKS = {
    "javascript:alert(1)": "javascript",
    "vscode://file/etc/passwd": "vscode",
    "smb://attacker.example/share": "smb",
    "ms-settings:display": "ms-settings",
}


def test_script_and_custom_scheme_links_launch_nothing(
    make_session: Callable[..., ChatSession],
) -> None:
    session = make_session()
    conversation = session.history.create_conversation()
    reply = " ".join(f"[{name}]({href})" for href, name in HOSTILE_LINKS.items())
    session.history.append_message(conversation.id, "assistant", reply, MessageStatus.COMPLETE)
    session.controller.start()
    launches = Launches()
    try:
        for href, scheme in HOSTILE_LINKS.items():
            click_link(session.qtbot, session.window.transcript, href)
            assert f"does not open {scheme} links" in session.window.banner.label.text()
        # A web link opens only after the user agrees: cancelling opens nothing.
        session.history.append_message(
            conversation.id, "assistant", "[web](https://example.com/)", MessageStatus.COMPLETE
        )
        session.controller.conversations.open_conversation(conversation.id)
        answer = answer_next_dialog("Cancel")
        click_link(session.qtbot, session.window.transcript, "https://example.com/")
        session.qtbot.waitUntil(lambda: answer.answered, timeout=5_000)
        QApplication.processEvents()
        assert launches.opened == []
    finally:
        launches.close()
