"""Cloud models in the real window: Settings › Cloud with a real Secret Service, the
consent dialog showing exactly what a real OpenAI-compatible server on 127.0.0.1 then
receives, the cloud badge, the egress log, and the key never touching the disk.

Screenshots of the Cloud tab, the consent dialog, a cloud answer and the egress log are
saved in build/screenshots/ for a person to look at.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from engine import paths
from engine.storage import settings as settings_store
from engine.storage.secrets import get_key
from tests.cloud import API_KEY, MODEL, CloudServer
from tests.desktop.conftest import REPLY_TIMEOUT_MS, AtHand, answer_next_dialog
from ui.cloud_settings import CloudPage
from ui.consent_dialog import ConsentDialog

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def save(widget: QWidget, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SCREENSHOTS / name))


@pytest.fixture()
def server(cloud_server: CloudServer) -> CloudServer:
    cloud_server.reset()
    return cloud_server


def open_cloud_tab(hand: AtHand) -> tuple[QWidget, CloudPage]:
    hand.window.menus.settings_action.trigger()
    dialog = hand.pieces.preferences.dialog
    assert dialog is not None and isinstance(dialog.cloud_page, CloudPage)
    dialog.tabs.setCurrentWidget(dialog.cloud_page)
    return dialog, dialog.cloud_page


def set_up_cloud(hand: AtHand, server: CloudServer, policy: str = "ask") -> CloudPage:
    """Turn the cloud on through Settings › Cloud, as a user would, and press OK."""
    dialog, page = open_cloud_tab(hand)
    page.enabled.setChecked(True)
    page.provider.setCurrentIndex(page.provider.findData("custom"))
    page.base_url.setText(server.base_url)
    page.model.setText(MODEL)
    page.key.setText(API_KEY)
    page.policy.setCurrentIndex(page.policy.findData(policy))
    dialog.accept()
    return page


def ask(hand: AtHand, question: str) -> None:
    composer = hand.window.composer
    composer.setPlainText(question)
    composer.submit()


def test_settings_keep_the_key_in_the_keyring_and_the_consent_shows_what_is_sent(
    keyring_service: None,
    server: CloudServer,
    make_at_hand: Callable[..., AtHand],
    qtbot: QtBot,
    hisho_home: Path,
) -> None:
    hand = make_at_hand(max_reply_tokens=24)
    qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    dialog, page = open_cloud_tab(hand)
    assert not page.enabled.isChecked() and not page.group.isEnabled()  # off by default
    assert page.keyring_note.isHidden()  # the Secret Service is a safe keyring
    dialog.reject()

    set_up_cloud(hand, server)
    saved, _ = settings_store.load()
    assert saved.cloud.enabled and saved.cloud.base_url == server.base_url
    assert get_key("custom") == API_KEY
    cloud = hand.controllers.cloud
    assert hand.window.menus.use_cloud_action.isEnabled()
    assert MODEL in hand.window.menus.use_cloud_action.text()

    # Test connection: one small request, listed in the egress log.
    dialog, page = open_cloud_tab(hand)
    assert "A key is stored" in page.key.placeholderText() and page.key.text() == ""
    page.test.click()
    qtbot.waitUntil(lambda: "available" in page.test_result.text(), timeout=30_000)
    save(dialog, "settings-cloud.png")
    dialog.reject()

    # This conversation answers with the cloud model: the user is asked first.
    hand.window.menus.use_cloud_action.trigger()
    chat = hand.controllers.chat
    assert chat.conversations.current_id is not None
    ask(hand, "Name a colour.")
    qtbot.waitUntil(lambda: cloud.consent is not None, timeout=30_000)
    consent = cloud.consent
    assert isinstance(consent, ConsentDialog) and consent.isVisible()
    shown = json.loads(consent.payload.toPlainText())
    assert shown["messages"][-1] == {"role": "user", "content": "Name a colour."}
    assert API_KEY not in consent.payload.toPlainText()
    assert server.requests() == []  # nothing has left yet
    save(consent, "consent.png")
    consent.send_button.click()
    qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)

    assert server.bodies() == [shown]  # exactly what the dialog showed arrived
    reply = hand.history.messages(chat.conversations.current_id)[-1]
    assert reply.origin == "cloud" and reply.content.strip()
    assert f"cloud · Custom server · {MODEL}" in hand.window.transcript.toPlainText()
    save(hand.window, "cloud-answer.png")

    # "Send" asks again next time; the egress log lists both requests.
    ask(hand, "And another?")
    qtbot.waitUntil(lambda: cloud.consent is not None, timeout=30_000)
    assert cloud.consent is not None
    cloud.consent.cancel_button.click()
    qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
    assert len(server.requests()) == 1  # Cancel sent nothing
    assert "Nothing left this computer" in hand.window.transcript.toPlainText()
    hand.window.menus.egress_action.trigger()
    window = cloud.egress_window
    assert window is not None and window.model.rowCount() == 2
    purposes = {window.model.item(r, 7).text() for r in range(2)}
    assert purposes == {"answer", "test connection"}
    assert "2 requests" in window.summary.text()
    save(window, "egress-log.png")
    window.close()

    # The key is in the keyring and nowhere under HISHO_HOME (settings, history, logs,
    # caches, the egress log).
    hand.controllers.cloud.close()
    leaks = [
        str(path)
        for path in hisho_home.rglob("*")
        if path.is_file() and not path.is_symlink() and API_KEY.encode() in path.read_bytes()
    ]
    assert leaks == []
    assert paths.log_dir().is_relative_to(hisho_home)


def test_send_for_this_conversation_stops_asking(
    keyring_service: None,
    server: CloudServer,
    make_at_hand: Callable[..., AtHand],
    qtbot: QtBot,
) -> None:
    hand = make_at_hand(max_reply_tokens=12)
    qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    set_up_cloud(hand, server)
    hand.window.menus.use_cloud_action.trigger()
    cloud, chat = hand.controllers.cloud, hand.controllers.chat
    ask(hand, "Hello?")
    qtbot.waitUntil(lambda: cloud.consent is not None, timeout=30_000)
    assert cloud.consent is not None
    cloud.consent.send_conversation_button.click()
    qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
    asked: list[object] = []
    chat.turns.turn_event.connect(lambda _id, event: asked.append(event))
    ask(hand, "Again?")
    qtbot.waitUntil(
        lambda: not chat.turns.busy and len(server.requests()) == 2, timeout=REPLY_TIMEOUT_MS
    )
    assert cloud.consent is None
    assert not any(type(e).__name__ == "ConsentNeeded" for e in asked)
    # A policy chosen for the conversation takes that consent back.
    never = next(a for a in hand.window.menus.cloud_policies.actions() if a.data() == "never")
    never.trigger()
    assert chat.conversations.current_id is not None
    stored = hand.history.conversation(chat.conversations.current_id)
    assert stored is not None and stored.cloud.policy == "never" and not stored.cloud.allowed
    ask(hand, "Local now?")
    qtbot.waitUntil(lambda: chat.turns.busy, timeout=5_000)
    qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
    assert len(server.requests()) == 2
    assert hand.history.messages(chat.conversations.current_id)[-1].origin == ""


def test_with_cloud_off_a_chat_makes_no_request_even_when_configured(
    keyring_service: None,
    server: CloudServer,
    make_at_hand: Callable[..., AtHand],
    qtbot: QtBot,
) -> None:
    hand = make_at_hand(max_reply_tokens=12)
    qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    set_up_cloud(hand, server, policy="auto")
    dialog, page = open_cloud_tab(hand)
    page.enabled.setChecked(False)  # turned off again; provider and key stay
    dialog.accept()
    assert not hand.window.menus.use_cloud_action.isEnabled()
    chat = hand.controllers.chat
    ask(hand, "Name a fruit.")
    qtbot.waitUntil(lambda: chat.turns.busy, timeout=5_000)
    qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
    assert server.requests(path_end="") == []  # not even the models list
    assert hand.controllers.cloud.route(chat.conversations.current_id or 0) is None


def test_without_a_secure_keyring_the_cloud_stays_off_and_says_why(
    make_at_hand: Callable[..., AtHand], qtbot: QtBot
) -> None:
    import keyring
    import keyring.backends.fail

    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        hand = make_at_hand()
        dialog, page = open_cloud_tab(hand)
        assert not page.enabled.isEnabled() and not page.enabled.isChecked()
        assert page.keyring_note.isVisibleTo(dialog)
        assert "No secure keyring" in page.keyring_note.text()
        save(dialog, "settings-cloud-no-keyring.png")
        dialog.reject()
        assert not hand.window.menus.use_cloud_action.isEnabled()
    finally:
        keyring.set_keyring(before)


def test_forget_key_removes_it_from_the_keyring(
    keyring_service: None, server: CloudServer, make_at_hand: Callable[..., AtHand]
) -> None:
    hand = make_at_hand()
    set_up_cloud(hand, server)
    dialog, page = open_cloud_tab(hand)
    assert page.forget.isEnabled()
    answer = answer_next_dialog("Forget key")
    page.forget.click()
    assert answer.answered
    assert get_key("custom") == "" and not page.forget.isEnabled()
    assert "Paste" in page.key.placeholderText()
    dialog.reject()
    QApplication.processEvents()
