"""Grounded answers with the real model and a real library: evidence as numbered
quotes, cited, saved, checked against the sources (``AnswerChecked``); "not found"
without guessing, and never a false "not found" when a file is unread or unreadable."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import paths
from engine.cancel import CancelToken
from engine.chat.assistant import Grounding, ask
from engine.chat.check import check_answer
from engine.chat.grounded import Grounding as Grounded
from engine.chat.grounded import checked
from engine.chat.rag import coverage, nothing_found
from engine.library.library import Library
from engine.library.types import FileRecord, FileStatus, Scope
from engine.models.local import LocalBackend
from engine.storage.history import History
from engine.types import (
    AnswerChecked,
    GenerationOptions,
    ReadingFiles,
    SourcesFound,
    Token,
    TurnFinished,
)
from tests.conftest import SHARED
from tests.documents import make_pdf

pytestmark = pytest.mark.timeout(300)


def test_coverage_counts_the_question_s_characters_in_japanese() -> None:
    question = "富士山の標高は何メートルですか"
    assert coverage(question, "富士山の標高は3776メートルである。") > 0.5
    assert coverage(question, "緑茶は静岡県で多く作られる。") < 0.2


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


@pytest.fixture()
def library(tmp_path: Path, embedder: object) -> Iterator[Library]:
    pdf = make_pdf(
        tmp_path / "handbook.pdf",
        [
            ["Welcome", "This handbook describes the office."],
            ["Security", "The door code for the server room is 7351."],
        ],
    )
    lib = Library(tmp_path / "lib", embedder)  # type: ignore[arg-type]
    list(lib.index([pdf], "Work"))
    yield lib
    lib.close()


def test_grounded_answer_shows_and_saves_its_sources(
    history: History, library: Library, local_backend: LocalBackend, greedy: GenerationOptions
) -> None:
    conversation = history.create_conversation()
    grounding = Grounding(library.search, Scope(library="Work"), budget_tokens=600)
    events = list(ask(history, local_backend, conversation.id,
                      "What is the door code for the server room?", greedy, CancelToken(),
                      "You are helpful.", grounding))  # fmt: skip
    found = [e for e in events if isinstance(e, SourcesFound)]
    assert found and (found[0].passages[0].name, found[0].passages[0].page) == ("handbook.pdf", 2)
    end = events[-1]
    assert isinstance(end, TurnFinished) and end.text
    reply = history.message(end.reply_message_id)
    assert reply is not None and reply.sources[0].page == 2
    # The stored question is the user's own words, not the prompt with the sources.
    question = history.messages(conversation.id)[0]
    assert question.content == "What is the door code for the server room?"
    # Reopened later: the sources are still there.
    assert history.messages(conversation.id)[1].sources == found[0].passages


def test_nothing_relevant_says_so_without_asking_the_model(
    history: History, library: Library, local_backend: LocalBackend
) -> None:
    conversation = history.create_conversation()
    scope = Scope(library="Work")
    grounding = Grounding(library.search, scope, budget_tokens=600)
    # ignore_eos: if the model were asked, it would write 200 tokens.
    options = GenerationOptions(temperature=0.0, max_tokens=200, ignore_eos=True)
    events = list(ask(history, local_backend, conversation.id,
                      "Who won the 1998 football world cup?", options, CancelToken(), "",
                      grounding))  # fmt: skip
    assert "".join(e.text for e in events if isinstance(e, Token)) == nothing_found(scope)
    assert not any(isinstance(e, SourcesFound) for e in events)
    end = events[-1]
    assert isinstance(end, TurnFinished) and end.stats.generated_tokens == 0


TESLA = (
    "Nikola Tesla\n\nNikola Tesla was a Serbian-American inventor and electrical engineer. "
    "He was born in 1856 in the village of Smiljan.\n\nTesla gained experience in "
    "telephony and electrical engineering before emigrating to the United States in 1884 "
    "to work for Thomas Edison in New York City. He soon struck out on his own.\n\n"
    "In 1891 Tesla became a naturalized citizen of the United States.\n"
)
TESLA_QUESTION = "In which year did Tesla move to the United States?"


#: The eval's own article, as the issue tried it (this text stands in without ../shared).
EVAL_TESLA = SHARED / "eval" / "en-squad" / "docs" / "Nikola_Tesla.txt"


@pytest.fixture()
def tesla(tmp_path: Path, embedder: object) -> Iterator[Library]:
    document = tmp_path / "Nikola_Tesla.txt"
    if EVAL_TESLA.is_file():
        shutil.copy(EVAL_TESLA, document)
    else:
        document.write_text(TESLA, encoding="utf-8")
    lib = Library(tmp_path / "lib", embedder)  # type: ignore[arg-type]
    list(lib.index([document], "Tesla"))
    yield lib
    lib.close()


def ask_events(history: History, backend: LocalBackend, grounding: Grounded,
               question: str) -> list[object]:  # fmt: skip
    conversation = history.create_conversation()
    options = GenerationOptions(temperature=0.0, max_tokens=64, repeat_penalty=1.1)
    return list(ask(history, backend, conversation.id, question, options, CancelToken(),
                    "You are Hisho, a helpful, concise private assistant.", grounding))  # fmt: skip


@pytest.fixture()
def office(tmp_path: Path, embedder: object) -> Iterator[Library]:
    pdf = make_pdf(
        tmp_path / "office.pdf",
        [
            ["Security", "The door code for the server room is 7351."],
            ["Rooms", "The server room is on the second floor, next to the kitchen."],
        ],
    )
    lib = Library(tmp_path / "office-lib", embedder)  # type: ignore[arg-type]
    list(lib.index([pdf], "Work"))
    yield lib
    lib.close()


def test_an_answer_is_checked_against_its_sources_and_the_check_is_kept(
    history: History, office: Library, local_backend: LocalBackend
) -> None:
    grounding = Grounding(office.search, Scope(library="Work"), budget_tokens=360, max_passages=3)
    events = ask_events(
        history, local_backend, grounding, "What is the door code for the server room?"
    )
    [checked] = [e for e in events if isinstance(e, AnswerChecked)]
    end = events[-1]
    assert isinstance(end, TurnFinished) and events.index(checked) == len(events) - 2
    # The model copies a quote: that sentence is found in the source it used.
    assert checked.check.supported, end.text
    [used] = checked.check.used
    sentence = next(s for s in checked.check.sentences if s.supported)
    assert sentence.sources == (used,) and 0 <= sentence.start < sentence.end <= len(end.text)
    key = checked.check.key_sentence
    assert key is not None and key.path.endswith("office.pdf") and key.source == used
    assert "<source" not in end.text and "numbered quotes" not in end.text
    # Saved with the reply: reopening the conversation shows the same marks.
    assert history.message(end.reply_message_id).check == checked.check  # type: ignore[union-attr]


def test_the_wrong_year_is_flagged_and_the_1884_sentence_is_the_evidence(
    history: History, tesla: Library, local_backend: LocalBackend
) -> None:
    """The issue's case: "1903" where source [2] says 1884. The real model answers from a
    real library; the check is then given the wrong reply directly (the model's own
    words vary), with the sources the answer was shown."""
    grounding = Grounding(tesla.search, Scope(library="Tesla"), budget_tokens=360, max_passages=3)
    events = ask_events(history, local_backend, grounding, TESLA_QUESTION)
    [found] = [e for e in events if isinstance(e, SourcesFound)]
    [checked] = [e for e in events if isinstance(e, AnswerChecked)]
    end = events[-1]
    assert isinstance(end, TurnFinished)
    # Whatever the model said: a year other than 1884 is never marked supported.
    shown = " ".join(p.text for p in found.passages)
    if any(year not in shown for year in re.findall(r"\b1[89]\d\d\b", end.text)):
        assert not checked.check.supported, end.text
    wrong = check_answer(TESLA_QUESTION, "Tesla moved to the United States in 1903.",
                         found.passages)  # fmt: skip
    assert not wrong.supported and wrong.sentences[0].reason.startswith("1903 is not in source")
    assert wrong.key_sentence is not None and "1884" in wrong.key_sentence.text
    assert wrong.key_sentence.path.endswith("Nikola_Tesla.txt")


def test_a_file_not_read_yet_is_waited_for_then_the_question_is_answered(
    history: History, tesla: Library, local_backend: LocalBackend, tmp_path: Path
) -> None:
    later = tmp_path / "Edison.txt"
    later.write_text("Thomas Edison\n\nEdison opened his Menlo Park laboratory in 1876.\n",
                     encoding="utf-8")  # fmt: skip
    tesla.add([later], "Tesla")  # queued: the library reads it while the question waits
    polls: list[int] = []

    def files(scope: Scope) -> list[FileRecord]:
        if polls:  # the indexer's turn, between two looks
            list(tesla.ingest())
        polls.append(1)
        return tesla.files(scope.library)

    grounding = Grounded(tesla.search, Scope(library="Tesla"), 360, 3, files, wait_s=60)
    events = ask_events(history, local_backend, grounding, "When did Edison open Menlo Park?")
    [waiting] = [e for e in events if isinstance(e, ReadingFiles)]
    assert waiting.names == ("Edison.txt",) and "Reading Edison.txt" in waiting.message
    [found] = [e for e in events if isinstance(e, SourcesFound)]
    assert found.passages[0].name == "Edison.txt"
    assert events.index(waiting) < events.index(found)


def test_unreadable_or_unread_files_are_said_so_not_couldn_t_find(
    history: History, local_backend: LocalBackend
) -> None:
    def nothing(_question: str, _scope: Scope, _k: int) -> list[object]:
        return []

    failed = FileRecord(1, "Work", "/d/report.pdf", FileStatus.FAILED, "No embedding model at /m.")
    queued = FileRecord(2, "Work", "/d/notes.txt", FileStatus.QUEUED)
    scope = Scope(library="Work")
    for records, said in (
        ([failed], "I couldn't read report.pdf: No embedding model at /m."),
        ([queued], "notes.txt is still being read. Ask again when it's ready."),
        ([], "There are no files in library “Work” yet."),
    ):
        grounding = Grounded(nothing, scope, 360, 3, lambda _s, r=records: r)  # type: ignore[arg-type, misc]
        events = ask_events(history, local_backend, grounding, "What does the report say?")
        reply = "".join(e.text for e in events if isinstance(e, Token))
        assert reply.startswith(said) and "couldn't find" not in reply


EVAL_PRIEST = SHARED / "eval" / "ja-jsquad" / "docs" / "司祭.txt"
PRIEST = (
    "司祭\n\n司祭は、キリスト教の聖職者の位階のひとつである。\n\n"
    "日本に正教を伝えた聖ニコライは日本初渡航当時、ロシア正教会の修道司祭であり、"
    "かつ宣教師として日本の宣教に当たった。\n\n司祭は教会で祈りを導く。\n"
)


def test_a_japanese_question_gets_japanese_evidence_and_a_wrong_answer_is_flagged(
    history: History, tmp_path: Path, embedder: object, local_backend: LocalBackend
) -> None:
    document = tmp_path / "司祭.txt"
    if EVAL_PRIEST.is_file():
        shutil.copy(EVAL_PRIEST, document)
    else:
        document.write_text(PRIEST, encoding="utf-8")
    lib = Library(tmp_path / "ja-lib", embedder)  # type: ignore[arg-type]
    try:
        list(lib.index([document], "Ja"))
        grounding = Grounding(lib.search, Scope(library="Ja"), budget_tokens=360, max_passages=3)
        question = "日本に正教を伝えたのは誰？"
        events = ask_events(history, local_backend, grounding, question)
    finally:
        lib.close()
    # The gate keeps the document (JSQuAD lost it to the old trigram gate), the answer is
    # checked, and the evidence is the sentence that names him.
    [found] = [e for e in events if isinstance(e, SourcesFound)]
    [checked] = [e for e in events if isinstance(e, AnswerChecked)]
    key = checked.check.key_sentence
    assert key is not None and "聖ニコライ" in key.text
    wrong = check_answer(question, "日本に正教を伝えたのはフランシスコ・ザビエルです。",
                         found.passages)  # fmt: skip
    assert not wrong.supported and "フランシスコ" in wrong.sentences[0].reason
    right = check_answer(question, "聖ニコライです [1]。", found.passages)
    assert right.supported


def test_a_reply_citing_a_source_that_does_not_exist_is_handled(
    history: History, tesla: Library, local_backend: LocalBackend
) -> None:
    """The real model answers from a real library; the reply it might have written,
    citing [7] of the sources it was shown, is then checked against those sources."""
    grounding = Grounding(tesla.search, Scope(library="Tesla"), budget_tokens=360, max_passages=3)
    events = ask_events(history, local_backend, grounding, TESLA_QUESTION)
    [found] = [e for e in events if isinstance(e, SourcesFound)]
    assert isinstance(events[-1], TurnFinished) and len(found.passages) < 7
    _, check = checked(TESLA_QUESTION, "Tesla came to the United States in 1884 [7].",
                       found.passages, ())  # fmt: skip
    [sentence] = check.sentences
    assert "There is no source [7]." in sentence.reason
    assert sentence.supported and 7 not in check.used  # found where the sources say it
    _, wrong = checked(TESLA_QUESTION, "Tesla came in 1903 [7].", found.passages, ())
    assert not wrong.supported and "There is no source [7]." in wrong.sentences[0].reason
