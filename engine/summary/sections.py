"""Cutting a source into sections that fill the model's context exactly.

Paragraphs are counted with the model's own tokenizer, over-long ones cut at sentence
ends, and packed into sections whose map prompt (chat template included) fits the
context with room for the reply, so no call is ever cut to fit. A source that fits the
final prompt whole is one section, read in one call.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Page
from engine.models.backend import ChatBackend
from engine.summary.prompts import final_messages, map_messages
from engine.summary.types import Section, SummaryError, SummarySource
from engine.types import ChatMessage
from engine.types import SummaryLength as Length

#: Tokens kept free in every prompt for what exact counting cannot see (none expected).
SLACK_TOKENS = 16
#: Below this context a section would hold too little text to be worth a call.
MIN_CONTEXT = 1024
#: Said when the context is too short to summarize with.
TOO_SHORT = QT_TRANSLATE_NOOP(
    "Engine",
    "The model's context ({count} tokens) is too short to summarize "
    "with; choose a context of at least {minimum} tokens in Settings.",
)
_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
#: Paragraphs are counted in batches of this many (bounded messages to the model process).
_COUNT_BATCH = 512

#: A paragraph: its text, page and character offset in the page.
Piece = tuple[str, int | None, int]


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (English or Japanese ends), blank ones left out."""
    return [s for s in _SENTENCE.split(text) if s.strip()]


@dataclass(slots=True)
class _Unit:
    text: str
    page: int | None
    start: int
    tokens: int


def _pieces(pages: Sequence[Page]) -> list[Piece]:
    """Paragraphs of every page, with their page and offset."""
    out: list[Piece] = []
    for page in pages:
        at = 0
        for match in [*_PARAGRAPH.finditer(page.text), None]:
            end = match.start() if match else len(page.text)
            text = page.text[at:end].strip()
            if text:
                out.append((text, page.number, at + page.text[at:end].find(text[:1])))
            at = match.end() if match else at
    return out


def _split(text: str, tokens: int, limit: int) -> list[str]:
    """Cut an over-long paragraph at sentence ends, or (no sentences) into equal parts."""
    parts_of_text = sentences(text)
    if len(parts_of_text) > 1:
        parts, current = [], ""
        share = max(1, len(text) * limit // max(tokens, 1))  # characters per part
        for sentence in parts_of_text:
            if current and len(current) + len(sentence) > share:
                parts.append(current)
                current = ""
            current = f"{current} {sentence}".strip()
        return [*parts, current] if current else parts
    count = -(-tokens // limit) + 1
    size = -(-len(text) // count)
    return [text[i : i + size] for i in range(0, len(text), size)]


def _halves(text: str) -> list[str]:
    """Two halves, cut at a space near the middle when there is one."""
    middle = len(text) // 2
    space = text.rfind(" ", middle // 2, middle + middle // 2)
    cut = space if space > 0 else middle
    return [text[:cut], text[cut:]]


class Sectioner:
    """Cuts sources into sections for one model, context and map reply room."""

    def __init__(self, backend: ChatBackend, context: int, map_room: int) -> None:
        self.backend = backend
        self.context = context
        self.map_room = map_room

    def cut(self, source: SummarySource, language: str, final_room: int) -> list[Section]:
        """Sections of ``source`` whose map prompt fits the context exactly; one
        section when the whole text fits the final prompt (``final_room`` to reply)."""
        pieces = _pieces(source.pages)
        if not pieces:
            raise SummaryError(
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "{title} has no text to summarize. If it is a scanned document, "
                    "Hisho can't read text in images yet.",
                ).format(title=source.title)
            )
        counts = self._counts([p[0] for p in pieces])
        if self._fits_whole(counts, source.title, language, final_room):
            text = "\n\n".join(p[0] for p in pieces)
            return [Section(0, text, pieces[0][1], pieces[-1][1], pieces[0][2])]
        widest = Section(0, "", 99999, 99999, 0)  # an empty section with the longest label
        overhead = self._count(map_messages(widest, source.title, language))
        limit = self.context - self.map_room - overhead - SLACK_TOKENS
        if limit < 128:
            raise SummaryError(TOO_SHORT.format(count=self.context, minimum=MIN_CONTEXT))
        return self._pack(self._units(pieces, counts, limit), limit, source.title, language)

    def _count(self, messages: Sequence[ChatMessage]) -> int:
        return self.backend.count_tokens(messages)[0]

    def _counts(self, texts: list[str]) -> list[int]:
        counts: list[int] = []
        for at in range(0, len(texts), _COUNT_BATCH):
            counts += self.backend.count_tokens([], texts[at : at + _COUNT_BATCH])[1]
        return counts

    def _fits_whole(self, counts: list[int], title: str, language: str, final_room: int) -> bool:
        """Whether the whole text fits the (longest) final prompt: read it in one call."""
        whole = sum(counts) + 2 * len(counts)
        overhead = self._count(final_messages(title, language, Length.DETAILED, ""))
        return whole <= self.context - final_room - overhead - SLACK_TOKENS - 64

    def _units(self, pieces: list[Piece], counts: list[int], limit: int) -> list[_Unit]:
        """The paragraphs, over-long ones cut until each fits ``limit`` tokens."""
        units: list[_Unit] = []
        for (text, page, start), tokens in zip(pieces, counts, strict=True):
            todo = [(text, tokens)]
            while todo:
                part, n = todo.pop(0)
                if n <= limit:
                    units.append(_Unit(part, page, start, n))
                    continue
                parts = _split(part, n, limit) if part == text else _halves(part)
                todo = [(q, self.backend.count_tokens([], [q])[1][0]) for q in parts] + todo
        return units

    def _pack(self, units: list[_Unit], limit: int, title: str, language: str) -> list[Section]:
        """Consecutive units in sections of at most ``limit`` tokens, checked exactly."""
        sections: list[Section] = []
        queue = list(units)
        while queue:
            take, total = 0, 0
            while take < len(queue) and (take == 0 or total + queue[take].tokens + 2 <= limit):
                total += queue[take].tokens + 2
                take += 1
            while True:  # exact check: the estimate may be off by a few tokens
                section = _section(len(sections), queue[:take])
                if take == 1 or self._map_fits(section, title, language):
                    break
                take -= 1
            sections.append(section)
            queue = queue[take:]
        return sections

    def _map_fits(self, section: Section, title: str, language: str) -> bool:
        messages = map_messages(section, title, language)
        return self._count(messages) <= self.context - self.map_room - SLACK_TOKENS


def _section(index: int, units: list[_Unit]) -> Section:
    text = "\n\n".join(u.text for u in units)
    return Section(index, text, units[0].page, units[-1].page, units[0].start)
