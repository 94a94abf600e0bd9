"""The "Files" panel: which library, its files and their state, and indexing progress.

It shows what the library controller tells it and emits what the user asked for (add,
pause, remove, ask about a file); it never talks to the library itself. The file list
itself is :mod:`ui.file_list`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.library.types import FileRecord, FileStatus, IngestProgress, JobState
from ui.file_list import FileListModel, FileRowDelegate, count_text
from ui.i18n import QT_TRANSLATE_NOOP, library_label, translate

#: The library selector's last item (translated where shown).
NEW_LIBRARY = QT_TRANSLATE_NOOP("LibraryPanel", "New library…")


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
        return count_text(
            progress.files_done,
            QCoreApplication.translate("LibraryPanel", "Done · {count} file read"),
            QCoreApplication.translate("LibraryPanel", "Done · {count} files read"),
        )
    eta = eta_text(progress.eta_s)
    return f"{counts} · {eta}" if eta else counts


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
