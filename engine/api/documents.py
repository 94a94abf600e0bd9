"""The user's libraries as the local API reaches them (see ``service.Documents``).

In the window the libraries live in the library process: :class:`ClientDocuments` asks
it (its client is safe to call from the API's threads). ``hisho serve`` opens the
library itself: :class:`LibraryDocuments`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from engine.library.types import Passage, Scope

if TYPE_CHECKING:
    from engine.library.client import LibraryClient
    from engine.library.library import Library


class LibraryDocuments:
    """A library opened in this process."""

    def __init__(self, library: Library) -> None:
        self.library = library

    @property
    def embedding_model(self) -> str:
        return self.library.embedder.name

    def search(self, question: str, scope: Scope, k: int) -> list[Passage]:
        return self.library.search(question, scope, k)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return self.library.embedder.embed(texts)


class ClientDocuments:
    """The window's library process; ``embedding_model`` reads the current setting."""

    def __init__(self, client: LibraryClient, embedding_model: Callable[[], str]) -> None:
        self.client = client
        self._embedding_model = embedding_model

    @property
    def embedding_model(self) -> str:
        return self._embedding_model()

    def search(self, question: str, scope: Scope, k: int) -> list[Passage]:
        return self.client.search(question, scope, k)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return self.client.embed(texts)
