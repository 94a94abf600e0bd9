"""What every terminal command shares: Ctrl+C, the model and library it opens, its output.

- :func:`cancel_on_sigint`: Ctrl+C cancels the command's work (a cancel token) instead
  of killing it, so stopped work is saved and the model process shut down.
- :func:`local_chat` and :func:`open_library`: the chat backend and the document library
  a command uses, built from the user's settings (a settings warning goes to stderr).
- :func:`warn`, :func:`write_text`, :func:`print_json`, :func:`passages_json` and
  :func:`source_line`: the terminal's voice. Messages go to stderr as ``hisho: …``; stdout
  holds only the answer, or one JSON object per line with ``--json``.

Heavy engine modules are imported inside the functions, so ``hisho --help`` stays fast.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.cancel import CancelToken
    from engine.library.library import Library
    from engine.library.types import Passage
    from engine.models.local import LocalBackend
    from engine.storage.settings import ChatSettings, Settings
    from engine.types import AnswerCheck


def warn(message: object) -> None:
    """Tell the user something on stderr, as ``hisho: message``."""
    print(f"hisho: {message}", file=sys.stderr)


def write_text(text: str) -> None:
    """Stream part of an answer to stdout as it comes."""
    sys.stdout.write(text)
    sys.stdout.flush()


def print_json(data: object, flush: bool = False) -> None:
    """One JSON value on one line of stdout (non-ASCII text kept readable)."""
    print(json.dumps(data, ensure_ascii=False), flush=flush)


def passages_json(passages: list[Passage]) -> list[dict[str, Any]]:
    """Search results (or an answer's sources) as ``--json`` prints them."""
    return [
        {
            "path": p.path,
            "library": p.library,
            "page": p.page,
            "heading": p.heading,
            "text": p.text,
            "score": round(p.score, 6),
            "similarity": None if p.similarity is None else round(p.similarity, 4),
            "chunk_id": p.chunk_id,
        }
        for p in passages
    ]


def check_json(check: AnswerCheck, text: str) -> dict[str, Any]:
    """An answer's check as ``--json`` prints it: each checked sentence with its text."""
    key = check.key_sentence
    return {
        "supported": check.supported,
        "notice": check.notice,
        "used": list(check.used),
        "sentences": [
            {
                "text": text[s.start : s.end],
                "supported": s.supported,
                "sources": list(s.sources),
                "reason": s.reason,
            }
            for s in check.sentences
        ],
        "key_sentence": None
        if key is None
        else {
            "text": key.text,
            "source": key.source,
            "path": key.path,
            "page": key.page,
            "marked": [key.text[a:b] for a, b in key.marks],
        },
    }


def source_line(number: int, passage: Passage) -> str:
    """``[1] /path/report.pdf, page 3`` (``scanned page 3`` when read by OCR): where a
    numbered passage came from."""
    page = "scanned page" if passage.scanned else "page"
    where = f", {page} {passage.page}" if passage.page else ""
    return f"[{number}] {passage.path}{where}"


@contextmanager
def cancel_on_sigint() -> Iterator[CancelToken]:
    """A cancel token that Ctrl+C sets while the block runs (the previous handler is
    back afterwards)."""
    from engine.cancel import CancelToken

    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    try:
        yield cancel
    finally:
        signal.signal(signal.SIGINT, previous)


def load_settings() -> Settings:
    """The user's settings; a warning about them (e.g. a damaged file) goes to stderr."""
    from engine.storage import settings as settings_store

    settings, warning = settings_store.load()
    if warning:
        warn(warning)
    return settings


@dataclass(frozen=True, slots=True)
class LocalChat:
    """The local model a command talks to, with the settings it runs under."""

    settings: Settings
    chat: ChatSettings  # the model's own settings (per-model overrides applied)
    backend: LocalBackend  # not loaded yet; the caller closes it


def local_chat(model: Path | None) -> LocalChat:
    """The chat backend for ``model`` (default: the configured chat model)."""
    from engine.models.defaults import resolve_chat_model
    from engine.models.local import LocalBackend
    from engine.storage import settings as settings_store

    settings = load_settings()
    model = model or resolve_chat_model(settings.chat.model_path)
    chat = settings_store.for_model(settings, model.name)
    backend = LocalBackend(model, chat.context_length, chat.threads, gpu_layers=chat.gpu_layers)
    return LocalChat(settings, chat, backend)


@contextmanager
def open_library() -> Iterator[Library]:
    """The document library, opened in this process with the configured embedding
    model and chunking (the one-writer lock says so if the window has it open)."""
    from engine.library.embedder import Embedder, resolve_embedding_model
    from engine.library.library import Library

    options = load_settings().library
    library = Library(
        embedder=Embedder(resolve_embedding_model(options.embedding_model)),
        chunk_tokens=options.chunk_tokens,
        chunk_overlap=options.chunk_overlap,
    )
    try:
        yield library
    finally:
        library.close()
