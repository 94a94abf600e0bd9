"""Scope controller: what each conversation's questions draw on, and drop-to-ask.

The scope selector shows and sets the scope of the conversation on screen. Dropping
files on a conversation adds them to the library, scopes the conversation to them
(the file, or the library for several files or a folder) and follows their reading:
"Reading report.pdf…", then "report.pdf is ready — ask away".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject

from desktop.controllers.conversations import ConversationsController
from desktop.controllers.library import Added, LibraryController
from engine.errors import HishoError
from engine.library.types import FileRecord, FileStatus, IngestProgress, JobState, Scope
from engine.storage.history import History
from ui.main_window import MainWindow
from ui.scope_selector import scope_subject

log = logging.getLogger(__name__)

_WAITING = (FileStatus.QUEUED, FileStatus.INDEXING)


def _name(path: str) -> str:
    return path.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1]


@dataclass
class DropWatch:
    """The files of one drop on a conversation, followed until they have been read."""

    conversation_id: int
    label: str  # "report.pdf", or "3 items"
    added: bool = False  # the library has queued them
    error: str = ""  # adding failed
    waiting: set[str] = field(default_factory=set)
    total: int = 0
    ready: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    reading: str = ""
    cancelled: bool = False

    def start(self, added: Added, settled: dict[str, FileRecord]) -> None:
        """The files are in the library: wait for those still to be read."""
        self.added = True
        if added.single_file is not None:
            self.label = _name(added.single_file)
        records = {r.path: r for r in added.known}
        records.update({r.path: r for r in added.queued if r.path not in records})
        self.total = len(records)
        for path, record in records.items():
            record = settled.get(path, record)  # read before this answer arrived
            if record.status in _WAITING:
                self.waiting.add(path)
            else:
                self._settle(record)

    def follow(self, record: FileRecord) -> bool:
        """Take a file's new state into account; True if it is one of ours."""
        if record.path not in self.waiting:
            return False
        if record.status is FileStatus.INDEXING:
            self.reading = record.name
        elif record.status is not FileStatus.QUEUED:
            self._settle(record)
        return True

    def _settle(self, record: FileRecord) -> None:
        self.waiting.discard(record.path)
        if self.reading == record.name:
            self.reading = ""
        if record.status is FileStatus.DONE:
            self.ready += 1
        elif record.status is FileStatus.EMPTY:
            why = QCoreApplication.translate(
                "DropWatch", "no text found — is it a scanned document?"
            )
            self.problems.append((record.name, why))
        else:
            why = record.error or QCoreApplication.translate(
                "DropWatch", "Hisho can't read this kind of file."
            )
            self.problems.append((record.name, why))

    @property
    def finished(self) -> bool:
        return bool(self.error) or (self.added and (not self.waiting or self.cancelled))

    def status(self) -> tuple[str, str]:
        """(what to say, kind: "" while working, "ready" or "error")."""
        if self.error:
            text = QCoreApplication.translate("DropWatch", "Could not add {label}: {error}")
            return text.format(label=self.label, error=self.error), "error"
        if not self.added:
            text = QCoreApplication.translate("DropWatch", "Adding {label}…")
            return text.format(label=self.label), ""
        if self.waiting and self.cancelled:
            return QCoreApplication.translate(
                "DropWatch", "Reading the files was cancelled."
            ), "error"
        if self.waiting and self.total > 1:
            done, total = self.total - len(self.waiting), self.total
            if self.reading:
                text = QCoreApplication.translate("DropWatch", "Reading {name}… {done} of {total}")
                return text.format(name=self.reading, done=done, total=total), ""
            text = QCoreApplication.translate("DropWatch", "Reading… {done} of {total} files")
            return text.format(done=done, total=total), ""
        if self.waiting:
            text = QCoreApplication.translate("DropWatch", "Reading {name}…")
            return text.format(name=self.reading or self.label), ""
        return self._result()

    def _result(self) -> tuple[str, str]:
        if self.total == 0:
            text = QCoreApplication.translate("DropWatch", "No files found in {label}.")
            return text.format(label=self.label), "error"
        if not self.problems:
            if self.total == 1:
                text = QCoreApplication.translate("DropWatch", "{label} is ready — ask away")
                return text.format(label=self.label), "ready"
            text = QCoreApplication.translate("DropWatch", "{count} files are ready — ask away")
            return text.format(count=self.ready), "ready"
        if self.total == 1:
            name, why = self.problems[0]
            text = QCoreApplication.translate("DropWatch", "Could not read {name}: {why}")
            return text.format(name=name, why=why), "error"
        if not self.ready:
            text = QCoreApplication.translate(
                "DropWatch", "None of the {total} files could be read."
            )
            return text.format(total=self.total), "error"
        text = QCoreApplication.translate(
            "DropWatch",
            "{ready} of {total} files are ready — {problems} could not be read (see Files)",
        )
        return text.format(ready=self.ready, total=self.total, problems=len(self.problems)), "ready"


class ScopeController(QObject):
    """Keeps the scope selector, the conversation's scope and drops in step."""

    def __init__(
        self,
        window: MainWindow,
        history: History,
        conversations: ConversationsController,
        library: LibraryController,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.selector = window.scope_selector
        self.history = history
        self.conversations = conversations
        self.library = library
        self.watch: DropWatch | None = None
        self._settled: dict[str, FileRecord] = {}  # files read since the last drop
        self._connect_signals()
        self.sync()

    def _connect_signals(self) -> None:
        self.selector.scope_chosen.connect(self.choose)
        self.conversations.current_changed.connect(self.sync)
        self.library.libraries_changed.connect(self.selector.set_libraries)
        self.library.progress.connect(self._on_progress)
        self.window.ask_about_file_requested.connect(self.ask_about_file)
        self.window.files_dropped_on_conversation.connect(self.drop_to_ask)
        self.window.prompt_submitted.connect(self._forget_finished_watch)

    def choose(self, scope: Scope | None) -> None:
        """Scope the conversation on screen (or the next one, if none is shown yet)."""
        try:
            self.conversations.set_current_scope(scope)
        except HishoError as exc:
            self.window.show_error(str(exc))
        self.sync()

    def sync(self, *_: object) -> None:
        """Show the scope (and any drop being read) of the conversation on screen."""
        scope = self.conversations.current_scope()
        self.selector.set_scope(scope)
        hint = (
            self.tr("Ask about {scope}…").format(scope=scope_subject(scope))
            if scope is not None
            else ""
        )
        self.window.set_composer_hint(hint)
        watch = self.watch
        if watch is not None and watch.conversation_id == self.conversations.current_id:
            self.selector.set_status(*watch.status())
        else:
            self.selector.set_status("")

    def ask_about_file(self, record: FileRecord) -> None:
        self.choose(Scope(record.library, record.path))
        self.window.focus_composer()

    # --- drop to ask --------------------------------------------------------------------

    def drop_to_ask(self, paths: list[str], conversation_id: int | None) -> None:
        """Add the dropped files and scope the conversation (the shown one, or a new one)
        to them."""
        if conversation_id is not None and conversation_id != self.conversations.current_id:
            self.conversations.open_conversation(conversation_id)
        try:
            target = self.conversations.ensure_current()
        except HishoError as exc:
            self.window.show_error(str(exc))
            return
        label = (
            _name(paths[0])
            if len(paths) == 1
            else self.tr("{count} items").format(count=len(paths))
        )
        watch = DropWatch(target, label)
        self.watch = watch
        self._settled.clear()
        self.sync()
        self.library.add(
            paths,
            on_added=lambda added: self._dropped(watch, added),
            on_error=lambda message: self._drop_failed(watch, message),
        )
        self.window.focus_composer()

    def _dropped(self, watch: DropWatch, added: Added) -> None:
        try:
            self.history.set_scope(watch.conversation_id, added.scope())
        except HishoError as exc:
            self.window.show_error(str(exc))
        else:
            log.info(
                "conversation %d now answers from %s",
                watch.conversation_id,
                added.scope().describe(),
            )
        watch.start(added, self._settled)
        if watch.conversation_id == self.conversations.current_id:
            self.sync()

    def _drop_failed(self, watch: DropWatch, message: str) -> None:
        watch.error = message
        self.sync()

    def _on_progress(self, progress: IngestProgress) -> None:
        watch = self.watch
        if watch is None:
            return
        changed = False
        if progress.file is not None:
            if progress.file.status not in _WAITING:
                self._settled[progress.file.path] = progress.file
            changed = watch.follow(progress.file)
        if progress.state is JobState.CANCELLED and watch.waiting:
            watch.cancelled = changed = True
        if changed and watch.conversation_id == self.conversations.current_id:
            self.selector.set_status(*watch.status())

    def _forget_finished_watch(self) -> None:
        if self.watch is not None and self.watch.finished:
            self.watch = None
            self.selector.set_status("")
