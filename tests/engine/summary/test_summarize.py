"""Summaries with the real bundled model: any length, exact fit, cache, cancel, pages."""

from __future__ import annotations

import itertools
import sqlite3
import threading
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from engine.cancel import CancelToken
from engine.library.types import Page
from engine.storage.history import History
from engine.summary.cache import SummaryCache
from engine.summary.prompts import clean_output, language_of, map_messages
from engine.summary.sources import conversation_source, document_source, text_source
from engine.summary.summarizer import Summarizer, drain, summarize
from engine.summary.turn import summarize_turn, summary_request
from engine.summary.types import Summary, SummaryError, SummarySource
from engine.types import (
    AnswerChecked,
    MessageStatus,
    SourcesFound,
    SummaryProgress,
    Token,
    TurnFinished,
)
from engine.types import SummaryLength as Length
from tests.documents import long_report_pages, make_pdf, report_pages

LONG_PAGES = 104


@dataclass
class Run:
    summary: Summary | None
    progress: list[SummaryProgress] = field(default_factory=list)
    streamed: str = ""
    calls: list[tuple[int, int]] = field(default_factory=list)
    seconds: float = 0.0


def run(
    source: SummarySource,
    backend: Any,
    cache: SummaryCache | None,
    length: Length = Length.BULLETS,
    cancel: CancelToken | None = None,
) -> Run:
    result = Run(None)
    started = time.monotonic()
    events = summarize(source, backend, cache, cancel or CancelToken(), length,
                       on_call=lambda p, r: result.calls.append((p, r)))  # fmt: skip

    def seen(event: SummaryProgress | Token) -> None:
        if isinstance(event, Token):
            result.streamed += event.text
        else:
            result.progress.append(event)

    result.summary = drain(events, seen)
    result.seconds = time.monotonic() - started
    return result


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pages = [lines[:2] for lines in long_report_pages(LONG_PAGES)]
    return make_pdf(tmp_path_factory.mktemp("long") / "town-report.pdf", pages)


@pytest.fixture(scope="module")
def cache_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache") / "summaries.sqlite3"


@pytest.fixture(scope="module")
def first_run(long_pdf: Path, cache_path: Path, local_backend: Any) -> Run:
    """The 104-page document summarized once (the tests below look at this run)."""
    cache = SummaryCache.open(cache_path)
    try:
        return run(document_source(long_pdf), local_backend, cache)
    finally:
        cache.close()


def test_a_long_document_is_summarized_to_the_end(first_run: Run, local_backend: Any) -> None:
    summary = first_run.summary
    assert summary is not None
    assert summary.text.strip()
    sections = summary.sections
    assert len(sections) > 1  # it did not fit one prompt: map and reduce ran
    # The sections cover every page, in order, without gaps.
    assert sections[0].first_page == 1 and sections[-1].last_page == LONG_PAGES
    for before, after in itertools.pairwise(sections):
        assert after.first_page in (before.last_page, (before.last_page or 0) + 1)
    assert len(summary.notes) == len(sections) and all(summary.notes)
    assert summary.model_calls == len(first_run.calls) > len(sections)
    assert summary.cached_calls == 0


def test_every_call_fits_the_context_by_the_models_own_count(
    first_run: Run, local_backend: Any
) -> None:
    context = local_backend.info.context_length
    assert first_run.calls
    for prompt, reply_room in first_run.calls:
        assert prompt + reply_room <= context
    # The count is the model's own: the last call's prompt is what the model evaluated.
    assert first_run.calls[-1][0] == local_backend.last_stats.prompt_tokens


def test_progress_only_moves_forward(first_run: Run) -> None:
    fractions = [p.fraction for p in first_run.progress]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    steps = [p.done for p in first_run.progress if p.phase == "sections"]
    assert steps == list(range(len(steps))) and steps
    assert any(p.eta_s is not None and "left" in p.message for p in first_run.progress)


def test_points_cite_the_pages_they_came_from(first_run: Run) -> None:
    summary = first_run.summary
    assert summary is not None
    assert summary.cited, summary.text
    assert "[1]" in summary.text
    for point in summary.points:
        for first, last in summary.pages(point):
            assert first is not None and last is not None and 1 <= first <= last <= LONG_PAGES


def test_a_second_run_and_another_length_reuse_the_cache(
    first_run: Run, long_pdf: Path, cache_path: Path, local_backend: Any
) -> None:
    cache = SummaryCache.open(cache_path)
    try:
        again = run(document_source(long_pdf), local_backend, cache)
        assert again.summary is not None and first_run.summary is not None
        assert again.calls == []  # no model call at all
        assert again.summary.cached_calls == again.summary.model_calls
        assert again.summary.text == first_run.summary.text
        assert again.seconds < first_run.seconds / 10
        brief = run(document_source(long_pdf), local_backend, cache, Length.BRIEF)
        assert brief.summary is not None
        # Only the final call is new: the sections' notes come from the cache.
        assert len(brief.calls) == 1
        assert brief.summary.cached_calls == brief.summary.model_calls - 1
    finally:
        cache.close()


def test_cancel_stops_within_a_second_and_keeps_only_whole_entries(
    long_pdf: Path, tmp_path: Path, local_backend: Any
) -> None:
    cache = SummaryCache.open(tmp_path / "cache.sqlite3")
    cancel = CancelToken()
    events = summarize(document_source(long_pdf), local_backend, cache, cancel)
    stopped_at: list[float] = []

    def stop_soon() -> None:
        time.sleep(1.5)  # inside the first section's call (prompt or reply)
        stopped_at.append(time.monotonic())
        cancel.cancel()

    threading.Thread(target=stop_soon, daemon=True).start()
    result = drain(events, lambda event: None)
    ended = time.monotonic()
    assert result is None
    assert stopped_at and ended - stopped_at[0] < 1.0
    rows = sqlite3.connect(tmp_path / "cache.sqlite3").execute("SELECT text FROM outputs")
    assert all(text.strip() for (text,) in rows)  # nothing half-written
    cache.close()
    # The model process still answers afterwards.
    assert run(text_source("The bakery opens at six."), local_backend, None).summary


def test_a_short_text_is_read_whole_in_one_call(local_backend: Any) -> None:
    pages = tuple(Page(i + 1, "\n".join(lines)) for i, lines in enumerate(report_pages()))
    result = run(SummarySource("report.pdf", pages, "/tmp/report.pdf"), local_backend, None)
    assert result.summary is not None
    assert len(result.summary.sections) == 1 and len(result.calls) == 1
    assert result.summary.sections[0].label == "pages 1–3"
    assert result.streamed  # the final summary streamed


def test_empty_and_textless_documents_get_a_clear_message(
    tmp_path: Path, local_backend: Any
) -> None:
    with pytest.raises(SummaryError, match="no text to summarize"):
        run(text_source("  \n\n  ", "empty.txt"), local_backend, None)
    blank = make_pdf(tmp_path / "scan.pdf", [[], []])
    with pytest.raises(SummaryError, match="scanned document"):
        run(document_source(blank), local_backend, None)


def test_a_thousand_pages_are_cut_in_bounded_memory(local_backend: Any) -> None:
    """Sections of a 1,000-page document: each map prompt fits, memory stays small."""
    pages = tuple(Page(i + 1, "\n".join(lines)) for i, lines in enumerate(long_report_pages(1000)))
    summarizer = Summarizer(local_backend, None, CancelToken())
    summarizer.context = local_backend.info.context_length
    tracemalloc.start()
    try:
        sections = summarizer.sections(SummarySource("big.pdf", pages), "en", 400)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    text_bytes = sum(len(p.text) for p in pages)
    assert peak < 20 * text_bytes  # a few copies of the text, not a blow-up
    assert sections[0].first_page == 1 and sections[-1].last_page == 1000
    for section in sections[:: max(1, len(sections) // 8)]:
        messages = map_messages(section, "big.pdf", "en")
        prompt = local_backend.count_tokens(messages)[0]
        assert prompt + summarizer._map_tokens() <= summarizer.context


def test_japanese_text_gets_a_japanese_prompt(local_backend: Any) -> None:
    text = "東京の図書館は朝九時に開きます。古い地図は閲覧室で読むことができます。"
    source = text_source(text, "図書館の案内")
    assert language_of(source.pages) == "ja"
    result = run(source, local_backend, None)
    assert result.summary is not None and result.summary.language == "ja"
    assert result.summary.cited == ()  # text has no pages to cite
    assert language_of([Page(None, "The library opens at nine.")]) == "en"


def test_summary_requests_read_as_sentences() -> None:
    assert summary_request("report.pdf", Length.DETAILED) == "Summarize report.pdf (detailed)"


def test_echoed_prompt_markup_is_removed() -> None:
    echoed = "<text>\nPages 1–20:\n- The pier was rebuilt.\n</text>\n3〜5ページ:\n- 新しい駅"
    assert clean_output(echoed) == "- The pier was rebuilt.\n\n- 新しい駅"


@pytest.fixture()
def history(tmp_path: Path) -> Iterator[History]:
    store = History(tmp_path / "history.sqlite3")
    yield store
    store.close()


def test_a_summary_is_a_turn_with_its_pages_as_sources(
    history: History, tmp_path: Path, local_backend: Any
) -> None:
    pdf = make_pdf(tmp_path / "report.pdf", report_pages())
    conversation = history.create_conversation()
    events = list(
        summarize_turn(
            history, local_backend, None, conversation.id, "report.pdf",
            lambda: document_source(pdf), Length.BRIEF, CancelToken(),
        )
    )  # fmt: skip
    finished = events[-1]
    assert isinstance(finished, TurnFinished) and finished.status is MessageStatus.COMPLETE
    assert any(isinstance(e, SourcesFound) for e in events)
    user, reply = history.messages(conversation.id)
    assert user.content == "Summarize report.pdf (brief)"
    assert reply.content == finished.text and reply.content.strip()
    assert reply.sources and reply.sources[0].path == str(pdf)
    assert reply.sources[0].page == 1 and reply.sources[0].heading == "pages 1–3"
    # Each point checked against the sections it cites, kept with the summary.
    [checked] = [e for e in events if isinstance(e, AnswerChecked)]
    assert checked.check.sentences and reply.check == checked.check
    assert all(0 <= s.start < s.end <= len(reply.content) for s in checked.check.sentences)
    assert "</text>" not in "".join(e.text for e in events if isinstance(e, Token))


def test_a_failed_source_leaves_a_clear_error_in_the_conversation(
    history: History, tmp_path: Path, local_backend: Any
) -> None:
    conversation = history.create_conversation()
    events = list(
        summarize_turn(
            history, local_backend, None, conversation.id, "gone.pdf",
            lambda: document_source(tmp_path / "gone.pdf"), Length.BRIEF, CancelToken(),
        )
    )  # fmt: skip
    finished = events[-1]
    assert isinstance(finished, TurnFinished) and finished.status is MessageStatus.ERROR
    assert "gone.pdf" in finished.error
    assert history.messages(conversation.id)[-1].error == finished.error


def test_a_conversation_becomes_a_source(history: History) -> None:
    conversation = history.create_conversation()
    history.append_message(conversation.id, "user", "Where is the pier?")
    history.append_message(conversation.id, "assistant", "At the north end.")
    source = conversation_source(history, conversation.id)
    assert source.pages[0].text == "User: Where is the pier?\n\nHisho: At the north end."
    assert source.title.startswith("the conversation")


def test_a_damaged_cache_is_started_anew(tmp_path: Path) -> None:
    path = tmp_path / "summaries.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    cache = SummaryCache.open(path)
    cache.put("k", "v")
    assert cache.get("k") == "v"
    cache.close()
