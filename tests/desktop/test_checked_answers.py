"""Checked answers in the real window: the real model answers from a real library (the
library process, real embeddings, real Chroma in HISHO_HOME), and the transcript shows
what the check found. A question asked while its file is still being read waits for
it, says so, and is answered once the file is read; Stop ends the wait.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from engine.library.types import FileStatus
from engine.types import MessageStatus, StoredMessage
from tests.desktop.conftest import INDEX_TIMEOUT_MS, REPLY_TIMEOUT_MS, FilesSession
from tests.engine.chat.test_rag import EVAL_TESLA, TESLA, TESLA_QUESTION
from tests.ui.helpers import anchors, click_link, drag_and_drop, file_mime, marked_sentences

pytestmark = pytest.mark.timeout(420)


def tesla_file(folder: Path) -> Path:
    """The eval's Nikola Tesla article as the issue tried it (a short text without it)."""
    document = folder / "Nikola_Tesla.txt"
    if EVAL_TESLA.is_file():
        shutil.copy(EVAL_TESLA, document)
    else:
        document.write_text(TESLA, encoding="utf-8")
    return document.resolve()


def drop(session: FilesSession, document: Path) -> int:
    """Drop ``document`` on the conversation; the id of the conversation made for it,
    once it is about the file."""
    chat, selector = session.controllers.chat, session.window.scope_selector
    assert drag_and_drop(session.window.transcript.viewport(), file_mime(document)).isAccepted()
    session.qtbot.waitUntil(lambda: chat.conversations.current_id is not None, timeout=30_000)
    conversation_id = chat.conversations.current_id
    assert conversation_id is not None
    label = f"File: {document.name}"
    session.qtbot.waitUntil(lambda: selector.combo.currentText() == label, timeout=30_000)
    return conversation_id


def hold_indexing(session: FilesSession) -> None:
    """Tell indexing an answer is being generated, as a turn does when it starts: the
    dropped file then waits in the queue (until a question waiting for it lets it go)."""
    library = session.controllers.library
    assert library.client.status().pid > 0  # the library process runs: it hears the news
    library.set_busy(True)


def still_queued(session: FilesSession, name: str) -> bool:
    """Whether ``name`` waits in the queue a while after it was added (not read)."""
    session.qtbot.wait(1_500)
    records = session.controllers.library.client.files(None)
    return [(r.name, r.status) for r in records] == [(name, FileStatus.QUEUED)]


def last_reply(session: FilesSession, conversation_id: int) -> StoredMessage:
    reply = session.history.messages(conversation_id)[-1]
    assert reply.role == "assistant"
    return reply


def test_the_tesla_answer_is_checked_on_screen_and_reads_the_same_when_reopened(
    files_session: FilesSession, tmp_path: Path
) -> None:
    session, window, qtbot = files_session, files_session.window, files_session.qtbot
    conversation_id = drop(session, tesla_file(tmp_path))
    status = window.scope_selector.status
    qtbot.waitUntil(lambda: status.text().endswith("ask away"), timeout=INDEX_TIMEOUT_MS)
    session.ask(TESLA_QUESTION)
    reply = last_reply(session, conversation_id)
    check = reply.check
    assert reply.status is MessageStatus.COMPLETE and reply.sources and check is not None
    view = window.transcript
    text, marks = view.toPlainText(), marked_sentences(view.document())
    # A year the sources don't have is marked, and pointing at it says so.
    shown = " ".join(p.text for p in reply.sources)
    wrong = [y for y in re.findall(r"\b1[89]\d\d\b", reply.content) if y not in shown]
    for year in wrong:
        assert any(year in m and why.startswith("Not found in your documents: ") and year in why
                   for m, why in marks), (reply.content, marks)  # fmt: skip
    if not check.supported:
        assert "⚠ Not found in your documents: nothing in this answer is in its sources." in text
    # Under the answer: the 1884 sentence, linked to its page, opens the source there.
    key = check.key_sentence
    assert key is not None and "1884" in key.text, key
    quoted = " ".join(key.text.split())
    if quoted not in " ".join(reply.content.split()):  # the reply is not that quote itself
        assert "In your documents" in text and f"“{quoted}”" in text, text
    href = f"hisho://source/{reply.id}/{key.source}"
    assert href in anchors(view.document())
    click_link(qtbot, view, href)
    viewer = session.controllers.sources.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: "1884" in viewer.context_view.toPlainText(), timeout=30_000)
    viewer.close()
    # Reopened from the history: the same words, marks and links.
    before = (text, marks, anchors(view.document()))
    chat = session.controllers.chat
    chat.conversations.new_conversation()
    chat.conversations.open_conversation(conversation_id)
    qtbot.waitUntil(lambda: view.toPlainText() == text, timeout=10_000)
    assert (view.toPlainText(), marked_sentences(view.document()), anchors(view.document())) == (
        before
    )


def test_a_question_asked_while_its_file_is_read_waits_then_is_answered(
    files_session: FilesSession, tmp_path: Path
) -> None:
    session, window, qtbot = files_session, files_session.window, files_session.qtbot
    turns = session.controllers.chat.turns
    turns.read_wait_s = 240  # long enough for the read, short enough to fail rather than hang
    hold_indexing(session)
    conversation_id = drop(session, tesla_file(tmp_path))
    assert still_queued(session, "Nikola_Tesla.txt")
    window.composer.setPlainText(TESLA_QUESTION)
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    waiting = "Reading Nikola_Tesla.txt — your question will be answered when it's ready."
    qtbot.waitUntil(lambda: window.transcript.streamed_text() == waiting, timeout=60_000)
    assert window.status_label.text() == waiting
    # The waiting question holds no one up: the file is read, then the question answered.
    qtbot.waitUntil(
        lambda: turns.generating_in is None, timeout=INDEX_TIMEOUT_MS + REPLY_TIMEOUT_MS
    )
    reply = last_reply(session, conversation_id)
    assert reply.status is MessageStatus.COMPLETE, reply
    assert "still being read" not in reply.content and reply.sources, reply.content
    assert reply.sources[0].name == "Nikola_Tesla.txt" and reply.check is not None
    assert waiting not in window.transcript.toPlainText()
    assert "[1] Nikola_Tesla.txt" in window.transcript.toPlainText()


def test_stop_ends_the_wait_for_a_file_being_read(
    files_session: FilesSession, tmp_path: Path
) -> None:
    session, window, qtbot = files_session, files_session.window, files_session.qtbot
    turns = session.controllers.chat.turns
    turns.read_wait_s = 240
    hold_indexing(session)
    conversation_id = drop(session, tesla_file(tmp_path))
    assert still_queued(session, "Nikola_Tesla.txt")
    library = session.controllers.library
    library.pause()  # the user paused indexing in the Files panel: the question would wait long
    qtbot.waitUntil(lambda: library.client.status().paused, timeout=30_000)
    window.composer.setPlainText(TESLA_QUESTION)
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.transcript.streamed_text().startswith("Reading"), timeout=60_000)
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: turns.generating_in is None, timeout=15_000)
    reply = last_reply(session, conversation_id)
    assert reply.status is MessageStatus.STOPPED
    assert reply.content == "Nikola_Tesla.txt is still being read. Ask again when it's ready."
    text = window.transcript.toPlainText()
    assert "stopped" in text and reply.content in text
