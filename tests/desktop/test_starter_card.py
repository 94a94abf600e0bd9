"""The first-run card and Models › Get more models in the real window: a catalog whose
one model is the bundled GGUF served by a real HTTP server on 127.0.0.1 under a catalog
name, with its true sha256 (tests/local_catalog.py). The card offers it, shows the
licence before the download, downloads and verifies it, switches to it and the
conversation continues; a wrong hash quarantines; a closed server says so.

Screenshots: build/screenshots/starter_card.png, models_catalog.png."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from engine import paths
from engine.models.catalog import CATALOG_ENV
from engine.models.local import LocalBackend
from tests.desktop.conftest import REPLY_TIMEOUT_MS, AtHand, answer_next_dialog
from tests.local_catalog import FILE, entry, local_catalog

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def _ready(hand: AtHand) -> None:
    hand.qtbot.waitUntil(lambda: hand.window.status_label.text() == "Ready",
                         timeout=REPLY_TIMEOUT_MS)  # fmt: skip
    hand.qtbot.waitUntil(lambda: hand.controllers.catalog.offers is not None, timeout=30_000)


def test_the_card_gets_the_recommended_model_and_the_chat_continues_with_it(
    make_at_hand: Callable[..., AtHand],
    qtbot: QtBot,
    chat_model_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    own = LocalBackend(chat_model_path, context_length=2048, threads=1)  # it switches models
    request.addfinalizer(own.close)
    with local_catalog(tmp_path, monkeypatch) as served:
        hand = make_at_hand(max_reply_tokens=12, backend=own)
        _ready(hand)
        card = hand.window.starter_card
        qtbot.waitUntil(card.isVisible, timeout=10_000)
        assert card.title.text() == "You're chatting with the starter model"
        assert "often gets facts wrong" in card.about.text()
        assert "Recommended for this computer: Tiny-Test Q4_1" in card.recommended.text()
        assert "Apache-2.0" in card.recommended.text()
        assert card.get_button.text() == "Get Tiny-Test Q4_1 (94 MB)"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert hand.window.grab().save(str(SCREENSHOTS / "starter_card.png"))

        answer = answer_next_dialog("Download")
        card.get_button.click()
        qtbot.waitUntil(lambda: answer.answered, timeout=10_000)
        assert "Licence: Apache-2.0" in answer.text and "sha256" in answer.text
        qtbot.waitUntil(lambda: card.get_button.text() == "Use Tiny-Test Q4_1 now",
                        timeout=120_000)  # fmt: skip
        assert card.status.text() == "Tiny-Test Q4_1 is downloaded and verified."
        assert (paths.models_dir() / FILE).stat().st_size == served.size
        card.get_button.click()
        _ready(hand)
        assert Path(hand.controllers.settings.current.chat.model_path).name == FILE
        assert not card.isVisible()  # the starter model is no longer in use
        hand.window.composer.setPlainText("Name a fruit.")
        hand.window.composer.submit()
        chat = hand.controllers.chat
        qtbot.waitUntil(lambda: chat.turns.busy, timeout=5_000)
        qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
        conversation = chat.conversations.current_id
        assert conversation is not None
        [reply] = [m for m in hand.history.messages(conversation) if m.role == "assistant"]
        assert reply.content.strip() and "Tiny-Test" in reply.model


def test_a_wrong_hash_is_quarantined_and_the_card_says_so(
    make_at_hand: Callable[..., AtHand],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with local_catalog(tmp_path, monkeypatch, sha256="0" * 64):
        hand = make_at_hand()
        _ready(hand)
        card = hand.window.starter_card
        qtbot.waitUntil(card.isVisible, timeout=10_000)
        answer = answer_next_dialog("Download")
        card.get_button.click()
        qtbot.waitUntil(lambda: "does not match its sha256" in card.status.text(),
                        timeout=120_000)  # fmt: skip
        assert answer.answered
    assert not (paths.models_dir() / FILE).exists()
    assert "will not be loaded" in card.status.text()
    assert card.get_button.text() == "Get Tiny-Test Q4_1 (94 MB)"  # offered again
    assert list((paths.models_dir() / "quarantine").iterdir())


def test_an_unreachable_server_is_said_and_the_catalog_stays_browsable(
    make_at_hand: Callable[..., AtHand],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog = tmp_path / "catalog.json"
    dead = "http://127.0.0.1:9/Tiny-Test-Q4_1.gguf"  # the discard port: nothing listens
    document = {"format": 1, "entries": [entry(dead, "a" * 64, 98_362_432), {"id": "broken"}]}
    catalog.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv(CATALOG_ENV, str(catalog))
    hand = make_at_hand()
    _ready(hand)
    hand.window.menus.models_action.trigger()
    window = hand.controllers.models.dialog
    assert window is not None
    window.show_catalog_tab()
    tab = window.catalog
    qtbot.waitUntil(lambda: len(tab.shown) == 1, timeout=10_000)  # the broken entry is left out
    row = tab.shown[0]
    assert row.name == "Tiny-Test Q4_1" and row.tier == "recommended"
    assert tab.model.item(0, 5).text() == "Recommended"
    assert tab.model.item(0, 6).text().endswith(" words/s")
    assert tab.action_button.text() == "Download (94 MB)"
    assert "Licence: " in tab.detail.text() and "Apache-2.0" in tab.detail.text()
    assert tab.summary.text().startswith("This computer: ")
    tab.language_filter.setCurrentIndex(tab.language_filter.findData("ja"))
    assert tab.shown == []  # the test model is good at English only
    tab.language_filter.setCurrentIndex(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "models_catalog.png"))
    answer = answer_next_dialog("Download")
    tab.action_button.click()
    qtbot.waitUntil(lambda: "Could not reach 127.0.0.1:9" in window.progress_label.text(),
                    timeout=60_000)  # fmt: skip
    assert answer.answered


def test_the_shipped_catalog_is_sorted_for_this_computer(
    make_at_hand: Callable[..., AtHand], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CATALOG_ENV, raising=False)
    hand = make_at_hand()
    _ready(hand)
    hand.window.menus.models_action.trigger()
    window = hand.controllers.models.dialog
    assert window is not None
    window.show_catalog_tab()
    tab = window.catalog
    qtbot.waitUntil(lambda: len(tab.shown) > 20, timeout=10_000)
    tiers = [row.tier for row in tab.shown]
    assert tiers.count("recommended") <= 1 and tiers == sorted(
        tiers, key=["recommended", "also good", "too big"].index
    )
    qwen3b = next(n for n, row in enumerate(tab.shown) if row.name.startswith("Qwen2.5-3B"))
    assert tab.model.item(qwen3b, 2).text().endswith("· non-commercial")
    tab.table.selectRow(qwen3b)
    assert "Non-commercial licence: not for work you are paid for." in tab.detail.text()
    tab.size_filter.setCurrentIndex(1)  # up to 1 GB
    assert tab.shown and all(row.size_bytes <= 1024**3 for row in tab.shown)
    tab.size_filter.setCurrentIndex(0)
    tab.language_filter.setCurrentIndex(tab.language_filter.findData("ja"))
    assert any(row.name.startswith("TinySwallow") for row in tab.shown)
    tab.language_filter.setCurrentIndex(0)
    tab.table.selectRow(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "models_catalog_shipped.png"))
