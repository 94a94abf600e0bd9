"""The tray: each menu action does what it says, closing the window keeps Hisho in the
tray (with a notice, once), the setting to quit instead, and a desktop without a tray.

Offscreen Qt has no tray, so these tests tell the app whether there is one; the real
tray (Xvfb + trayer) is in tests/e2e/test_tray_screenshots.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engine.library.types import IngestProgress, JobState
from engine.storage import settings as settings_store
from tests.desktop.conftest import AtHand

#: Reading files includes starting the library process and warming its embedder.
INDEX_TIMEOUT_MS = 120_000


def test_each_tray_action_opens_the_right_thing(at_hand: AtHand) -> None:
    hand = at_hand
    window, tray = hand.window, hand.pieces.tray.tray
    assert tray.is_visible()
    labels = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert labels == ["Quick prompt", "Show Hisho", "Files: up to date", "Pause indexing",
                      "Quit Hisho"]  # fmt: skip
    assert not tray.pause_action.isVisible()  # nothing is being read

    window.hide()
    tray.quick_action.trigger()
    assert hand.prompt.isVisible() and not window.isVisible()
    hand.prompt.hide()

    tray.show_action.trigger()
    assert window.isVisible()

    window.hide()
    tray.icon.activated.emit(tray.icon.ActivationReason.Trigger)  # a click on the icon
    assert window.isVisible()
    tray.icon.activated.emit(tray.icon.ActivationReason.MiddleClick)
    assert hand.prompt.isVisible()

    tray.quit_action.trigger()
    assert hand.quits == ["quit"]
    assert not window.isVisible() and not hand.prompt.isVisible()
    assert hand.controllers.library.client.pid is None  # everything was shut down


def test_the_tray_shows_indexing_and_pauses_and_resumes_it(
    make_at_hand: Callable[..., AtHand], tmp_path: Path
) -> None:
    hand = make_at_hand()
    qtbot, tray, library = hand.qtbot, hand.pieces.tray.tray, hand.controllers.library
    folder = tmp_path / "notes"
    folder.mkdir()
    for number in range(30):
        lines = [f"Note {number}, line {line}: the harbour opens at dawn." for line in range(80)]
        (folder / f"note-{number:02d}.txt").write_text("\n".join(lines), encoding="utf-8")
    states: list[JobState] = []
    library.progress.connect(lambda progress: states.append(progress.state))
    library.add([str(folder)])
    qtbot.waitUntil(lambda: JobState.RUNNING in states, timeout=INDEX_TIMEOUT_MS)
    assert tray.status_action.text().startswith("Reading files:")
    assert tray.pause_action.isVisible() and tray.pause_action.text() == "Pause indexing"

    tray.pause_action.trigger()
    qtbot.waitUntil(lambda: states[-1] is JobState.PAUSED, timeout=INDEX_TIMEOUT_MS)
    assert tray.pause_action.text() == "Resume indexing"
    assert "Paused" in tray.status_action.text()
    assert "Paused" in tray.icon.toolTip()

    paused_at = len(states)
    tray.pause_action.trigger()  # now "Resume indexing": reading goes on
    going_on = {JobState.RUNNING, JobState.FINISHED}
    qtbot.waitUntil(lambda: bool(going_on & set(states[paused_at:])), timeout=INDEX_TIMEOUT_MS)
    assert states[-1] in going_on
    assert "Paused" not in tray.status_action.text()


def test_closing_the_window_keeps_hisho_in_the_tray_with_a_notice_once(at_hand: AtHand) -> None:
    hand = at_hand
    window, tray, chat = hand.window, hand.pieces.tray.tray, hand.controllers.chat
    closing: list[bool] = []
    window.closing.connect(lambda: closing.append(True))

    window.close()
    assert not window.isVisible()
    assert closing == []  # not shut down: Hisho runs on
    assert tray.is_visible()
    assert tray.last_message is not None
    title, text = tray.last_message
    assert title == "Hisho is still running"
    assert "tray icon" in text and "File › Settings" in text
    assert settings_store.load()[0].desktop.tray_notice_shown

    # It still answers: from the quick prompt, with the window closed.
    hand.pieces.quick.open()
    hand.ask_quick("Say hello.")
    assert hand.prompt.answer.toPlainText().strip()

    # The notice is shown once only.
    tray.last_message = None
    window.bring_to_front()
    window.close()
    assert not window.isVisible() and tray.last_message is None
    assert not chat.turns.busy


def test_closing_quits_when_the_setting_says_so(at_hand: AtHand) -> None:
    hand = at_hand
    window = hand.window
    closing: list[bool] = []
    window.closing.connect(lambda: closing.append(True))
    assert hand.pieces.prefs.update(close_to_tray=False)
    assert not window.keep_running_on_close
    window.close()
    assert closing == [True]
    assert hand.history is not None
    assert not settings_store.load()[0].desktop.close_to_tray


def test_without_a_tray_hisho_is_a_window_app_and_the_settings_say_why(
    make_at_hand: Callable[..., AtHand],
) -> None:
    hand = make_at_hand(tray=False)
    window, qtbot = hand.window, hand.qtbot
    assert not hand.pieces.tray.tray.is_visible()
    assert not window.keep_running_on_close
    window.menus.settings_action.trigger()
    dialog = hand.pieces.preferences.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=2_000)
    assert not dialog.close_to_tray.isEnabled()
    assert "no system tray" in dialog.tray_note.text()
    assert dialog.tray_note.isVisible()
    assert "with its window" in dialog.start_at_login.text()
    dialog.reject()
    closing: list[bool] = []
    window.closing.connect(lambda: closing.append(True))
    window.close()
    assert closing == [True]


def test_a_tray_that_appears_later_is_used(make_at_hand: Callable[..., AtHand]) -> None:
    hand = make_at_hand(tray=False)
    tray = hand.pieces.tray
    assert not tray.active
    tray.tray_available = lambda: True  # the panel has started
    hand.qtbot.waitUntil(lambda: tray.active, timeout=5_000)
    assert tray.tray.is_visible() and hand.window.keep_running_on_close


def test_pressing_quit_in_the_window_quits_even_with_a_tray(at_hand: AtHand) -> None:
    hand = at_hand
    closing: list[bool] = []
    hand.window.closing.connect(lambda: closing.append(True))
    hand.window.menus.quit_action.trigger()
    assert closing == [True] and not hand.window.isVisible()


def test_tray_progress_text_for_each_state(at_hand: AtHand) -> None:
    tray = at_hand.pieces.tray.tray
    tray.set_progress(IngestProgress(JobState.RUNNING, 40, 12, 300, 75))
    assert tray.status_action.text() == "Reading files: 12 of 40 files · about 1 min left"
    tray.set_progress(IngestProgress(JobState.FINISHED, 40, 40, 900))
    assert tray.status_action.text() == "Files: up to date"
    assert tray.icon.toolTip() == "Hisho"
