"""Which language a reply should be in: the user's.

Small models answer in English unless told otherwise. A question written in Japanese
(it has kana) gets a system-prompt line, in Japanese, asking for a Japanese answer; other
text in CJK scripts gets one asking for the question's language. English adds nothing.
"""

from __future__ import annotations

import re

from engine.script import cjk_share

_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
JAPANESE_REPLY = "ユーザーは日本語で書いています。日本語で答えてください。"
SAME_LANGUAGE_REPLY = "Answer in the language of the user's message."


def reply_language_rule(text: str) -> str:
    """The system-prompt line that asks for a reply in ``text``'s language ("" for none)."""
    if cjk_share(text) < 0.3:
        return ""
    return JAPANESE_REPLY if _KANA.search(text) else SAME_LANGUAGE_REPLY


def with_reply_language(system_prompt: str, question: str) -> str:
    """``system_prompt`` with the reply-language line for ``question`` added, if any."""
    rule = reply_language_rule(question)
    return f"{system_prompt.strip()}\n{rule}".strip() if rule else system_prompt
