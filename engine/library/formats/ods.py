"""OpenDocument spreadsheets (.ods): one page of rows per sheet, streamed.

``content.xml`` is parsed as it inflates and each row is dropped once read, so a huge
sheet never sits in memory. A cell's text is what LibreOffice shows (its ``text:p``,
already formatted: ``¥12,000``, ``2024-01-05``), else its ``office:value``. Repeats
(``number-rows-repeated``, ``number-columns-repeated``: a sheet's empty tail is one
row repeated a million times) are expanded only as far as they hold text, and only so
far (a file made to repeat a row endlessly reads a bounded number of copies).
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from engine.library.formats.odf_xml import attr, inline_text, local
from engine.library.formats.sheet_rows import SheetText, TextBudget, rows_note
from engine.library.formats.zip_package import Package
from engine.library.types import Extracted, Page

_MAX_ROW_REPEAT = 1000
_MAX_CELL_REPEAT = 256
_MAX_PADDING = 1024


def _repeat(element: Element, name: str, most: int) -> int:
    count = attr(element, name)
    return max(1, min(int(count), most)) if count.isdigit() else 1


def _cell_text(cell: Element) -> str:
    lines = [inline_text(child) for child in cell if local(child) == "p"]
    if any(line.strip() for line in lines):
        return "\n".join(lines)
    for name in ("value", "date-value", "time-value", "boolean-value", "string-value"):
        if value := attr(cell, name):
            return value
    return ""


def _row_cells(row: Element) -> list[str]:
    cells: list[str] = []
    pending_blank = 0
    for cell in row:
        if local(cell) not in ("table-cell", "covered-table-cell"):
            continue
        text = _cell_text(cell)
        if not text.strip():
            pending_blank += _repeat(cell, "number-columns-repeated", 1 << 30)
            continue
        cells += [""] * min(pending_blank, _MAX_PADDING)
        pending_blank = 0
        cells += [text] * _repeat(cell, "number-columns-repeated", _MAX_CELL_REPEAT)
    return cells


def _sheets(package: Package) -> Iterator[tuple[str, Iterator[list[str]]]]:
    """Each sheet's name with its rows, as ``content.xml`` inflates."""
    events = package.iter_xml("content.xml", ("start", "end"))
    for event, element in events:
        if event == "start" and local(element) == "table":
            yield attr(element, "name"), _rows(events, element)


def _rows(events: Iterator[tuple[str, Element]], table: Element) -> Iterator[list[str]]:
    """The rows of ``table`` from the shared event stream, up to its end."""
    stack = [table]
    for event, element in events:
        if event == "start":
            stack.append(element)
            continue
        stack.pop()
        if element is table:
            table.clear()
            return
        if local(element) != "table-row":
            continue
        cells = _row_cells(element)
        if cells:
            for _ in range(_repeat(element, "number-rows-repeated", _MAX_ROW_REPEAT)):
                yield cells
        if stack:
            stack[-1].remove(element)


def read_ods(package: Package) -> Extracted:
    """Every sheet of the spreadsheet in ``package`` as a page of rows."""
    budget = TextBudget(package.max_bytes)
    pages: list[Page] = []
    note = ""
    for number, (name, rows) in enumerate(_sheets(package), start=1):
        sheet = SheetText(name, number, budget)
        for row in rows:
            if not sheet.add_row(row):
                note = rows_note(name, sheet.rows_read, late=budget.late)
                break
        if sheet.lines:
            pages.append(sheet.page())
        if budget.cut:
            break
    return Extracted("ods", tuple(pages) or (Page(None, ""),), partial=budget.cut, note=note)
