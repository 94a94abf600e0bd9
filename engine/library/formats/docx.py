"""Word documents (.docx), read with ``zipfile`` and defusedxml, nothing else.

The package is read under size and ratio caps, its XML without DTDs or entities
(``zip_package``); nothing is fetched, external relationships are ignored.

Text comes from the body (paragraphs, tables with tab-separated cells, content
controls, text boxes), then headers and footers, footnotes, endnotes and comments.
Both the transitional and the Strict (ISO 29500) namespaces are read. Paragraphs whose
style is a heading (or Title) become headings; the styles part may be missing.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.formats.zip_package import Package
from engine.library.types import Extracted, Heading, Page

_W = frozenset({
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
})  # fmt: skip
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_SKIPPED = frozenset({"pPr", "rPr", "del", "delText", "instrText", "moveFrom", "fldChar",
                      "footnoteReference", "endnoteReference", "commentReference"})  # fmt: skip
_WRAPPERS = frozenset({"sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo"})
_EXTRA_PARTS = ("header", "footer", "footnotes", "endnotes", "comments")
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


def _local(element: Element) -> str:
    """The local name of a WordprocessingML element ('' for other namespaces)."""
    namespace, _, name = element.tag[1:].partition("}")
    return name if namespace in _W else ""


def _attr(element: Element, name: str) -> str:
    for key, value in element.attrib.items():
        if key.endswith("}" + name) or key == name:
            return value
    return ""


def _alternate(element: Element) -> Element | None:
    """The branch of ``mc:AlternateContent`` to read: its first Choice, else Fallback."""
    branches = [child for child in element if child.tag.startswith("{" + _MC + "}")]
    return next(iter(branches), None)


def _is_alternate(element: Element) -> bool:
    return element.tag == f"{{{_MC}}}AlternateContent"


def _heading_levels(styles: Element | None) -> dict[str, int]:
    """styleId → heading level, from the styles part (names and outline levels)."""
    if styles is None:
        return {}
    names: dict[str, tuple[str, int | None, str]] = {}  # id → (name, outline level, based on)
    for style in styles:
        if _local(style) != "style":
            continue
        name, outline, based = "", None, ""
        for child in style.iter():
            local = _local(child)
            if local == "name":
                name = _attr(child, "val")
            elif local == "outlineLvl" and _attr(child, "val").isdigit():
                outline = int(_attr(child, "val"))
            elif local == "basedOn":
                based = _attr(child, "val")
        names[_attr(style, "styleId")] = (name, outline, based)
    levels: dict[str, int] = {}
    for style_id in names:
        current, depth = style_id, 0
        while current in names and depth < 5:
            level = _level_from_name(names[current][0], names[current][1])
            if level:
                levels[style_id] = level
                break
            current, depth = names[current][2], depth + 1
    return levels


def _level_from_name(name: str, outline: int | None = None) -> int:
    if match := _HEADING_NAME.match(name.strip()):
        return int(match.group(1))
    if name.strip().lower() == "title":
        return 1
    return outline + 1 if outline is not None and outline < 9 else 0


class _Walker:
    """Collects paragraphs (text, heading level) in reading order."""

    def __init__(self, levels: dict[str, int]) -> None:
        self.levels = levels
        self.blocks: list[tuple[str, int]] = []

    def blocks_in(self, element: Element) -> None:
        for child in element:
            local = _local(child)
            if local == "p":
                self.paragraph(child)
            elif local == "tbl":
                self.table(child)
            elif _is_alternate(child):
                branch = _alternate(child)
                if branch is not None:
                    self.blocks_in(branch)
            elif local not in _SKIPPED:
                self.blocks_in(child)

    def paragraph(self, paragraph: Element) -> None:
        parts: list[str] = []
        boxes: list[Element] = []
        self._inline(paragraph, parts, boxes)
        text = "".join(parts).strip()
        if text:
            self.blocks.append((text, self._level(paragraph)))
        for box in boxes:
            self.blocks_in(box)

    def _inline(self, element: Element, parts: list[str], boxes: list[Element]) -> None:
        for child in element:
            local = _local(child)
            if local == "t":
                parts.append(child.text or "")
            elif local == "tab":
                parts.append("\t")
            elif local in ("br", "cr"):
                parts.append("\n")
            elif local == "noBreakHyphen":
                parts.append("-")
            elif local == "txbxContent":
                boxes.append(child)
            elif _is_alternate(child):
                branch = _alternate(child)
                if branch is not None:
                    self._inline(branch, parts, boxes)
            elif local in ("p", "tbl"):  # block content in odd places: keep it in order
                boxes.append(child)
            elif local not in _SKIPPED:
                self._inline(child, parts, boxes)

    def _level(self, paragraph: Element) -> int:
        for properties in paragraph:
            if _local(properties) != "pPr":
                continue
            for child in properties:
                local, value = _local(child), _attr(child, "val")
                if local == "pStyle":  # by the style's name, else by its id ("Heading1")
                    level = self.levels.get(value) or _level_from_name(
                        re.sub(r"(?i)^heading", "heading ", value)
                    )
                    if level:
                        return level
                elif local == "outlineLvl" and value.isdigit() and int(value) < 9:
                    return int(value) + 1
        return 0

    def table(self, table: Element) -> None:
        for row in _named(table, "tr"):
            cells: list[str] = []
            for cell in _named(row, "tc"):
                inner = _Walker(self.levels)
                inner.blocks_in(cell)
                cells.append(" ".join(text.replace("\n", " ") for text, _ in inner.blocks))
            if any(cells):
                self.blocks.append(("\t".join(cells).rstrip("\t"), 0))


def _named(element: Element, name: str) -> Iterator[Element]:
    """Children called ``name``, also inside content controls and custom XML."""
    for child in element:
        local = _local(child)
        if local == name:
            yield child
        elif local in _WRAPPERS:
            yield from _named(child, name)


def _join(blocks: list[tuple[str, int]], sections: list[list[str]]) -> Page:
    text_parts: list[str] = []
    headings: list[Heading] = []
    length = 0
    for text, level in blocks:
        if level:
            headings.append(Heading(length, level, " ".join(text.split())))
        text_parts.append(text)
        length += len(text) + 1
    body = "\n".join(text_parts)
    extras = ["\n".join(section) for section in sections if section]
    return Page(None, "\n\n".join([body, *extras]) if extras else body, tuple(headings))


def _main_part(package: Package) -> str:
    for kind, target in package.relationships(""):
        if kind == "officeDocument" and target in package.infos:
            return target
    if "word/document.xml" in package.infos:
        return "word/document.xml"
    names = package.infos
    if "mimetype" in names or "content.xml" in names:
        raise ExtractError(
            "unsupported",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This is an OpenDocument file, not a Word .docx. "
                "Hisho can't read it yet: save it as DOCX or PDF and add that.",
            ),
        )
    for marker, message in (
        (
            "xl/workbook.xml",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This is an Excel workbook, not a Word document. Hisho "
                "can't read it yet: save it as PDF and add that.",
            ),
        ),
        (
            "ppt/presentation.xml",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This is a PowerPoint presentation, not a Word document. Hisho "
                "can't read it yet: save it as PDF and add that.",
            ),
        ),
    ):
        if marker in names:
            raise ExtractError("unsupported", message)
    raise ExtractError(
        "corrupt",
        QT_TRANSLATE_NOOP(
            "Engine", "This Word document is damaged and can't be opened. It has no document part."
        ),
    )


def _read(package: Package) -> Extracted:
    main = _main_part(package)
    root = package.xml(main, required=True)
    assert root is not None
    related = package.relationships(main)
    styles_name = next((target for kind, target in related if kind == "styles"), "")
    styles = package.xml(styles_name) if styles_name else None
    walker = _Walker(_heading_levels(styles))
    walker.blocks_in(root)
    sections: list[list[str]] = []
    seen: set[str] = set()
    for wanted in _EXTRA_PARTS:
        section: list[str] = []
        for kind, target in related:
            part = package.xml(target) if kind == wanted else None
            if part is None:
                continue
            extra = _Walker({})
            extra.blocks_in(part)
            text = "\n".join(block for block, _ in extra.blocks)
            if text and text not in seen:  # first, even and odd headers often repeat
                seen.add(text)
                section.append(text)
        sections.append(section)
    partial = package.skipped > 0
    return Extracted(
        kind="docx",
        pages=(_join(walker.blocks, sections),),
        title=next((text for text, level in walker.blocks if level == 1), ""),
        partial=partial,
        note=(
            QT_TRANSLATE_NOOP("Engine", "Some parts of this document were too large to read.")
            if partial
            else ""
        ),
    )


def extract_docx(path: Path, *, max_bytes: int) -> Extracted:
    """The text of a .docx file as one page.

    Raises:
        ExtractError: ``corrupt`` (not a zip, truncated, broken XML), ``unsafe`` (zip
            bomb, DTD/entities), ``unsupported`` (ODF, Excel or PowerPoint inside).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(Package(archive, max_bytes))
    except zipfile.BadZipFile as exc:
        raise ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This Word document is damaged and can't be opened. It is incomplete or not "
                "a real .docx (perhaps the download or copy was interrupted). Get the file "
                "again, or open it in Word and save it anew.",
            ),
        ) from exc
    except (zlib.error, EOFError, NotImplementedError, RecursionError) as exc:
        raise ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This Word document is damaged and can't be opened. Part of it can't be "
                "unpacked. Open it in Word and save it anew.",
            ),
        ) from exc
    except RuntimeError as exc:  # zipfile: an encrypted member
        raise ExtractError(
            "password",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This document is encrypted. Remove the password in Word, save, and add it again.",
            ),
        ) from exc
