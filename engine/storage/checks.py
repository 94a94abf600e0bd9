"""An answer's check (``engine.types.AnswerCheck``) as the JSON the history keeps."""

from __future__ import annotations

import json
from typing import Any

from engine.types import AnswerCheck, KeySentence, SentenceCheck


def to_json(check: AnswerCheck) -> str:
    data: dict[str, Any] = {
        "sentences": [
            [s.start, s.end, s.supported, list(s.sources), s.reason] for s in check.sentences
        ],
        "used": list(check.used),
        "key": _key_json(check.key_sentence),
    }
    if check.trimmed:
        data["trimmed"] = check.trimmed
    return json.dumps(data, ensure_ascii=False)


def _key_json(key: KeySentence | None) -> dict[str, Any] | None:
    if key is None:
        return None
    return {
        "text": key.text,
        "source": key.source,
        "path": key.path,
        "page": key.page,
        "chunk": key.chunk_id,
        "start": key.start,
        "marks": [list(m) for m in key.marks],
    }


def from_json(value: str) -> AnswerCheck | None:
    """The check saved as ``value`` ("" or unreadable: None, never an error)."""
    if not value:
        return None
    try:
        data = json.loads(value)
        sentences = tuple(
            SentenceCheck(int(a), int(b), bool(ok), tuple(int(n) for n in sources), str(why))
            for a, b, ok, sources, why in data["sentences"]
        )
        key = data.get("key")
        sentence = None
        if key:
            sentence = KeySentence(
                str(key["text"]), int(key["source"]), str(key["path"]),
                None if key["page"] is None else int(key["page"]), str(key["chunk"]),
                int(key["start"]), tuple((int(a), int(b)) for a, b in key["marks"]),
            )  # fmt: skip
        used = tuple(int(n) for n in data["used"])
        return AnswerCheck(sentences, used, sentence, str(data.get("trimmed", "")))
    except (ValueError, KeyError, TypeError):
        return None
