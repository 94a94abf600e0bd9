"""Each point of a summary checked against the sections it is traced to.

The same test as an answer's (``engine.chat.check``): a point's numbers, names and most
of its content words must be in a section it cites [n] (any cited section when it cites
none). A summary of text without pages cites nothing: its points are checked against
the whole text, and a reason says "not in the document".
"""

from __future__ import annotations

import re

from engine.chat.check import SourceTerms, check_span, source_keys
from engine.chat.terms import keys
from engine.summary.types import Summary
from engine.types import AnswerCheck, SentenceCheck

_CITATIONS = re.compile(r"(?:[ \t]*\[\d+\])*")


def check_summary(summary: Summary) -> AnswerCheck:
    """The summary's points, each checked; the cited sections its supported points used."""
    text = summary.text
    if summary.cited:
        known = source_keys(summary.sections[i].text for i in summary.cited)
    else:
        known = [SourceTerms.joined(source_keys(s.text for s in summary.sections))]
    given = keys(summary.title)
    checked: list[SentenceCheck] = []
    used: list[int] = []
    at = 0
    for point in summary.points:
        start = text.find(point.text, at) if point.text else -1
        if start < 0:
            continue
        end = start + len(point.text)
        citations = _CITATIONS.match(text, end)
        at = end = citations.end() if citations else end
        result = check_span(text, start, end, given, known, document=not summary.cited)
        if result is None:
            continue
        if not summary.cited:
            result = SentenceCheck(result.start, result.end, result.supported, (), result.reason)
        checked.append(result)
        if result.supported:
            used += [n for n in result.sources if n not in used]
    return AnswerCheck(tuple(checked), tuple(used))
