"""My servers in the real window: a real llama.cpp server (llama_cpp.server with the
bundled model, started with an API key kept in a real Secret Service) on 127.0.0.1 is
added in Models › My servers, its model answers a chat with no consent question, the
request is in the egress log and the reply is marked as from "your server"; an engine
found running here (an Ollama-compatible listing from a real HTTP server) is offered;
a public address is refused as "My server".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from engine.cloud.servers import Engine
from engine.storage.secrets import set_key
from engine.types import ConsentNeeded, MessageStatus
from tests.cloud import API_KEY, MODEL, CloudServer
from tests.desktop.conftest import REPLY_TIMEOUT_MS, AtHand
from tests.desktop.test_local_api import save
from tests.engine.cloud.test_servers import Listing, ollama_like
from ui.servers_tab import ServersTab

pytestmark = [pytest.mark.timeout(300), pytest.mark.usefixtures("keyring_service")]


def open_tab(hand: AtHand, qtbot: QtBot) -> ServersTab:
    hand.window.models_requested.emit()
    tab = hand.controllers.servers.tab
    assert tab is not None and hand.controllers.models.dialog is not None
    hand.controllers.models.dialog.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.status.text() != "Looking for models…", timeout=30_000)
    return tab


def ask(hand: AtHand, qtbot: QtBot, question: str) -> None:
    turns = hand.controllers.chat.turns
    hand.window.composer.setPlainText(question)
    hand.window.composer.submit()
    qtbot.waitUntil(lambda: turns.busy, timeout=5_000)
    qtbot.waitUntil(lambda: not turns.busy, timeout=REPLY_TIMEOUT_MS)


def test_a_server_of_mine_answers_without_consent_and_is_in_the_egress_log(
    cloud_server: CloudServer, make_at_hand: Callable[..., AtHand], qtbot: QtBot
) -> None:
    cloud_server.reset()
    hand = make_at_hand(max_reply_tokens=12)
    qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    servers = hand.controllers.servers
    servers.engines = ()  # nothing else is looked for here
    set_key("server:Home", API_KEY)
    tab = open_tab(hand, qtbot)

    dialog = tab.ask_server()  # as the user adds one: Add server…
    dialog.name.setText("Public")
    dialog.url.setText("http://8.8.8.8:8080/v1")
    dialog.accept()
    assert "can't be “My server”" in tab.status.text()
    assert hand.controllers.settings.current.servers == ()

    assert servers.add("Home", cloud_server.base_url)
    qtbot.waitUntil(lambda: [r.model for r in tab.rows] == [MODEL], timeout=30_000)
    tab.select("Home", MODEL)
    tab.use_button.click()
    assert hand.controllers.settings.current.chat.server_model == f"Home/{MODEL}"
    qtbot.waitUntil(lambda: tab.rows[0].in_use, timeout=30_000)
    save(hand.controllers.models.dialog, "my-servers.png")

    consents: list[object] = []
    hand.controllers.chat.turns.turn_event.connect(
        lambda _id, event: consents.append(event) if isinstance(event, ConsentNeeded) else None
    )
    ask(hand, qtbot, "Say hello.")
    history = hand.history
    conversation = hand.controllers.conversations.current_id
    assert conversation is not None
    reply = history.messages(conversation)[-1]
    assert reply.status is MessageStatus.COMPLETE and reply.content.strip()
    assert (reply.model, reply.origin) == (f"Home · {MODEL}", "server")
    assert hand.controllers.cloud.consent is None and not consents  # no question asked
    assert "(your server)" in hand.window.transcript.toPlainText()
    assert cloud_server.bodies()[-1]["messages"][-1]["content"] == "Say hello."
    egress = hand.controllers.cloud.egress
    assert egress is not None
    answers = [e for e in egress.entries() if e.purpose == "answer"]
    assert [(e.provider, e.model, e.outcome) for e in answers] == [("Home", MODEL, "answered")]

    tab.local_button.click()
    ask(hand, qtbot, "And now?")
    assert history.messages(conversation)[-1].origin == ""  # the local model again
    assert len(cloud_server.bodies()) == 1


def test_an_engine_running_here_is_offered_and_used_in_one_step(
    make_at_hand: Callable[..., AtHand], qtbot: QtBot
) -> None:
    hand = make_at_hand()
    servers = hand.controllers.servers
    with ollama_like(Listing(tags=True)) as port:
        base = f"http://127.0.0.1:{port}"
        servers.engines = (Engine("Ollama", f"{base}/v1", f"{base}/api/tags"),)
        tab = open_tab(hand, qtbot)
        assert [(r.server, r.model, r.found) for r in tab.rows] == [
            ("Ollama", "llama3.2:3b", True), ("Ollama", "qwen2.5:7b", True)
        ]  # fmt: skip
        assert "found on this computer" in tab.model.item(0, 3).text()
        tab.select("Ollama", "qwen2.5:7b")
        tab.use_button.click()
        settings = hand.controllers.settings.current
        assert [(s.name, s.base_url) for s in settings.servers] == [("Ollama", f"{base}/v1")]
        assert settings.chat.server_model == "Ollama/qwen2.5:7b"
        qtbot.waitUntil(lambda: any(r.in_use for r in tab.rows), timeout=30_000)
        assert [(r.model, r.found, r.in_use) for r in tab.rows] == [
            ("llama3.2:3b", False, False), ("qwen2.5:7b", False, True)
        ]  # fmt: skip
