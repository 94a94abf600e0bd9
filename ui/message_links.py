"""The links under a message: Copy, Edit (a question), Fork, and its versions.

A turn regenerated or edited and sent again keeps its earlier versions: "‹ 1 / 2 ›"
under the message steps between them (``hisho://version-prev/<id>``,
``hisho://version-next/<id>``). Fork starts a new conversation with everything up to
the message (``hisho://fork/<id>``).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor

from engine.types import MessageStatus, StoredMessage
from ui import theme
from ui.i18n import translate
from ui.transcript_parts import muted


class Link(NamedTuple):
    """One piece of a message's footer: an action (None: plain text), its words and tip."""

    action: str | None
    text: str
    tip: str = ""


def footer_links(message: StoredMessage) -> list[Link]:
    """What the footer under ``message`` shows, in order."""
    links = [Link("copy", translate("TranscriptView", "Copy"))]
    if message.role == "user":
        links.append(Link("edit", translate("TranscriptView", "Edit")))
    if message.status is not MessageStatus.STREAMING:
        links.append(
            Link(
                "fork",
                translate("TranscriptView", "Fork"),
                translate("TranscriptView", "Start a new conversation with everything up to here"),
            )
        )
    return links + version_links(message)


def version_links(message: StoredMessage) -> list[Link]:
    """ "‹ 2 / 3 ›" for a message with earlier or later versions (none for one alone)."""
    if message.versions <= 1:
        return []
    earlier = translate("TranscriptView", "Earlier version")
    later = translate("TranscriptView", "Later version")
    place = translate("TranscriptView", "{number} / {total}").format(
        number=message.version, total=message.versions
    )
    return [
        Link("version-prev" if message.version > 1 else None, "‹", earlier),
        Link(None, place, translate("TranscriptView", "Versions of this turn")),
        Link("version-next" if message.version < message.versions else None, "›", later),
    ]


def insert_version_links(cursor: QTextCursor, message: StoredMessage) -> None:
    """ "‹ 1 / 2 ›" under a turn with other versions (its other actions are hover buttons)."""
    links = version_links(message)
    if not links:
        return
    block = QTextBlockFormat()
    block.setTopMargin(2)
    cursor.insertBlock(block, QTextCharFormat())
    colors = theme.colors()
    for index, (action, text, tip) in enumerate(links):
        if index:
            cursor.insertText(" ", muted(colors))
        link = muted(colors)
        if action is not None:
            link.setAnchor(True)
            link.setAnchorHref(f"hisho://{action}/{message.id}")
        link.setToolTip(tip)
        cursor.insertText(text, link)
    cursor.setCharFormat(QTextCharFormat())
