"""PowerPoint presentations (.pptx), read with ``zipfile`` and defusedxml, nothing else.

One page per slide in the presentation's order (hidden slides too), numbered as the
slides are: the title placeholder's text is the page's heading and comes first, then
every other shape's text in the slide's order (grouped shapes, tables with tab-separated
cells), then the speaker notes after a "Notes:" line. Slide numbers, dates and footers
are left out. Both the transitional and the Strict (ISO 29500) namespaces are read.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.formats.slides import slide_page
from engine.library.formats.zip_package import Package, read_package
from engine.library.types import Extracted, Page

_NAMESPACES = frozenset({
    "http://schemas.openxmlformats.org/presentationml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://purl.oclc.org/ooxml/presentationml/main",
    "http://purl.oclc.org/ooxml/drawingml/main",
})  # fmt: skip
_REL_IDS = frozenset({
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
})  # fmt: skip
_TITLES = frozenset({"title", "ctrTitle"})
_NOT_TEXT = frozenset({"sldNum", "dt", "ftr", "hdr", "sldImg"})


def _local(element: Element) -> str:
    namespace, _, name = element.tag[1:].partition("}")
    return name if namespace in _NAMESPACES else ""


def _placeholder(shape: Element) -> str:
    """The placeholder type of a shape ('' when it is not one; 'body' by default)."""
    for element in shape.iter():
        if _local(element) == "ph":
            return element.get("type", "body")
        if _local(element) == "txBody":
            break
    return ""


def _paragraphs(body: Element) -> str:
    lines: list[str] = []
    for paragraph in body:
        if _local(paragraph) != "p":
            continue
        parts: list[str] = []
        for run in paragraph:
            local = _local(run)
            if local in ("r", "fld"):
                parts += [t.text or "" for t in run if _local(t) == "t"]
            elif local == "br":
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(line for line in lines if line.strip())


def _table(frame: Element) -> list[str]:
    rows: list[str] = []
    for row in frame.iter():
        if _local(row) != "tr":
            continue
        cells = []
        for cell in row:
            body = next((e for e in cell if _local(e) == "txBody"), None)
            cells.append(_paragraphs(body).replace("\n", " ") if body is not None else "")
        if any(cells):
            rows.append("\t".join(cells).rstrip("\t"))
    return rows


def _shapes(tree: Element, texts: list[tuple[str, str]]) -> None:
    """(placeholder type, text) of every shape under ``tree``, in order."""
    for shape in tree:
        local = _local(shape)
        if local == "sp":
            body = next((e for e in shape if _local(e) == "txBody"), None)
            if body is not None:
                texts.append((_placeholder(shape), _paragraphs(body)))
        elif local == "grpSp":
            _shapes(shape, texts)
        elif local == "graphicFrame":
            texts += [("", row) for row in _table(shape)]


def _texts(package: Package, part: str) -> list[tuple[str, str]]:
    root = package.xml(part)
    texts: list[tuple[str, str]] = []
    for element in root.iter() if root is not None else ():
        if _local(element) == "spTree":
            _shapes(element, texts)
            break
    return texts


def _slide(package: Package, number: int, part: str) -> Page:
    title, body = "", []
    for kind, text in _texts(package, part):
        if kind in _TITLES and not title:
            title = " ".join(text.split())
        elif kind not in _NOT_TEXT and text:
            body.append(text)
    notes_part = next((t for k, t in package.relationships(part) if k == "notesSlide"), "")
    notes = [text for kind, text in _texts(package, notes_part) if kind == "body" and text]
    return slide_page(number, title, body, notes if notes_part else [])


def _slide_parts(package: Package) -> list[str]:
    main = next(
        (t for k, t in package.relationships("") if k == "officeDocument"), "ppt/presentation.xml"
    )
    root = package.xml(main)
    if root is None:
        raise ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This presentation is damaged and can't be opened. It has no presentation part.",
            ),
        )
    targets = package.related(main)
    order = [
        next((v for k, v in element.attrib.items() if k in _REL_IDS), "")
        for element in root.iter()
        if _local(element) == "sldId"
    ]
    return [targets[rid] for rid in order if targets.get(rid, "") in package.infos]


def _read(package: Package) -> Extracted:
    parts = _slide_parts(package)
    pages = tuple(_slide(package, number, part) for number, part in enumerate(parts, start=1))
    title = next((h.title for page in pages for h in page.headings), "")
    partial = package.skipped > 0
    return Extracted(
        "pptx",
        pages or (Page(None, ""),),
        title=title,
        partial=partial,
        note=QT_TRANSLATE_NOOP("Engine", "Some parts of this document were too large to read.")
        if partial
        else "",
    )


def extract_pptx(path: Path, *, max_bytes: int) -> Extracted:
    """Every slide of a PowerPoint presentation, one page each.

    Raises:
        ExtractError: ``corrupt``, ``unsafe`` (zip bomb, DTD/entities), ``password``.
    """
    return read_package(path, max_bytes, _read)
