"""A read-only table of rows, as the Models window and the logs show them; and the frame
of a log dialog (table, summary line, Refresh and Close)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def read_only_table(
    columns: Sequence[str], accessible_name: str, parent: QWidget
) -> tuple[QTableView, QStandardItemModel]:
    """A table of whole-row selection, columns sized to their contents, the last one
    stretched, no row numbers; and its item model."""
    model = QStandardItemModel(0, len(columns), parent)
    model.setHorizontalHeaderLabels(list(columns))
    table = QTableView(parent)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setAccessibleName(accessible_name)
    return table, model


def log_frame(dialog: QDialog, table: QTableView, refresh: Callable[[], None]) -> QLabel:
    """Lay out a log dialog: ``table``, a plain-text summary line under it (returned),
    and Refresh (calls ``refresh``) beside Close."""
    summary = QLabel(dialog)
    summary.setTextFormat(Qt.TextFormat.PlainText)
    summary.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    again = QPushButton(QCoreApplication.translate("LogWindow", "Refresh"), dialog)
    again.setAutoDefault(False)
    buttons.addButton(again, QDialogButtonBox.ButtonRole.ActionRole)
    again.clicked.connect(refresh)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table, 1)
    layout.addWidget(summary)
    layout.addWidget(buttons)
    return summary
