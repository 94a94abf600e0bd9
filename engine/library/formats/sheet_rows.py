"""A sheet's rows as passages that keep their column headers.

Every spreadsheet reader (CSV/TSV, XLSX, ODS) hands its rows here, one at a time, as
lists of cell texts. The first row that looks like headers (two or more cells, all
words, or years) names the columns; each later row becomes one line that names every
cell by its header: ``Invoice: 1042 · Customer: Sato · Total: ¥12,000``, so a question
about any one row finds that row with its context. Up to three one-cell rows above the
headers (a title, a date) and the headers themselves are kept as plain lines; a sheet
without headers lists its cells by value. A page of rows is marked ``rows``, so the
chunker never cuts inside one.

The text is kept under a character budget shared by all sheets of a file: a huge sheet
is read row by row and stops at the budget with a note, never held whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.deadline import past_deadline
from engine.library.types import Heading, Page

#: Between the cells of a row's passage.
CELL_SEPARATOR = " · "
_PREAMBLE_ROWS = 3
_NUMBER = re.compile(r"^[\s(+\-−]*[¥$€£]?\s*[\d.,]+\s*[%¥$€£円]?[\s)]*$")
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass
class TextBudget:
    """Characters of text a file may still give (shared by its sheets), and whether the
    time for reading it ran out (``engine.library.deadline``)."""

    left: int
    cut: bool = False
    late: bool = False
    _taken: int = 0

    def take(self, size: int) -> bool:
        """Spend ``size`` characters; False (and ``cut``) when they are not there, or
        when the file's time is up (asked every 256 rows)."""
        self._taken += 1
        if size > self.left or (self._taken % 256 == 0 and past_deadline()):
            self.cut = True
            self.late = size <= self.left
            return False
        self.left -= size
        return True


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text)) and any(ch.isdigit() for ch in text)


def _looks_like_headers(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    if len(filled) < 2:
        return False
    words = [cell for cell in filled if not _is_number(cell)]
    years = [cell for cell in filled if _YEAR.match(cell)]
    return bool(words) and len(words) + len(years) == len(filled)


def clean_cell(text: str) -> str:
    """A cell's text on one line, its runs of whitespace as one space."""
    return " ".join(text.split())


@dataclass
class SheetText:
    """Collects one sheet's rows as passage lines, under ``budget``."""

    name: str
    number: int | None
    budget: TextBudget
    headers: list[str] | None = None
    lines: list[str] = field(default_factory=list)
    rows_read: int = 0
    _preamble: int = 0
    _data_started: bool = False

    def add_row(self, cells: list[str]) -> bool:
        """Take one row (its cells' texts, left to right). False once the budget is
        spent: the caller stops reading."""
        cells = [clean_cell(cell) for cell in cells]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            return True
        line = self._line(cells)
        if not line:
            return True
        if not self.budget.take(len(line) + 1):
            return False
        self.lines.append(line)
        self.rows_read += 1
        return True

    def _line(self, cells: list[str]) -> str:
        if self.headers is None and not self._data_started:
            if _looks_like_headers(cells):
                self.headers = cells  # kept as a line too: what the columns are
                return CELL_SEPARATOR.join(cell for cell in cells if cell)
            filled = [cell for cell in cells if cell]
            if len(filled) == 1 and self._preamble < _PREAMBLE_ROWS and not _is_number(filled[0]):
                self._preamble += 1
                return filled[0]
            self._data_started = True
        headers = self.headers or []
        named = []
        for index, cell in enumerate(cells):
            if not cell:
                continue
            header = headers[index] if index < len(headers) else ""
            named.append(f"{header}: {cell}" if header and header != cell else cell)
        return CELL_SEPARATOR.join(named)

    def page(self) -> Page:
        heading = (Heading(0, 1, self.name),) if self.name else ()
        return Page(self.number, "\n".join(self.lines), heading, rows=True)


def rows_note(sheet: str, rows: int, *, late: bool = False) -> str:
    """The note for a file whose text ran past the budget (or its time) in ``sheet``."""
    if late:
        return QT_TRANSLATE_NOOP(
            "Engine",
            "This spreadsheet is larger than Hisho reads in the time it gives one file: "
            "only the first {rows} rows of sheet “{sheet}” (and the sheets before it) "
            "were read.",
        ).format(rows=f"{rows:,}", sheet=sheet)
    return QT_TRANSLATE_NOOP(
        "Engine",
        "This spreadsheet holds more text than Hisho reads: only the first {rows} rows "
        "of sheet “{sheet}” (and the sheets before it) were read.",
    ).format(rows=f"{rows:,}", sheet=sheet)


def column_index(reference: str) -> int:
    """The 0-based column of a cell reference such as ``C12`` (-1 when it has none)."""
    index = 0
    for ch in reference:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            index = index * 26 + ord(ch) - 96
        else:
            break
    return index - 1
