"""The Files panel's list: one row per file of a library, its name over its state.

:class:`FileListModel` holds the library's :class:`FileRecord` rows as the library
controller reports them; :class:`FileRowDelegate` paints each as two lines, the state
in a colour that says how it went; :func:`status_text` is that state in words.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from engine.library.types import FileRecord, FileStatus
from ui import theme
from ui.i18n import engine_text

Index = QModelIndex | QPersistentModelIndex
FileRecordRole = Qt.ItemDataRole.UserRole + 1
StatusTextRole = Qt.ItemDataRole.UserRole + 2

#: A file's status line, as a palette role (ui.theme).
_STATUS_ROLES = {
    FileStatus.FAILED: "error",
    FileStatus.UNSUPPORTED: "muted",
    FileStatus.EMPTY: "warning",
    FileStatus.INDEXING: "info",
}


def count_text(count: int, one: str, many: str) -> str:
    """``one`` or ``many`` (already translated, with a ``{count}`` placeholder) for
    ``count``, the number written with thousands separators."""
    return (one if count == 1 else many).format(count=f"{count:,}")


def status_text(record: FileRecord) -> str:
    """One line saying where a file stands, as the list shows it."""
    if record.status is FileStatus.QUEUED:
        return QCoreApplication.translate("LibraryPanel", "Waiting to be read")
    if record.status is FileStatus.INDEXING:
        return QCoreApplication.translate("LibraryPanel", "Reading…")
    if record.status is FileStatus.EMPTY:
        return QCoreApplication.translate("LibraryPanel", "No text found — scanned?")
    if record.status is FileStatus.FAILED:
        if record.error:
            return QCoreApplication.translate("LibraryPanel", "Failed: {error}").format(
                error=engine_text(record.error)
            )
        return QCoreApplication.translate("LibraryPanel", "Failed")
    if record.status is FileStatus.UNSUPPORTED:
        return QCoreApplication.translate("LibraryPanel", "Not supported")
    parts = []
    if record.pages:
        parts.append(
            count_text(
                record.pages,
                QCoreApplication.translate("LibraryPanel", "{count} page"),
                QCoreApplication.translate("LibraryPanel", "{count} pages"),
            )
        )
    parts.append(
        count_text(
            record.chunks,
            QCoreApplication.translate("LibraryPanel", "{count} passage"),
            QCoreApplication.translate("LibraryPanel", "{count} passages"),
        )
    )
    if record.partial:
        parts.append(QCoreApplication.translate("LibraryPanel", "partly read"))
    return " · ".join(parts)


class FileListModel(QAbstractListModel):
    """The files of one library, in the order the manifest gives them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[FileRecord] = []

    def set_files(self, records: list[FileRecord]) -> None:
        self.beginResetModel()
        self._items = list(records)
        self.endResetModel()

    def update_file(self, record: FileRecord) -> None:
        """Show a file's new state (a file the list does not have yet is appended)."""
        for row, item in enumerate(self._items):
            if item.id == record.id or item.path == record.path:
                self._items[row] = record
                index = self.index(row)
                self.dataChanged.emit(index, index)
                return
        self.beginInsertRows(QModelIndex(), len(self._items), len(self._items))
        self._items.append(record)
        self.endInsertRows()

    def record_at(self, row: int) -> FileRecord | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def records(self) -> list[FileRecord]:
        return list(self._items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        record = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return record.name
        if role == StatusTextRole:
            return status_text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            detail = engine_text(record.error) if record.error else status_text(record)
            return f"{record.path}\n{detail}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{record.name}: {status_text(record)}"
        if role == FileRecordRole:
            return record
        return None


class FileRowDelegate(QStyledItemDelegate):
    """Two lines per file: the name, then its state in a quieter colour."""

    PADDING = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(120, metrics.lineSpacing() * 2 + self.PADDING * 2 + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        record: FileRecord = index.data(FileRecordRole)
        widget = option.widget
        style = widget.style() if widget is not None else None
        text, option.text = option.text, ""
        if style is not None:  # background and selection, without the text
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        rect: QRect = option.rect.adjusted(
            self.PADDING + 2, self.PADDING, -self.PADDING, -self.PADDING
        )
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        painter.save()
        painter.setFont(font)
        painter.setPen(palette.color(role))
        top = QRect(rect.left(), rect.top(), rect.width(), metrics.lineSpacing())
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(
            top, left, metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, top.width())
        )
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() - 1, 7))
        painter.setFont(small)
        status_role = _STATUS_ROLES.get(record.status)
        if selected:
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        else:
            quiet = palette.color(QPalette.ColorRole.PlaceholderText)
            painter.setPen(theme.colors().qcolor(status_role) if status_role else quiet)
        bottom = QRect(rect.left(), top.bottom() + 2, rect.width(), metrics.lineSpacing())
        status = QFontMetrics(small).elidedText(
            index.data(StatusTextRole), Qt.TextElideMode.ElideRight, bottom.width()
        )
        painter.drawText(bottom, left, status)
        painter.restore()
