"""A read-only table of rows, as the Models window and the egress log show them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


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
