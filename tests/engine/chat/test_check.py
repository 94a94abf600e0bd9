"""Checked answers: each sentence of a reply looked for in the sources it cites, in
English and Japanese; the key sentence; summaries' points against their sections.

Pure functions, so no model here: the replies are written out as a model would write
them. Sentences from the eval documents in ../shared/eval are used where they are
there (those tests skip without them); the rest are self-contained.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from engine.chat.check import check_answer
from engine.chat.grounded import checked
from engine.library.types import Passage
from engine.summary.check import check_summary
from engine.summary.types import Section, Summary, SummaryPoint
from engine.types import SummaryLength

EVAL = Path(__file__).resolve().parents[3].parent / "shared" / "eval"
needs_eval = pytest.mark.skipif(not EVAL.is_dir(), reason=f"no eval sets at {EVAL}")


def passage(text: str, path: str = "/docs/Nikola_Tesla.txt", page: int | None = None) -> Passage:
    return Passage("c1", "L", path, page, "", text, 0, len(text), 0.5, 0.5, True)


def eval_sentence(set_name: str, doc: str, holding: str) -> str:
    """The sentence of an eval document that holds ``holding``."""
    text = (EVAL / set_name / "docs" / doc).read_text(encoding="utf-8")
    ends = r"[^.]*" if set_name == "en-squad" else r"[^。]*"
    match = re.search(ends + re.escape(holding) + ends + r"[.。]", text)
    assert match, f"{holding!r} not in {doc}"
    return match.group().strip()


def eval_paragraph(set_name: str, doc: str, holding: str) -> str:
    """The paragraph of an eval document that holds ``holding``."""
    text = (EVAL / set_name / "docs" / doc).read_text(encoding="utf-8")
    [found] = [p for p in text.split("\n\n") if holding in p]
    return found.strip()


TESLA = [
    passage("Tesla was born in 1856 in the village of Smiljan. He studied at Graz."),
    passage(
        "Tesla gained experience in telephony and electrical engineering before emigrating "
        "to the United States in 1884 to work for Thomas Edison in New York City."
    ),
]
QUESTION = "In which year did Tesla move to the United States?"


def test_a_wrong_year_is_not_supported_and_the_reason_says_where_it_was_looked_for() -> None:
    check = check_answer(QUESTION, "Tesla moved to the United States in 1903.", TESLA)
    [sentence] = check.sentences
    assert not sentence.supported and not check.supported
    assert sentence.reason == "1903 is not in sources [1], [2]"
    assert check.notice  # nothing of this reply is in its sources
    # The evidence under the answer is still the sentence that holds the answer.
    assert check.key_sentence is not None and "1884" in check.key_sentence.text
    assert check.key_sentence.source == 2


def test_the_right_year_is_supported_and_its_source_used() -> None:
    reply = "Tesla emigrated to the United States in 1884 [2]. He worked for Thomas Edison."
    check = check_answer(QUESTION, reply, TESLA)
    assert [s.supported for s in check.sentences] == [True, True]
    assert check.used == (2,) and not check.notice
    key = check.key_sentence
    assert key is not None and key.source == 2 and key.path == "/docs/Nikola_Tesla.txt"
    marked = [key.text[a:b] for a, b in key.marks]
    assert "1884" in marked and "emigrating" in marked  # the answer words, not the question's


def test_a_sentence_is_checked_against_what_it_cites() -> None:
    # Cites [1], which does not say it; [2] does: supported, with a note.
    check = check_answer(QUESTION, "It was 1884 [1].", TESLA)
    [sentence] = check.sentences
    assert sentence.supported and sentence.sources == (2,)
    assert sentence.reason == "Found in source [2], not in [1]."
    # Cites [2] for a year that is nowhere: looked for in [2].
    [wrong] = check_answer(QUESTION, "It was 1903 [2].", TESLA).sentences
    assert not wrong.supported and wrong.reason == "1903 is not in source [2]"


def test_a_citation_of_a_source_that_does_not_exist_is_noted() -> None:
    [sentence] = check_answer(QUESTION, "Tesla came in 1884 [7].", TESLA).sentences
    assert sentence.supported  # found in [2]
    assert "There is no source [7]." in sentence.reason
    [wrong] = check_answer(QUESTION, "Tesla came in 1903 [5].", TESLA).sentences
    assert not wrong.supported
    assert wrong.reason == "There is no source [5].\n1903 is not in sources [1], [2]"


def test_names_must_be_found_and_filler_claims_nothing() -> None:
    [name] = check_answer(QUESTION, "He worked for Nikola Westinghouse.", TESLA).sentences
    assert not name.supported and "Westinghouse" in name.reason
    # Pleasantries, the question's own words and "the documents don't say" claim nothing.
    for reply in ("I hope this helps!", "Tesla moved to the United States.",
                  "The documents do not say."):  # fmt: skip
        assert check_answer(QUESTION, reply, TESLA).sentences == (), reply


def test_japanese_is_compared_by_characters_not_spaces() -> None:
    sources = [
        passage("ニコラ・テスラは１８８４年にアメリカ合衆国へ移住し、エジソンの会社で働いた。")
    ]
    question = "テスラがアメリカに移住したのは何年ですか。"
    [wrong] = check_answer(question, "テスラは1903年にアメリカへ移住しました。", sources).sentences
    assert not wrong.supported and wrong.reason == "1903 is not in source [1]"
    # Full-width digits in the source, half-width in the reply: the same after NFKC.
    [right] = check_answer(question, "1884年に移住しました [1]。", sources).sentences
    assert right.supported and right.sources == (1,)
    [company] = check_answer(question, "テスラはソニーの会社で働いた。", sources).sentences
    assert not company.supported and "ソニー" in company.reason


@needs_eval
def test_real_sentences_from_the_english_eval_documents() -> None:
    tesla = eval_sentence("en-squad", "Nikola_Tesla.txt", "emigrating to the United States in 1884")
    born = eval_paragraph("en-squad", "Nikola_Tesla.txt", "in the village of Smiljan")
    sources = [passage(born), passage(tesla)]
    assert check_answer(QUESTION, "He emigrated in 1884 [2].", sources).supported
    [wrong] = check_answer(QUESTION, "He emigrated in 1903 [2].", sources).sentences
    assert not wrong.supported and "1903" in wrong.reason
    born_check = check_answer("Where was Tesla born?", "Tesla was born in Smiljan [1].", sources)
    assert born_check.supported and born_check.used == (1,)


@needs_eval
def test_real_sentences_from_the_japanese_eval_documents() -> None:
    nikolai = eval_sentence("ja-jsquad", "司祭.txt", "聖ニコライ")
    fall = eval_sentence("ja-jsquad", "オスマン帝国.txt", "1453年、ムラト2世")
    sources = [passage(nikolai, "/d/司祭.txt"), passage(fall, "/d/オスマン帝国.txt")]
    question = "日本に正教を伝えたのは誰？"
    right = check_answer(question, "日本に正教を伝えたのは聖ニコライです [1]。", sources)
    assert right.supported and right.used == (1,)
    assert right.key_sentence is not None and right.key_sentence.path == "/d/司祭.txt"
    wrong = check_answer(question, "フランシスコ・ザビエルが伝えました。", sources)
    assert not wrong.supported
    year = check_answer("コンスタンティノープルが攻略されたのは何年？", "1435年です。", sources)
    assert not year.supported and "1435" in year.sentences[0].reason
    assert check_answer(
        "コンスタンティノープルが攻略されたのは何年？", "1453年です。", sources
    ).supported


def test_a_long_reply_is_checked_in_milliseconds() -> None:
    sources = [passage(" ".join([TESLA[1].text] * 8)) for _ in range(8)]  # eight long passages
    reply = " ".join(["Tesla emigrated to the United States in 1884 [2]."] * 30)
    started = time.perf_counter()
    check_answer(QUESTION, reply, sources)
    assert time.perf_counter() - started < 0.5  # bench/answers.py reports the real figure


def summary_of(text: str, points: list[SummaryPoint], sections: list[Section],
               cited: tuple[int, ...]) -> Summary:  # fmt: skip
    return Summary("report.pdf", text, tuple(points), tuple(sections), (), cited, "en",
                   SummaryLength.BULLETS, 1, 0)  # fmt: skip


def test_each_summary_point_is_checked_against_the_sections_it_cites() -> None:
    sections = [
        Section(0, "The pier was rebuilt in 2019 after the storm.", 1, 1, 0),
        Section(1, "Ticket sales rose by 12 percent in the summer.", 2, 2, 0),
    ]
    text = "- The pier was rebuilt in 2019 [1]\n- Ticket sales rose by 40 percent [2]"
    points = [SummaryPoint("The pier was rebuilt in 2019", (0,)),
              SummaryPoint("Ticket sales rose by 40 percent", (1,))]  # fmt: skip
    check = check_summary(summary_of(text, points, sections, (0, 1)))
    first, second = check.sentences
    assert first.supported and text[first.start : first.end] == "The pier was rebuilt in 2019 [1]"
    assert not second.supported and second.reason == "40 is not in source [2]"
    assert check.used == (1,)


def test_a_summary_without_pages_is_checked_against_the_whole_text() -> None:
    sections = [Section(0, "The committee met on Tuesday and approved the budget.", None, None, 0)]
    text = "The committee approved the budget. It met on Friday."
    points = [SummaryPoint("The committee approved the budget.", ()),
              SummaryPoint("It met on Friday.", ())]  # fmt: skip
    first, second = check_summary(summary_of(text, points, sections, ())).sentences
    assert first.supported and first.sources == ()
    assert not second.supported and second.reason == "Friday is not in the document"


def test_numbers_in_other_formats_are_the_same_number() -> None:
    sources = [passage("In 1884 the company employed 12,500 people in ３ cities.")]
    question = "How many people did the company employ?"
    for reply in ("It employed 12500 people [1].", "It employed 12,500 people in 3 cities [1].",
                  "In １８８４ it employed 12,500 people."):  # fmt: skip
        assert check_answer(question, reply, sources).supported, reply
    [wrong] = check_answer(question, "It employed 1,250 people [1].", sources).sentences
    assert not wrong.supported and wrong.reason == "1,250 is not in source [1]"


def test_japanese_numbers_in_kanji_meet_the_same_numbers_in_digits() -> None:
    sources = [passage("テスラは千八百八十四年にアメリカへ渡り、三人の技師と研究所を開いた。")]
    question = "テスラがアメリカへ渡ったのは何年？"
    assert check_answer(question, "1884年にアメリカへ渡りました [1]。", sources).supported
    assert check_answer(question, "3人の技師と研究所を開いた [1]。", sources).supported
    [wrong] = check_answer(question, "1885年です [1]。", sources).sentences
    assert not wrong.supported and wrong.reason == "1885 is not in source [1]"
    digits = [passage("二〇一九年に再建された。")]
    assert check_answer("いつ再建された？", "2019年に再建された。", digits).supported
    # A kanji numeral inside a word is part of the word, not a number.
    words = [passage("千葉県の一般的な料理。")]
    assert check_answer("どこの料理？", "千葉県の一般的な料理です。", words).supported


def test_a_reply_stops_where_it_drifts_off_its_sources_and_keeps_what_was_cut() -> None:
    reply = (
        "Tesla emigrated to the United States in 1884 [2]. He later built a tower on the "
        "Moon in 1950. He worked for Thomas Edison."
    )
    text, check = checked(QUESTION, reply, TESLA, ())
    assert text == "Tesla emigrated to the United States in 1884 [2]."
    assert check.trimmed.startswith("He later built a tower on the Moon in 1950.")
    assert [s.supported for s in check.sentences] == [True] and not check.notice
    # A reply whose first claim is not in its sources is kept whole, marked.
    wrong = "Tesla moved in 1903. He emigrated to the United States in 1884 [2]."
    text, check = checked(QUESTION, wrong, TESLA, ())
    assert text == wrong and check.trimmed == ""
    assert [s.supported for s in check.sentences] == [False, True]


def test_a_claim_must_be_found_where_the_source_says_it_not_pieced_together() -> None:
    source = passage(
        "These buildings are mostly four stories high, with domes and turrets. The architect "
        "was praised for his work. He designed the market hall. Of the town's 450 buildings, "
        "29 are listed."
    )
    question = "How high are the buildings with turrets?"
    [pieced] = check_answer(question, "The buildings with turrets are 29 stories high.",
                            [source]).sentences  # fmt: skip
    assert not pieced.supported and pieced.reason.startswith("29")
    assert check_answer(question, "They are four stories high [1].", [source]).supported
    # Paraphrase is allowed a word: the rest of the sentence is where the source says it.
    assert check_answer(question, "The buildings with turrets are four stories tall [1].",
                        [source]).supported  # fmt: skip


def test_a_numbered_list_is_checked_item_by_item_and_the_numbers_claim_nothing() -> None:
    reply = "Tesla:\n1. He was born in 1856 in Smiljan.\n2. He emigrated in 1884 [2]."
    check = check_answer(QUESTION, reply, TESLA)
    assert [reply[s.start : s.end] for s in check.sentences] == [
        "1. He was born in 1856 in Smiljan.",
        "2. He emigrated in 1884 [2].",
    ]
    assert all(s.supported for s in check.sentences)


def test_an_unsupported_japanese_reply_gives_way_to_the_evidence_sentence() -> None:
    sources = [
        passage("司祭は教会で祈りを導く。"),
        passage("日本に正教を伝えた聖ニコライはロシア正教会の修道司祭であった。"),
    ]
    question = "日本に正教を伝えたのは誰？"
    wrong = "日本に正教を伝えたのはフランシスコ・ザビエルです。"
    assert not check_answer(question, wrong, sources).supported  # the model's reply: flagged
    text, check = checked(question, wrong, sources, ())
    assert text.startswith("Your documents say: “日本に正教を伝えた聖ニコライ")
    assert text.endswith("[2]")
    assert check.supported and check.trimmed == wrong  # the model's reply is kept, folded
    # A supported Japanese reply stays as written.
    right = "聖ニコライです [2]。"
    assert checked(question, right, sources, ())[0] == right
