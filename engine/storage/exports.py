"""Exporting the whole history as Hisho JSON (:mod:`engine.storage.formats.hisho`).

:func:`export_history` is long work: a generator that yields :class:`ExportProgress`
per conversation and an :class:`ExportSummary` at the end, checking a cancel token in
between. It writes one conversation at a time (never the whole history in memory) to a
temp file that replaces the target only when complete; stopped or failed, nothing is
left behind and an older file of that name is untouched. Conversations come oldest
first. Each gets its stable key (:meth:`History.exchange_keys`), so importing the file
back into this history adds nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from engine import __version__
from engine.cancel import CancelToken
from engine.errors import StorageError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.atomic import open_atomic
from engine.storage.formats import hisho
from engine.storage.history import History

#: Progress is reported at most this often (a big history has thousands of conversations).
_EVERY_S = 0.1


@dataclass(frozen=True, slots=True)
class ExportProgress:
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: str
    conversations: int  # written (0 when stopped: no file was written)
    messages: int
    stopped: bool = False


class _Stopped(Exception):
    """Unwinds the atomic write so the temp file is removed."""


def export_history(
    history: History, path: Path, cancel: CancelToken | None = None
) -> Iterator[ExportProgress | ExportSummary]:
    """Write every conversation of ``history`` to ``path`` as Hisho JSON.

    Raises:
        StorageError: the file could not be written (the folder is read-only, the disk
            full: an older file there is untouched), or the history could not be read.
    """
    cancel = cancel or CancelToken()
    conversations = sorted(history.conversations(), key=lambda c: (c.created_at, c.id))
    keys = history.exchange_keys([c.id for c in conversations])
    total, messages = len(conversations), 0
    last = 0.0
    try:
        with open_atomic(path) as handle:
            head = json.dumps(hisho.header(time.time(), __version__), ensure_ascii=False)
            handle.write(head[:-1].encode() + b', "conversations": [\n')
            for done, conversation in enumerate(conversations, start=1):
                if cancel.cancelled:
                    raise _Stopped
                stored = history.messages(conversation.id)
                item = hisho.conversation_json(conversation, stored, keys[conversation.id])
                separator = b",\n" if done < total else b"\n"
                handle.write(json.dumps(item, ensure_ascii=False).encode() + separator)
                messages += len(stored)
                if time.monotonic() - last >= _EVERY_S or done == total:
                    last = time.monotonic()
                    yield ExportProgress(done, total)
            handle.write(b"]}\n")
    except _Stopped:
        yield ExportSummary(str(path), 0, 0, stopped=True)
        return
    except OSError as exc:
        raise StorageError(
            QT_TRANSLATE_NOOP(
                "Engine",
                "Could not write {path} ({error}). Choose another folder; nothing was "
                "written there.",
            ).format(path=path, error=exc.strerror or exc)
        ) from exc
    yield ExportSummary(str(path), total, messages)
