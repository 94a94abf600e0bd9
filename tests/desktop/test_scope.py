"""What a conversation's questions draw on: the selector, new conversations, drops."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.controllers.library import Added
from desktop.controllers.scope import DropWatch
from desktop.controllers.turns import FileSearch
from desktop.wiring import Controllers
from engine.library.types import FileRecord, FileStatus, Scope
from engine.models.local import LocalBackend
from engine.storage.history import History
from engine.types import MessageStatus
from tests.desktop.conftest import REPLY_TIMEOUT_MS, greedy_settings, unwire_window, wire_window
from ui.main_window import MainWindow


@dataclasses.dataclass
class ScopeSession:
    window: MainWindow
    history: History
    controllers: Controllers
    qtbot: QtBot

    def choose(self, label: str) -> None:
        """Pick ``label`` in the "Answer from" list, as a user does."""
        combo = self.window.scope_selector.combo
        row = combo.findText(label)
        assert row >= 0, [combo.itemText(i) for i in range(combo.count())]
        combo.setCurrentIndex(row)
        combo.activated.emit(row)


@pytest.fixture()
def scope_session(qtbot: QtBot, local_backend: LocalBackend) -> Iterator[ScopeSession]:
    window, history, controllers = wire_window(local_backend, greedy_settings())
    yield ScopeSession(window, history, controllers, qtbot)
    unwire_window(window, history, controllers)


def test_the_selector_shows_and_sets_the_scope_of_the_conversation_shown(
    scope_session: ScopeSession,
) -> None:
    session, history = scope_session, scope_session.history
    plain = history.create_conversation("Plain chat")
    about = history.create_conversation("About the report")
    history.set_scope(about.id, Scope("My files", "/docs/report.pdf"))
    chat, selector = session.controllers.chat, session.window.scope_selector
    chat.start()
    chat.conversations.open_conversation(plain.id)
    assert selector.combo.currentText() == "Chat only"
    session.choose("All my files")
    conversation = history.conversation(plain.id)
    assert conversation is not None and conversation.scope == Scope()
    assert session.window.composer.placeholderText() == "Ask about all your files…"

    chat.conversations.open_conversation(about.id)
    assert selector.combo.currentText() == "File: report.pdf"
    session.choose("Chat only")
    conversation = history.conversation(about.id)
    assert conversation is not None and conversation.scope is None

    chat.conversations.new_conversation()
    assert selector.combo.currentText() == "Chat only"  # a new conversation is plain chat


def test_a_scope_chosen_first_is_used_by_the_new_conversation(
    scope_session: ScopeSession,
) -> None:
    session, window, qtbot = scope_session, scope_session.window, scope_session.qtbot
    chat, library = session.controllers.chat, session.controllers.library
    busy: list[bool] = []
    chat.turns.files = FileSearch(library.search, busy.append)
    chat.start()
    qtbot.waitUntil(lambda: window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    session.choose("All my files")
    assert session.history.conversations() == []  # nothing is created until the user asks
    window.composer.setPlainText("When does the harbour open?")
    window.composer.submit()
    qtbot.waitUntil(lambda: chat.turns.generating_in is None and busy == [True, False],
                    timeout=REPLY_TIMEOUT_MS)  # fmt: skip
    [conversation] = session.history.conversations()
    assert conversation.scope == Scope()
    reply = session.history.messages(conversation.id)[-1]
    # The library is empty: Hisho says so instead of asking the model to guess.
    assert reply.status is MessageStatus.COMPLETE
    assert reply.content.startswith("I couldn't find anything about that in all your files")
    assert window.scope_selector.combo.currentText() == "All my files"


# --- following a drop, without a library process -------------------------------------


def rec(path: str, status: FileStatus, error: str = "") -> FileRecord:
    return FileRecord(abs(hash(path)) % 10_000, "My files", path, status, error)


def added(*records: FileRecord, queued: tuple[FileRecord, ...] = ()) -> Added:
    paths_ = tuple(r.path for r in records)
    single = paths_[0] if len(paths_) == 1 else None
    return Added("My files", paths_, queued, records, single)


def test_a_dropped_file_is_followed_until_it_is_ready() -> None:
    watch = DropWatch(1, "report.pdf")
    assert watch.status() == ("Adding report.pdf…", "")
    queued = rec("/d/report.pdf", FileStatus.QUEUED)
    watch.start(added(queued, queued=(queued,)), {})
    assert watch.status() == ("Reading report.pdf…", "")
    assert watch.follow(rec("/d/report.pdf", FileStatus.INDEXING))
    assert not watch.follow(rec("/d/other.pdf", FileStatus.DONE))  # not from this drop
    watch.follow(rec("/d/report.pdf", FileStatus.DONE))
    assert watch.status() == ("report.pdf is ready — ask away", "ready")
    assert watch.finished
    assert added(queued).scope() == Scope("My files", "/d/report.pdf")


def test_a_file_read_before_the_answer_came_back_counts() -> None:
    watch = DropWatch(1, "report.pdf")
    indexing = rec("/d/report.pdf", FileStatus.INDEXING)
    done = rec("/d/report.pdf", FileStatus.DONE)
    watch.start(added(indexing, queued=(indexing,)), {done.path: done})
    assert watch.status() == ("report.pdf is ready — ask away", "ready")


def test_several_files_count_up_and_say_what_failed() -> None:
    files = [rec(f"/d/f{i}.pdf", FileStatus.QUEUED) for i in range(3)]
    watch = DropWatch(1, "2 items")
    watch.start(added(*files, queued=tuple(files)), {})
    watch.follow(rec("/d/f0.pdf", FileStatus.INDEXING))
    assert watch.status() == ("Reading f0.pdf… 0 of 3", "")
    watch.follow(rec("/d/f0.pdf", FileStatus.DONE))
    watch.follow(rec("/d/f1.pdf", FileStatus.FAILED, "This PDF is password protected."))
    assert watch.status() == ("Reading… 2 of 3 files", "")
    watch.follow(rec("/d/f2.pdf", FileStatus.EMPTY))
    assert watch.status() == ("1 of 3 files are ready — 2 could not be read (see Files)", "ready")
    assert added(*files).scope() == Scope(library="My files")


def test_a_single_file_that_cannot_be_read_says_why() -> None:
    watch = DropWatch(1, "scan.pdf")
    watch.start(added(rec("/d/scan.pdf", FileStatus.EMPTY)), {})  # known, not queued again
    assert watch.status() == (
        "Could not read scan.pdf: no text found — is it a scanned document?",
        "error",
    )
    failed = DropWatch(1, "x.pdf")
    failed.error = "The library process did not start."
    assert failed.status() == ("Could not add x.pdf: The library process did not start.", "error")
