"""The "Files" panel: which library, its files and their state, and indexing progress.

It shows what the library controller tells it and emits what the user asked for (add,
pause, remove, ask about a file); it never talks to the library itself.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.library.types import FileRecord, FileStatus, IngestProgress, JobState
from ui.i18n import QT_TRANSLATE_NOOP, engine_text, library_label, translate

Index = QModelIndex | QPersistentModelIndex
FileRecordRole = Qt.ItemDataRole.UserRole + 1
StatusTextRole = Qt.ItemDataRole.UserRole + 2
#: The library selector's last item (translated where shown).
NEW_LIBRARY = QT_TRANSLATE_NOOP("LibraryPanel", "New library…")

_STATUS_COLORS = {
    FileStatus.FAILED: "#c62828",
    FileStatus.UNSUPPORTED: "#8d6e63",
    FileStatus.EMPTY: "#b26a00",
    FileStatus.INDEXING: "#1565c0",
}


def _count(count: int, one: str, many: str) -> str:
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
            _count(
                record.pages,
                QCoreApplication.translate("LibraryPanel", "{count} page"),
                QCoreApplication.translate("LibraryPanel", "{count} pages"),
            )
        )
    parts.append(
        _count(
            record.chunks,
            QCoreApplication.translate("LibraryPanel", "{count} passage"),
            QCoreApplication.translate("LibraryPanel", "{count} passages"),
        )
    )
    if record.partial:
        parts.append(QCoreApplication.translate("LibraryPanel", "partly read"))
    return " · ".join(parts)


def eta_text(seconds: float | None) -> str:
    """Time left the way a person says it: "about 2 min left" ("" when unknown)."""
    if seconds is None:
        return ""
    if seconds < 10:
        return QCoreApplication.translate("LibraryPanel", "a few seconds left")
    if seconds < 50:
        return QCoreApplication.translate("LibraryPanel", "about {seconds} s left").format(
            seconds=max(10, round(seconds / 10) * 10)
        )
    if seconds < 90 * 60:
        return QCoreApplication.translate("LibraryPanel", "about {minutes} min left").format(
            minutes=max(1, round(seconds / 60))
        )
    return QCoreApplication.translate("LibraryPanel", "about {hours} h left").format(
        hours=round(seconds / 3600)
    )


def progress_text(progress: IngestProgress) -> str:
    """The job's state in words: "12 of 40 files · about 1 min left", "Paused · …"."""
    if progress.files_total == 1:
        of = QCoreApplication.translate("LibraryPanel", "{done} of {total} file")
    else:
        of = QCoreApplication.translate("LibraryPanel", "{done} of {total} files")
    counts = of.format(done=f"{progress.files_done:,}", total=f"{progress.files_total:,}")
    if progress.state is JobState.PAUSED:
        return QCoreApplication.translate("LibraryPanel", "Paused · {counts}").format(counts=counts)
    if progress.state is JobState.CANCELLED:
        return QCoreApplication.translate("LibraryPanel", "Cancelled · {counts} read").format(
            counts=counts
        )
    if progress.state is JobState.FINISHED:
        return _count(
            progress.files_done,
            QCoreApplication.translate("LibraryPanel", "Done · {count} file read"),
            QCoreApplication.translate("LibraryPanel", "Done · {count} files read"),
        )
    eta = eta_text(progress.eta_s)
    return f"{counts} · {eta}" if eta else counts


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
        color = _STATUS_COLORS.get(record.status)
        if selected:
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        else:
            quiet = palette.color(QPalette.ColorRole.PlaceholderText)
            painter.setPen(QColor(color) if color else quiet)
        bottom = QRect(rect.left(), top.bottom() + 2, rect.width(), metrics.lineSpacing())
        status = QFontMetrics(small).elidedText(
            index.data(StatusTextRole), Qt.TextElideMode.ElideRight, bottom.width()
        )
        painter.drawText(bottom, left, status)
        painter.restore()


class LibraryPanel(QWidget):
    """Library selector, add buttons, the file list and the indexing progress."""

    library_selected = Signal(str)
    new_library_requested = Signal()
    remove_library_requested = Signal(str)
    add_files_requested = Signal()
    add_folder_requested = Signal()
    pause_requested = Signal()
    resume_requested = Signal()
    cancel_requested = Signal()
    #: FileRecord: scope the current conversation to this file.
    ask_about_file = Signal(object)
    #: FileRecord: remove it from its library (the controller asks first).
    remove_file_requested = Signal(object)
    #: FileRecord: summarize this file.
    summarize_file = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPanel")
        self.model = FileListModel(self)
        self.library_combo = QComboBox(self)
        self.library_combo.setAccessibleName(self.tr("Library"))
        self.library_combo.setToolTip(self.tr("The library new files are added to"))
        self.library_menu_button = QToolButton(self)
        self.library_menu_button.setText("⋯")
        self.library_menu_button.setAccessibleName(self.tr("Library actions"))
        self.library_menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.library_menu_button.setAutoRaise(True)
        self.library_menu_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.library_menu_button.setToolTip(self.tr("New library, remove library"))
        self.add_files_button = QPushButton(self.tr("Add files…"), self)
        self.add_files_button.setAccessibleName(self.tr("Add files to the library"))
        self.add_folder_button = QPushButton(self.tr("Add folder…"), self)
        self.add_folder_button.setAccessibleName(self.tr("Add a folder to the library"))
        self.list = QListView(self)
        self.list.setAccessibleName(self.tr("Files in the library"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(FileRowDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.empty_label = QLabel(
            self.tr("Drop PDFs, Word files, notes or whole folders here, then ask about them."),
            self,
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(self.tr("No files yet"))
        self.empty_label.setStyleSheet("color: palette(placeholder-text); padding: 24px 12px;")
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(self.tr("Indexing progress"))
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_label = QLabel(self)
        self.progress_label.setAccessibleName(self.tr("Indexing status"))
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.pause_button.setAccessibleName(self.tr("Pause indexing"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel indexing"))
        self.progress_box = QWidget(self)
        self._paused = False
        self._build_layout()
        self._connect_signals()
        self.set_libraries([], "")
        self._show_empty()
        self.progress_box.hide()

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        top = QHBoxLayout()
        top.addWidget(self.library_combo, 1)
        top.addWidget(self.library_menu_button)
        layout.addLayout(top)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.add_folder_button)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label, 1)
        box = QVBoxLayout(self.progress_box)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(4)
        box.addWidget(self.progress_label)
        row = QHBoxLayout()
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.pause_button)
        row.addWidget(self.cancel_button)
        box.addLayout(row)
        layout.addWidget(self.progress_box)

    def _connect_signals(self) -> None:
        self.library_combo.activated.connect(self._library_activated)
        self.add_files_button.clicked.connect(self.add_files_requested)
        self.add_folder_button.clicked.connect(self.add_folder_requested)
        self.pause_button.clicked.connect(self._pause_clicked)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.doubleClicked.connect(self._double_clicked)
        self.model.modelReset.connect(self._show_empty)
        self.model.rowsInserted.connect(self._show_empty)

    # --- libraries ------------------------------------------------------------------

    def set_libraries(self, names: list[str], selected: str) -> None:
        """Offer ``names`` (plus "New library…") and select ``selected``."""
        combo = self.library_combo
        blocked = combo.blockSignals(True)
        combo.clear()
        for name in names:
            combo.addItem(library_label(name), name)
        combo.insertSeparator(combo.count())
        combo.addItem(translate("LibraryPanel", NEW_LIBRARY), None)
        row = combo.findData(selected)
        combo.setCurrentIndex(max(row, 0) if names else -1)
        combo.blockSignals(blocked)
        menu = QMenu(self.library_menu_button)
        menu.addAction(translate("LibraryPanel", NEW_LIBRARY), self.new_library_requested.emit)
        remove = menu.addAction(
            self.tr("Remove “{name}”…").format(name=selected)
            if selected
            else self.tr("Remove library…")
        )
        remove.setEnabled(bool(selected))
        remove.triggered.connect(lambda: self.remove_library_requested.emit(selected))
        old = self.library_menu_button.menu()
        self.library_menu_button.setMenu(menu)
        if old is not None:
            old.deleteLater()

    def current_library(self) -> str:
        data = self.library_combo.currentData()
        return str(data) if data else ""

    def _library_activated(self, row: int) -> None:
        data = self.library_combo.itemData(row)
        if data is None:  # "New library…": ask, and keep showing the current one meanwhile
            self.new_library_requested.emit()
            return
        self.library_selected.emit(str(data))

    def restore_selection(self, name: str) -> None:
        """Select ``name`` again without emitting (after "New library…" was cancelled)."""
        blocked = self.library_combo.blockSignals(True)
        self.library_combo.setCurrentIndex(max(self.library_combo.findData(name), 0))
        self.library_combo.blockSignals(blocked)

    # --- files ----------------------------------------------------------------------

    def set_files(self, records: list[FileRecord]) -> None:
        self.model.set_files(records)

    def update_file(self, record: FileRecord) -> None:
        if record.library == self.current_library():
            self.model.update_file(record)

    def _show_empty(self) -> None:
        empty = self.model.rowCount() == 0
        self.list.setVisible(not empty)
        self.empty_label.setVisible(empty)

    def _context_menu(self, position: QPoint) -> None:
        record = self.model.record_at(self.list.indexAt(position).row())
        if record is None:
            return
        menu = QMenu(self)
        ask = menu.addAction(
            self.tr("Ask about this file"), lambda: self.ask_about_file.emit(record)
        )
        ask.setEnabled(record.status is FileStatus.DONE or record.status is FileStatus.INDEXING
                       or record.status is FileStatus.QUEUED)  # fmt: skip
        summarize = menu.addAction(self.tr("Summarize"), lambda: self.summarize_file.emit(record))
        summarize.setEnabled(record.status is not FileStatus.FAILED
                             and record.status is not FileStatus.UNSUPPORTED)  # fmt: skip
        menu.addSeparator()
        menu.addAction(
            self.tr("Remove from library…"), lambda: self.remove_file_requested.emit(record)
        )
        menu.popup(self.list.viewport().mapToGlobal(position))

    def _double_clicked(self, index: QModelIndex) -> None:
        record = self.model.record_at(index.row())
        if record is not None and record.status is FileStatus.DONE:
            self.ask_about_file.emit(record)

    # --- progress -------------------------------------------------------------------

    def set_progress(self, progress: IngestProgress) -> None:
        """Show a step of the indexing job (the box hides when the job has ended)."""
        if progress.state in (JobState.FINISHED, JobState.CANCELLED):
            self.progress_box.hide()
            self._paused = False
            return
        self._paused = progress.state is JobState.PAUSED
        self.progress_bar.setRange(0, max(progress.files_total, 1))
        self.progress_bar.setValue(progress.files_done)
        self.progress_label.setText(progress_text(progress))
        self.progress_label.setToolTip(progress_text(progress))
        self.pause_button.setText(self.tr("Resume") if self._paused else self.tr("Pause"))
        self.pause_button.setAccessibleName(
            self.tr("Resume indexing") if self._paused else self.tr("Pause indexing")
        )
        self.progress_box.show()

    def _pause_clicked(self) -> None:
        if self._paused:
            self.resume_requested.emit()
        else:
            self.pause_requested.emit()
