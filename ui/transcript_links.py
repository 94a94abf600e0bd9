"""Where a click on a link in the transcript goes: ``hisho://source/<message>/<n>``
(a source, also from a citation or the key sentence), ``hisho://thinking/<message>``
(fold or open the thinking), ``hisho://tool/<key>`` (open or fold a tool call),
``hisho://sources/<message>`` (the folded sources),
``hisho://code/<message>/<n>`` (copy a code block), ``hisho://copy/<message>``,
``hisho://fork/<message>`` and ``hisho://version-prev|next/<message>``; any other URL is reported,
never opened here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl

if TYPE_CHECKING:
    from ui.transcript import TranscriptView


def follow_link(view: TranscriptView, url: QUrl) -> None:
    """Do what a click on ``url`` in ``view`` asks for."""
    if url.scheme() != "hisho":
        view.external_link_clicked.emit(url)
        return
    action = url.host()
    try:
        numbers = [int(part) for part in url.path().strip("/").split("/")]
    except ValueError:
        return
    if action == "source" and len(numbers) == 2:
        view.source_requested.emit(numbers[0], numbers[1])
    elif action == "code" and len(numbers) == 2:
        view.copy_code(numbers[0], numbers[1])
    elif action == "thinking" and len(numbers) == 1:
        view.thinking.toggle(numbers[0])
    elif action == "tool" and len(numbers) == 1:
        view.tool_blocks.toggle(numbers[0])
    elif action == "sources" and len(numbers) == 1:
        view.source_fold.unfold(numbers[0])
    elif len(numbers) == 1:
        view.action_requested.emit(action, numbers[0])
