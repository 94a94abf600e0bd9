"""Summaries of any length on the user's own model: map, reduce, stream.

A document is cut into sections that fill the loaded model's context (see
:mod:`engine.summary.sections`), so every call fits and nothing is cut silently. Each
section is summarized (map); the section notes are merged in rounds until they fit one
prompt (reduce); the final summary streams. Every model call's output is cached under
the hash of its input (:mod:`engine.summary.cache`), and each point of the final
summary is traced back to the sections (and pages) it came from
(:mod:`engine.summary.citations`).

``summarize`` yields :class:`~engine.types.SummaryProgress` and
:class:`~engine.types.Token` events and returns a :class:`~engine.summary.types.Summary`;
:mod:`engine.summary.turn` runs it as a turn of a conversation.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from engine.cancel import CancelToken
from engine.chat.clean import ReplyCleaner
from engine.chat.turn import tap
from engine.i18n import QT_TRANSLATE_NOOP
from engine.models.backend import ChatBackend
from engine.summary.cache import SummaryCache, call_key
from engine.summary.citations import cite
from engine.summary.prompts import (
    call_options,
    clean_output,
    final_messages,
    language_of,
    map_messages,
    merge_messages,
    section_label,
)
from engine.summary.sections import MIN_CONTEXT, SLACK_TOKENS, TOO_SHORT, Sectioner
from engine.summary.types import Section, Summary, SummaryError, SummarySource
from engine.types import ChatMessage, StreamEvent, SummaryProgress, Token
from engine.types import SummaryLength as Length

#: Reply room for the final summary, by length (capped at half the context).
FINAL_TOKENS = {Length.BRIEF: 220, Length.BULLETS: 400, Length.DETAILED: 800}

#: Asked before the first call with the first round of requests (messages, reply room):
#: yields what it needs to (a consent question) and returns when they may go; raises
#: (a :class:`~engine.errors.HishoError`) when they may not.
Approve = Callable[[list[tuple[list[ChatMessage], int]]], Generator[StreamEvent, None, None]]
#: Notes and the sections they cover.
Note = tuple[str, tuple[int, ...]]


@dataclass(slots=True)
class _Run:
    """Counters of one summary run."""

    calls: int = 0
    cached: int = 0
    work_done: float = 0.0
    work_total: float = 1.0
    timed_work: float = 0.0
    timed_s: float = 0.0
    fraction: float = 0.0


class _Stopped(Exception):
    """The user stopped the run; ``args[0]`` is the partial final text, if any."""


class Summarizer:
    """Summarizes one source with one backend; see the module's docstring."""

    def __init__(
        self,
        backend: ChatBackend,
        cache: SummaryCache | None,
        cancel: CancelToken,
        on_call: Callable[[int, int], None] | None = None,
        approve: Approve | None = None,
    ) -> None:
        self.backend = backend
        self.cache = cache
        self.cancel = cancel
        #: Asked once, before the first call (the cloud's consent); None: no question.
        self.approve = approve
        #: Hears (prompt tokens, reply room) of every model call made (tests check fit).
        self.on_call = on_call
        self.context = 0
        self.run = _Run()

    # --- sizing ----------------------------------------------------------------------

    def _count(self, messages: Sequence[ChatMessage]) -> int:
        return self.backend.count_tokens(messages)[0]

    def _map_tokens(self) -> int:
        return max(96, min(256, self.context // 10))

    def _final_tokens(self, length: Length) -> int:
        return min(FINAL_TOKENS[length], self.context // 2)

    def sections(self, source: SummarySource, language: str, final_room: int) -> list[Section]:
        """Cut the source into sections whose map prompt fits the context exactly."""
        cutter = Sectioner(self.backend, self.context, self._map_tokens())
        return cutter.cut(source, language, final_room)

    def _plan(self, sections: list[Section], final_room: int) -> tuple[list[float], float]:
        """The work of each map call and of the final call (for progress and time left)."""
        map_room = self._map_tokens()
        if len(sections) > 1:
            final_work: float = 10 * final_room + len(sections) * map_room
            map_work = [len(s.text) / 3 + 10 * map_room for s in sections]
        else:
            final_work = 10 * final_room + len(sections[0].text) / 3
            map_work = []
        self.run.work_total = sum(map_work) + final_work
        return map_work, final_work

    # --- calls -----------------------------------------------------------------------

    def _progress(self, phase: str, done: int, total: int) -> SummaryProgress:
        run = self.run
        fraction = max(run.fraction, min(1.0, run.work_done / max(run.work_total, 1.0)))
        run.fraction = fraction
        eta: float | None = None
        if run.timed_work > 0 and run.timed_s > 0:
            eta = (run.work_total - run.work_done) * run.timed_s / run.timed_work
        return SummaryProgress(phase, done, total, fraction, eta)

    def _call(
        self, messages: list[ChatMessage], max_tokens: int, work: float, stream: bool = False
    ) -> Generator[Token, None, str]:
        """One model call (or its cached output). Yields tokens when ``stream``."""
        if self.cancel.cancelled:
            raise _Stopped
        prompt = self._count(messages)
        if prompt + max_tokens > self.context:
            raise SummaryError(  # sections are sized so this cannot happen: say so loudly
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "A summary prompt of {prompt} tokens does not fit the context "
                    "({context} tokens with {reply} for the reply).",
                ).format(prompt=prompt, context=self.context, reply=max_tokens)
            )
        key = call_key(self.backend.name, messages, max_tokens)
        cached = self.cache.get(key) if self.cache is not None else None
        self.run.calls += 1
        if cached is not None:
            self.run.cached += 1
            self.run.work_done += work
            if stream:
                yield Token(cached)
            return cached
        if self.on_call is not None:
            self.on_call(prompt, max_tokens)
        text = yield from self._generate(messages, max_tokens, work, stream)
        if self.cache is not None and text:
            self.cache.put(key, text)
        return text

    def _generate(
        self, messages: list[ChatMessage], max_tokens: int, work: float, stream: bool
    ) -> Generator[Token, None, str]:
        """The model's cleaned output of one call, timed for the estimate of time left."""
        notices: list[str] = []
        started = time.monotonic()
        pieces: list[str] = []
        options = call_options(max_tokens)
        cleaner = ReplyCleaner(())  # what streams to the user: no prompt markup
        for piece in self.backend.stream(messages, options, self.cancel, notices.append):
            pieces.append(piece)
            if stream and (shown := cleaner.feed(piece)):
                yield Token(shown)
        if stream and (rest := cleaner.flush()):
            yield Token(rest)
        if notices:  # the worker fitted the prompt: it was cut, which must not happen
            raise SummaryError(
                QT_TRANSLATE_NOOP("Engine", "The summary prompt was cut to fit: {notices}").format(
                    notices=" ".join(notices)
                )
            )
        if self.cancel.cancelled:
            raise _Stopped("".join(pieces))
        self.run.work_done += work
        self.run.timed_work += work
        self.run.timed_s += time.monotonic() - started
        return clean_output("".join(pieces))

    # --- the whole run ---------------------------------------------------------------

    def summarize(
        self, source: SummarySource, length: Length = Length.BULLETS
    ) -> Generator[StreamEvent, None, Summary]:
        info = self.backend.load()
        self.context = info.context_length
        if self.context < MIN_CONTEXT:
            raise SummaryError(TOO_SHORT.format(count=self.context, minimum=MIN_CONTEXT))
        title, language = source.title, language_of(source.pages)
        final_room = self._final_tokens(length)
        yield SummaryProgress("reading", 0, 0, 0.0, None)
        sections = self.sections(source, language, final_room)
        map_work, final_work = self._plan(sections, final_room)
        if self.approve is not None:
            yield from self.approve(self._first_round(sections, title, language, length))
        notes: list[str] = []
        body = sections[0].text
        if len(sections) > 1:
            notes = yield from self._map(sections, map_work, title, language)
            body = yield from self._merged(sections, notes, title, language, final_room)
        yield self._progress("writing", 0, 1)
        messages = final_messages(title, language, length, body)
        final = yield from self._call(messages, final_room, final_work, stream=True)
        yield self._progress("writing", 1, 1)
        citations = cite(final, sections, notes, has_pages=bool(source.path))
        return Summary(
            title=title,
            text=citations.text,
            points=citations.points,
            sections=tuple(sections),
            notes=tuple(notes),
            cited=citations.cited,
            language=language,
            length=length,
            model_calls=self.run.calls,
            cached_calls=self.run.cached,
        )

    def _first_round(
        self, sections: list[Section], title: str, language: str, length: Length
    ) -> list[tuple[list[ChatMessage], int]]:
        """The requests that carry the text: every map call, or the one final call."""
        if len(sections) > 1:
            return [(map_messages(s, title, language), self._map_tokens()) for s in sections]
        messages = final_messages(title, language, length, sections[0].text)
        return [(messages, self._final_tokens(length))]

    def _map(
        self, sections: list[Section], work: list[float], title: str, language: str
    ) -> Generator[StreamEvent, None, list[str]]:
        """Each section's notes, in order."""
        notes: list[str] = []
        for section, section_work in zip(sections, work, strict=True):
            yield self._progress("sections", section.index, len(sections))
            messages = map_messages(section, title, language)
            notes.append((yield from self._call(messages, self._map_tokens(), section_work)))
        return notes

    def _merged(
        self, sections: list[Section], notes: list[str], title: str, language: str, room: int
    ) -> Generator[StreamEvent, None, str]:
        """The sections' notes, labelled and merged until they fit the final prompt."""
        items: list[Note] = [
            (f"{section_label(s, language).capitalize()}:\n{n}", (s.index,))
            for s, n in zip(sections, notes, strict=True)
        ]
        items = yield from self._reduce(items, title, language, room)
        return "\n\n".join(text for text, _ in items)

    def _reduce(
        self, items: list[Note], title: str, language: str, final_room: int
    ) -> Generator[SummaryProgress | Token, None, list[Note]]:
        """Merge notes in rounds until all of them fit the final prompt."""
        rounds = 0
        while not self._fits_final(items, title, language, final_room):
            rounds += 1
            groups = self._groups(items, title, language)
            if len(groups) == len(items):  # no two notes fit together: cannot shrink
                raise SummaryError(
                    QT_TRANSLATE_NOOP(
                        "Engine", "The section notes are too long to merge in this context."
                    )
                )
            items = yield from self._merge(groups, title, language)
            if rounds > 20:
                raise SummaryError(QT_TRANSLATE_NOOP("Engine", "The summary did not converge."))
        return items

    def _fits_final(self, items: list[Note], title: str, language: str, final_room: int) -> bool:
        body = "\n\n".join(text for text, _ in items)
        prompt = self._count(final_messages(title, language, Length.DETAILED, body))
        return prompt + final_room <= self.context - SLACK_TOKENS

    def _groups(self, items: list[Note], title: str, language: str) -> list[list[Note]]:
        """Consecutive notes in groups whose merge prompt fits the context."""
        room = self._map_tokens()
        groups: list[list[Note]] = [[]]
        for item in items:
            trial = [*groups[-1], item]
            text = "\n\n".join(t for t, _ in trial)
            fits = self._count(merge_messages(title, language, text)) + room <= (
                self.context - SLACK_TOKENS
            )
            if groups[-1] and not fits:
                groups.append([item])
            else:
                groups[-1] = trial
        return groups

    def _merge(
        self, groups: list[list[Note]], title: str, language: str
    ) -> Generator[SummaryProgress | Token, None, list[Note]]:
        """One round: each group's notes merged into one note."""
        room = self._map_tokens()
        merged: list[Note] = []
        for number, group in enumerate(groups):
            yield SummaryProgress("merging", number, len(groups), self.run.fraction, None)
            text = "\n\n".join(t for t, _ in group)
            sections = tuple(i for _, ids in group for i in ids)
            messages = merge_messages(title, language, text)
            out = yield from self._call(messages, room, len(text) / 3 + 10 * room)
            merged.append((out, sections))
        self.run.work_total += sum(len(t) / 3 + 10 * room for t, _ in merged)
        return merged


E = TypeVar("E")
R = TypeVar("R")


def drain(events: Generator[E, None, R], on_event: Callable[[E], None]) -> R:
    """Run ``events`` to its end, handing each event to ``on_event``; its return value."""
    results: list[R] = []

    def run() -> Generator[E, None, None]:
        results.append((yield from tap(events, on_event)))

    for _ in run():
        pass
    return results[0]


def summarize(
    source: SummarySource,
    backend: ChatBackend,
    cache: SummaryCache | None,
    cancel: CancelToken,
    length: Length = Length.BULLETS,
    on_call: Callable[[int, int], None] | None = None,
    approve: Approve | None = None,
) -> Generator[StreamEvent, None, Summary | None]:
    """Summarize ``source``: progress and the final text as it streams; returns the
    summary, or None when cancelled."""
    summarizer = Summarizer(backend, cache, cancel, on_call, approve)
    try:
        return (yield from summarizer.summarize(source, length))
    except _Stopped:
        return None
