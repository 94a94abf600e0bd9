"""Excel workbooks (.xlsx, .xlsm), read with ``zipfile`` and defusedxml, streamed.

One page per sheet, in the workbook's order, its name as the heading; each row a
passage that keeps the column headers (``sheet_rows``). Worksheets are parsed as they
inflate (``Package.iter_xml``), a row at a time, so a million-row sheet never sits in
memory; reading stops at the text budget with a note. Formulas are read as the values
Excel saved with them; formulas saved without a value (files written by programs that
do not calculate) are counted and said, and a workbook with nothing but those is an
error that says what to do. Shared strings skip their phonetic guides (furigana).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.formats.cell_format import NumberFormat, plain_number
from engine.library.formats.sheet_rows import SheetText, TextBudget, column_index, rows_note
from engine.library.formats.zip_package import Package, read_package
from engine.library.types import Extracted, Page

_MAIN = frozenset({
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
})  # fmt: skip
_REL_ID = frozenset({
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
})  # fmt: skip
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_MAX_PADDING = 1024  # empty cells filled in before a cell far to the right

FORMULAS_ONLY = QT_TRANSLATE_NOOP(
    "Engine",
    "This workbook's formulas were saved without their results (a program that doesn't "
    "calculate wrote it), so there is nothing to read. Open it in Excel or LibreOffice, "
    "save it, and add it again.",
)


def _local(element: Element) -> str:
    namespace, _, name = element.tag[1:].partition("}")
    return name if namespace in _MAIN else ""


def _rel_id(element: Element) -> str:
    return next((value for key, value in element.attrib.items() if key in _REL_ID), "")


def _text(element: Element) -> str:
    """The text of a string item: its runs' ``t``, without phonetic guides (``rPh``)."""
    parts: list[str] = []
    for child in element:
        local = _local(child)
        if local == "t":
            parts.append(child.text or "")
        elif local == "r":
            parts += [t.text or "" for t in child if _local(t) == "t"]
    return _unescape("".join(parts))


def _unescape(text: str) -> str:
    """OOXML's ``_xHHHH_`` escapes (a carriage return is ``_x000D_``) as characters."""
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


@dataclass
class _Book:
    package: Package
    budget: TextBudget
    strings: list[str] = field(default_factory=list)
    formats: list[NumberFormat | None] = field(default_factory=list)
    date1904: bool = False
    uncalculated: int = 0


def _shared_strings(book: _Book, name: str) -> None:
    """Every shared string, streamed; held under the text budget (past it, blank)."""
    room = book.budget.left
    for _, element in book.package.iter_xml(name):
        if _local(element) != "si":
            continue
        text = _text(element) if room > 0 else ""
        room -= len(text)
        book.strings.append(text)
        element.clear()


def _styles(book: _Book, name: str) -> None:
    root = book.package.xml(name)
    if root is None:
        return
    codes: dict[int, str] = {}
    for section in root:
        if _local(section) == "numFmts":
            for fmt in section:
                if fmt.get("numFmtId", "").isdigit():
                    codes[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    for section in root:
        if _local(section) != "cellXfs":
            continue
        for xf in section:
            number = int(xf.get("numFmtId", "0")) if xf.get("numFmtId", "").isdigit() else 0
            book.formats.append(NumberFormat(number, codes.get(number, "")) if number else None)


def _tags(local: str) -> frozenset[str]:
    """``local``'s full tag in each SpreadsheetML namespace (compared as is: fast)."""
    return frozenset(f"{{{namespace}}}{local}" for namespace in _MAIN)


_ROW, _C, _V, _F, _IS = (_tags(name) for name in ("row", "c", "v", "f", "is"))


def _cell(book: _Book, cell: Element) -> str:
    kind = cell.get("t", "n")
    value: str | None = None
    has_formula = False
    for child in cell:
        tag = child.tag
        if tag in _V:
            value = child.text or ""
        elif tag in _F:
            has_formula = True
        elif tag in _IS:
            return _text(child)
    if value is None:
        book.uncalculated += has_formula
        return ""
    if kind == "s":
        index = int(value) if value.isdigit() else -1
        return book.strings[index] if 0 <= index < len(book.strings) else ""
    if kind == "b":
        return "TRUE" if value == "1" else "FALSE"
    if kind in ("str", "e", "d", "inlineStr"):
        return _unescape(value)
    return _number(book, cell, value)


def _number(book: _Book, cell: Element, value: str) -> str:
    style = cell.get("s", "")
    if value.isdigit() and (not style or not book.formats):
        return value  # the common case, without float()
    try:
        number = float(value)
    except ValueError:
        return value
    index = int(style) if style.isdigit() else 0
    fmt = book.formats[index] if index < len(book.formats) else None
    return fmt.show(number, book.date1904) if fmt is not None else plain_number(number)


def _rows(book: _Book, name: str) -> Iterator[list[str]]:
    """The sheet's rows as cell texts, parsed as the part inflates. Each row is
    emptied once read: what stays is an empty element per row (Excel's most, a million
    rows, leave tens of megabytes)."""
    for _, element in book.package.iter_xml(name):
        if element.tag not in _ROW:
            continue
        cells: list[str] = []
        for cell in element:
            if cell.tag not in _C:
                continue
            reference = cell.get("r", "")
            column = column_index(reference) if reference else len(cells)
            if len(cells) < column <= _MAX_PADDING:
                cells += [""] * (column - len(cells))
            cells.append(_cell(book, cell))
        element.clear()
        yield cells


def _sheets(package: Package, workbook: str) -> tuple[list[tuple[str, str]], bool]:
    """(name, part) of each sheet in the workbook's order, and whether dates count from 1904."""
    root = package.xml(workbook, required=True)
    assert root is not None
    targets = package.related(workbook)
    sheets: list[tuple[str, str]] = []
    date1904 = False
    for section in root:
        local = _local(section)
        if local == "workbookPr":
            date1904 = section.get("date1904", "") in ("1", "true")
        elif local == "sheets":
            for sheet in section:
                part = targets.get(_rel_id(sheet), "")
                if part in package.infos:
                    sheets.append((sheet.get("name", ""), part))
    return sheets, date1904


def _workbook_part(package: Package) -> str:
    for kind, target in package.relationships(""):
        if kind == "officeDocument" and target in package.infos:
            return target
    if "xl/workbook.xml" in package.infos:
        return "xl/workbook.xml"
    raise ExtractError(
        "corrupt",
        QT_TRANSLATE_NOOP(
            "Engine", "This workbook is damaged and can't be opened. It has no workbook part."
        ),
    )


def _read(package: Package) -> Extracted:
    workbook = _workbook_part(package)
    budget = TextBudget(package.max_bytes)
    book = _Book(package, budget)
    sheets, book.date1904 = _sheets(package, workbook)
    for kind, target in package.relationships(workbook):
        if kind == "sharedStrings":
            _shared_strings(book, target)
        elif kind == "styles":
            _styles(book, target)
    pages: list[Page] = []
    note = ""
    for number, (name, part) in enumerate(sheets, start=1):
        sheet = SheetText(name, number, budget)
        if not all(sheet.add_row(row) for row in _rows(book, part)):
            note = rows_note(name, sheet.rows_read, late=budget.late)
        if sheet.lines:
            pages.append(sheet.page())
        if budget.cut:
            break
    return _result(book, pages, note)


def _result(book: _Book, pages: list[Page], note: str) -> Extracted:
    has_text = any(page.text.strip() for page in pages)
    if book.uncalculated and not has_text:
        raise ExtractError("empty", FORMULAS_ONLY)
    if book.uncalculated:
        note = " ".join(
            part
            for part in (
                note,
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "{count} formulas were saved without their results, so their cells "
                    "read as empty. Open the workbook in Excel or LibreOffice and save it "
                    "to include them.",
                ).format(count=f"{book.uncalculated:,}"),
            )
            if part
        )
    return Extracted(
        kind="xlsx",
        pages=tuple(pages) or (Page(None, ""),),
        partial=book.budget.cut or bool(book.uncalculated),
        note=note,
    )


def extract_xlsx(path: Path, *, max_bytes: int) -> Extracted:
    """Every sheet of an Excel workbook as a page of rows.

    Raises:
        ExtractError: ``corrupt``, ``unsafe`` (zip bomb, DTD/entities), ``password``,
            ``empty`` (only formulas without saved results).
    """
    return read_package(path, max_bytes, _read)
