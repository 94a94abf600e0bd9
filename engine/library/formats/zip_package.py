"""The zip package of an Office or OpenDocument file (or an EPUB), read safely.

Every zip-based format goes through here: DOCX, XLSX, PPTX, ODT, ODS, ODP and EPUB.
The package is checked before anything is decompressed: the number of parts, each
part's declared size and compression ratio (zip bombs), and every read is capped, so
a lying directory cannot make Hisho inflate more than it allowed. XML with a DTD or
entities is refused (Office programs never write them); external relationships are
ignored. A part too large to hold (a huge worksheet) is streamed through ``iter_xml``
instead of being read whole (by expat, after its prolog is checked for a DTD).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Literal, TypeVar, cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP

_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAX_PARTS = 10_000
_MAX_RATIO = 100  # XML compresses 5-20x; zip bombs 1000x and more
_MAX_STREAM_RATIO = 250  # a streamed sheet of near-identical rows compresses further
_RATIO_FLOOR = 1 << 20  # small parts may compress as they like
_STREAM_CHUNK = 1 << 16
_MAX_PROLOG = 1 << 20
_ROOT_START = re.compile(r"<[A-Za-z_]")
_DOCTYPE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_T = TypeVar("_T")

_BOMB = QT_TRANSLATE_NOOP(
    "Engine",
    "This document is a 'zip bomb': it would unpack to "
    "far more data than it holds, so Hisho doesn't open it.",
)
_UNSAFE_XML = QT_TRANSLATE_NOOP(
    "Engine",
    "This document contains XML declarations (a DTD or entities) that office programs "
    "never write, so Hisho doesn't open it to stay safe.",
)


class Package:
    """The parts of a zip package, read under a size budget."""

    def __init__(self, archive: zipfile.ZipFile, max_bytes: int) -> None:
        self.archive = archive
        self.max_bytes = max_bytes
        self.budget = max_bytes
        self.skipped = 0
        infos = archive.infolist()
        if len(infos) > _MAX_PARTS:
            raise ExtractError(
                "unsafe",
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "This document has far more parts than a real one holds, "
                    "so Hisho doesn't open it.",
                ),
            )
        self.infos = {info.filename: info for info in infos}

    def _check_ratio(self, info: zipfile.ZipInfo, limit: int = _MAX_RATIO) -> None:
        if info.file_size > _RATIO_FLOOR and info.file_size > limit * max(info.compress_size, 1):
            raise ExtractError("unsafe", _BOMB)

    def read(self, name: str, *, required: bool = False) -> bytes | None:
        info = self.infos.get(name)
        if info is None:
            return None
        self._check_ratio(info)
        if info.file_size > self.budget:
            if required:
                raise ExtractError(
                    "unsafe",
                    QT_TRANSLATE_NOOP(
                        "Engine",
                        "This document's text is larger than Hisho reads "
                        "({size} MB), so it was not opened.",
                    ).format(size=self.max_bytes // 2**20),
                )
            self.skipped += 1
            return None
        with self.archive.open(info) as handle:  # never reads past the declared size
            data = handle.read(info.file_size)
        self.budget -= len(data)
        return data

    def xml(self, name: str, *, required: bool = False) -> Element | None:
        data = self.read(name, required=required)
        return None if data is None else parse_xml(data)

    def iter_xml(
        self, name: str, events: Sequence[Literal["start", "end"]] = ("end",)
    ) -> Iterator[tuple[str, Element]]:
        """``name``'s XML as it is inflated, without holding the whole part: the caller
        clears what it has read. A DTD (the only place entities can be declared) is
        refused before parsing starts: XML allows one only before the root element, so
        the prolog is checked, then expat (the C parser) reads the rest, fast."""
        info = self.infos.get(name)
        if info is None:
            return
        self._check_ratio(info, _MAX_STREAM_RATIO)
        with self.archive.open(info) as handle:
            head = _prolog(handle)
            parser: XMLPullParser[Element] = XMLPullParser(events)
            try:
                chunk = head
                while chunk:
                    parser.feed(chunk)
                    yield from _elements(parser)
                    chunk = handle.read(_STREAM_CHUNK)
                parser.close()
                yield from _elements(parser)
            except ParseError as exc:
                raise _broken_xml(exc) from exc

    def relationships(self, part: str) -> list[tuple[str, str]]:
        """(type suffix, target part name) of ``part``'s internal relationships."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        found: list[tuple[str, str]] = []
        for rel in root if root is not None else ():
            if rel.tag != f"{{{_RELS}}}Relationship" or rel.get("TargetMode") == "External":
                continue
            found.append((rel.get("Type", "").rsplit("/", 1)[-1], resolve(folder, rel)))
        return found

    def related(self, part: str) -> dict[str, str]:
        """Relationship id → target part name, for ``part``'s internal relationships."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        return {
            rel.get("Id", ""): resolve(folder, rel)
            for rel in (root if root is not None else ())
            if rel.get("TargetMode") != "External"
        }


def _elements(parser: XMLPullParser[Element]) -> Iterator[tuple[str, Element]]:
    """The parser's events so far ("start" and "end" events carry elements)."""
    return cast(Iterator[tuple[str, Element]], parser.read_events())


def _prolog(handle: IO[bytes]) -> bytes:
    """The part's first bytes, through the start of its root element, checked for a
    DTD (refused: entities and external references are declared there)."""
    head = b""
    while len(head) < _MAX_PROLOG:
        chunk = handle.read(_STREAM_CHUNK)
        head += chunk
        text = _as_text(head)
        root = _ROOT_START.search(text)
        if _DOCTYPE.search(text[: root.start()] if root else text):
            raise ExtractError("unsafe", _UNSAFE_XML)
        if root or not chunk:
            return head
    raise ExtractError("unsafe", _UNSAFE_XML)  # a prolog of megabytes hides something


def _as_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "ignore")
    if head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        return head.decode("utf-16-le" if head[0] == 0x3C else "utf-16-be", "ignore")
    return head.decode("utf-8", "ignore")


def resolve(folder: str, rel: Element) -> str:
    """The part a relationship points at, as a name inside the package."""
    target = rel.get("Target", "")
    name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(name)


def _broken_xml(exc: Exception) -> ExtractError:
    return ExtractError(
        "corrupt",
        QT_TRANSLATE_NOOP(
            "Engine", "This document is damaged and can't be opened. Its XML is broken ({error})."
        ).format(error=exc),
    )


def parse_xml(data: bytes) -> Element:
    """Parse XML, refusing DTDs, entities and external references."""
    import defusedxml
    import defusedxml.ElementTree as safe_xml

    try:
        root: Element = safe_xml.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise ExtractError("unsafe", _UNSAFE_XML) from exc
    except ParseError as exc:
        raise _broken_xml(exc) from exc
    return root


def read_package(path: Path, max_bytes: int, read: Callable[[Package], _T]) -> _T:
    """``read`` on the package at ``path``; a broken or encrypted zip as an ExtractError.

    Raises:
        ExtractError: ``corrupt`` (not a zip, truncated, broken XML), ``unsafe`` (zip
            bomb, DTD/entities), ``password`` (encrypted parts), or what ``read`` raises.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return read(Package(archive, max_bytes))
    except zipfile.BadZipFile as exc:
        raise ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This document is damaged and can't be opened. It is incomplete or not what "
                "its name says (perhaps the download or copy was interrupted). Get the file "
                "again, or open it and save it anew.",
            ),
        ) from exc
    except (zlib.error, EOFError, NotImplementedError, RecursionError) as exc:
        raise ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This document is damaged and can't be opened. Part of it can't be "
                "unpacked. Open it and save it anew.",
            ),
        ) from exc
    except RuntimeError as exc:  # zipfile: an encrypted member
        raise ExtractError("password", PASSWORD) from exc


PASSWORD = QT_TRANSLATE_NOOP(
    "Engine",
    "This document is protected by a password. Open it, remove the password, save, "
    "and add it again.",
)


def zip_kind(path: Path) -> str:
    """What a zip package holds, from its part names: docx, xlsx, pptx, odt, ods, odp,
    epub, or '' (not a zip, or none of these)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist()[:_MAX_PARTS])
            mimetype = ""
            info = archive.getinfo("mimetype") if "mimetype" in names else None
            if info is not None and info.file_size < 200:
                mimetype = archive.read(info).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, zlib.error, EOFError, RuntimeError, NotImplementedError):
        return ""
    return _kind_of(names, mimetype)


def _kind_of(names: set[str], mimetype: str) -> str:
    for marker, kind in (
        ("word/document.xml", "docx"),
        ("xl/workbook.xml", "xlsx"),
        ("ppt/presentation.xml", "pptx"),
    ):
        if marker in names:
            return kind
    odf = {
        "application/vnd.oasis.opendocument.text": "odt",
        "application/vnd.oasis.opendocument.text-template": "odt",
        "application/vnd.oasis.opendocument.spreadsheet": "ods",
        "application/vnd.oasis.opendocument.spreadsheet-template": "ods",
        "application/vnd.oasis.opendocument.presentation": "odp",
        "application/vnd.oasis.opendocument.presentation-template": "odp",
        "application/epub+zip": "epub",
    }
    if mimetype in odf:
        return odf[mimetype]
    if "META-INF/container.xml" in names:
        return "epub"
    return ""
