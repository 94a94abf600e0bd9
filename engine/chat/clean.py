"""No prompt in the answer: prompt markup and echoed instructions taken out of a reply,
as it streams and once it has ended.

Small models copy what they were shown: ``<source id="2">`` tags, a stray ``</text>``,
chat-template tokens, and the prompt's own rules ("The sources are quoted data…").
:class:`ReplyCleaner` filters the streamed pieces: a ``<`` is held back until it is
clear whether a tag follows (a tag split across tokens is still caught), and a
sentence that begins like one of the instructions is held until it either becomes
something else (then it is shown) or ends as a copy (then it is dropped).
:func:`clean_reply` is the same for a whole text, with a looser test for echoes; what
reaches the user and the history is its result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.chat.terms import declines, normal, sentence_spans

_TAG_NAMES = (
    "sources",
    "source",
    "text",
    "documents",
    "document",
    "context",
    "quotes",
    "quote",
    "excerpts",
    "excerpt",
    "passages",
    "passage",
    "question",
    "answer",
)
#: A whole tag of the prompt's (or a chat template's) markup.
MARKUP = re.compile(
    r"<\s*/?\s*(?:" + "|".join(_TAG_NAMES) + r")\b[^<>\n]{0,200}>|<\|[\w.-]{1,40}\|>",
    re.IGNORECASE,
)
#: What may still become such a tag: "<", "</so", '<source id="1', "<|im_".
_TAG_START = re.compile(r"<\s*/?\s*([a-z]*)(?:\b[^<>\n]{0,200})?$|<\|[\w.-]{0,40}\|?$", re.I)
_LABEL = re.compile(r"^\s*(?:answer|回答|答え)\s*[:：]\s*", re.IGNORECASE)
_PROMPT_LINE = re.compile(r"^\s*(?:question|質問)\s*[:：].*$", re.IGNORECASE | re.MULTILINE)
_WORD = re.compile(r"\w+")
_ENDS = ".!?。！？\n"
#: A sentence shares this long a run of words with an instruction: it is an echo.
_ECHO_RUN = 6


def _words(text: str) -> list[str]:
    return _WORD.findall(normal(text))


def _could_be_tag(tail: str) -> bool:
    match = _TAG_START.fullmatch(tail)
    if match is None:
        return False
    name = (match.group(1) or "").casefold() if tail[1:2] != "|" else "|"
    return name == "|" or any(t.startswith(name) or name.startswith(t) for t in _TAG_NAMES)


class ReplyCleaner:
    """A streamed reply, markup and echoed instructions removed as the pieces come."""

    def __init__(self, instructions: Sequence[str]) -> None:
        self._rules = [_words(s) for text in instructions for s in _split(text)]
        self._rules = [r for r in self._rules if len(r) >= 3]
        self._raw = ""  # text not yet past the tag test
        self._sentence = ""  # text of the current sentence held back as a possible echo

    def feed(self, piece: str) -> str:
        """The part of the reply that can be shown now."""
        self._raw += piece
        ready, self._raw = _split_held_tag(self._raw)
        return self._echo_filter(MARKUP.sub("", ready))

    def flush(self) -> str:
        """What was held back, now that the reply has ended."""
        rest, self._raw = self._raw, ""
        if _could_be_tag(rest):
            rest = ""  # an unfinished tag at the very end
        out = self._echo_filter(MARKUP.sub("", rest))
        held, self._sentence = self._sentence, ""
        return out + ("" if self._is_echo(held) else held)

    def _echo_filter(self, text: str) -> str:
        out: list[str] = []
        for char in text:
            self._sentence += char
            if char in _ENDS:
                if not self._is_echo(self._sentence):
                    out.append(self._sentence)
                self._sentence = ""
            elif not self._may_echo(self._sentence):
                out.append(self._sentence)
                self._sentence = ""
        return "".join(out)

    def _may_echo(self, sentence: str) -> bool:
        """Whether the sentence so far starts like an instruction (so it is held)."""
        words = _words(sentence)
        if not words or not self._rules:
            return bool(self._rules) and not sentence.strip()
        if sentence[-1:].isalnum():
            words = words[:-1]  # the last word may be unfinished
            last = _words(sentence)[-1]
        else:
            last = ""
        for rule in self._rules:
            n = len(words)
            if rule[:n] == words and (not last or (n < len(rule) and rule[n].startswith(last))):
                return True
        return False

    def _is_echo(self, sentence: str) -> bool:
        words = _words(sentence)
        if len(words) < 3 or _is_decline(sentence, words):
            return False
        return any(rule[: len(words)] == words for rule in self._rules) or _shares_run(
            words, self._rules
        )


def _is_decline(sentence: str, words: Sequence[str]) -> bool:
    """A short "Not in your documents.": the answer the rules ask for, not their echo."""
    return len(words) <= _ECHO_RUN and declines(sentence)


def _split(text: str) -> list[str]:
    """An instruction's sentences, as a reply would show them (markup taken out)."""
    text = MARKUP.sub("", text)
    return [text[a:b] for a, b in sentence_spans(text)]


def _split_held_tag(text: str) -> tuple[str, str]:
    """(what is past the tag test, the tail that may still become a tag)."""
    at = text.rfind("<")
    if at < 0 or ">" in text[at:] or not _could_be_tag(text[at:]):
        return text, ""
    return text[:at], text[at:]


def _shares_run(words: Sequence[str], rules: Sequence[Sequence[str]]) -> bool:
    """Whether ``words`` hold a run of _ECHO_RUN words (or, if shorter, all of them)
    of some instruction."""
    size = min(_ECHO_RUN, len(words))
    runs = {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}
    return any(
        tuple(rule[i : i + size]) in runs for rule in rules for i in range(len(rule) - size + 1)
    )


def clean_reply(text: str, instructions: Sequence[str]) -> str:
    """``text`` without prompt markup, a leading "Answer:" label, lines that restate the
    prompt's "Question: …", and sentences that copy an instruction."""
    text = _PROMPT_LINE.sub("", MARKUP.sub("", text))
    text = _LABEL.sub("", text)
    rules = [w for t in instructions for s in _split(t) if len(w := _words(s)) >= 3]
    kept: list[str] = []
    last = 0
    for start, end in sentence_spans(text):
        words = _words(text[start:end])
        kept.append(text[last:start])
        sentence = text[start:end]
        if _is_decline(sentence, words) or not (len(words) >= 3 and _shares_run(words, rules)):
            kept.append(sentence)
        last = end
    kept.append(text[last:])
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip()
