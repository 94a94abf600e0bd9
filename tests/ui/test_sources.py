"""Sources under a grounded answer: shown live and when reopened, highlighted, clickable."""

from __future__ import annotations

import dataclasses
import time

import pytest
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from engine.library.retrieval import highlight_terms, keyword_query
from engine.library.types import Passage
from engine.types import MessageStatus, StoredMessage
from tests.ui.helpers import anchors, click_link
from ui.sources import HIGHLIGHT, snippet, source_title
from ui.transcript import TranscriptView

QUESTION = "What is the name of the new lamp?"
ANSWER = "The new lamp is called Aurelia [1]. It was built in Tromso [2]."


def passage(n: int, page: int | None, text: str, heading: str = "") -> Passage:
    return Passage(f"c{n}", "My files", f"/docs/report{n}.pdf", page, heading, text, 0,
                   len(text), 1.0 / n, 0.6, True)  # fmt: skip


SOURCES = (
    passage(1, 2, "Maintenance. The new lamp is a cobalt-blue lantern named Aurelia.", "Repairs"),
    passage(2, None, "Aurelia was built in Tromso by the harbour smiths in 1921."),
)


def stored(id: int, role: str, content: str, sources: tuple[Passage, ...] = ()) -> StoredMessage:
    return StoredMessage(id, 1, role, content, MessageStatus.COMPLETE, time.time(), "SmolLM2",  # type: ignore[arg-type]
                         sources=sources)  # fmt: skip


@pytest.fixture()
def grounded_view(view: TranscriptView) -> TranscriptView:
    view.find_terms = lambda question, text: highlight_terms(text, keyword_query(question).terms)
    return view


def highlighted_words(view: TranscriptView) -> list[str]:
    """Text shown with the highlight background, in order."""
    found = []
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().background().color() == HIGHLIGHT:
                found.append(fragment.text())
            iterator += 1
        block = block.next()
    return found


def check_sources_shown(view: TranscriptView, message_id: int) -> None:
    text = view.toPlainText()
    assert text.count("Sources") == 1
    assert text.index("Aurelia [1]") < text.index("Sources")  # under the answer
    assert "[1] report1.pdf · page 2 · Repairs" in text
    assert "[2] report2.pdf" in text and "[2] report2.pdf · page" not in text
    assert "cobalt-blue lantern named Aurelia" in text  # the snippet
    links = anchors(view.document())
    assert f"hisho://source/{message_id}/1" in links
    assert f"hisho://source/{message_id}/2" in links
    # The question's words are highlighted in the snippets.
    words = [w.casefold() for w in highlighted_words(view)]
    assert "new" in words and "lamp" in words


def test_sources_show_while_the_answer_streams_then_stay_under_it(
    qtbot: QtBot, grounded_view: TranscriptView
) -> None:
    view = grounded_view
    view.show_messages([stored(1, "user", QUESTION)])
    view.begin_reply("SmolLM2")
    view.show_sources(2, SOURCES)
    assert "[1] report1.pdf · page 2" in view.toPlainText()  # before the first token
    for piece in ["The new lamp ", "is called Aurelia [1]."]:
        view.append_stream(piece)
    qtbot.waitUntil(
        lambda: view.streamed_text() == "The new lamp is called Aurelia [1].", timeout=2000
    )
    text = view.toPlainText()
    assert text.index("is called Aurelia") < text.index("Sources")  # streams above them
    view.finish_reply(stored(2, "assistant", ANSWER, SOURCES))
    check_sources_shown(view, 2)
    answer_block = view.document().find("is called Aurelia").block()
    assert answer_block.blockFormat().leftMargin() == 0  # not indented like a snippet
    # "[1]" in the answer became a link to the first source.
    position = view.document().find("[1]").position()
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    assert cursor.charFormat().anchorHref() == "hisho://source/2/1"


def test_sources_show_when_a_conversation_is_reopened(grounded_view: TranscriptView) -> None:
    grounded_view.show_messages(
        [stored(1, "user", QUESTION), stored(2, "assistant", ANSWER, SOURCES)]
    )
    check_sources_shown(grounded_view, 2)


def test_an_answer_without_sources_has_no_sources_section(view: TranscriptView) -> None:
    view.show_messages([stored(1, "user", "hi"), stored(2, "assistant", "Hello [1].")])
    assert "Sources" not in view.toPlainText()
    assert not any(link.startswith("hisho://source") for link in anchors(view.document()))


def test_clicking_a_source_asks_to_open_it(qtbot: QtBot, grounded_view: TranscriptView) -> None:
    grounded_view.show_messages(
        [stored(1, "user", QUESTION), stored(2, "assistant", ANSWER, SOURCES)]
    )
    with qtbot.waitSignal(grounded_view.source_requested, timeout=2000) as requested:
        click_link(qtbot, grounded_view, "hisho://source/2/2")
    assert requested.args == [2, 2]


def test_source_text_is_shown_as_text_never_loaded(view: TranscriptView) -> None:
    hostile = passage(
        1, 1, '<img src="https://evil.example/x.png"> <b>bold</b> [link](file:///etc)'
    )
    view.show_messages([stored(1, "user", "q"), stored(2, "assistant", "A [1]", (hostile,))])
    text = view.toPlainText()
    assert '<img src="https://evil.example/x.png">' in text and "<b>bold</b>" in text


def test_source_title() -> None:
    assert source_title(3, SOURCES[0]) == "[3] report1.pdf · page 2 · Repairs"
    assert source_title(1, SOURCES[1]) == "[1] report2.pdf"
    section = dataclasses.replace(SOURCES[0], page=12, heading="pages 12–18")  # a summary's
    assert source_title(2, section) == "[2] report1.pdf · pages 12–18"
    for name, label in (("deck.pptx", "slide 2"), ("book.ods", "sheet 2"),
                        ("novel.epub", "chapter 2")):  # fmt: skip
        other = dataclasses.replace(SOURCES[0], path=f"/docs/{name}")
        assert source_title(1, other) == f"[1] {name} · {label} · Repairs"


def test_a_long_passage_is_cut_around_the_first_match() -> None:
    text = " ".join(f"word{i}" for i in range(200)) + " Aurelia shines " + "tail " * 100
    spans = highlight_terms(text, ["aurelia"])
    shown, inside = snippet(text, spans, width=120)
    assert shown.startswith("…") and shown.endswith("…")
    assert len(shown) <= 122
    assert [shown[a:b] for a, b in inside] == ["Aurelia"]
    short, same = snippet("Aurelia", [(0, 7)])
    assert (short, same) == ("Aurelia", [(0, 7)])
