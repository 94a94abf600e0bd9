"""What script a text is written in, and what that makes it cost in tokens.

One place for the CJK test that retrieval (keyword lists and fusion weights), the
reply language, grounding budgets, summaries and cloud token estimates all use.
"""

from __future__ import annotations

import re

# Hiragana, katakana, CJK ideographs, Hangul, fullwidth forms.
CJK = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f]"
)


def cjk_share(text: str) -> float:
    """The share of a text's letters that are CJK (0 for English, near 1 for Japanese)."""
    letters = [ch for ch in text if ch.isalnum()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if CJK.match(ch)) / len(letters)


def estimate_tokens(text: str) -> int:
    """A cautious token estimate where no tokenizer is at hand (the chat model's lives in
    its own process; a cloud provider's is not here): about 3.5 characters a token for
    English, one a character for Japanese, plus a little for the message around it."""
    share = cjk_share(text)
    return int(len(text) * (share + (1 - share) / 3.5)) + 8
