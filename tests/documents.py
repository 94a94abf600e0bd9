"""Real documents for tests, written byte by byte (no PDF library needed to make them).

A PDF here is the smallest valid file: a catalog, a page tree, one page object per
page with a Helvetica text stream, and a correct cross-reference table; PDFium
extracts and renders its text like any other PDF's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(path: Path, pages: Sequence[Sequence[str] | str], title: str = "") -> Path:
    """A valid PDF with one page per item of ``pages``, each line drawn in Helvetica
    (real text that PDFium extracts and renders), with a correct cross-reference table."""
    count = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        (
            "<< /Type /Pages /Kids ["
            + " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
            + f"] /Count {count} >>"
        ).encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, page in enumerate(pages):
        lines = [page] if isinstance(page, str) else list(page)
        content_id = 5 + 2 * index
        objects.append(
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
            ).encode()
        )
        drawn = "".join(f"({_escape(line)}) Tj T* " for line in lines)
        stream = f"BT /F1 12 Tf 16 TL 72 720 Td {drawn}ET".encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    trailer = b""
    if title:
        objects.append(f"<< /Title ({_escape(title)}) >>".encode("cp1252"))
        trailer = b"/Info %d 0 R" % len(objects)
    path.write_bytes(pdf_file(objects, trailer))
    return path


def pdf_file(objects: Sequence[bytes], trailer: bytes = b"", xref_loops: bool = False) -> bytes:
    """A PDF file of ``objects`` (object 1 is the catalog) with a correct cross-reference
    table; ``trailer``: more trailer entries. ``xref_loops``: the table names itself as
    the previous one, so a reader that follows /Prev naively never stops."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    extra = b" ".join(part for part in (trailer, b"/Prev %d" % xref if xref_loops else b"") if part)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\n" % (len(objects) + 1, extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def report_pages() -> list[list[str]]:
    """Three pages; page 2 holds a distinctive fact."""
    return [
        [
            "Annual Report of the Lighthouse Cooperative",
            "This report describes the work of the cooperative during the year.",
            "The members met four times and agreed on a new budget for repairs.",
        ],
        [
            "Maintenance",
            "The lighthouse lamp was replaced in March.",
            "The new lamp is a cobalt-blue lantern named Aurelia, built in Tromso.",
            "Aurelia can be seen from 42 kilometres away on a clear night.",
        ],
        [
            "Finances",
            "Income came from visitor tickets and a grant from the harbour town.",
            "Costs were mostly for paint, fuel and the keeper's salary.",
        ],
    ]


_TOPICS = [
    ("harbour", "the harbour master", "ferries", "the north pier"),
    ("orchard", "the head gardener", "apple trees", "the old cider press"),
    ("library", "the chief librarian", "rare maps", "the reading room"),
    ("railway", "the station manager", "night trains", "the signal box"),
    ("school", "the head teacher", "science classes", "the new laboratory"),
    ("hospital", "the ward sister", "night shifts", "the children's wing"),
]


def long_report_pages(count: int) -> list[list[str]]:
    """``count`` pages of a town's annual report: a chapter per topic, every page with
    its own numbers (page p of chapter c mentions the figure c*100+p), so a summary
    point can be traced to its pages."""
    pages: list[list[str]] = []
    per_chapter = max(1, count // len(_TOPICS))
    for index in range(count):
        chapter = min(index // per_chapter, len(_TOPICS) - 1)
        topic, person, things, place = _TOPICS[chapter]
        figure = (chapter + 1) * 100 + index
        pages.append(
            [
                f"Chapter {chapter + 1}: the {topic}, page {index + 1}",
                f"In week {index + 1} {person} counted {figure} visitors at {place}.",
                f"The budget for {things} grew to {figure * 12} crowns this year.",
                f"Volunteers repaired {index % 7 + 2} roofs near {place} before winter.",
                f"A survey of {figure // 3} residents praised the {topic} staff.",
                f"The council will review the {topic} plan again in spring.",
            ]
        )
    return pages
