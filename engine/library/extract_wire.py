"""An :class:`Extracted` as plain JSON data: what the guarded child sends back, and what
``hisho extract --json`` prints."""

from __future__ import annotations

from typing import Any

from engine.library.types import Extracted, Heading, Page, TextLine


def page_to_dict(page: Page) -> dict[str, Any]:
    return {
        "number": page.number,
        "text": page.text,
        "headings": [
            {"offset": h.offset, "level": h.level, "title": h.title} for h in page.headings
        ],
        **({"rows": True} if page.rows else {}),
        **({"scanned": True} if page.scanned else {}),
        **(
            {"lines": [[line.start, line.end, *line.region] for line in page.lines]}
            if page.lines
            else {}
        ),
    }


def page_from_dict(page: dict[str, Any]) -> Page:
    return Page(
        page["number"],
        page["text"],
        tuple(Heading(h["offset"], h["level"], h["title"]) for h in page["headings"]),
        rows=bool(page.get("rows", False)),
        scanned=bool(page.get("scanned", False)),
        lines=tuple(
            TextLine(int(s), int(e), (float(x), float(y), float(w), float(h)))
            for s, e, x, y, w, h in page.get("lines", ())
        ),
    )


def extracted_to_dict(extracted: Extracted) -> dict[str, Any]:
    """``extracted`` as plain JSON data."""
    return {
        "kind": extracted.kind,
        "title": extracted.title,
        "encoding": extracted.encoding,
        "partial": extracted.partial,
        "note": extracted.note,
        "pages": [page_to_dict(page) for page in extracted.pages],
        **({"scan": list(extracted.scan)} if extracted.scan else {}),
    }


def extracted_from_dict(data: dict[str, Any]) -> Extracted:
    return Extracted(
        kind=data["kind"],
        pages=tuple(page_from_dict(page) for page in data["pages"]),
        title=data["title"],
        encoding=data["encoding"],
        partial=data["partial"],
        note=data["note"],
        scan=tuple(int(n) for n in data.get("scan", ())),
    )
