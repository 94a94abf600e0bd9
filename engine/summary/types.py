"""The plain types of the summary room: what to summarize, its sections, the result."""

from __future__ import annotations

from dataclasses import dataclass

from engine.errors import HishoError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Page
from engine.types import SummaryLength as Length


class SummaryError(HishoError):
    """There is nothing to summarize, or the model cannot hold a section."""


@dataclass(frozen=True, slots=True)
class SummarySource:
    """What to summarize: a document's pages, a conversation, or some text."""

    title: str  # "report.pdf", "the conversation “Trip”", "the selected text"
    pages: tuple[Page, ...]
    path: str = ""  # the file, when it is one (its pages can then be opened)


@dataclass(frozen=True, slots=True)
class Section:
    """A run of the document that one model call reads."""

    index: int
    text: str
    first_page: int | None
    last_page: int | None
    start: int  # character offset in the first page's text

    @property
    def label(self) -> str:
        """ "pages 3–7", "page 3", or "part 2" for text without pages."""
        if self.first_page is None or self.last_page is None:
            return QT_TRANSLATE_NOOP("Engine", "part {number}").format(number=self.index + 1)
        if self.first_page == self.last_page:
            return QT_TRANSLATE_NOOP("Engine", "page {page}").format(page=self.first_page)
        return QT_TRANSLATE_NOOP("Engine", "pages {first}–{last}").format(
            first=self.first_page, last=self.last_page
        )


@dataclass(frozen=True, slots=True)
class SummaryPoint:
    """One point of the final summary and the sections it came from."""

    text: str
    sections: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    title: str
    text: str  # the final summary, each point followed by its citations [1] [2]
    points: tuple[SummaryPoint, ...]
    sections: tuple[Section, ...]
    notes: tuple[str, ...]  # each section's own summary ("" when the text was read whole)
    cited: tuple[int, ...]  # sections in citation order: [1] is sections[cited[0]]
    language: str
    length: Length
    model_calls: int
    cached_calls: int

    def pages(self, point: SummaryPoint) -> list[tuple[int | None, int | None]]:
        return [(self.sections[i].first_page, self.sections[i].last_page) for i in point.sections]
