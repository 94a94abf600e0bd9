"""CSV and TSV files as one sheet of rows, streamed.

The encoding is found from the file's first 64 KB (as for any text file, so Excel's
Shift_JIS exports read right), the delimiter from the same sample (a .tsv is tab
separated); then the file is read row by row, never whole, into passages that keep
the column headers (``sheet_rows``), until the text budget is spent. A line longer
than a megabyte is read in pieces, so a file without line breaks cannot fill memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.formats.sheet_rows import SheetText, TextBudget, rows_note
from engine.library.formats.text import decode_bytes, drop_nul_tail
from engine.library.types import Extracted

_SAMPLE = 64 * 1024
_SNIFF = 16 * 1024
_MAX_LINE = 1 << 20
_DELIMITERS = ",;\t|"


def _delimiter(sample: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    lines = [line for line in sample[:_SNIFF].splitlines()[:50] if line.strip()]
    if len(lines) > 1:
        lines = lines[:-1]  # the last line of a sample may be cut short
    best, best_score = ",", 0
    for candidate in _DELIMITERS:
        counts = [line.count(candidate) for line in lines]
        if not counts or min(counts) == 0:
            continue
        score = min(counts) * (2 if len(set(counts)) == 1 else 1)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _lines(path: Path, encoding: str) -> Iterator[str]:
    codec = "utf-8-sig" if encoding in ("utf-8", "utf-8-sig") else encoding
    with path.open("r", encoding=codec, errors="replace", newline="") as handle:
        while line := handle.readline(_MAX_LINE):
            yield line.replace("\x00", "")


def extract_csv(path: Path, *, max_bytes: int) -> Extracted:
    """A CSV or TSV file as one page of rows (``max_bytes``: the most text kept).

    Raises:
        ExtractError: ``corrupt`` when the file is not text at all.
    """
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE)
    decoded = decode_bytes(drop_nul_tail(sample), complete=len(sample) < _SAMPLE)
    delimiter = _delimiter(decoded.text, path.suffix.lower())
    budget = TextBudget(max_bytes)
    sheet = SheetText("", None, budget)
    broken = False
    csv.field_size_limit(max(max_bytes, _MAX_LINE))
    rows = csv.reader(_lines(path, decoded.encoding), delimiter=delimiter, strict=False)
    try:
        for row in rows:
            if row and row[0].startswith("\ufeff"):
                row[0] = row[0][1:]
            if not sheet.add_row(row):
                break
    except csv.Error:
        broken = True
    note = rows_note(path.name, sheet.rows_read, late=budget.late) if budget.cut else ""
    if broken:
        note = QT_TRANSLATE_NOOP(
            "Engine", "The rest of this file is not valid CSV; the rows before that were read."
        )
    return Extracted(
        kind="csv",
        pages=(sheet.page(),),
        encoding=decoded.encoding,
        partial=budget.cut or broken,
        note=note,
    )
