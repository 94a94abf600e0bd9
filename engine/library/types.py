"""Plain data of the document library, shared by the engine, the worker protocol and the UI."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from engine.i18n import QT_TRANSLATE_NOOP

#: The library files go to when the user names none.
DEFAULT_LIBRARY = "My files"


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading inside a page's text: where it starts, how deep it is, what it says."""

    offset: int  # character offset in Page.text
    level: int  # 1 = top level
    title: str


#: A rectangle on a page as fractions of its width and height: (left, top, width, height).
Region = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line read by OCR: where it lies in ``Page.text`` and where on the page."""

    start: int  # character offsets in Page.text
    end: int
    region: Region


@dataclass(frozen=True, slots=True)
class Page:
    """The text of one page (PDF), slide, sheet, chapter or message, or of a whole
    document that has no pages."""

    number: int | None  # 1-based page number; None when the format has no pages
    text: str
    headings: tuple[Heading, ...] = ()
    rows: bool = False  # each line is one record (a spreadsheet row): never cut inside one
    scanned: bool = False  # the text was read from the page's image (OCR)
    lines: tuple[TextLine, ...] = ()  # for a scanned page: where each line lies on it


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text Hisho sees in one file."""

    kind: str  # pdf, docx, markdown, text, html, code, pptx, xlsx, csv, epub, eml …
    pages: tuple[Page, ...]
    title: str = ""
    encoding: str = ""  # for text formats: the encoding it was read with
    partial: bool = False  # True when only part of the file was read (size cap, page cap)
    note: str = ""  # why it is partial, or anything else the user should know
    scan: tuple[int, ...] = ()  # pages still to be read by OCR (their text is empty so far)

    @property
    def has_text(self) -> bool:
        return any(page.text.strip() for page in self.pages)


class PageBox(NamedTuple):
    """A rectangle on a drawn page, in image pixels from its top-left corner."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One PDF page drawn as a PNG by the guarded child, with a passage's boxes on it."""

    png: bytes
    number: int  # 1-based, kept inside the document
    count: int  # pages in the document
    marks: tuple[PageBox, ...] = ()  # where the passage lies (empty: not found or not asked)

    @property
    def mark_top(self) -> float | None:
        """Where the marked passage starts (pixels from the top), None when unmarked."""
        return min((box.top for box in self.marks), default=None)


class FileStatus(StrEnum):
    """Where one file stands in the library."""

    QUEUED = "queued"
    INDEXING = "indexing"
    DONE = "done"
    EMPTY = "empty"  # opened fine but holds no text (scanned, blank)
    FAILED = "failed"  # ``error`` says why
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One file of a library, as the manifest knows it."""

    id: int
    library: str
    path: str
    status: FileStatus
    error: str = ""
    size: int = 0
    mtime: float = 0.0
    sha256: str = ""
    chunks: int = 0
    pages: int = 0
    partial: bool = False
    indexed_at: float = 0.0

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class LibraryInfo:
    """A named collection of files, with the folders it keeps in sync."""

    name: str
    folders: tuple[str, ...]
    files: int
    chunks: int
    failed: int


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of a document as it is embedded and searched."""

    text: str
    page: int | None
    heading: str  # heading path, "Intro › Scope"
    start: int  # character offsets in the page text
    end: int
    scanned: bool = False  # read from a scanned page (OCR)
    regions: tuple[Region, ...] = ()  # where it lies on a scanned page


@dataclass(frozen=True, slots=True)
class Passage:
    """A search result: a chunk, where it came from, and how well it matched."""

    chunk_id: str
    library: str
    path: str
    page: int | None
    heading: str
    text: str
    start: int
    end: int
    score: float  # fused score, higher is better
    similarity: float | None = None  # cosine similarity to the question, when known
    keyword_hit: bool = False  # found by keyword search too
    scanned: bool = False  # read from a scanned page (OCR): the sources say so
    regions: tuple[Region, ...] = ()  # where it lies on the scanned page (fractions)

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Scope:
    """What a question may draw on: everything, one library, or one file."""

    library: str | None = None
    path: str | None = None

    def describe(self) -> str:
        if self.path:
            return self.path.replace("\\", "/").rsplit("/", 1)[-1]
        if self.library:
            return QT_TRANSLATE_NOOP("Engine", "library “{name}”").format(name=self.library)
        return QT_TRANSLATE_NOOP("Engine", "all your files")


class JobState(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class IngestProgress:
    """One step of an indexing job: overall counts plus the file that just changed."""

    state: JobState
    files_total: int
    files_done: int
    chunks_done: int
    eta_s: float | None = None
    file: FileRecord | None = None  # the file whose status just changed, if any
    message: str = ""
