"""PDF text with PDFium (pypdfium2): one page of text per PDF page.

PDFium repairs much on its own (broken cross-reference tables, bad offsets). What it
cannot open is sorted into a message the user can act on: password protected,
incomplete (a download cut short), a compression Hisho lacks, or damaged. A complete
file whose page tree is lost is salvaged page by page (``pdf_repair``). A file that
opens with no text is returned as such (scanned or blank), unless it is evidently
damaged: then the user hears that instead of "no text".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.formats import pdf_repair
from engine.library.formats.ocr import text_layer_is_poor
from engine.library.formats.text import clean_text
from engine.library.types import Extracted, Heading, Page

_MAX_OUTLINE = 2000
#: Objects of a page looked at for pictures (a scan is one picture, or a few strips).
_MAX_OBJECTS_LOOKED_AT = 200
#: Spacing accents that TeX-made PDFs draw as separate glyphs over a letter → combining.
_ACCENTS = {
    "\u00b4": "\u0301", "\u02d8": "\u0306", "\u00a8": "\u0308", "\u02c6": "\u0302",
    "\u02dc": "\u0303", "\u00b8": "\u0327", "\u02c7": "\u030c", "\u02da": "\u030a",
    "\u00af": "\u0304", "\u02dd": "\u030b", "\u02db": "\u0328", "\u02d9": "\u0307",
}  # fmt: skip
_ACCENT = re.compile("[" + "".join(_ACCENTS) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")
_DAMAGED = QT_TRANSLATE_NOOP(
    "Engine",
    "This PDF is damaged and Hisho found no text it could read. Open it in a PDF viewer "
    "and save (or print) it as a new PDF, then add that.",
)
_PASSWORD = QT_TRANSLATE_NOOP(
    "Engine",
    "This PDF is password protected. Remove the password (or print it to a new PDF) "
    "and add it again.",
)


def _page_text(document: Any, index: int) -> tuple[str, int, int] | None:
    """(text, drawn objects, pictures) of one page, or None if it can't be loaded."""
    import pypdfium2 as pdfium

    try:
        page = document.get_page(index)
    except pdfium.PdfiumError:
        return None
    try:
        if page.get_rotation():  # read in the page's own coordinates, as it was written
            page.set_rotation(0)
        textpage = page.get_textpage()
        try:
            text = _merge_accents(textpage, textpage.get_text_range())
        finally:
            textpage.close()
        objects = int(pdfium.raw.FPDFPage_CountObjects(page.raw))
        pictures = sum(
            1
            for at in range(min(objects, _MAX_OBJECTS_LOOKED_AT))
            if pdfium.raw.FPDFPageObj_GetType(pdfium.raw.FPDFPage_GetObject(page.raw, at))
            == pdfium.raw.FPDF_PAGEOBJ_IMAGE
        )
    except pdfium.PdfiumError:
        return None
    finally:
        page.close()
    return unicodedata.normalize("NFC", _CONTROL.sub("", clean_text(text))), objects, pictures


def _merge_accents(textpage: Any, text: str) -> str:
    """Put accents drawn as separate glyphs (``Oguz ˘``) on their letter (``Oğuz``)."""
    if not _ACCENT.search(text) or len(text) != textpage.count_chars():
        return text  # nothing to do, or characters and indices don't line up
    import pypdfium2 as pdfium

    chars = list(text)
    for match in _ACCENT.finditer(text):
        index = match.start()
        left, _, right, _ = textpage.get_charbox(index)
        center = (left + right) / 2
        for base in [*range(index - 1, max(index - 9, -1), -1), index + 1, index + 2]:
            if 0 <= base < len(chars) and chars[base].isalpha():
                base_left, _, base_right, _ = textpage.get_charbox(base)
                if base_left - 0.5 <= center <= base_right + 0.5:
                    chars[base] += _ACCENTS[chars[index]]
                    chars[index] = ""
                    gap = index - 1
                    if (
                        gap != base
                        and chars[gap] == " "
                        and pdfium.raw.FPDFText_IsGenerated(textpage.raw, gap)
                    ):
                        chars[gap] = ""
                    break
    return "".join(chars)


def _outline(document: Any, texts: list[str]) -> dict[int, list[Heading]]:
    """Headings per page index, from the bookmarks (outline) where they point at a page."""
    import pypdfium2 as pdfium

    found: dict[int, list[Heading]] = {}
    try:
        for count, bookmark in enumerate(document.get_toc(max_depth=6)):
            if count >= _MAX_OUTLINE:
                break
            destination = bookmark.get_dest()
            index = destination.get_index() if destination is not None else None
            title = " ".join((bookmark.get_title() or "").split())
            if index is None or not 0 <= index < len(texts) or not title:
                continue
            on_page = found.setdefault(index, [])
            last = on_page[-1].offset if on_page else 0  # bookmarks come in reading order
            offset = texts[index].lower().find(title.lower(), last + 1 if on_page else 0)
            on_page.append(Heading(last if offset < 0 else offset, bookmark.level + 1, title))
    except (pdfium.PdfiumError, ValueError, OSError):
        pass  # a broken outline costs the headings, not the text
    return found


def _title(document: Any) -> str:
    try:
        value = document.get_metadata_value("Title")
    except Exception:  # metadata that doesn't decode: no title
        return ""
    return " ".join(_CONTROL.sub("", str(value or "")).split())


def _notes(total: int, read: int, failed: int, capped_pages: bool) -> str:
    """What the user should know about a partly read PDF: each sentence is one message,
    and a sentence followed by another carries it as ``{more}``."""
    more = ""
    if failed == 1:
        more = QT_TRANSLATE_NOOP("Engine", "1 page could not be read.")
    elif failed:
        more = QT_TRANSLATE_NOOP("Engine", "{count} pages could not be read.").format(count=failed)
    if capped_pages:
        template = (
            QT_TRANSLATE_NOOP(
                "Engine",
                "Only the first {read} of {total} pages were read (Hisho's page limit). {more}",
            )
            if more
            else QT_TRANSLATE_NOOP(
                "Engine", "Only the first {read} of {total} pages were read (Hisho's page limit)."
            )
        )
    elif read < total:
        template = (
            QT_TRANSLATE_NOOP(
                "Engine",
                "Only the first {read} of {total} pages were read: the text reached "
                "Hisho's size limit. {more}",
            )
            if more
            else QT_TRANSLATE_NOOP(
                "Engine",
                "Only the first {read} of {total} pages were read: the text reached "
                "Hisho's size limit.",
            )
        )
    else:
        return more
    return template.format(read=read, total=total, more=more)


def _read(document: Any, *, max_bytes: int, max_pages: int) -> tuple[Extracted, int, int]:
    """The document's pages, and how many pages failed and how many objects were drawn."""
    total = len(document)
    limit = min(total, max_pages)
    texts: list[str] = []
    scan: list[int] = []
    failed = drawn = chars = 0
    for index in range(limit):
        result = _page_text(document, index)
        text, objects, pictures = result if result is not None else ("", 0, 0)
        failed += result is None
        drawn += objects
        texts.append(text)
        chars += len(text)
        if objects and text_layer_is_poor(text, pictures > 0):
            scan.append(index + 1)  # drawn, but its text layer is missing or garbage
        if chars > max_bytes:
            break
    headings = _outline(document, texts)
    pages = tuple(Page(i + 1, text, tuple(headings.get(i, ()))) for i, text in enumerate(texts))
    partial = len(texts) < total or failed > 0
    note = _notes(total, len(texts), failed, total > max_pages and len(texts) == limit)
    extracted = Extracted(
        "pdf", pages, _title(document), partial=partial, note=note, scan=tuple(scan)
    )
    return extracted, failed, drawn


def _evidently_damaged(document: Any, path: Path, drawn: int, max_bytes: int) -> bool:
    """For a PDF with no text: is it damaged rather than blank or scanned?"""
    import pypdfium2 as pdfium

    if pdfium.raw.FPDF_GetSecurityHandlerRevision(document.raw) != -1:
        return False  # encrypted streams can't be checked from the outside
    valid_xref = bool(pdfium.raw.FPDF_DocumentHasValidCrossReferenceTable(document.raw))
    if not valid_xref and drawn == 0:
        return True
    if path.stat().st_size > max_bytes:
        return False
    return pdf_repair.has_undecodable_streams(path.read_bytes())


def _refusal(data: bytes, code: int | None) -> ExtractError | None:
    """Why PDFium could not open the file, when the file itself says so."""
    import pypdfium2 as pdfium

    # PDFium's error code can be stale (left from an earlier file) when a load fails
    # without setting one, so "encrypted" is confirmed from the file itself.
    encrypted = b"/Encrypt" in data if data else True
    if code == pdfium.raw.FPDF_ERR_PASSWORD and encrypted:
        return ExtractError("password", _PASSWORD)
    if code == pdfium.raw.FPDF_ERR_SECURITY and encrypted:
        return ExtractError(
            "unsupported",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This PDF is protected in a way Hisho can't open. "
                "Print it to a new PDF and add that.",
            ),
        )
    if not data:
        return ExtractError("corrupt", _DAMAGED)
    if b"/BrotliDecode" in data:
        return ExtractError(
            "unsupported",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This PDF uses Brotli compression (a new PDF feature) that Hisho can't read yet. "
                "Save it again as PDF 1.7 (or print it to a new PDF) and add that.",
            ),
        )
    if b"%%EOF" not in data[-4096:]:
        return ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This PDF is incomplete: it ends early, as if the download or copy was cut "
                "short. Get the file again.",
            ),
        )
    return None


def _unopenable(path: Path, error: Any, *, max_bytes: int, max_pages: int) -> Extracted:
    """What to say (or salvage) when PDFium cannot open the file."""
    import pypdfium2 as pdfium

    data = path.read_bytes() if path.stat().st_size <= max_bytes else b""
    refusal = _refusal(data, error.err_code)
    if refusal is not None:
        raise refusal
    repaired = pdf_repair.salvage(data)
    if repaired is None:
        raise ExtractError("corrupt", _DAMAGED)
    try:
        document = pdfium.PdfDocument(repaired)
    except pdfium.PdfiumError as exc:
        raise ExtractError("corrupt", _DAMAGED) from exc
    try:
        extracted, _, _ = _read(document, max_bytes=max_bytes, max_pages=max_pages)
    finally:
        document.close()
    if not extracted.has_text:
        raise ExtractError("corrupt", _DAMAGED)
    if extracted.note:
        note = QT_TRANSLATE_NOOP(
            "Engine",
            "This PDF is damaged; Hisho read the text of the pages it could recover. {more}",
        ).format(more=extracted.note)
    else:
        note = QT_TRANSLATE_NOOP(
            "Engine", "This PDF is damaged; Hisho read the text of the pages it could recover."
        )
    return replace(extracted, partial=True, note=note)


def extract_pdf(path: Path, *, max_bytes: int, max_pages: int) -> Extracted:
    """The text of a PDF, one :class:`Page` per page (at most ``max_pages``).

    Raises:
        ExtractError: ``password``, ``corrupt`` or ``unsupported``, with what to do.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        return _unopenable(path, exc, max_bytes=max_bytes, max_pages=max_pages)
    try:
        extracted, failed, drawn = _read(document, max_bytes=max_bytes, max_pages=max_pages)
        if extracted.pages and failed == len(extracted.pages):
            raise ExtractError("corrupt", _DAMAGED)
        if not extracted.has_text and _evidently_damaged(document, path, drawn, max_bytes):
            raise ExtractError("corrupt", _DAMAGED)
        return extracted
    finally:
        document.close()
