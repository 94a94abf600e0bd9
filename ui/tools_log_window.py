"""Help › Tools log…: every tool call, built-in or from an MCP server.

A table, newest first: time, server, tool, the sizes of the arguments and the result,
how long the call took and how it ended. Sizes only: the arguments and results are kept
in the conversation, never in the log.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QDialog, QWidget

from engine.types import ToolLogEntry
from ui.egress_window import size_text
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.tables import log_frame, read_only_table

COLUMNS = (
    QT_TRANSLATE_NOOP("ToolsLogWindow", "Time"),
    QT_TRANSLATE_NOOP("ToolsLogWindow", "Server"),
    QT_TRANSLATE_NOOP("ToolsLogWindow", "Tool"),
    QT_TRANSLATE_NOOP("ToolsLogWindow", "Arguments"),
    QT_TRANSLATE_NOOP("ToolsLogWindow", "Result"),
    QT_TRANSLATE_NOOP("ToolsLogWindow", "Took"),
    QT_TRANSLATE_NOOP("ToolsLogWindow", "Outcome"),
)


class ToolsLogWindow(QDialog):
    """Lists the Tools log; ``refresh()`` reads it again."""

    def __init__(
        self, entries: Callable[[], Sequence[ToolLogEntry]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("toolsLogWindow")
        self.setWindowTitle(self.tr("Tools log — every tool call"))
        self._entries = entries
        self.table, self.model = read_only_table(
            [translate("ToolsLogWindow", column) for column in COLUMNS],
            self.tr("Tool calls, newest first"),
            self,
        )
        self.summary = log_frame(self, self.table, self.refresh)
        self.resize(860, 420)
        self.refresh()

    def refresh(self) -> None:
        entries = list(self._entries())
        self.model.removeRows(0, self.model.rowCount())
        built_in = self.tr("built-in")
        for entry in entries:
            cells = [
                time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(entry.time)),
                entry.server or built_in,
                entry.tool,
                size_text(entry.arguments_bytes),
                size_text(entry.result_bytes),
                f"{entry.duration_s:.2f} s",
                entry.outcome,
            ]
            row = [QStandardItem(text) for text in cells]
            for item in row[3:6]:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(row)
        if not entries:
            self.summary.setText(self.tr("No tool has been called yet."))
        else:
            self.summary.setText(
                self.tr("{count} calls. The arguments and results are kept only in the "
                        "conversations.").format(count=len(entries))
            )  # fmt: skip
