"""The whole document as the evidence, when it fits the model's context.

Search gives the model a few passages; a question about counts, lists or tables ("how
many invoices are from Sato?") needs every row. When the *Answer from* file fits the
model's context whole, the window offers "Use the whole document": the model then gets
every page as numbered quotes (quoted data, never instructions), lines kept, and the
question last. ``fit`` measures with the backend's own ``count_tokens``; when the file
does not fit, it says how much of it would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.chat.evidence import Evidence
from engine.chat.rag import GROUNDING_RULES
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Passage
from engine.models.backend import ChatBackend
from engine.script import cjk_share
from engine.types import ChatMessage

#: Tokens kept free for the rules, the question and the reply.
RESERVE_TOKENS = 640


@dataclass(frozen=True, slots=True)
class WholeFit:
    """How a document's text compares with the room in the model's context."""

    name: str
    tokens: int  # the document's text, in the model's tokens
    room: int  # what the context holds beside the rules, the question and the reply

    @property
    def fits(self) -> bool:
        return 0 < self.tokens <= self.room

    @property
    def share(self) -> float:
        """The part of the document that fits (1.0 when it all does)."""
        return 1.0 if self.fits or self.tokens == 0 else max(self.room, 0) / self.tokens

    def describe(self) -> str:
        """What the window says about it."""
        if self.fits:
            return QT_TRANSLATE_NOOP(
                "Engine", "All of {name} fits this model's context ({tokens} tokens)."
            ).format(name=self.name, tokens=f"{self.tokens:,}")
        return QT_TRANSLATE_NOOP(
            "Engine", "About {percent}% of {name} fits this model's context."
        ).format(percent=max(1, int(self.share * 100)), name=self.name)


def fit(backend: ChatBackend, pages: Sequence[Passage], context_length: int) -> WholeFit:
    """How ``pages`` (a document, a passage per page) fit ``backend``'s context."""
    name = pages[0].name if pages else ""
    message = whole_message("?", document_evidence(pages))
    prompt = [ChatMessage("system", GROUNDING_RULES), ChatMessage("user", message)]
    total, _ = backend.count_tokens(prompt)
    return WholeFit(name, total, context_length - RESERVE_TOKENS)


def document_evidence(pages: Sequence[Passage]) -> list[Evidence]:
    """Every page as evidence, whole, in the document's order."""
    return [Evidence(page, page.text, 1.0) for page in pages]


def whole_message(question: str, evidence: Sequence[Evidence]) -> str:
    """The user turn the model sees: each page a numbered quote with its lines, then
    the question."""
    parts = []
    for number, item in enumerate(evidence, start=1):
        lines = "\n".join(line.strip() for line in item.excerpt.splitlines() if line.strip())
        parts.append(f"[{number}] {lines}")
    label = "質問" if cjk_share(question) >= 0.3 else "Question"
    return "\n\n".join([*parts, f"{label}: {' '.join(question.split())}"])
