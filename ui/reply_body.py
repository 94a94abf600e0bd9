"""An answer as the transcript shows it once it has ended: its Markdown rendered, the
citations linked, the sentences its sources don't hold marked (with a notice above a
reply none of whose claims they hold: :mod:`ui.answer_marks`). What goes under it, the
key sentence and the sources, is :mod:`ui.source_fold`'s. A live reply and one reloaded
from history go through here alike: the check is saved with the reply.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtWidgets import QWidget

from engine.types import StoredMessage
from ui.answer_marks import insert_notice, mark_check
from ui.markdown import markdown_fragment
from ui.sources import link_citations


def insert_answer(cursor: QTextCursor, widget: QWidget, message: StoredMessage) -> None:
    """Insert ``message``'s answer at ``cursor`` (in its empty body block)."""
    palette = widget.palette()
    insert_notice(cursor, widget, message.check)
    start = cursor.position()
    code_background = palette.color(QPalette.ColorRole.AlternateBase)
    cursor.insertFragment(markdown_fragment(message.content, code_background))
    document = cursor.document()
    if message.sources:
        link = palette.color(QPalette.ColorRole.Link)
        link_citations(document, start, cursor.position(), message, link)
    mark_check(document, start, cursor.position(), message, palette)
