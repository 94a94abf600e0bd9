"""What a summary can read: a document (through the guarded extractor), some text, or a
conversation."""

from __future__ import annotations

from pathlib import Path

from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Page
from engine.storage.history import History
from engine.summary.types import SummaryError, SummarySource

_SELECTED_TEXT = QT_TRANSLATE_NOOP("Engine", "the selected text")


def document_source(path: Path) -> SummarySource:
    """A file's text, read by the guarded extractor (time and memory limits)."""
    from engine.errors import ExtractError
    from engine.library.guard import extract_guarded

    try:
        extracted = extract_guarded(path)
    except ExtractError as exc:
        raise SummaryError(
            QT_TRANSLATE_NOOP("Engine", "Hisho can't summarize {name}: {error}").format(
                name=path.name, error=exc
            )
        ) from exc
    return SummarySource(path.name, tuple(extracted.pages), str(path))


def text_source(text: str, title: str = _SELECTED_TEXT) -> SummarySource:
    return SummarySource(title, (Page(None, text),))


def conversation_source(history: History, conversation_id: int) -> SummarySource:
    conversation = history.conversation(conversation_id)
    name = (
        conversation.title
        if conversation is not None
        else QT_TRANSLATE_NOOP("Engine", "this conversation")
    )
    turns = [
        f"{'User' if m.role == 'user' else 'Hisho'}: {m.content.strip()}"
        for m in history.messages(conversation_id)
        if m.content.strip() and m.role in ("user", "assistant")
    ]
    title = QT_TRANSLATE_NOOP("Engine", "the conversation “{name}”").format(name=name)
    return SummarySource(title, (Page(None, "\n\n".join(turns)),))
