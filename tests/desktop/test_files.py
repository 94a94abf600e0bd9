"""Your files, answered: the real window, controllers, library process and model.

A PDF is dropped on the window with a real drop event; the real library process reads
and indexes it (real embedding model, real Chroma in the test's HISHO_HOME); a question
is answered by the real chat model from it, citing the file and page; the source opens
on that page. Waits are bounded but generous: the library process warms its embedding
model first, which on a busy 2-core machine takes a while.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from engine.library.types import FileStatus, Scope
from engine.types import MessageStatus
from tests.desktop.conftest import (
    INDEX_TIMEOUT_MS,
    FilesSession,
    answer_next_dialog,
)
from tests.documents import make_pdf, report_pages
from tests.ui.helpers import anchors, click_link, drag_and_drop, file_mime
from ui.markdown import markdown_document


def test_drop_a_pdf_ask_about_it_and_open_the_cited_page(
    files_session: FilesSession, tmp_path: Path
) -> None:
    session, window, qtbot = files_session, files_session.window, files_session.qtbot
    chat = session.controllers.chat
    pdf = make_pdf(tmp_path / "report.pdf", report_pages(), "Annual report").resolve()
    mime = file_mime(pdf)
    drop = drag_and_drop(window.transcript.viewport(), mime)
    assert drop.isAccepted()

    # The drop made a conversation about the file and shows it being read.
    assert chat.conversations.current_id is not None
    conversation_id = chat.conversations.current_id
    selector = window.scope_selector
    qtbot.waitUntil(lambda: selector.combo.currentText() == "File: report.pdf", timeout=30_000)
    conversation = session.history.conversation(conversation_id)
    assert conversation is not None
    assert conversation.scope == Scope("My files", str(pdf))
    qtbot.waitUntil(
        lambda: selector.status.text() == "report.pdf is ready — ask away",
        timeout=INDEX_TIMEOUT_MS,
    )
    assert session.statuses() == {"report.pdf": "3 pages · 3 passages"}
    assert window.composer.placeholderText() == "Ask about report.pdf…"

    session.ask("What is the name of the new lamp?")
    question, reply = session.history.messages(conversation_id)[-2:]
    assert question.content == "What is the name of the new lamp?"
    assert reply.sources, reply.content
    first = reply.sources[0]
    assert (first.path, first.page) == (str(pdf), 2)
    assert "Aurelia" in first.text
    text = window.transcript.toPlainText()
    assert "[1] report.pdf · page 2" in text
    answer = markdown_document(reply.content).toPlainText().strip()
    assert text.index(answer[:20]) < text.index("Sources")  # the sources are under it
    assert selector.status.text() == ""  # the "ready" note went once the user asked

    # The source opens on its page, with the passage marked.
    assert f"hisho://source/{reply.id}/1" in anchors(window.transcript.document())
    click_link(qtbot, window.transcript, f"hisho://source/{reply.id}/1")
    viewer = session.controllers.sources.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.page_label.text() == "Page 2 of 3", timeout=30_000)
    assert not viewer.page_image.pixmap().isNull()
    assert viewer.stack.currentWidget() is viewer.pdf_page
    with qtbot.waitSignal(viewer.page_requested, timeout=2_000):
        qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: viewer.page_label.text() == "Page 3 of 3", timeout=30_000)
    viewer.close()

    # A question the file says nothing about gets "not found", not an invention.
    session.ask("Which football team won the world cup in 1998?")
    reply = session.history.messages(conversation_id)[-1]
    assert reply.content.startswith("I couldn't find anything about that in report.pdf")
    assert not reply.sources


def test_the_files_panel_shows_each_file_state_and_removes_files(
    files_session: FilesSession, tmp_path: Path
) -> None:
    session, window, qtbot = files_session, files_session.window, files_session.qtbot
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "notes.md").write_text("# Notes\n\nThe harbour opens at dawn.\n", encoding="utf-8")
    make_pdf(folder / "blank.pdf", [[]])  # a page with no text, like a scan
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (folder / "photo.heic").write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(200))

    # Dropped on the Files panel: added to the library (no conversation is scoped).
    window.show_files_tab()
    panel = window.library_panel
    mime = file_mime(folder)
    drag_and_drop(window, mime, panel.mapTo(window, panel.rect().center()))
    settled = {"notes.md", "blank.pdf", "broken.pdf", "photo.heic"}
    qtbot.waitUntil(
        lambda: (
            set(session.statuses()) == settled
            and all(not s.startswith(("Reading", "Waiting")) for s in session.statuses().values())
        ),
        timeout=INDEX_TIMEOUT_MS,
    )
    statuses = session.statuses()
    assert statuses["notes.md"] == "1 passage"
    assert statuses["blank.pdf"] == "No text found — scanned?"
    assert statuses["broken.pdf"].startswith("Failed: ")
    assert len(statuses["broken.pdf"]) > len("Failed: ") + 10  # the reason, in words
    assert statuses["photo.heic"] == "Not supported"
    assert session.controllers.chat.conversations.current_id is None
    # The job's end arrives as its own event, just after the last file's status.
    qtbot.waitUntil(lambda: not panel.progress_box.isVisible(), timeout=10_000)

    # "Ask about this file" scopes the conversation; "Remove" asks first.
    model = panel.model
    rows = {model.data(model.index(r)): r for r in range(model.rowCount())}
    notes = model.record_at(rows["notes.md"])
    assert notes is not None and notes.status is FileStatus.DONE
    rect = panel.list.visualRect(model.index(rows["notes.md"]))
    panel.list.customContextMenuRequested.emit(rect.center())
    menu = next(m for m in panel.findChildren(QMenu) if m.isVisible())
    actions = {a.text(): a for a in menu.actions()}
    actions["Ask about this file"].trigger()
    menu.close()
    assert window.scope_selector.combo.currentText() == "File: notes.md"

    # A source that is not a PDF opens as the passage in its text.
    reply_id = seed_answer(session, "When does the harbour open?", Scope(path=notes.path))
    click_link(qtbot, window.transcript, f"hisho://source/{reply_id}/1")
    viewer = session.controllers.sources.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.stack.currentWidget() is viewer.context_view, timeout=30_000)
    assert "The harbour opens at dawn." in viewer.context_view.toPlainText()
    viewer.close()

    answer = answer_next_dialog("Remove")
    panel.remove_file_requested.emit(notes)
    qtbot.waitUntil(lambda: answer.answered, timeout=5_000)
    assert "notes.md" in answer.text and "stays" in answer.text
    qtbot.waitUntil(lambda: "notes.md" not in session.statuses(), timeout=30_000)

    # Its file gone from the disk, the source says so instead of failing.
    Path(notes.path).unlink()
    click_link(qtbot, window.transcript, f"hisho://source/{reply_id}/1")
    viewer = session.controllers.sources.viewer
    assert viewer is not None
    assert viewer.message.isVisible() and "no longer at" in viewer.message.text()
    assert not viewer.open_button.isEnabled()
    viewer.close()


def seed_answer(session: FilesSession, question: str, scope: Scope) -> int:
    """A stored answer citing what the library finds for ``question`` (no model run);
    the conversation is shown. Returns the answer's id."""
    passages = session.controllers.library.search(question, scope, 3)
    assert passages
    history = session.history
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", question)
    reply = history.append_message(conversation.id, "assistant", "At dawn [1].",
                                   MessageStatus.COMPLETE, "m")  # fmt: skip
    history.set_sources(reply.id, passages)
    session.controllers.chat.conversations.open_conversation(conversation.id)
    return reply.id
