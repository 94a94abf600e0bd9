"""Checked answers in the transcript: what a user reads and points at.

The checks are the engine's own (``engine.chat.check.check_answer``,
``engine.summary.check.check_summary``) on real passages; the transcript is the real
widget, offscreen. A reply is shown live (streamed, then finished) and reloaded (from
stored messages), and both must read the same.
"""

from __future__ import annotations

import dataclasses
import time

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from engine.chat.check import check_answer
from engine.library.types import Passage
from engine.summary.check import check_summary
from engine.summary.types import Section, Summary, SummaryPoint
from engine.types import MessageStatus, StoredMessage, SummaryLength
from tests.ui.helpers import anchors, click_link, marked_sentences
from ui.answer_marks import align, span_in, unsupported_colour
from ui.evidence_quote import mark_colour
from ui.transcript import TranscriptView

QUESTION = "In which year did Tesla move to the United States?"
SOURCES = (
    Passage("t1", "Tesla", "/docs/Nikola_Tesla.txt", 1, "", "Nikola Tesla was a Serbian-American "
            "inventor. He was born in 1856 in the village of Smiljan.", 0, 90, 0.9, 0.6, True),
    Passage("t2", "Tesla", "/docs/Nikola_Tesla.txt", 2, "Career", "Tesla gained experience in "
            "telephony before emigrating to the United States in 1884 to work for Thomas Edison.",
            0, 110, 0.8, 0.6, True),
    Passage("t3", "Tesla", "/docs/Nikola_Tesla.txt", 3, "", "In 1891 Tesla became a naturalized "
            "citizen of the United States.", 0, 70, 0.7, 0.6, True),
)  # fmt: skip


def answer(id: int, content: str, sources: tuple[Passage, ...] = SOURCES) -> StoredMessage:
    """A reply as the history keeps it: its text, sources and the engine's check."""
    check = check_answer(QUESTION, content, sources)
    return StoredMessage(id, 1, "assistant", content, MessageStatus.COMPLETE, time.time(),
                         "SmolLM2", sources=sources, check=check)  # fmt: skip


def question(id: int = 1) -> StoredMessage:
    return StoredMessage(id, 1, "user", QUESTION, MessageStatus.COMPLETE, time.time())


def tooltip_over(qtbot: QtBot, view: TranscriptView, text: str) -> str:
    """The tooltip a user sees pointing at ``text`` in the transcript."""
    found = view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(view.document())
    cursor.setPosition(found.selectionStart() + len(text) // 2)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    point = view.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2_000)
    shown = QToolTip.text()
    QToolTip.hideText()
    return shown


def words_marked(view: TranscriptView) -> list[str]:
    """The words shown marked (bold, highlighted) in the quoted key sentence."""
    colour = mark_colour(view.palette())
    found = []
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().background().color() == colour:
                found.append(fragment.text())
            iterator += 1
        block = block.next()
    return found


def test_markdown_offsets_are_aligned_with_what_is_shown() -> None:
    source = "- **Tesla** moved in *1903* [2].\n- He was born in 1856."
    rendered = "Tesla moved in 1903 [2].\u2029He was born in 1856."
    positions = align(source, rendered)
    start = source.index("He was")
    assert span_in(positions, start, len(source)) == (rendered.index("He"), len(rendered))
    first = span_in(positions, 0, source.index("\n"))
    assert first is not None and rendered[first[0] : first[1]] == "Tesla moved in 1903 [2]."
    assert span_in(positions, 0, 2) is None  # "- " shows nothing


def test_the_wrong_year_is_marked_with_why_and_the_1884_sentence_is_quoted(
    qtbot: QtBot, view: TranscriptView
) -> None:
    reply = answer(2, "Tesla moved to the United States in 1903 [2].")
    view.show_messages([question(), reply])
    text = view.toPlainText()
    # The wrong sentence is marked, and pointing at it says why.
    assert marked_sentences(view.document()) == [(
        "Tesla moved to the United States in 1903 [2].",
        "Not found in your documents: 1903 is not in source [2]",
    )]  # fmt: skip
    assert tooltip_over(qtbot, view, "in 1903") == (
        "Not found in your documents: 1903 is not in source [2]"
    )
    # Nothing in it is supported: a notice above the reply says so.
    notice = "⚠ Not found in your documents: nothing in this answer is in its sources."
    assert text.index(notice) < text.index("Tesla moved to the United States in 1903 [2].")
    # Under the answer: the key sentence, its answer words marked, linked to its page.
    assert "In your documents" in text
    assert "emigrating to the United States in 1884 to work for Thomas Edison" in text
    assert "— [2] Nikola_Tesla.txt · page 2 · Career" in text
    key = reply.check.key_sentence  # type: ignore[union-attr]
    assert key is not None and key.marks  # a wrong answer's words aren't there: the question's
    assert (
        words_marked(view) == [key.text[a:b] for a, b in key.marks] == ["Tesla", "United", "States"]
    )
    assert text.index("In your documents") < text.index("Sources")
    with qtbot.waitSignal(view.source_requested) as opened:
        click_link(qtbot, view, "hisho://source/2/2")
    assert opened.args == [2, 2]


def test_a_reply_with_nothing_supported_gets_a_notice_above_it(view: TranscriptView) -> None:
    reply = answer(2, "Tesla moved to Paris in 1903.")
    view.show_messages([question(), reply])
    text = view.toPlainText()
    notice = "⚠ Not found in your documents: nothing in this answer is in its sources."
    assert notice in text and text.index(notice) < text.index("Tesla moved to Paris")
    [(marked, why)] = marked_sentences(view.document())
    assert marked == "Tesla moved to Paris in 1903."
    assert why.startswith("Not found in your documents: ") and "1903" in why
    colour = unsupported_colour(view.palette())
    found = view.document().find("Paris")
    assert found.charFormat().underlineColor() == colour


def test_a_citation_of_a_source_that_does_not_exist_is_plain_text_and_said(
    qtbot: QtBot, view: TranscriptView
) -> None:
    reply = answer(2, "Tesla emigrated to the United States in 1884 [2]. He moved in 1903 [7].")
    view.show_messages([question(), reply])
    links = anchors(view.document())
    assert "hisho://source/2/2" in links and "hisho://source/2/7" not in links
    assert "in 1903 [7]." in view.toPlainText()  # shown as written, not a link
    [(marked, why)] = marked_sentences(view.document())
    assert marked == "He moved in 1903 [7]."
    assert why.startswith("Not found in your documents: There is no source [7].\n1903 is not")


def test_sources_lead_with_those_the_answer_used_and_fold_the_rest(
    qtbot: QtBot, view: TranscriptView
) -> None:
    reply = answer(2, "Tesla emigrated to the United States in 1884 [2].")
    assert reply.check is not None and reply.check.used == (2,)
    view.show_messages([question(), reply])
    text = view.toPlainText()
    assert "[2] Nikola_Tesla.txt · page 2 · Career" in text.split("Sources")[1]
    assert "[1] Nikola_Tesla.txt" not in text and "[3] Nikola_Tesla.txt" not in text
    assert "▸ 2 more sources" in text
    assert words_marked(view) == ["emigrating", "1884"]  # the answer's words, in the quote
    click_link(qtbot, view, "hisho://sources/2")
    text = view.toPlainText()
    assert "more sources" not in text
    sources = text.split("Sources")[1]
    assert sources.index("[2] Nikola") < sources.index("[1] Nikola") < sources.index("[3] Nikola")
    assert "hisho://source/2/3" in anchors(view.document())
    assert "born in 1856" in sources  # each folded source has its snippet too


def test_a_live_reply_reads_the_same_as_the_reloaded_one(
    qtbot: QtBot, view: TranscriptView
) -> None:
    reply = answer(2, "Tesla was an inventor [1]. **Tesla** moved to the United States in 1903.")
    view.show_messages([question()])
    view.begin_reply("SmolLM2")
    view.show_sources(2, SOURCES)
    view.append_stream(reply.content)
    view.flush()
    view.finish_reply(reply)
    live = (view.toPlainText(), marked_sentences(view.document()), anchors(view.document()))
    view.show_messages([question(), reply])
    reloaded = (view.toPlainText(), marked_sentences(view.document()), anchors(view.document()))
    assert live == reloaded
    why = "Not found in your documents: 1903 is not in sources [1], [2], [3]"
    assert live[1] == [("Tesla moved to the United States in 1903.", why)]


def test_a_reply_that_is_the_evidence_is_not_quoted_twice(view: TranscriptView) -> None:
    key = check_answer(QUESTION, "", SOURCES).key_sentence
    assert key is not None
    content = f"Your documents say: “{' '.join(key.text.split())}” [{key.source}]"
    view.show_messages([question(), answer(2, content)])
    assert "In your documents" not in view.toPlainText()
    assert marked_sentences(view.document()) == []


def test_a_waiting_question_says_so_until_its_answer_begins(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.show_messages([question()])
    view.begin_reply("SmolLM2")
    waiting = "Reading Nikola_Tesla.txt — your question will be answered when it's ready."
    view.show_waiting(waiting)
    assert view.streamed_text() == waiting
    view.append_stream("Tesla moved in 1884.")
    view.flush()
    assert view.streamed_text() == "Tesla moved in 1884."
    assert waiting not in view.toPlainText()


def test_unsupported_summary_points_are_marked_the_same_way(view: TranscriptView) -> None:
    sections = (Section(0, "The pier was rebuilt in 2019 after the storm.", 1, 1, 0),
                Section(1, "Ticket sales rose by 12 percent in the summer.", 2, 2, 0))  # fmt: skip
    text = "- The pier was rebuilt in 2019 [1]\n- Ticket sales rose by 40 percent [2]"
    points = (SummaryPoint("The pier was rebuilt in 2019", (0,)),
              SummaryPoint("Ticket sales rose by 40 percent", (1,)))  # fmt: skip
    summary = Summary("report.pdf", text, points, sections, (), (0, 1), "en",
                      SummaryLength.BULLETS, 1, 0)  # fmt: skip
    passages = tuple(
        Passage(f"summary:{s.index}", "", "/docs/report.pdf", s.first_page, s.label, s.text,
                0, len(s.text), 1.0, 1.0, True)
        for s in sections
    )  # fmt: skip
    reply = dataclasses.replace(answer(2, text, passages), kind="summary",
                                check=check_summary(summary))  # fmt: skip
    view.show_messages([question(), reply])
    assert marked_sentences(view.document()) == [
        (
            "Ticket sales rose by 40 percent [2]",
            "Not found in your documents: 40 is not in source [2]",
        )
    ]
    shown = view.toPlainText()
    assert "more source" not in shown  # a summary lists every section it cites
    assert "[1] report.pdf" in shown and "[2] report.pdf" in shown
