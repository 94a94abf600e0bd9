"""An answer as the transcript shows it once it has ended: its Markdown rendered, the
citations linked, the sentences its sources don't hold marked (with a notice above a
reply none of whose claims they hold: :mod:`ui.answer_marks`). What goes under it, the
key sentence and the sources, is :mod:`ui.source_fold`'s. A live reply and one reloaded
from history go through here alike: the check is saved with the reply.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QWidget

from engine.types import StoredMessage
from ui import theme
from ui.answer_marks import insert_notice, mark_check
from ui.rich_markdown import render
from ui.sources import link_citations


def insert_answer(
    cursor: QTextCursor,
    widget: QWidget,
    message: StoredMessage,
    codes: dict[tuple[int, int], str],
) -> None:
    """Insert ``message``'s answer at ``cursor`` (in its empty body block); its code
    blocks' text goes into ``codes`` by (message id, number), for their Copy links."""
    palette = widget.palette()
    insert_notice(cursor, widget, message.check)
    start = cursor.position()
    colors = theme.colors()
    rendered = render(message.content, colors, message.id, widget.font().pointSizeF())
    cursor.insertFragment(rendered.fragment)
    for number, code in enumerate(rendered.codes):
        codes[(message.id, number)] = code
    document = cursor.document()
    if message.sources:
        link_citations(document, start, cursor.position(), message, QColor(colors.accent))
    mark_check(document, start, cursor.position(), message, palette)
