"""The file an import reads: a conversation export as a zip or as bare JSON, opened safely.

ChatGPT and Claude mail a zip holding ``conversations.json``; a user may also pick that
JSON itself, or Hisho's own export. A zip is checked before anything is inflated: the
member's declared size and compression ratio (a zip bomb is refused), and reading never
goes past the declared size (``zipfile`` stops there and checks the CRC). The member is
read as a stream (:mod:`engine.storage.json_stream`), never unpacked to disk or memory.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from engine.errors import ImportFileError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.json_stream import JsonStream, JsonStreamError

MEMBER = "conversations.json"
#: Chat text compresses 3-15x; a zip bomb 1,000x and more.
MAX_RATIO = 100
_RATIO_FLOOR = 1 << 20  # small members may compress as they like
#: What reading a damaged zip member raises (a bad CRC, broken deflate data, a cut file).
READ_ERRORS: tuple[type[Exception], ...] = (zipfile.BadZipFile, zlib.error, EOFError)
#: The largest conversations.json read (uncompressed): years of heavy use stay well under.
MAX_BYTES = 16 << 30


@dataclass
class ExportFile:
    """An opened export: its items as a stream, and how far the reading has got."""

    stream: JsonStream
    total_bytes: int
    _raw: IO[bytes]

    @property
    def fraction(self) -> float:
        """How much of the file has been read, 0 to 1."""
        try:
            position = self._raw.tell()
        except (OSError, ValueError):
            return 0.0
        return min(position / self.total_bytes, 1.0) if self.total_bytes else 1.0


@contextmanager
def open_export(path: Path) -> Iterator[ExportFile]:
    """``path`` opened for reading its conversations.

    Raises:
        ImportFileError: it cannot be read, is not JSON, is a damaged or unsafe zip, or
            a zip without ``conversations.json``.
    """
    with ExitStack() as stack:
        try:
            handle = stack.enter_context(path.open("rb"))
            is_zip = handle.read(2) == b"PK"
            handle.seek(0)
            if is_zip:
                raw, total = _zip_member(stack, handle)
            else:
                raw, total = handle, path.stat().st_size
        except OSError as exc:
            raise ImportFileError(
                QT_TRANSLATE_NOOP("Engine", "Could not read {path}: {error}").format(
                    path=path, error=exc.strerror or exc
                )
            ) from exc
        text = stack.enter_context(io.TextIOWrapper(raw, encoding="utf-8-sig"))
        try:
            stream = JsonStream(text)
        except (JsonStreamError, UnicodeDecodeError) as exc:
            raise not_an_export(path) from exc
        except READ_ERRORS as exc:
            raise damaged_zip(exc) from exc
        yield ExportFile(stream, total, raw)


def not_an_export(path: Path) -> ImportFileError:
    return ImportFileError(
        QT_TRANSLATE_NOOP(
            "Engine",
            "{name} is not a conversation export (it is not JSON). Choose the zip that "
            "ChatGPT or Claude sent, the conversations.json inside it, or a Hisho JSON export.",
        ).format(name=path.name)
    )


def _zip_member(stack: ExitStack, handle: IO[bytes]) -> tuple[IO[bytes], int]:
    """The zip's conversations.json, checked and opened as a stream."""
    try:
        archive = stack.enter_context(zipfile.ZipFile(handle))
        info = _find_member(archive)
        _check(info)
        return stack.enter_context(archive.open(info)), info.file_size
    except (zipfile.LargeZipFile, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise damaged_zip(exc) from exc
    except RuntimeError as exc:  # zipfile: an encrypted member
        raise ImportFileError(
            QT_TRANSLATE_NOOP("Engine", "This zip is password-protected; Hisho can't open it.")
        ) from exc


def damaged_zip(exc: BaseException) -> ImportFileError:
    return ImportFileError(
        QT_TRANSLATE_NOOP(
            "Engine", "This zip is damaged or incomplete ({error}). Download the export again."
        ).format(error=exc)
    )


def _find_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """conversations.json, the one nearest the top of the zip."""
    found = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and posixpath.basename(info.filename).lower() == MEMBER
        and not info.filename.startswith("__MACOSX/")
    ]
    if not found:
        raise ImportFileError(
            QT_TRANSLATE_NOOP(
                "Engine",
                "This zip holds no conversations.json, so it is not a ChatGPT or Claude "
                "export. Choose the zip their “Export data” sent.",
            )
        )
    return min(found, key=lambda info: info.filename.count("/"))


def _check(info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        raise RuntimeError("encrypted")
    bomb = info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
    if bomb or info.file_size > MAX_BYTES:
        raise ImportFileError(
            QT_TRANSLATE_NOOP(
                "Engine",
                "This zip would unpack to far more data than a conversation export holds "
                "({size} MB), so Hisho doesn't open it.",
            ).format(size=f"{info.file_size / 2**20:,.0f}")
        )
