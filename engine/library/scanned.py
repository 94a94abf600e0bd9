"""Scanned pages read one at a time: the pages a reader left for OCR (``Extracted.scan``).

``read_scanned`` asks for each page in turn (``read_page``: in the guarded child, with
its own time limit and a larger memory cap, or in this process), says which page it is
on ("Reading page 3 of 40 (scanned)"), holds while the job is paused and stops when it
is cancelled. A page that fails costs that page; when every page fails the file fails
with the page's reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Extracted, Page

#: What reads one scanned page: (kind, 1-based page number) -> the page.
ReadPage = Callable[[str, int], Page]
#: Told before each page: (page number, pages to read, message).
Progress = Callable[[int, int, str], None]


def page_message(number: int, total: int) -> str:
    """ "Reading page 3 of 40 (scanned)" """
    return QT_TRANSLATE_NOOP("Engine", "Reading page {number} of {total} (scanned)").format(
        number=number, total=total
    )


def read_scanned(
    extracted: Extracted,
    read_page: ReadPage,
    *,
    progress: Progress | None = None,
    held: Callable[[], bool] = lambda: False,
    cancelled: Callable[[], bool] = lambda: False,
) -> Extracted:
    """``extracted`` with its scanned pages read (see the module)."""
    if not extracted.scan:
        return extracted
    pages = {page.number: page for page in extracted.pages}
    total = len(extracted.pages)
    failures: list[ExtractError] = []
    done = 0
    for number in extracted.scan:
        while held() and not cancelled():
            time.sleep(0.2)
        if cancelled():
            break
        if progress is not None:
            progress(number, total, page_message(number, total))
        try:
            pages[number] = _better(pages[number], read_page(extracted.kind, number))
        except ExtractError as exc:
            if exc.reason in ("timeout", "memory") and len(extracted.scan) == 1:
                raise
            failures.append(exc)
        done += 1
    if failures and len(failures) == len(extracted.scan):
        raise failures[0]
    return replace(
        extracted,
        pages=tuple(pages[page.number] for page in extracted.pages),
        scan=(),
        partial=extracted.partial or bool(failures) or done < len(extracted.scan),
        note=_note(extracted.note, len(failures), len(extracted.scan) - done),
    )


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def _better(layer: Page, read: Page) -> Page:
    """The OCR reading of a page, unless its text layer held more letters: a short
    caption beside a picture ("Test" over a logo) is the page's text, and OCR of the
    picture ("■ _ 心") is not."""
    return layer if _letters(layer.text) > _letters(read.text) else read


def _note(note: str, failed: int, skipped: int) -> str:
    """The reader's note, with what OCR could not read added."""
    parts = [note] if note else []
    if failed == 1:
        parts.append(QT_TRANSLATE_NOOP("Engine", "1 scanned page could not be read."))
    elif failed:
        parts.append(
            QT_TRANSLATE_NOOP("Engine", "{count} scanned pages could not be read.").format(
                count=failed
            )
        )
    if skipped:
        parts.append(
            QT_TRANSLATE_NOOP(
                "Engine", "Reading was stopped; scanned pages not read: {count}."
            ).format(count=skipped)
        )
    return " ".join(parts)


def ocr_page(path: Path, kind: str, number: int) -> Page:
    """Page ``number`` of the PDF or picture at ``path``, read by OCR (in this process)."""
    if kind == "image":
        from engine.library.formats.images import ocr_image_page

        return ocr_image_page(path, number)
    from engine.library.formats.ocr import ocr_pdf_page

    return ocr_pdf_page(path, number)
