"""Office, OpenDocument and EPUB files written part by part with ``zipfile``.

Each builder writes the smallest package the format's readers accept (the parts Excel,
PowerPoint, LibreOffice and e-book readers need), with the XML given, so a test can
say exactly what is inside, including what a hostile file would put there.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PRES = "http://schemas.openxmlformats.org/presentationml/2006/main"
DRAW = "http://schemas.openxmlformats.org/drawingml/2006/main"
ODF = "urn:oasis:names:tc:opendocument:xmlns:"
ODF_NS = (
    f'xmlns:office="{ODF}office:1.0" xmlns:text="{ODF}text:1.0" xmlns:table="{ODF}table:1.0" '
    f'xmlns:draw="{ODF}drawing:1.0" xmlns:presentation="{ODF}presentation:1.0"'
)


def write_zip(path: Path, parts: dict[str, str | bytes], *, stored_first: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(stored_first, parts[stored_first], zipfile.ZIP_STORED)
        for name, data in parts.items():
            if name != stored_first:
                archive.writestr(name, data)
    return path


def _rels(*targets: tuple[str, str, str]) -> str:
    rows = "".join(
        f'<Relationship Id="{rid}" Type="{DOC_RELS}/{kind}" Target="{target}"/>'
        for rid, kind, target in targets
    )
    return f'<?xml version="1.0"?><Relationships xmlns="{RELS}">{rows}</Relationships>'


# --- Excel -------------------------------------------------------------------------


def cell(reference: str, value: object, *, formula: str = "", style: int = 0) -> str:
    """One ``<c>``: strings inline, numbers as values; ``formula`` with or without
    its saved result (``value=None``)."""
    attrs = f' r="{reference}"' + (f' s="{style}"' if style else "")
    f = f"<f>{escape(formula)}</f>" if formula else ""
    if value is None:
        return f"<c{attrs}>{f}</c>"
    if isinstance(value, str) and not formula:
        return f'<c{attrs} t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    if isinstance(value, str):
        return f'<c{attrs} t="str">{f}<v>{escape(value)}</v></c>'
    return f"<c{attrs}>{f}<v>{value}</v></c>"


def sheet_xml(rows: Sequence[Sequence[object]]) -> str:
    body = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            value if isinstance(value, str) and value.startswith("<c ") else
            cell(f"{chr(65 + column)}{number}", value)
            for column, value in enumerate(row) if value != ""
        )  # fmt: skip
        body.append(f'<row r="{number}">{cells}</row>')
    return f'<worksheet xmlns="{SHEET}"><sheetData>{"".join(body)}</sheetData></worksheet>'


def make_xlsx(
    path: Path,
    sheets: dict[str, str | Sequence[Sequence[object]]],
    *,
    shared: Sequence[str] = (),
    styles: str = "",
) -> Path:
    """A workbook: sheet name → rows (or a worksheet's XML); ``shared`` strings."""
    entries, rels, parts = [], [], {}
    for index, (name, rows) in enumerate(sheets.items(), start=1):
        entries.append(f'<sheet name="{escape(name)}" sheetId="{index}" r:id="rId{index}"/>')
        rels.append((f"rId{index}", "worksheet", f"worksheets/sheet{index}.xml"))
        xml = rows if isinstance(rows, str) else sheet_xml(rows)
        parts[f"xl/worksheets/sheet{index}.xml"] = xml
    if shared:
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{SHEET}">{items}</sst>'
        rels.append(("rIdS", "sharedStrings", "sharedStrings.xml"))
    if styles:
        parts["xl/styles.xml"] = styles
        rels.append(("rIdT", "styles", "styles.xml"))
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{SHEET}" xmlns:r="{DOC_RELS}"><sheets>{"".join(entries)}</sheets>'
        "</workbook>"
    )
    parts["xl/_rels/workbook.xml.rels"] = _rels(*rels)
    parts["_rels/.rels"] = _rels(("rId1", "officeDocument", "xl/workbook.xml"))
    parts["[Content_Types].xml"] = "<Types/>"
    return write_zip(path, parts)


# --- PowerPoint --------------------------------------------------------------------


def shape(text: str, placeholder: str = "") -> str:
    ph = f'<p:nvPr><p:ph type="{placeholder}"/></p:nvPr>' if placeholder else "<p:nvPr/>"
    paragraphs = "".join(
        f"<a:p><a:r><a:t>{escape(line)}</a:t></a:r></a:p>" for line in text.split("\n")
    )
    return f"<p:sp><p:nvSpPr>{ph}</p:nvSpPr><p:txBody>{paragraphs}</p:txBody></p:sp>"


def _slide(shapes: str) -> str:
    return (
        f'<p:sld xmlns:p="{PRES}" xmlns:a="{DRAW}"><p:cSld><p:spTree>{shapes}</p:spTree>'
        "</p:cSld></p:sld>"
    )


def make_pptx(path: Path, slides: Sequence[tuple[str, str, str]]) -> Path:
    """A presentation of (title, body, speaker notes) slides."""
    parts: dict[str, str | bytes] = {}
    ids, rels = [], []
    for index, (title, body, notes) in enumerate(slides, start=1):
        shapes = (shape(title, "title") if title else "") + (shape(body) if body else "")
        parts[f"ppt/slides/slide{index}.xml"] = _slide(shapes)
        if notes:
            parts[f"ppt/notesSlides/notesSlide{index}.xml"] = _slide(
                shape("", "sldImg") + shape(notes, "body") + shape(str(index), "sldNum")
            )
            parts[f"ppt/slides/_rels/slide{index}.xml.rels"] = _rels(
                ("rId1", "notesSlide", f"../notesSlides/notesSlide{index}.xml")
            )
        ids.append(f'<p:sldId id="{255 + index}" r:id="rId{index}"/>')
        rels.append((f"rId{index}", "slide", f"slides/slide{index}.xml"))
    parts["ppt/presentation.xml"] = (
        f'<p:presentation xmlns:p="{PRES}" xmlns:r="{DOC_RELS}"><p:sldIdLst>{"".join(ids)}'
        "</p:sldIdLst></p:presentation>"
    )
    parts["ppt/_rels/presentation.xml.rels"] = _rels(*rels)
    parts["_rels/.rels"] = _rels(("rId1", "officeDocument", "ppt/presentation.xml"))
    parts["[Content_Types].xml"] = "<Types/>"
    return write_zip(path, parts)


# --- OpenDocument and EPUB ---------------------------------------------------------

ODF_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
ODF_BODY = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}


def make_odf(path: Path, kind: str, body: str, *, content: str = "") -> Path:
    """An OpenDocument file of ``kind`` whose office body holds ``body`` (or whose
    whole content part is ``content``)."""
    content = content or (
        f'<?xml version="1.0"?><office:document-content {ODF_NS}><office:body>'
        f"<office:{ODF_BODY[kind]}>{body}</office:{ODF_BODY[kind]}></office:body>"
        "</office:document-content>"
    )
    return write_zip(
        path,
        {"mimetype": ODF_TYPES[kind], "content.xml": content,
         "META-INF/manifest.xml": f'<manifest:manifest xmlns:manifest="{ODF}manifest:1.0"/>'},
        stored_first="mimetype",
    )  # fmt: skip


def make_epub(path: Path, chapters: Sequence[str], *, title: str = "A Book") -> Path:
    """An EPUB 2 book whose chapters' bodies are the given XHTML fragments."""
    items = "".join(
        f'<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>'
        for n in range(len(chapters))
    )
    spine = "".join(f'<itemref idref="c{n}"/>' for n in range(len(chapters)))
    parts: dict[str, str | bytes] = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": (
            '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">'
            '<rootfiles><rootfile full-path="OEBPS/book.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>'
        ),
        "OEBPS/book.opf": (
            '<package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{escape(title)}</dc:title>'
            f"</metadata><manifest>{items}</manifest><spine>{spine}</spine></package>"
        ),
    }
    for n, chapter in enumerate(chapters):
        parts[f"OEBPS/c{n}.xhtml"] = (
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>Chapter {n}</title></head><body>{chapter}</body></html>"
        )
    return write_zip(path, parts, stored_first="mimetype")
