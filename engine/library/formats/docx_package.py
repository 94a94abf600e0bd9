"""The zip package of a Word document, read safely.

The package is checked before anything is decompressed: the number of parts, each
part's declared size and compression ratio (zip bombs), and every read is capped, so
a lying directory cannot make Hisho inflate more than it allowed. XML with a DTD or
entities is refused (Word never writes them); external relationships are ignored.
"""

from __future__ import annotations

import posixpath
import zipfile
from xml.etree.ElementTree import Element, ParseError

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP

_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAX_PARTS = 10_000
_MAX_RATIO = 100  # XML compresses 5-20x; zip bombs 1000x and more
_RATIO_FLOOR = 1 << 20  # small parts may compress as they like


class Package:
    """The parts of a .docx zip, read under a size budget."""

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
                    "This document has far more parts than a Word "
                    "document holds, so Hisho doesn't open it.",
                ),
            )
        self.infos = {info.filename: info for info in infos}

    def read(self, name: str, *, required: bool = False) -> bytes | None:
        info = self.infos.get(name)
        if info is None:
            return None
        if info.file_size > _RATIO_FLOOR and info.file_size > _MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ExtractError(
                "unsafe",
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "This document is a 'zip bomb': it would unpack to "
                    "far more data than it holds, so Hisho doesn't open it.",
                ),
            )
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

    def relationships(self, part: str) -> list[tuple[str, str]]:
        """(type suffix, target part name) of ``part``'s internal relationships."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        found: list[tuple[str, str]] = []
        for rel in root if root is not None else ():
            if rel.tag != f"{{{_RELS}}}Relationship" or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found.append((rel.get("Type", "").rsplit("/", 1)[-1], posixpath.normpath(name)))
        return found


def parse_xml(data: bytes) -> Element:
    """Parse XML, refusing DTDs, entities and external references."""
    import defusedxml
    import defusedxml.ElementTree as safe_xml

    try:
        root: Element = safe_xml.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise ExtractError(
            "unsafe",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This document contains XML declarations (a DTD or "
                "entities) that Word never writes, so Hisho doesn't open it to "
                "stay safe.",
            ),
        ) from exc
    except ParseError as exc:
        raise ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This Word document is damaged and can't be opened. Its XML is broken ({error}).",
            ).format(error=exc),
        ) from exc
    return root
