"""Help › Egress log: every request that left this computer.

A table, newest first: time, provider, model, server, bytes sent and received, the
conversation, what it was for and how it ended; totals underneath. Sizes only: the log
never holds the text sent or the key.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from engine.types import EgressEntry
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.tables import log_frame, read_only_table

#: The column headers (translated where shown).
COLUMNS = (
    QT_TRANSLATE_NOOP("EgressWindow", "Time"),
    QT_TRANSLATE_NOOP("EgressWindow", "Provider"),
    QT_TRANSLATE_NOOP("EgressWindow", "Model"),
    QT_TRANSLATE_NOOP("EgressWindow", "Server"),
    QT_TRANSLATE_NOOP("EgressWindow", "Sent"),
    QT_TRANSLATE_NOOP("EgressWindow", "Received"),
    QT_TRANSLATE_NOOP("EgressWindow", "Conversation"),
    QT_TRANSLATE_NOOP("EgressWindow", "For"),
    QT_TRANSLATE_NOOP("EgressWindow", "Result"),
)


def size_text(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


class EgressWindow(QDialog):
    """Lists the egress log; ``refresh()`` reads it again."""

    def __init__(
        self,
        entries: Callable[[], Sequence[EgressEntry]],
        conversation_title: Callable[[int], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("egressWindow")
        self.setWindowTitle(self.tr("Egress log — what left this computer"))
        self._entries = entries
        self._title = conversation_title
        self.table, self.model = read_only_table(
            [translate("EgressWindow", column) for column in COLUMNS],
            self.tr("Requests that left this computer"),
            self,
        )
        self.summary = log_frame(self, self.table, self.refresh)
        self.resize(980, 420)
        self.refresh()

    def refresh(self) -> None:
        entries = list(self._entries())
        self.model.removeRows(0, self.model.rowCount())
        for entry in entries:
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(entry.time))
            conversation = (
                "" if entry.conversation_id is None else self._title(entry.conversation_id)
            )
            cells = [
                when,
                entry.provider,
                entry.model,
                entry.host,
                size_text(entry.bytes_sent),
                size_text(entry.bytes_received),
                conversation,
                entry.purpose,
                entry.outcome,
            ]
            row = [QStandardItem(text) for text in cells]
            for item in row[4:6]:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(row)
        if not entries:
            self.summary.setText(
                self.tr(
                    "Nothing has left this computer: no request was ever sent to a cloud provider."
                )
            )
        else:
            sent = sum(e.bytes_sent for e in entries)
            received = sum(e.bytes_received for e in entries)
            if len(entries) == 1:
                text = self.tr("{count} request · {sent} sent · {received} received")
            else:
                text = self.tr("{count} requests · {sent} sent · {received} received")
            self.summary.setText(
                text.format(count=len(entries), sent=size_text(sent), received=size_text(received))
            )
