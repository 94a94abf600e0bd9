"""Which messages of a long conversation the transcript has rendered.

Opening renders only the last :data:`PAGE` messages; when the user scrolls to the top,
the page before them is rendered into a scratch document and put in front as one
fragment, so the document is edited once per page, not once per block.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QTextCursor, QTextDocument, QTextDocumentFragment

from engine.types import StoredMessage

#: Messages rendered when a conversation opens (and added each time the user scrolls up).
PAGE = 40

Writer = Callable[[QTextCursor, StoredMessage], None]


class Pages:
    """The conversation shown (all of it) and where its rendered part begins."""

    def __init__(self) -> None:
        self.messages: list[StoredMessage] = []
        self.first = 0  # the index of the first message rendered
        #: The text of each rendered code block: (message id, number) -> code.
        self.codes: dict[tuple[int, int], str] = {}

    def open(self, messages: list[StoredMessage], first: int | None = None) -> list[StoredMessage]:
        """Hold ``messages``; returns those to render (the last page, or from ``first``)."""
        self.messages = list(messages)
        self.codes.clear()
        self.first = max(0, len(messages) - PAGE) if first is None else first
        return self.messages[self.first :]

    def rendered(self) -> int:
        return len(self.messages) - self.first

    def latest(self, role: str) -> StoredMessage | None:
        return next((m for m in reversed(self.messages) if m.role == role), None)

    def put_earlier_in_front(self, document: QTextDocument, write: Writer) -> int:
        """Render the page before the first rendered message at the top of ``document``;
        returns how many characters it added (0: nothing was left)."""
        if self.first == 0:
            return 0
        begin = max(0, self.first - PAGE)
        scratch = QTextDocument()
        scratch.setDefaultFont(document.defaultFont())
        cursor = QTextCursor(scratch)
        for message in self.messages[begin : self.first]:
            write(cursor, message)
        before = document.characterCount()
        top = QTextCursor(document)
        top.insertBlock()  # the old first turn moves down a block
        top.movePosition(QTextCursor.MoveOperation.Start)
        top.insertFragment(QTextDocumentFragment(scratch))
        self.first = begin
        return document.characterCount() - before
