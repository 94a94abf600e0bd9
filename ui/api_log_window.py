"""Settings › Local API › Open the request log…: every request other programs made.

A table, newest first: time, client, request, model, status, how it ended, bytes in and
out, how long it took, and whether it read your documents. Sizes only: the log never
holds the token or the text of a request.
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

from engine.types import ApiLogEntry
from ui.egress_window import size_text
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.tables import log_frame, read_only_table

COLUMNS = (
    QT_TRANSLATE_NOOP("ApiLogWindow", "Time"),
    QT_TRANSLATE_NOOP("ApiLogWindow", "Client"),
    QT_TRANSLATE_NOOP("ApiLogWindow", "Request"),
    QT_TRANSLATE_NOOP("ApiLogWindow", "Model"),
    QT_TRANSLATE_NOOP("ApiLogWindow", "Status"),
    QT_TRANSLATE_NOOP("ApiLogWindow", "Result"),
    QT_TRANSLATE_NOOP("ApiLogWindow", "In"),
    QT_TRANSLATE_NOOP("ApiLogWindow", "Out"),
    QT_TRANSLATE_NOOP("ApiLogWindow", "Took"),
    QT_TRANSLATE_NOOP("ApiLogWindow", "Documents"),
)


class ApiLogWindow(QDialog):
    """Lists the local API's log; ``refresh()`` reads it again."""

    def __init__(
        self, entries: Callable[[], Sequence[ApiLogEntry]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("apiLogWindow")
        self.setWindowTitle(self.tr("Local API — requests from other programs"))
        self._entries = entries
        self.table, self.model = read_only_table(
            [translate("ApiLogWindow", column) for column in COLUMNS],
            self.tr("Requests other programs made to Hisho"),
            self,
        )
        self.summary = log_frame(self, self.table, self.refresh)
        self.resize(1000, 420)
        self.refresh()

    def refresh(self) -> None:
        entries = list(self._entries())
        self.model.removeRows(0, self.model.rowCount())
        yes = self.tr("yes")
        for entry in entries:
            cells = [
                time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(entry.time)),
                entry.client,
                f"{entry.method} {entry.path}",
                entry.model,
                str(entry.status),
                entry.outcome,
                size_text(entry.bytes_in),
                size_text(entry.bytes_out),
                f"{entry.duration_s:.2f} s",
                yes if entry.documents else "",
            ]
            row = [QStandardItem(text) for text in cells]
            for item in row[6:9]:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(row)
        if not entries:
            self.summary.setText(self.tr("No program has used the local API yet."))
            return
        refused = sum(1 for e in entries if e.status >= 400)
        if len(entries) == 1:
            text = self.tr("{count} request · {refused} refused · {documents} read your documents")
        else:
            text = self.tr("{count} requests · {refused} refused · {documents} read your documents")
        documents = sum(1 for e in entries if e.documents)
        self.summary.setText(text.format(count=len(entries), refused=refused, documents=documents))
