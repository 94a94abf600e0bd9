"""The text Hisho sees in one file: ``extract(path)``.

The format is chosen from the file's first bytes and its extension together: a PDF
named .txt is read as a PDF, a web page saved as .pdf is reported as such, an old Word
.doc renamed .docx is named for what it is. Formats Hisho does not read raise
``ExtractError("unsupported", ...)`` with what to do instead. Nothing outside the
given file is read: no linked files, no network, no external entities.

This runs the parsers in the calling process; ``engine.library.guard`` runs it in a
child process with time and memory limits, which is how the library should call it.
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.readers import read_file_kind, read_text_kind
from engine.library.types import Extracted, Page

#: Extension → kind, for the formats read as text.
TEXT_KINDS: dict[str, str] = {
    **dict.fromkeys((".txt", ".text", ".log", ".json", ".jsonl", ".ndjson",
                     ".xml", ".rst", ".tex", ".srt", ".vtt", ".org", ".adoc", ".asciidoc",
                     ".ini", ".cfg", ".conf", ".toml", ".yaml", ".yml", ".properties",
                     ".env"), "text"),
    **dict.fromkeys((".py", ".pyi", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".c", ".h",
                     ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".rs", ".go", ".java", ".kt", ".kts",
                     ".scala", ".rb", ".php", ".pl", ".pm", ".lua", ".r", ".jl", ".swift",
                     ".m", ".mm", ".cs", ".fs", ".vb", ".sh", ".bash", ".zsh", ".fish", ".ps1",
                     ".bat", ".cmd", ".sql", ".css", ".scss", ".sass", ".less", ".vue",
                     ".svelte", ".dart", ".ex", ".exs", ".erl", ".hs", ".ml", ".mli", ".clj",
                     ".el", ".lisp", ".scm", ".zig", ".nim", ".v", ".sv", ".vhd", ".cmake",
                     ".gradle", ".mk", ".dockerfile", ".proto", ".graphql", ".ipynb"), "code"),
}  # fmt: skip
MARKDOWN = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
HTML = frozenset({".html", ".htm", ".xhtml", ".shtml"})
DOCX = frozenset({".docx", ".docm", ".dotx", ".dotm"})
#: Extension → kind, for spreadsheets, slides, other documents and mail.
SPREADSHEETS: dict[str, str] = {
    **dict.fromkeys((".xlsx", ".xlsm", ".xltx", ".xltm"), "xlsx"),
    ".ods": "ods", ".ots": "ods", ".csv": "csv", ".tsv": "csv",
}  # fmt: skip
PRESENTATIONS: dict[str, str] = {
    **dict.fromkeys((".pptx", ".pptm", ".ppsx", ".ppsm", ".potx", ".potm"), "pptx"),
    ".odp": "odp", ".otp": "odp",
}  # fmt: skip
DOCUMENTS: dict[str, str] = {".odt": "odt", ".ott": "odt", ".rtf": "rtf", ".epub": "epub"}
MAIL: dict[str, str] = {".eml": "eml", ".mbox": "mbox", ".mbx": "mbox", ".msg": "msg"}
#: Pictures, read by OCR (``formats.images``).
IMAGES: dict[str, str] = dict.fromkeys(
    (".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".tif", ".tiff", ".webp", ".gif", ".bmp"), "image"
)
_OTHER_KINDS = {**SPREADSHEETS, **PRESENTATIONS, **DOCUMENTS, **MAIL, **IMAGES}
#: Kinds kept in a zip package (checked by ``zip_package``).
_ZIP_KINDS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"})
#: Every extension Hisho reads.
SUPPORTED = frozenset({".pdf", *DOCX, *MARKDOWN, *HTML, *TEXT_KINDS, *_OTHER_KINDS})
#: Files without an extension that are text by convention.
TEXT_NAMES = frozenset({"readme", "license", "licence", "copying", "changelog", "authors",
                        "makefile", "dockerfile", "notice", "todo"})  # fmt: skip

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
#: Pictures known by their first bytes whatever their name (BMP's "BM" is too weak).
_PICTURES = _IMAGES[:-1]
_HEAD = 8192
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


_OLD_DOC = QT_TRANSLATE_NOOP(
    "Engine", "Hisho can't read old Word .doc files yet. Save it as PDF or DOCX and add that."
)
_OLD_OFFICE = QT_TRANSLATE_NOOP(
    "Engine",
    "Hisho can't read old Microsoft Office files (.xls, .ppt) yet. Save it as PDF, XLSX or "
    "PPTX and add that.",
)
_PROTECTED = {
    "docx": QT_TRANSLATE_NOOP(
        "Engine",
        "This Word document is password protected. Open it "
        "in Word, remove the password, save, and add it again.",
    ),
    "xlsx": QT_TRANSLATE_NOOP(
        "Engine",
        "This workbook is protected by a password. Open it in Excel, remove the password "
        "(File › Info › Protect Workbook), save, and add it again.",
    ),
    "pptx": QT_TRANSLATE_NOOP(
        "Engine",
        "This presentation is protected by a password. Open it in PowerPoint, remove the "
        "password, save, and add it again.",
    ),
}


def _unsupported(path: Path, message: str = "") -> ExtractError:
    """``message`` (a whole marked message), else one that names the file's extension."""
    suffix = path.suffix.lower()
    if not message and suffix:
        message = QT_TRANSLATE_NOOP(
            "Engine", "Hisho can't read {suffix} files yet. Save it as PDF or DOCX and add that."
        ).format(suffix=suffix)
    elif not message:
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "Hisho can't read files of this type yet. Save it as PDF or DOCX and add that.",
        )
    return ExtractError("unsupported", message)


def _read_head(path: Path, max_bytes: int) -> tuple[bytes, int]:
    """The first bytes of the file (up to ``max_bytes``) and its size."""
    name = path.name
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            return handle.read(max_bytes), size
    except FileNotFoundError as exc:
        raise ExtractError(
            "missing",
            QT_TRANSLATE_NOOP(
                "Engine", "“{name}” is gone: it was moved or deleted before Hisho could read it."
            ).format(name=name),
        ) from exc
    except PermissionError as exc:
        raise ExtractError(
            "unreadable",
            QT_TRANSLATE_NOOP(
                "Engine",
                "Hisho isn't allowed to read “{name}”. Check the "
                "file's permissions (or unlock it) and add it again.",
            ).format(name=name),
        ) from exc
    except IsADirectoryError as exc:
        raise ExtractError(
            "unsupported",
            QT_TRANSLATE_NOOP(
                "Engine", "“{name}” is a folder, not a file. Add it as a library folder instead."
            ).format(name=name),
        ) from exc
    except OSError as exc:
        raise ExtractError(
            "unreadable",
            QT_TRANSLATE_NOOP(
                "Engine",
                "“{name}” can't be read ({error}). "
                "Check that the disk is connected and the file opens.",
            ).format(name=name, error=exc.strerror or exc),
        ) from exc


def _not_a_pdf(head: bytes) -> ExtractError:
    start = head[:1024].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:512]:
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "This file is named .pdf but is really a web page (HTML) saved with a .pdf "
            "name, often a failed download. Download the PDF again.",
        )
    elif head.startswith(_ZIP):
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "This file is named .pdf but is really a ZIP archive (perhaps a Word or "
            "OpenDocument file).",
        )
    else:
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "This file is named .pdf but is damaged or not a PDF: it doesn't start like one. "
            "Get the file again.",
        )
    return ExtractError("corrupt", message)


def _ole(path: Path, head: bytes) -> ExtractError:
    """An OLE (Compound File) container: old Office formats, or an encrypted .docx,
    .xlsx or .pptx."""
    suffix = path.suffix.lower()
    kind = "docx" if suffix in DOCX else _OTHER_KINDS.get(suffix, "")
    if kind in _PROTECTED and _OLE_ENCRYPTED not in head:
        head = _read_head(path, 8 * 2**20)[0]  # the directory entry may come later
    if _OLE_ENCRYPTED in head:
        return ExtractError("password", _PROTECTED.get(kind, _PROTECTED["docx"]))
    if kind == "docx":
        return ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This looks like an old Word .doc file, not .docx, "
                "even though it is named .docx. Open it in Word (or LibreOffice) "
                "and save it as DOCX, then add that.",
            ),
        )
    if kind in _PROTECTED:
        return ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This is an old Microsoft Office file (.xls or .ppt), not what its name "
                "says. Open it in Office (or LibreOffice), save it as XLSX or PPTX, then "
                "add that.",
            ),
        )
    if suffix == ".doc":
        return _unsupported(path, _OLD_DOC)
    return _unsupported(path, _OLD_OFFICE)


def _sniffed(path: Path, head: bytes) -> str:
    """The format to read ``path`` as (a kind that ``engine.library.readers`` reads)."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in head[:1024]):
        return "pdf"
    if suffix == ".pdf":
        raise _not_a_pdf(head)
    if head.startswith(_OLE):
        if suffix == ".msg":
            return "msg"
        raise _ole(path, head)
    if head.startswith(_PICTURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"  # Word saves RTF named .doc, too
    named = "docx" if suffix in DOCX else _OTHER_KINDS.get(suffix, "")
    if head.startswith(_ZIP):
        from engine.library.formats.zip_package import zip_kind

        kind = zip_kind(path) or named
        if kind not in _ZIP_KINDS:
            raise _unsupported(path)
        return kind  # a damaged or fake one is reported by its reader
    if named:
        return named
    for kinds, kind in ((MARKDOWN, "markdown"), (HTML, "html")):
        if suffix in kinds:
            return kind
    if suffix in TEXT_KINDS:
        return TEXT_KINDS[suffix]  # binary content is refused while decoding
    if suffix == "" and _looks_like_mbox(head):
        return "mbox"  # Thunderbird keeps each folder as an mbox file without extension
    if suffix == "" and _looks_like_text(path, head):
        return "text"
    raise _unsupported(path)


def _looks_like_mbox(head: bytes) -> bool:
    return head.startswith(b"From ") and any(
        marker in head for marker in (b"\nFrom:", b"\nDate:", b"\nReceived:", b"\nSubject:")
    )


def _looks_like_text(path: Path, head: bytes) -> bool:
    """For a file without an extension: a conventional text name, or UTF-8 bytes."""
    if head.startswith(_IMAGES):
        return False
    return path.name.lower() in TEXT_NAMES or (b"\0" not in head and _is_utf8(head))


def _is_utf8(head: bytes) -> bool:
    import codecs

    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def extract(
    path: Path, *, max_bytes: int = 64 * 2**20, max_pages: int = 5000, ocr: bool = True
) -> Extracted:
    """The text of one file, page by page.

    Args:
        path: the file (only this file is read).
        max_bytes: the most bytes read from a text, Markdown or HTML file, and the most
            text kept from a PDF or DOCX; more sets ``partial`` and says so in ``note``.
        max_pages: the most PDF pages read.
        ocr: read scanned pages and pictures here (else they are left in ``scan``,
            for the guarded child to read one page at a time: ``engine.library.guard``).

    A file that opens but holds no text (empty, blank, scanned) is not an error: the
    result's ``has_text`` is False.

    Raises:
        ExtractError: with ``reason`` unsupported, password, corrupt, unsafe,
            unreadable or missing, and a message the user can act on.
    """
    path = Path(path)
    head, size = _read_head(path, _HEAD)
    if size == 0:
        if path.suffix.lower() not in SUPPORTED:
            raise _unsupported(path)
        return Extracted(_kind_for_empty(path), (Page(None, ""),))
    kind = _sniffed(path, head)
    if kind in ("markdown", "html", "text", "code"):
        data, size = _read_head(path, max_bytes) if size > len(head) else (head, size)
        return read_text_kind(kind, data, max_bytes=max_bytes, total_size=size)
    extracted = read_file_kind(kind, path, max_bytes=max_bytes, max_pages=max_pages, read=extract)
    if ocr and extracted.scan:
        from engine.library.scanned import ocr_page, read_scanned

        return read_scanned(extracted, lambda kind, number: ocr_page(path, kind, number))
    return extracted


def _kind_for_empty(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix in DOCX:
        return "docx"
    if suffix in MARKDOWN:
        return "markdown"
    if suffix in HTML:
        return "html"
    return _OTHER_KINDS.get(suffix) or TEXT_KINDS.get(suffix, "text")
