"""The XML of OpenDocument files, shared by the text, spreadsheet and slide readers.

Element names by local name in any OpenDocument vocabulary; a paragraph's text with
``text:s`` spaces, tabs and line breaks; a text body as blocks with ``text:h`` headings
at their outline levels. Tracked deletions and index bodies (a table of contents repeats
the headings) are left out. An encrypted package is refused before its content is read.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.formats.zip_package import Package
from engine.library.types import Heading, Page

ODF = "urn:oasis:names:tc:opendocument:xmlns:"
_TEXT = ODF + "text:1.0"
_SKIPPED = frozenset({"tracked-changes", "note-citation", "table-of-content",
                      "alphabetical-index", "illustration-index", "table-index",
                      "object-index", "user-index", "bibliography", "sequence-decls",
                      "variable-decls", "user-field-decls", "forms", "annotation-end"})  # fmt: skip
_BLOCKS = frozenset({"p", "h", "list", "list-item", "list-header", "table", "section",
                     "table-row", "frame", "text-box", "note", "note-body", "annotation",
                     "index-body", "custom-shape", "g"})  # fmt: skip


def local(element: Element) -> str:
    """An OpenDocument element's local name ('' for elements of other vocabularies)."""
    namespace, _, name = element.tag[1:].partition("}")
    return name if namespace.startswith(ODF) else ""


def attr(element: Element, name: str) -> str:
    """An attribute by local name, in any OpenDocument namespace."""
    for key, value in element.attrib.items():
        if key.endswith("}" + name) and key[1:].startswith(ODF):
            return value
    return ""


def inline_text(element: Element) -> str:
    """The text of a paragraph, with ``text:s`` spaces, tabs and line breaks."""
    parts: list[str] = [element.text or ""]
    for child in element:
        name = local(child)
        if name == "s":
            count = attr(child, "c")
            parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name not in _SKIPPED and name not in ("frame", "note", "annotation"):
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


class Blocks:
    """Paragraphs (text, heading level) of a text body, in reading order."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, int]] = []

    def walk(self, element: Element) -> None:
        for child in element:
            name = local(child)
            if name in ("p", "h"):
                self.paragraph(child, name)
            elif name == "table":
                self.table(child)
            elif name not in _SKIPPED and (name in _BLOCKS or name.endswith("s")):
                self.walk(child)  # lists, sections, frames, notes, grouped rows

    def paragraph(self, element: Element, name: str) -> None:
        text = inline_text(element).strip()
        level = 0
        if name == "h":
            outline = attr(element, "outline-level")
            level = min(int(outline), 9) if outline.isdigit() and int(outline) > 0 else 1
        if text:
            self.blocks.append((text, level))
        self.walk(element)  # frames, notes and comments anchored in the paragraph

    def table(self, table: Element) -> None:
        for row in table.iter(f"{{{ODF}table:1.0}}table-row"):
            cells = []
            for cell in row:
                if local(cell) == "table-cell":
                    inner = Blocks()
                    inner.walk(cell)
                    cells.append(" ".join(text.replace("\n", " ") for text, _ in inner.blocks))
            if any(cells):
                self.blocks.append(("\t".join(cells).rstrip("\t"), 0))


def join_blocks(blocks: list[tuple[str, int]], number: int | None = None) -> Page:
    """Blocks as one page's text, headings at their offsets."""
    parts: list[str] = []
    headings: list[Heading] = []
    length = 0
    for text, level in blocks:
        if level:
            headings.append(Heading(length, level, " ".join(text.split())))
        parts.append(text)
        length += len(text) + 1
    return Page(number, "\n".join(parts), tuple(headings))


def body(root: Element, name: str) -> Element | None:
    """``office:body/office:<name>`` of a content part."""
    for child in root:
        if local(child) == "body":
            return next((part for part in child if local(part) == name), None)
    return None


def check_package(package: Package) -> None:
    """Refuse an encrypted package (its content is not XML until decrypted)."""
    manifest = package.xml("META-INF/manifest.xml")
    if manifest is not None and any(local(e) == "encryption-data" for e in manifest.iter()):
        raise ExtractError(
            "password",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This document is protected by a password. Open it in LibreOffice, "
                "remove the password (File › Properties › Security), save, and add it again.",
            ),
        )
    if "content.xml" not in package.infos:
        raise ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This OpenDocument file is damaged and can't be opened. It has no content part.",
            ),
        )
