"""The words that carry a text's meaning, comparable across a question, a reply and a
passage: what evidence trimming ranks by and what answer checks look for.

A text's *terms* are its numbers (``1,884`` and ``1884`` alike), its content words
(stop words left out, light stemming so "emigrated" meets "emigrating") and, for
Japanese and other scripts written without spaces, its character pairs (pairs of
hiragana alone are grammar and left out). Everything is compared after NFKC and case
folding, so full-width ``１８８４`` is ``1884``; numbers written in kanji are numbers too
(``千八百八十四年`` is ``1884``, ``二〇一九`` is ``2019``, ``三人`` is ``3`` and ``人``). Each
term keeps where it lies in the text, to mark it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from engine.library.retrieval import _STOPWORDS
from engine.script import CJK as _SCRIPT_CJK

#: Words that say nothing about the documents' content (besides the search stop words).
_FILLER_TEXT = """answer answers question questions source sources document documents text passage
    passages according based say says said given provided information yes sure also
    however therefore thus like well just really hope help helps glad happy feel free let
    know further assist please thank thanks came come comes went go goes got get gets made
    make makes took take takes became become becomes gave give gives seem seems seemed
    quote quotes quoted excerpt excerpts discuss discusses discussed mention mentions
    mentioned provide provides providing context user users specifically following"""
_FILLER = frozenset(_FILLER_TEXT.split())
#: Japanese question words: they ask, they say nothing about the content.
_CJK_FILLER_TEXT = "何 誰 何年 何人 何回 何個 何時 何故 何処 何月 何日 何度 幾つ"
_CJK_FILLER = frozenset(_CJK_FILLER_TEXT.split())
#: CJK letters, with the ideographic marks 々 (repeat), 〆 and 〇 (zero), which carry
#: content ("人々", "二〇一九").
CJK = re.compile("(?:" + _SCRIPT_CJK.pattern + "|[\u3005-\u3007])")
#: A letter that is not CJK (Latin, Cyrillic, …): words of such letters are split by spaces.
_LETTER = r"(?:(?!" + CJK.pattern + r")[^\W\d_])"
_TOKEN = re.compile(
    r"\d+(?:[.,:/]\d+)*|" + CJK.pattern + "+|" + _LETTER + "+(?:['’]" + _LETTER + "+)*",
    re.UNICODE,
)
#: The pieces of a CJK run that carry content: no hiragana, no middle dot.
_CJK_CONTENT = re.compile(r"[^\u3040-\u309f\u30fb\u3001\u3002]+")
#: Kanji digits and the units between them.
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "二": 2}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_BIG = {"万": 10**4, "億": 10**8, "兆": 10**12}
_KANJI_NUMERAL = re.compile("[〇零一二三四五六七八九十百千万億兆]+")
#: What counts after a number: a single kanji numeral before one of these is a number
#: ("三人", "一九"), before anything else a word ("一般", "千葉", "統一").
_COUNTERS = frozenset("年月日時分秒人回個歳才本枚件名位世紀度倍番号代次冊台点割円階")
#: A reply's way of saying its sources don't answer (English and Japanese).
DECLINES = re.compile(
    r"not in (?:your|the) (?:documents|sources|files)|(?:documents|sources|quotes) (?:do not|"
    r"don't|does not|doesn't) (?:say|answer|contain|mention)|couldn't find|could not find|"
    r"見つかりません|記載(?:が|は)?ありません|書かれていません",
    re.IGNORECASE,
)
#: Ends of sentences: . ! ? followed by space, Japanese ends, or a line break.
_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|(?<=[。！？])\s*|\n+")
#: A list item's number ("1.", "2)"): it starts the item's sentence, it is not one.
_LIST_MARKER = re.compile(r"\(?\d{1,2}[.)]")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|etc|e\.g|i\.e|No))\.$")


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a text: its comparable ``key``, what it is, and where it lies."""

    key: str
    kind: str  # "number", "name" (a capitalised word inside a sentence), "word", "cjk"
    start: int
    end: int


def normal(text: str) -> str:
    """NFKC and case folding: the form every comparison uses."""
    return unicodedata.normalize("NFKC", text).casefold()


def stem(word: str) -> str:
    """A light English stem: plurals, -ed, -ing and possessives cut ("moved" = "move")."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, keep in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + keep
            break
    return word[:-1] if len(word) >= 4 and word.endswith("e") else word


def _number_key(token: str) -> str:
    return token.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", token) else token


def terms(text: str) -> list[Term]:
    """The terms of ``text``, in order (see the module docstring)."""
    out: list[Term] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        key = normal(token)
        if key[:1].isdigit():
            out.append(Term(_number_key(key), "number", match.start(), match.end()))
        elif CJK.match(token[:1]):
            out += _cjk_terms(key, match.start())
        elif key not in _STOPWORDS and key not in _FILLER and len(key) > 1:
            kind = (
                "name"
                if token[:1].isupper() and not _starts_sentence(text, match.start())
                else "word"
            )
            out.append(Term(stem(key), kind, match.start(), match.end()))
    return out


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in '.!?:\n"“(['


def _cjk_terms(run: str, offset: int) -> list[Term]:
    """The content of a CJK run: the character pairs of its pieces between kana
    particles, middle dots and kanji numbers ("東京都の人口" gives 東京, 京都 and 人口;
    "千八百年" the number 1800 and 年); a piece of one character is its own term."""
    out: list[Term] = []
    for piece in _CJK_CONTENT.finditer(run):
        at = piece.start()
        for start, end, value in _kanji_numbers(run, piece.start(), piece.end()):
            out += _pairs(run[at:start], offset + at)
            out.append(Term(str(value), "number", offset + start, offset + end))
            at = end
        out += _pairs(run[at : piece.end()], offset + at)
    return [t for t in out if t.key not in _CJK_FILLER]


def _pairs(text: str, at: int) -> list[Term]:
    if len(text) == 1:
        return [Term(text, "cjk", at, at + 1)]
    return [Term(text[i : i + 2], "cjk", at + i, at + i + 2) for i in range(len(text) - 1)]


def _kanji_numbers(run: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(start, end, value) of the numbers written in kanji in ``run[start:end]``: runs
    of numerals of two or more, or one before a counter (see ``_COUNTERS``)."""
    out = []
    for match in _KANJI_NUMERAL.finditer(run, start, end):
        text, after = match.group(), run[match.end() : match.end() + 1]
        if len(text) >= 2 or after in _COUNTERS:
            value = kanji_number(text)
            if value is not None:
                out.append((match.start(), match.end(), value))
    return out


def kanji_number(text: str) -> int | None:
    """The value of a number written in kanji: positional ("二〇一九" = 2019) or with
    units ("千八百八十四" = 1884, "三万五千" = 35000); None when it is neither."""
    if all(c in _KANJI_DIGITS for c in text):
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))
    total = section = digit = 0
    for char in text:
        if char in _KANJI_DIGITS:
            digit = digit * 10 + _KANJI_DIGITS[char]
        elif char in _KANJI_UNITS:
            section += (digit or 1) * _KANJI_UNITS[char]
            digit = 0
        elif char in _KANJI_BIG:
            if not (section or digit):
                return None
            total += (section + digit) * _KANJI_BIG[char]
            section = digit = 0
    return total + section + digit


@functools.lru_cache(maxsize=4096)
def keys(text: str) -> frozenset[str]:
    """The keys of a text's terms (kept for the texts seen last: a turn trims its
    passages, then checks its reply against them and picks its key sentence)."""
    return frozenset(term.key for term in terms(text))


_WORDS = re.compile(CJK.pattern + "+|" + _LETTER + "+|\\d+")


@functools.lru_cache(maxsize=4096)
def phrases(text: str) -> frozenset[str]:
    """The text's word pairs as written (function words too: "to the", "united states"),
    and the character triples of its CJK runs: what a sentence shares with a question
    it copies the wording of."""
    out: set[str] = set()
    words: list[str] = []
    for match in _WORDS.finditer(normal(text)):
        token = match.group()
        if CJK.match(token[:1]):
            out.update(token[i : i + 3] for i in range(len(token) - 2))
            words = []
        else:
            words.append(token)
            if len(words) >= 2:
                out.add(f"{words[-2]} {words[-1]}")
    return frozenset(out)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, blanks left out; an abbreviation
    ("Dr.", "U.S.") or a list item's number ("1.") does not end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().strip() == "" and (
            _ABBREVIATION.search(text[start : match.start()])
            or _LIST_MARKER.fullmatch(text[start : match.start()].strip())
        ):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for begin, end in spans:
        piece = text[begin:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((begin + lead, begin + len(piece.rstrip())))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[a:b] for a, b in sentence_spans(text)]


def merged(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans sorted, overlapping and touching ones joined."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return tuple(out)


def declines(text: str) -> bool:
    """Whether ``text`` says the sources don't answer ("Not in your documents.")."""
    return DECLINES.search(normal(text)) is not None
