"""Which reader reads which kind of file: one module per format in ``formats/``.

``engine.library.extract`` finds a file's kind (from its first bytes and its name) and
hands it here; each reader is imported only when a file of its kind comes, so the
parser child loads PDFium only for PDFs. Mail readers get ``read``, the way to read an
attachment as a file of its own (``extract`` itself, passed in rather than imported).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engine.library.types import Extracted

#: How to read a file as its own (for attachments): ``extract(path, max_bytes=…)``.
ReadFile = Callable[..., Extracted]


def read_text_kind(kind: str, data: bytes, *, max_bytes: int, total_size: int) -> Extracted:
    """A Markdown, HTML, text or code file, from its first ``max_bytes`` bytes."""
    if kind == "markdown":
        from engine.library.formats.markdown import extract_markdown

        return extract_markdown(data, max_bytes=max_bytes, total_size=total_size)
    if kind == "html":
        from engine.library.formats.html import extract_html

        return extract_html(data, max_bytes=max_bytes, total_size=total_size)
    from engine.library.formats.text import extract_text

    return extract_text(data, kind=kind, max_bytes=max_bytes, total_size=total_size)


def read_file_kind(
    kind: str, path: Path, *, max_bytes: int, max_pages: int, read: ReadFile
) -> Extracted:
    """A file of ``kind`` (not a text kind) read from ``path``."""
    match kind:
        case "pdf":
            from engine.library.formats.pdf import extract_pdf

            return extract_pdf(path, max_bytes=max_bytes, max_pages=max_pages)
        case "docx":
            from engine.library.formats.docx import extract_docx

            return extract_docx(path, max_bytes=max_bytes)
        case "xlsx":
            from engine.library.formats.xlsx import extract_xlsx

            return extract_xlsx(path, max_bytes=max_bytes)
        case "csv":
            from engine.library.formats.csv_sheet import extract_csv

            return extract_csv(path, max_bytes=max_bytes)
        case "ods" | "odt" | "odp":
            from engine.library.formats.odf import extract_odf

            return extract_odf(path, kind, max_bytes=max_bytes)
        case "pptx":
            from engine.library.formats.pptx import extract_pptx

            return extract_pptx(path, max_bytes=max_bytes)
        case "epub":
            from engine.library.formats.epub import extract_epub

            return extract_epub(path, max_bytes=max_bytes)
        case "image":
            from engine.library.formats.images import extract_image

            return extract_image(path, max_pages=max_pages)
        case "rtf":
            from engine.library.formats.rtf import extract_rtf

            return extract_rtf(path, max_bytes=max_bytes)
        case _:
            return _read_mail(kind, path, max_bytes=max_bytes, read=read)


def _read_mail(kind: str, path: Path, *, max_bytes: int, read: ReadFile) -> Extracted:
    if kind == "mbox":
        from engine.library.formats.mbox import extract_mbox

        return extract_mbox(path, max_bytes=max_bytes, read=read)
    if kind == "msg":
        from engine.library.formats.msg import extract_msg

        return extract_msg(path, max_bytes=max_bytes, read=read)
    from engine.library.formats.mail import extract_eml

    return extract_eml(path, max_bytes=max_bytes, read=read)
