"""OpenDocument files (.odt text, .ods spreadsheets, .odp presentations).

The zip package is read through ``zip_package`` (part counts, zip-bomb ratios, DTDs
and entities refused); a package whose manifest lists encrypted parts asks for its
password to be removed (``odf_xml.check_package``). Text documents give one page with
their headings (then the page headers and footers); presentations one page per slide
(``odp``); spreadsheets one page per sheet, streamed (``ods``). The title is the one
in ``meta.xml``, else the first heading.
"""

from __future__ import annotations

from pathlib import Path

from engine.library.formats.odf_xml import Blocks, body, check_package, join_blocks, local
from engine.library.formats.odp import read_odp
from engine.library.formats.ods import read_ods
from engine.library.formats.zip_package import Package, read_package
from engine.library.types import Extracted


def _title(package: Package) -> str:
    meta = package.xml("meta.xml")
    for element in meta.iter() if meta is not None else ():
        if element.tag == "{http://purl.org/dc/elements/1.1/}title":
            return " ".join((element.text or "").split())
    return ""


def _headers_and_footers(package: Package) -> list[tuple[str, int]]:
    """The master pages' header and footer paragraphs (in ``styles.xml``), once each."""
    root = package.xml("styles.xml")
    seen: list[tuple[str, int]] = []
    for element in root.iter() if root is not None else ():
        if local(element) in ("header", "footer", "header-left", "footer-left"):
            found = Blocks()
            found.walk(element)
            seen += [block for block in found.blocks if block not in seen]
    return seen


def _read_text(package: Package) -> Extracted:
    root = package.xml("content.xml", required=True)
    assert root is not None
    blocks = Blocks()
    text = body(root, "text")
    if text is not None:
        blocks.walk(text)
    title = _title(package) or next((t for t, level in blocks.blocks if level == 1), "")
    extras = _headers_and_footers(package)
    return Extracted("odt", (join_blocks(blocks.blocks + extras),), title=title)


def extract_odf(path: Path, kind: str, *, max_bytes: int) -> Extracted:
    """An OpenDocument file of ``kind`` (odt, ods or odp).

    Raises:
        ExtractError: ``corrupt``, ``unsafe`` (zip bomb, DTD/entities), ``password``.
    """

    def read(package: Package) -> Extracted:
        check_package(package)
        if kind == "ods":
            return read_ods(package)
        if kind == "odp":
            slides = read_odp(package)
            return Extracted("odp", slides.pages, title=_title(package) or slides.title)
        return _read_text(package)

    return read_package(path, max_bytes, read)
