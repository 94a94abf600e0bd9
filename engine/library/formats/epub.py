"""E-books (.epub 2 and 3): one page per chapter, in reading order, with its headings.

The zip package is read through ``zip_package`` (part counts, zip-bomb ratios, XML
without DTDs or entities); ``META-INF/container.xml`` names the package document, whose
spine gives the chapters' order. Each chapter's XHTML is read as a web page is
(``html``: visible text, h1–h6 headings); a chapter without a heading of its own takes
its name from the table of contents. A book whose chapters are encrypted (DRM) is
refused with what to do; obfuscated fonts alone are not a reason to refuse.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote
from xml.etree.ElementTree import Element

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.formats.html import declared_charset, html_to_text
from engine.library.formats.text import decode_bytes
from engine.library.formats.zip_package import Package, read_package
from engine.library.types import Extracted, Heading, Page

_CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
_DC = "http://purl.org/dc/elements/1.1/"
_FONT_OBFUSCATION = frozenset({"http://www.idpf.org/2008/embedding",
                               "http://ns.adobe.com/pdf/enc#RC"})  # fmt: skip
_CHAPTER_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml"})


def _local(element: Element) -> str:
    return element.tag.rpartition("}")[2]


def _damaged(detail: str) -> ExtractError:
    return ExtractError(
        "corrupt",
        QT_TRANSLATE_NOOP(
            "Engine", "This e-book is damaged and can't be opened ({detail}). Get the file again."
        ).format(detail=detail),
    )


def _check_drm(package: Package) -> None:
    root = package.xml("META-INF/encryption.xml")
    for method in root.iter() if root is not None else ():
        if _local(method) == "EncryptionMethod" and method.get("Algorithm") not in (
            _FONT_OBFUSCATION
        ):
            raise ExtractError(
                "password",
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "This e-book is locked with DRM (copy protection), so its text can't be "
                    "read. Use a copy without DRM, or export it as PDF from the app that "
                    "opens it.",
                ),
            )


def _package_document(package: Package) -> str:
    root = package.xml("META-INF/container.xml")
    for element in root.iter() if root is not None else ():
        if element.tag == f"{{{_CONTAINER}}}rootfile" and element.get("full-path"):
            return element.get("full-path", "")
    opf = [name for name in package.infos if name.lower().endswith(".opf")]
    if not opf:
        raise _damaged("META-INF/container.xml")
    return opf[0]


def _toc_labels(package: Package, items: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Chapter part → its name in the table of contents (NCX or EPUB 3 nav)."""
    labels: dict[str, str] = {}
    for href, media in items.values():
        if media not in ("application/x-dtbncx+xml",) and not href.endswith(".ncx"):
            continue
        root = package.xml(href)
        for point in root.iter() if root is not None else ():
            if _local(point) != "navPoint":
                continue
            text = next((" ".join("".join(e.itertext()).split()) for e in point
                         if _local(e) == "navLabel"), "")  # fmt: skip
            content = next((e.get("src", "") for e in point if _local(e) == "content"), "")
            part = posixpath.normpath(posixpath.join(posixpath.dirname(href), unquote(content)))
            labels.setdefault(part.split("#", 1)[0], text)
    return labels


def _spine(package: Package, opf: str) -> tuple[str, list[str], dict[str, str]]:
    """The book's title, its chapters' part names in reading order, and TOC names."""
    root = package.xml(opf, required=True)
    assert root is not None
    folder = posixpath.dirname(opf)
    title = next((" ".join((e.text or "").split()) for e in root.iter()
                  if e.tag == f"{{{_DC}}}title"), "")  # fmt: skip
    items: dict[str, tuple[str, str]] = {}
    for item in root.iter():
        if _local(item) == "item" and item.get("id") and item.get("href"):
            href = posixpath.normpath(posixpath.join(folder, unquote(item.get("href", ""))))
            items[item.get("id", "")] = (href, item.get("media-type", ""))
    chapters = []
    for ref in root.iter():
        if _local(ref) == "itemref" and ref.get("idref") in items:
            href, media = items[ref.get("idref", "")]
            if media in _CHAPTER_TYPES or href.endswith((".xhtml", ".html", ".htm")):
                chapters.append(href)
    return title, chapters, _toc_labels(package, items)


def _chapter(package: Package, part: str, number: int, label: str) -> Page | None:
    data = package.read(part)
    if data is None:
        return None
    text, headings, title = html_to_text(decode_bytes(data, declared=declared_charset(data)).text)
    if not text.strip():
        return None
    name = label or title
    if name and not any(h.offset == 0 for h in headings):
        headings = (Heading(0, 1, name), *(Heading(h.offset, h.level + 1, h.title)
                                          for h in headings))  # fmt: skip
    return Page(number, text, headings)


def _read(package: Package) -> Extracted:
    _check_drm(package)
    title, chapters, labels = _spine(package, _package_document(package))
    pages: list[Page] = []
    for part in chapters:
        page = _chapter(package, part, len(pages) + 1, labels.get(part, ""))
        if page is not None:
            pages.append(page)
    partial = package.skipped > 0
    note = QT_TRANSLATE_NOOP(
        "Engine", "This e-book holds more text than Hisho reads; its last chapters were left out."
    )
    return Extracted(
        "epub", tuple(pages) or (Page(None, ""),), title=title, partial=partial,
        note=note if partial else "",
    )  # fmt: skip


def extract_epub(path: Path, *, max_bytes: int) -> Extracted:
    """Every chapter of an EPUB book, one page each.

    Raises:
        ExtractError: ``corrupt``, ``unsafe`` (zip bomb, DTD/entities), ``password`` (DRM).
    """
    return read_package(path, max_bytes, _read)
