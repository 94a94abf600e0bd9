"""Each point of a final summary traced to the sections (and pages) it came from, and the
cited sections as the sources shown under the summary."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.chat.clean import MARKUP
from engine.chat.rag import coverage
from engine.library.types import Passage
from engine.summary.sections import sentences
from engine.summary.types import Section, Summary, SummaryPoint, SummarySource

_BULLET = re.compile(r"^\s*(?:[-*•・]|\d+[.)])\s+")


@dataclass(frozen=True, slots=True)
class Citations:
    """A final summary with its citations."""

    text: str  # each point followed by its citations [1] [2]
    points: tuple[SummaryPoint, ...]
    cited: tuple[int, ...]  # sections in citation order: [1] is sections[cited[0]]


def sources_of(point: str, sections: Sequence[Section], notes: Sequence[str]) -> tuple[int, ...]:
    """The sections a point most likely came from (none when nothing matches)."""
    clean = _BULLET.sub("", point)
    scores = []
    for i, section in enumerate(sections):
        note = notes[i] if i < len(notes) else ""
        score = coverage(clean, section.text) + (coverage(clean, note) if note else 0.0)
        scores.append(score)
    best = max(scores, default=0.0)
    if best < 0.25:
        return ()
    chosen = sorted(range(len(scores)), key=lambda i: -scores[i])[:2]
    return tuple(sorted(i for i in chosen if scores[i] >= 0.8 * best))


class _Citing:
    """The points of one final summary, cited as they are read, in order."""

    def __init__(self, sections: Sequence[Section], notes: Sequence[str], has_pages: bool) -> None:
        self.sections = sections
        self.notes = notes
        self.has_pages = has_pages
        self.cited: list[int] = []
        self.points: list[SummaryPoint] = []

    def line(self, line: str) -> str:
        """A line of the summary: a bullet is a point, a paragraph's sentences are."""
        if not line.strip() or line.strip().endswith(":"):  # a blank line or a lead-in
            return line
        if _BULLET.match(line):
            return self.point(line.rstrip())
        return " ".join(self.point(s) for s in sentences(line.strip()))

    def point(self, point: str) -> str:
        """The point followed by its citations."""
        if not self.has_pages:  # text or a conversation: no pages to point at
            self.points.append(SummaryPoint(_BULLET.sub("", point).strip(), ()))
            return point
        found = sources_of(point, self.sections, self.notes) if len(self.sections) > 1 else (0,)
        for index in found:
            if index not in self.cited:
                self.cited.append(index)
        self.points.append(SummaryPoint(_BULLET.sub("", point).strip(), found))
        return point + "".join(f" [{self.cited.index(i) + 1}]" for i in found)


def cite(
    final: str, sections: Sequence[Section], notes: Sequence[str], has_pages: bool
) -> Citations:
    """``final`` with each point's sections cited (only when the source has pages);
    prompt markup the model copied (a stray ``</text>``) is taken out first."""
    final = MARKUP.sub("", final)
    citing = _Citing(sections, notes, has_pages)
    text = "\n".join(citing.line(line) for line in final.splitlines()).strip()
    return Citations(text, tuple(citing.points), tuple(citing.cited))


def summary_passages(summary: Summary, source: SummarySource) -> list[Passage]:
    """The cited sections as sources under the summary: [n] opens its first page."""
    out: list[Passage] = []
    for index in summary.cited:
        section = summary.sections[index]
        excerpt = section.text[:400]
        out.append(
            Passage(
                chunk_id=f"summary:{index}",
                library="",
                path=source.path,
                page=section.first_page,
                heading=section.label,
                text=excerpt,
                start=section.start,
                end=section.start + len(excerpt),
                score=1.0,
            )
        )
    return out
