"""The chunker and the keyword queries, with the real embedder's tokenizer."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from engine.library.chunker import Chunker
from engine.library.embedder import knows_cjk, model_languages
from engine.library.retrieval import (
    bigram_weight,
    cjk_bigrams,
    fuse,
    keyword_query,
    vector_weight,
)
from engine.library.types import Heading, Page


@pytest.fixture()
def chunker(embedder: Any) -> Chunker:
    return Chunker(embedder.token_spans, max_tokens=40, overlap=10, min_tokens=12)


def sentences(topic: str, n: int) -> str:
    return " ".join(f"The {topic} fact number {i} is worth knowing about." for i in range(n))


def test_chunks_are_exact_slices_with_offsets(chunker: Chunker) -> None:
    text = sentences("river", 12) + "\n\n" + sentences("mountain", 12)
    chunks = chunker.chunk([Page(3, text)])
    assert len(chunks) > 2
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.page == 3


def test_no_chunk_straddles_two_long_paragraphs(chunker: Chunker) -> None:
    first, second = sentences("river", 9), sentences("mountain", 9)
    text = first + "\n\n" + second
    for chunk in chunker.chunk([Page(1, text)]):
        assert not ("river" in chunk.text and "mountain" in chunk.text), chunk.text


def test_a_paragraphs_short_tail_stays_in_its_paragraph(embedder: Any) -> None:
    """Five sentences of about 10 tokens: four fill a chunk, and the fifth is too short
    to stand alone (and the overlap too small to carry a sentence). The last chunk
    starts a sentence earlier instead of running on into the next paragraph, where a
    tail holding the answer matched neither paragraph well."""
    chunker = Chunker(embedder.token_spans, max_tokens=40, overlap=5, min_tokens=12)
    first, second = sentences("river", 5), sentences("mountain", 5)
    text = first + "\n\n" + second
    chunks = chunker.chunk([Page(1, text)])
    for chunk in chunks:
        assert not ("river" in chunk.text and "mountain" in chunk.text), chunk.text
    rivers = [c for c in chunks if "river" in c.text]
    assert len(rivers) == 2 and rivers[-1].end == len(first)
    assert rivers[-1].text.startswith("The river fact number 3")


def test_a_short_paragraph_joins_the_next(chunker: Chunker) -> None:
    text = "Glaciers\n\n" + sentences("ice", 2)
    [chunk] = chunker.chunk([Page(1, text)])
    assert chunk.text.startswith("Glaciers") and "ice fact number 1" in chunk.text


def test_overlap_stays_inside_a_paragraph(chunker: Chunker) -> None:
    text = sentences("river", 12)
    chunks = chunker.chunk([Page(1, text)])
    assert len(chunks) >= 3
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end  # consecutive chunks of one paragraph overlap
        assert after.start > before.start


def test_headings_start_new_chunks_and_name_their_path(chunker: Chunker) -> None:
    intro = "Intro\n" + sentences("river", 1) + "\n"
    body = "Scope\n" + sentences("mountain", 1)
    page = Page(None, intro + body, (Heading(0, 1, "Intro"), Heading(len(intro), 2, "Scope")))
    chunks = chunker.chunk([page])
    assert [c.heading for c in chunks] == ["Intro", "Intro › Scope"]


def test_an_endless_sentence_is_cut_on_tokens_never_inside_a_character(
    chunker: Chunker,
) -> None:
    text = "東京の人口はとても多いです" * 40  # no sentence end anywhere
    chunks = chunker.chunk([Page(1, text)])
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.text.encode("utf-8").decode("utf-8") == chunk.text
    assert chunks[0].start == 0 and chunks[-1].end == len(text)


def test_overlap_must_be_smaller_than_a_chunk(embedder: Any) -> None:
    with pytest.raises(ValueError, match="overlap"):
        Chunker(embedder.token_spans, max_tokens=10, overlap=10)


def test_japanese_trigrams_skip_grammar_but_keep_content() -> None:
    query = keyword_query("東京都の人口はどれくらいですか？")
    grams = query.grams.split(" OR ")
    assert '"東京都"' in grams and '"京都の"' in grams  # across kanji and kana
    assert '"ですか"' not in grams and '"くらい"' not in grams  # hiragana only
    assert query.terms[:2] == ("東京都", "人口")
    assert query.words == ""


def test_a_question_all_in_hiragana_still_searches() -> None:
    assert '"ひらが"' in keyword_query("ひらがなだけ").grams.split(" OR ")


def test_english_questions_drop_stopwords_and_keep_numbers() -> None:
    query = keyword_query("What is the door code of room 7?")
    assert query.words.split(" OR ") == ['"door"', '"code"', '"room"', '"7"']
    assert '"door"' in query.grams.split(" OR ")


def test_fusion_weights_follow_the_script() -> None:
    assert vector_weight("What is the capital?") == pytest.approx(0.1)
    assert vector_weight("首都はどこ") == pytest.approx(0.03)
    assert bigram_weight("What is the capital?") == 0.0
    assert bigram_weight("首都はどこ") == pytest.approx(1.0)
    fused = dict(fuse([(1.0, ["a", "b"]), (0.3, ["c", "b"])], k=20))
    assert list(fused) == ["b", "a", "c"]  # found by both lists beats first in one
    assert fused["b"] == pytest.approx(1 / 22 + 0.3 / 22)
    assert fused["a"] == pytest.approx(1 / 21)


def test_fusion_trusts_a_multilingual_embedder_on_japanese(embedder: Any, tmp_path: Path) -> None:
    """The bundled MiniLM says English only (its model card): a Japanese question leans on
    keywords. A model whose card lists Japanese, or many languages, keeps its full weight."""
    assert embedder.languages == frozenset({"en"}) and not embedder.knows_cjk
    assert vector_weight("首都はどこ", embedder.knows_cjk) == pytest.approx(0.03)
    cards = {
        "ja-model": "---\nlanguage: ja\nlicense: mit\n---\n",
        "many": "---\nlanguage:\n- en\n- de\n- fr\n- ja\n- zh\ntags:\n- x\n---\n",
        "said": "---\nlanguage: [multilingual]\n---\n",
        "paraphrase-multilingual-MiniLM-L12-v2": "",
        "no-card": None,
    }
    for name, card in cards.items():
        (tmp_path / name).mkdir()
        if card is not None:
            (tmp_path / name / "README.md").write_text(card)
    assert model_languages(tmp_path / "ja-model") == frozenset({"ja"})
    for name in ("many", "said", "paraphrase-multilingual-MiniLM-L12-v2"):
        assert model_languages(tmp_path / name) == frozenset({"multilingual"}), name
    assert model_languages(tmp_path / "no-card") == frozenset({"en"})
    assert knows_cjk(model_languages(tmp_path / "ja-model"))
    assert vector_weight("首都はどこ", True) == pytest.approx(0.1)


def test_character_pairs_of_japanese_text() -> None:
    assert cjk_bigrams("東京都の人口はどれくらいですか？") == "東京 京都 都の の人 人口 口は"
    assert cjk_bigrams("ﾗﾝﾁ") == cjk_bigrams("ランチ") == "ラン ンチ"  # NFKC
    assert cjk_bigrams("No Japanese here") == ""
    assert keyword_query("人口は？").bigrams == '"人口" OR "口は"'
