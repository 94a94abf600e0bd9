"""Importing conversation exports into the history: ChatGPT, Claude and Hisho's own JSON.

:func:`import_export` is long work like any other: a generator that yields
:class:`ImportProgress` as it goes and an :class:`ImportSummary` at the end, and checks
a :class:`~engine.cancel.CancelToken` between conversations. It reads the file as a
stream (:mod:`engine.storage.import_source`), turns each conversation into the history's
terms with the module of its format (:mod:`engine.storage.formats`), and adds them in
batches, one transaction each (:meth:`History.add_imported`).

It is idempotent: each conversation carries a stable key (its source and id), and one
already in the history is left alone. It survives damage: a conversation that cannot be
read is skipped and named in the summary; a file that breaks off keeps what came
before; nothing already in the history is changed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.cancel import CancelToken
from engine.errors import ImportFileError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.exchange import BrokenConversation, ImportedConversation
from engine.storage.formats import chatgpt, claude, hisho
from engine.storage.history import History
from engine.storage.import_source import READ_ERRORS, ExportFile, open_export
from engine.storage.json_stream import JsonStreamError

log = logging.getLogger(__name__)

#: Conversations read per transaction and progress event (each commit waits for the disk).
BATCH = 100


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """How far an import has got."""

    source: str  # "ChatGPT", "Claude", "Hisho"; "" until the format is known
    read: int  # conversations read so far
    added: int  # of which new to the history
    fraction: float  # of the file read, 0 to 1


@dataclass(frozen=True, slots=True)
class Skipped:
    """A conversation that could not be read, and why."""

    name: str  # its title, or "conversation 17"
    reason: str


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did (the last event)."""

    path: str
    source: str
    added: int = 0
    already: int = 0  # in the history from an earlier import
    skipped: tuple[Skipped, ...] = ()
    #: Conversations whose other branches (edits, regenerated answers) were left out.
    with_branches: int = 0
    #: Conversations whose other branches came in as versions.
    with_versions: int = 0
    stopped: bool = False  # cancelled: what was read before is kept
    problem: str = ""  # why the file broke off early ("" when read to its end)
    seconds: float = 0.0


ImportEvent = ImportProgress | ImportSummary


@dataclass(frozen=True, slots=True)
class _Format:
    name: str
    convert: Callable[[Any], ImportedConversation]


_CHATGPT = _Format(chatgpt.NAME, chatgpt.convert)
_CLAUDE = _Format(claude.NAME, claude.convert)
_HISHO = _Format(hisho.NAME, hisho.convert)


def _format_of(header: dict[str, Any], item: Any) -> _Format | None:
    if hisho.is_header(header):
        return _HISHO
    if chatgpt.looks_like(item):
        return _CHATGPT
    if claude.looks_like(item):
        return _CLAUDE
    return None


def import_export(
    history: History, path: Path, cancel: CancelToken | None = None
) -> Iterator[ImportEvent]:
    """Import every conversation of the export at ``path`` that the history lacks.

    Raises:
        ImportFileError: the file is not an export Hisho reads (nothing was added).
        StorageError: the history could not be written (what was added before stays).
    """
    started = time.monotonic()
    with open_export(path) as export:
        run = _Import(history, export, path)
        yield from run.read(cancel or CancelToken())
    yield run.summary(time.monotonic() - started)


@dataclass
class _Import:
    history: History
    export: ExportFile
    path: Path
    format: _Format | None = None
    batch: list[ImportedConversation] = field(default_factory=list)
    read_count: int = 0
    added: int = 0
    already: int = 0
    with_branches: int = 0
    with_versions: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    stopped: bool = False
    problem: str = ""

    def read(self, cancel: CancelToken) -> Iterator[ImportProgress]:
        try:
            for number, item in enumerate(self.export.stream.items(), start=1):
                self.read_count = number
                self._take(number, item)
                if number % BATCH == 0:
                    self._flush()
                    yield self._progress()
                if cancel.cancelled:
                    self.stopped = True
                    break
        except (JsonStreamError, UnicodeDecodeError, RecursionError, OSError) as exc:
            self.problem = _broke_off(self.read_count, exc)
        except READ_ERRORS as exc:  # a damaged zip member: a bad CRC, broken deflate data
            self.problem = _broke_off(self.read_count, exc)
        self._flush()
        stream = self.export.stream
        if self.format is None and hisho.is_header(stream.header):
            self.format = _HISHO  # a Hisho export without conversations
        unknown = self.format is None and not self.problem and not self.stopped
        if unknown and (stream.kind == "{" or stream.items_read):
            raise _unknown(self.path)
        yield self._progress()

    def _take(self, number: int, item: Any) -> None:
        if self.format is None:
            self.format = _format_of(self.export.stream.header, item)
        if self.format is None:
            self.skipped.append(Skipped(_name(number, item), NOT_A_CONVERSATION))
            return
        try:
            conversation = self.format.convert(item)
        except BrokenConversation as exc:
            self.skipped.append(Skipped(_name(number, item), str(exc)))
            return
        except Exception as exc:  # one odd conversation must not stop the others
            log.warning("conversation %d of %s unreadable", number, self.path, exc_info=True)
            self.skipped.append(Skipped(_name(number, item), f"{type(exc).__name__}: {exc}"))
            return
        self.batch.append(conversation)

    def _flush(self) -> None:
        if not self.batch:
            return
        ids = self.history.add_imported(self.batch)
        for conversation, new_id in zip(self.batch, ids, strict=True):
            if new_id is None:
                self.already += 1
            else:
                self.added += 1
                self.with_branches += conversation.other_branches > 0
                self.with_versions += bool(conversation.versions)
        self.batch.clear()

    def _progress(self) -> ImportProgress:
        name = self.format.name if self.format else ""
        return ImportProgress(name, self.read_count, self.added, self.export.fraction)

    def summary(self, seconds: float) -> ImportSummary:
        return ImportSummary(
            path=str(self.path),
            source=self.format.name if self.format else "",
            added=self.added,
            already=self.already,
            skipped=tuple(self.skipped),
            with_branches=self.with_branches,
            with_versions=self.with_versions,
            stopped=self.stopped,
            problem=self.problem,
            seconds=seconds,
        )


NOT_A_CONVERSATION = QT_TRANSLATE_NOOP("Engine", "not a conversation")


def _name(number: int, item: Any) -> str:
    if isinstance(item, dict):
        for key in ("title", "name"):
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return "“" + " ".join(value.split())[:80] + "”"
    return QT_TRANSLATE_NOOP("Engine", "conversation {number}").format(number=number)


def _broke_off(read: int, exc: BaseException) -> str:
    if not read:
        return QT_TRANSLATE_NOOP(
            "Engine",
            "The file is damaged where its first conversation begins ({error}), so "
            "nothing could be imported. Download the export again.",
        ).format(error=exc)
    return QT_TRANSLATE_NOOP(
        "Engine",
        "The file breaks off after conversation {count} ({error}); the conversations "
        "before it were imported. Download the export again to get the rest.",
    ).format(count=f"{read:,}", error=exc)


def _unknown(path: Path) -> ImportFileError:
    return ImportFileError(
        QT_TRANSLATE_NOOP(
            "Engine",
            "{name} is JSON but not a conversation export Hisho knows (ChatGPT, Claude "
            "or Hisho). Nothing was imported.",
        ).format(name=path.name)
    )


Say = Callable[[str], str]

# The summary's words, in a context of their own ("Import"): ``ui.i18n.engine_text``
# matches the "Engine" context's templates against any message, and these would match
# too much. (One, many) of each sentence that counts.
_IMPORTED = (
    QT_TRANSLATE_NOOP("Import", "Imported {count} conversation from {source}."),
    QT_TRANSLATE_NOOP("Import", "Imported {count} conversations from {source}."),
)
_STOPPED = (
    QT_TRANSLATE_NOOP(
        "Import",
        "Stopped after importing {count} conversation from {source}; "
        "import the file again to add the rest.",
    ),
    QT_TRANSLATE_NOOP(
        "Import",
        "Stopped after importing {count} conversations from {source}; "
        "import the file again to add the rest.",
    ),
)
_ALREADY = (
    QT_TRANSLATE_NOOP("Import", "{count} conversation was already here."),
    QT_TRANSLATE_NOOP("Import", "{count} conversations were already here."),
)
_EMPTY = QT_TRANSLATE_NOOP("Import", "The file holds no conversations.")
_SKIPPED = QT_TRANSLATE_NOOP("Import", "{count} skipped: {names}.")
_BRANCHES = QT_TRANSLATE_NOOP(
    "Import",
    "{count} had other branches (edited questions or regenerated answers): "
    "the branch you last saw was imported.",
)
_VERSIONS = QT_TRANSLATE_NOOP(
    "Import",
    "{count} had other branches (edited questions or regenerated answers): "
    "they are kept as versions (‹ › under a message).",
)
_ONE_SKIPPED = QT_TRANSLATE_NOOP("Import", "{name} ({reason})")
_MORE = QT_TRANSLATE_NOOP("Import", "{names} and {count} more")


def _same(text: str) -> str:
    return text


def _counted(count: int, texts: tuple[str, str], tr: Say, **values: str) -> str:
    return tr(texts[count != 1]).format(count=f"{count:,}", **values)


def describe(summary: ImportSummary, tr: Say = _same, say: Say = _same) -> str:
    """The summary in a few lines ("Imported 1,998 conversations from ChatGPT." "2
    skipped: …"). ``tr`` translates the "Import" texts above, ``say`` an engine message
    (the window passes Qt's translation and ``ui.i18n.engine_text``; the terminal
    keeps English)."""
    if not summary.source:
        lines = [tr(_EMPTY)]
    else:
        texts = _STOPPED if summary.stopped else _IMPORTED
        lines = [_counted(summary.added, texts, tr, source=summary.source)]
    if summary.skipped:
        names = _skipped(summary.skipped, tr, say)
        lines.append(tr(_SKIPPED).format(count=f"{len(summary.skipped):,}", names=names))
    if summary.already:
        lines.append(_counted(summary.already, _ALREADY, tr))
    if summary.with_branches:
        lines.append(tr(_BRANCHES).format(count=f"{summary.with_branches:,}"))
    if summary.with_versions:
        lines.append(tr(_VERSIONS).format(count=f"{summary.with_versions:,}"))
    if summary.problem:
        lines.append(say(summary.problem))
    return "\n".join(lines)


def _skipped(skipped: tuple[Skipped, ...], tr: Say, say: Say, shown: int = 3) -> str:
    names = ", ".join(
        tr(_ONE_SKIPPED).format(name=say(s.name), reason=say(s.reason)) for s in skipped[:shown]
    )
    if len(skipped) <= shown:
        return names
    return tr(_MORE).format(names=names, count=f"{len(skipped) - shown:,}")
