"""The local API in the real window: Settings › Local API with a real Secret Service, the
server sharing the window's real model process, the approval question a program's first
request for documents raises, and the request log.

Screenshots of the Local API tab, the approval question and the request log are saved
in build/screenshots/ for a person to look at.
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.controllers.local_api import LocalApiController
from engine.api.token import api_token
from tests.desktop.conftest import REPLY_TIMEOUT_MS, AtHand
from ui.local_api_settings import LocalApiPage

pytestmark = [pytest.mark.timeout(300), pytest.mark.usefixtures("keyring_service")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def save(widget: QWidget, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SCREENSHOTS / name))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def open_api_tab(hand: AtHand) -> tuple[QWidget, LocalApiPage]:
    hand.window.menus.settings_action.trigger()
    dialog = hand.pieces.preferences.dialog
    assert dialog is not None and isinstance(dialog.api_page, LocalApiPage)
    dialog.tabs.setCurrentWidget(dialog.api_page)
    return dialog, dialog.api_page


def turn_on(hand: AtHand, qtbot: QtBot) -> LocalApiController:
    dialog, page = open_api_tab(hand)
    page.enabled.setChecked(True)
    page.port.setValue(free_port())
    dialog.accept()
    api = hand.controllers.local_api
    qtbot.waitUntil(lambda: api.server is not None or bool(api.error), timeout=30_000)
    assert api.server is not None, api.error
    return api


def in_thread(call: Callable[[], Any]) -> dict[str, Any]:
    """Run a client's request off the GUI thread (the GUI must keep running meanwhile)."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = call()
        except Exception as exc:  # checked by the test
            result["error"] = exc

    threading.Thread(target=run, daemon=True).start()
    return result


def test_the_api_runs_beside_the_users_own_chat_and_the_window_shows_it(
    make_at_hand: Callable[..., AtHand], qtbot: QtBot
) -> None:
    hand = make_at_hand(max_reply_tokens=40)
    qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    dialog, page = open_api_tab(hand)
    assert not page.enabled.isChecked() and not page.group.isEnabled()  # off by default
    assert page.status.text() == "Off."
    dialog.reject()
    api = turn_on(hand, qtbot)
    dialog, page = open_api_tab(hand)
    assert page.status.text() == f"Running at {api.url}"
    assert page.token_text == api_token() and page.url.text() == api.url
    save(dialog, "local-api-settings.png")
    dialog.reject()

    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
    heartbeat.start(20)
    client = openai.OpenAI(base_url=api.url, api_key=api_token(), max_retries=0, timeout=120)
    hand.window.composer.setPlainText("Tell me about the sea.")
    hand.window.composer.submit()  # the user's own chat, streaming in the window
    qtbot.waitUntil(lambda: hand.controllers.chat.turns.busy, timeout=5_000)
    streamed = in_thread(lambda: "".join(
        c.choices[0].delta.content or "" for c in client.chat.completions.create(
            model="hisho", messages=[{"role": "user", "content": "Say hello."}], stream=True
        ) if c.choices
    ))  # fmt: skip
    qtbot.waitUntil(lambda: bool(streamed), timeout=REPLY_TIMEOUT_MS)
    assert "error" not in streamed and streamed["value"].strip()
    qtbot.waitUntil(lambda: not hand.controllers.chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
    heartbeat.stop()  # after both replies: the beat covers all of their time
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    # The GUI thread kept turning meanwhile (timing goals are bench/ui_latency.py's).
    assert len(ticks) >= 3 and max(gaps) < 2.0, f"longest GUI stall {max(gaps):.2f} s"

    log = api.log
    assert log is not None  # a request is logged as it ends, a moment after its reply
    qtbot.waitUntil(lambda: bool(log.entries()), timeout=10_000)
    window = api.open_log()
    assert window.model.rowCount() == 1
    assert window.model.item(0, 2).text() == "POST /v1/chat/completions"
    assert window.model.item(0, 4).text() == "200"
    save(window, "local-api-log.png")

    dialog, page = open_api_tab(hand)
    page.enabled.setChecked(False)
    dialog.accept()
    qtbot.waitUntil(lambda: api.server is None, timeout=30_000)
    with pytest.raises(openai.APIConnectionError):
        client.models.list()


def test_a_programs_first_request_for_documents_waits_for_the_users_yes(
    make_at_hand: Callable[..., AtHand], qtbot: QtBot
) -> None:
    hand = make_at_hand(max_reply_tokens=12)
    hand.controllers.library.start()
    api = turn_on(hand, qtbot)
    client = openai.OpenAI(base_url=api.url, api_key=api_token(), max_retries=0, timeout=120,
                           default_headers={"X-Client-Name": "notes-app"})  # fmt: skip
    question = [{"role": "user", "content": "What do my notes say about whales?"}]

    def ask() -> Any:
        return client.chat.completions.create(model="hisho-library", messages=question)

    first = in_thread(ask)
    qtbot.waitUntil(lambda: bool(api.dialogs), timeout=60_000)
    approval = api.dialogs[0]
    said = " ".join(label.text() for label in approval.findChildren(QLabel))
    assert "“notes-app” wants to read your documents" in said and "whales" in said
    save(approval, "local-api-approval.png")
    assert not first  # the request waits for the answer
    approval.allow_button.click()
    qtbot.waitUntil(lambda: bool(first), timeout=REPLY_TIMEOUT_MS)
    assert "error" not in first, first
    assert first["value"].model_extra["sources"] == []  # allowed; this library is empty
    qtbot.waitUntil(
        lambda: hand.controllers.settings.current.api.approved_clients == ("notes-app",)
    )
    second = in_thread(ask)
    qtbot.waitUntil(lambda: bool(second), timeout=REPLY_TIMEOUT_MS)
    assert "value" in second and not api.dialogs  # not asked again

    other = openai.OpenAI(base_url=api.url, api_key=api_token(), max_retries=0, timeout=120)
    refused = in_thread(lambda: other.chat.completions.create(model="hisho-library",
                                                              messages=question))  # fmt: skip
    qtbot.waitUntil(lambda: bool(api.dialogs), timeout=60_000)
    api.dialogs[0].refuse_button.click()
    qtbot.waitUntil(lambda: bool(refused), timeout=REPLY_TIMEOUT_MS)
    assert isinstance(refused.get("error"), openai.PermissionDeniedError)

    vectors = in_thread(lambda: client.embeddings.create(model="hisho-embedding", input="whales"))
    qtbot.waitUntil(lambda: bool(vectors), timeout=REPLY_TIMEOUT_MS)
    assert len(vectors["value"].data[0].embedding) == 384  # from the library process


ANIMALS = (
    *("cat", "dog", "horse", "fish", "bird", "lion", "tiger", "bear", "wolf", "fox"),
    *("owl", "frog", "snake", "duck", "goat", "sheep", "mouse", "whale", "shark", "eagle"),
)


def beat_for(qtbot: QtBot, done: Callable[[], bool], timeout_ms: int) -> list[float]:
    """Gaps (s) between 10 ms heartbeat ticks on the GUI thread until ``done()``."""
    from PySide6.QtCore import Qt

    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
    heartbeat.start(10)
    qtbot.waitUntil(done, timeout=timeout_ms)
    heartbeat.stop()
    return [b - a for a, b in itertools.pairwise(ticks)]


def test_twenty_api_clients_while_the_window_streams_keep_the_window_turning(
    make_at_hand: Callable[..., AtHand], qtbot: QtBot
) -> None:
    """The bound is the existing "no stall over 2 s": bench/ui_latency.py's goals (p99
    16 ms, max 50 ms) do not hold reliably on this shared 2-core machine with the model,
    20 HTTP clients and the window on it; the gaps are printed for a person (``-s``)."""
    hand = make_at_hand(max_reply_tokens=40)
    qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    api = turn_on(hand, qtbot)
    client = openai.OpenAI(base_url=api.url, api_key=api_token(), max_retries=0, timeout=300)

    def ask(animal: str, stream: bool) -> str:
        question = {"role": "user", "content": f"Write one sentence about a {animal}."}
        options: dict[str, Any] = {"temperature": 0, "max_tokens": 24}
        if not stream:
            reply = client.chat.completions.create(model="hisho", messages=[question], **options)
            return reply.choices[0].message.content or ""
        chunks = client.chat.completions.create(
            model="hisho", messages=[question], stream=True, **options
        )
        return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)

    alone = {animal: ask(animal, False) for animal in ANIMALS}
    idle_ticks = beat_for_idle(qtbot, 2.0)
    hand.window.composer.setPlainText("Tell me about the sea.")
    hand.window.composer.submit()
    qtbot.waitUntil(lambda: hand.controllers.chat.turns.busy, timeout=5_000)
    answers = [in_thread(lambda a=a, n=n: ask(a, n % 2 == 0)) for n, a in enumerate(ANIMALS)]
    busy = beat_for(
        qtbot,
        lambda: all(answers) and not hand.controllers.chat.turns.busy,
        timeout_ms=240_000,
    )
    assert not [a["error"] for a in answers if "error" in a]
    assert dict(zip(ANIMALS, (a["value"] for a in answers), strict=True)) == alone
    print(f"\nGUI heartbeat gaps (ms) idle: {stats(idle_ticks)}; 20 clients + stream: "
          f"{stats(busy)}")  # fmt: skip
    assert max(busy) < 2.0, f"longest GUI stall {max(busy):.2f} s"


def beat_for_idle(qtbot: QtBot, seconds: float) -> list[float]:
    end = time.monotonic() + seconds
    return beat_for(qtbot, lambda: time.monotonic() >= end, int(seconds * 1000) + 5_000)


def stats(gaps: list[float]) -> dict[str, float]:
    ms = sorted(g * 1000 for g in gaps)
    return {"p95": round(ms[int(0.95 * (len(ms) - 1))], 1),
            "p99": round(ms[int(0.99 * (len(ms) - 1))], 1), "max": round(ms[-1], 1)}  # fmt: skip
