"""Summaries in the window: drop on the Summarize target, progress, Stop, sources,
length menu, selection and conversation summaries (real model, real widgets)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu

from engine import paths
from engine.types import MessageStatus
from tests.desktop.conftest import REPLY_TIMEOUT_MS, AtHand
from tests.documents import long_report_pages, make_pdf, report_pages
from tests.ui.helpers import anchors, click_link, drag_and_drop, file_mime


def wait_done(hand: AtHand) -> None:
    chat = hand.controllers.chat
    hand.qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)


def test_drop_a_file_on_summarize_and_open_a_cited_page(at_hand: AtHand, tmp_path: Path) -> None:
    window, qtbot, chat = at_hand.window, at_hand.qtbot, at_hand.controllers.chat
    pdf = make_pdf(tmp_path / "report.pdf", report_pages()).resolve()
    composer = window.composer.viewport()  # the lower part of the conversation
    mime = file_mime(pdf)
    enter = QDragEnterEvent(
        composer.rect().center(), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(composer, enter)
    # Both targets are shown; the one under the pointer stands out.
    assert window.drop_hint.text() == "Summarize “report.pdf”"
    assert window.drop_other.isVisible()
    assert window.drop_other.text() == "Ask about “report.pdf” in a new conversation"
    assert window.drop_hint.geometry().bottom() > window.drop_other.geometry().bottom()

    with qtbot.waitSignal(window.summarize_path_requested, timeout=1000):
        drag_and_drop(composer, mime)
    assert not window.drop_hint.isVisible() and not window.drop_other.isVisible()
    assert chat.turns.busy
    statuses: list[str] = []
    qtbot.waitUntil(
        lambda: statuses.append(window.status_label.text()) or not chat.turns.busy,
        timeout=REPLY_TIMEOUT_MS,
    )
    conversation = at_hand.history.conversation(chat.conversations.current_id or 0)
    assert conversation is not None and conversation.title == "Summary of report.pdf"
    user, reply = at_hand.history.messages(conversation.id)
    assert user.content == "Summarize report.pdf (bullet points)"
    assert reply.status is MessageStatus.COMPLETE and reply.content.strip()
    assert [s.heading for s in reply.sources] == ["pages 1–3"]
    assert window.transcript.toPlainText().count("report.pdf") >= 2  # question and source
    assert window.status_label.text().startswith("Ready")
    assert not window.regenerate_button.isEnabled()  # "Summarize …" is not a question
    assert any(s.startswith(("Summarizing", "Reading", "Writing")) for s in statuses)

    links = [a for a in anchors(window.transcript.document()) if a.startswith("hisho://source/")]
    assert links
    click_link(qtbot, window.transcript, links[-1])
    viewer = at_hand.controllers.sources.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.page_label.text() == "Page 1 of 3", timeout=30_000)
    viewer.close()


def test_a_long_summary_shows_progress_and_stops_on_stop(at_hand: AtHand, tmp_path: Path) -> None:
    window, qtbot, chat = at_hand.window, at_hand.qtbot, at_hand.controllers.chat
    pages = [lines[:2] for lines in long_report_pages(104)]
    pdf = make_pdf(tmp_path / "town.pdf", pages).resolve()
    assert at_hand.controllers.summary.summarize_file(str(pdf))
    qtbot.waitUntil(
        lambda: window.status_label.text().startswith("Summarizing section 1 of"),
        timeout=30_000,
    )
    qtbot.wait(300)
    window.stop_button.click()
    qtbot.waitUntil(lambda: not chat.turns.busy, timeout=3_000)
    reply = at_hand.history.messages(chat.conversations.current_id or 0)[-1]
    assert reply.status is MessageStatus.STOPPED
    assert "Summarize again to continue" in window.banner.label.text()
    # The window is still usable: a chat question gets its answer.
    window.composer.setPlainText("Say hello.")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: chat.turns.busy, timeout=5_000)
    wait_done(at_hand)
    assert (
        at_hand.history.messages(chat.conversations.current_id or 0)[-1].status
        is MessageStatus.COMPLETE
    )


def test_summary_length_menu_is_saved(at_hand: AtHand) -> None:
    window = at_hand.window
    brief = next(a for a in window.menus.summary_lengths.actions() if a.data() == "brief")
    bullets = next(a for a in window.menus.summary_lengths.actions() if a.data() == "bullets")
    assert bullets.isChecked()
    brief.trigger()
    assert brief.isChecked() and not bullets.isChecked()
    saved = json.loads(paths.settings_file().read_text(encoding="utf-8"))
    assert saved["chat"]["summary_length"] == "brief"
    assert at_hand.controllers.summary.length.value == "brief"


def test_summarize_a_selection_and_the_conversation(at_hand: AtHand) -> None:
    window, qtbot, chat = at_hand.window, at_hand.qtbot, at_hand.controllers.chat
    assert not window.menus.summarize_conversation_action.isEnabled()  # nothing to summarize yet
    window.composer.setPlainText("Tell me about lighthouses in one sentence.")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: chat.turns.busy, timeout=5_000)
    wait_done(at_hand)
    conversation_id = chat.conversations.current_id
    assert conversation_id is not None and window.menus.summarize_conversation_action.isEnabled()

    # Select the question in the transcript; the context menu offers a summary.
    transcript = window.transcript
    start = transcript.toPlainText().index("Tell me about")
    cursor = transcript.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("Tell me about lighthouses"), QTextCursor.MoveMode.KeepAnchor)
    transcript.setTextCursor(cursor)
    QApplication.sendEvent(
        transcript.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(20, 20), QPoint(20, 20)),
    )
    menus = [m for m in transcript.findChildren(QMenu) if m.isVisible()]
    assert menus
    action = next(a for a in menus[-1].actions() if a.text() == "Summarize selection")
    action.trigger()
    menus[-1].close()
    wait_done(at_hand)
    messages = at_hand.history.messages(conversation_id)
    assert messages[-2].content == "Summarize the selected text (bullet points)"
    assert messages[-1].status is MessageStatus.COMPLETE

    window.menus.summarize_conversation_action.trigger()
    qtbot.waitUntil(lambda: chat.turns.busy, timeout=5_000)
    wait_done(at_hand)
    messages = at_hand.history.messages(conversation_id)
    assert messages[-2].content == "Summarize this conversation (bullet points)"
    assert messages[-1].status is MessageStatus.COMPLETE and messages[-1].content.strip()


def test_a_file_that_cannot_be_read_says_why(at_hand: AtHand, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    assert at_hand.controllers.summary.summarize_file(str(broken))
    wait_done(at_hand)
    reply = at_hand.history.messages(at_hand.controllers.chat.conversations.current_id or 0)[-1]
    assert reply.status is MessageStatus.ERROR and "broken.pdf" in reply.error
    assert window_error(at_hand)


def window_error(hand: AtHand) -> str:
    banner = hand.window.banner
    return banner.label.text() if banner.isVisible() and banner.property("kind") == "error" else ""
