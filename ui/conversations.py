"""The conversation sidebar: search, new, and the list (rename, delete, export; projects,
pins and personas through ui.project_list and ui.organize_menus)."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.types import Conversation, Persona, Project
from ui import organize_menus
from ui.i18n import engine_text
from ui.project_list import ProjectListModel

ConversationIdRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class ConversationListModel(QAbstractListModel):
    """Conversations (most recent first); a search shows matches with snippets."""

    rename_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[Conversation] = []
        self._snippets: dict[int, str] = {}

    def set_conversations(
        self, conversations: list[Conversation], snippets: dict[int, str] | None = None
    ) -> None:
        self.beginResetModel()
        self._items = list(conversations)
        self._snippets = dict(snippets or {})
        self.endResetModel()

    def conversation_at(self, row: int) -> Conversation | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, conversation_id: int) -> int:
        for row, item in enumerate(self._items):
            if item.id == conversation_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        title = engine_text(item.title)  # "New conversation" in the user's language
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.updated_at))
            snippet = self._snippets.get(item.id)
            return f"{title}\n{snippet}" if snippet else f"{title}\n{when}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return title
        if role == ConversationIdRole:
            return item.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        title = " ".join(str(value).split())
        item = self._items[index.row()]
        if not title or title == item.title:
            return False
        self.rename_requested.emit(item.id, title)
        return True


class ConversationSidebar(QWidget):
    """Search box, "New conversation" button and the list."""

    conversation_selected = Signal(int)
    new_requested = Signal()
    delete_requested = Signal(int)
    export_requested = Signal(int)
    summarize_requested = Signal(int)
    search_changed = Signal(str)
    #: (action, id, value): organizing asked for (ui.organize_menus lists them).
    organize_requested = Signal(str, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.model = ProjectListModel(self)
        self.personas: list[Persona] = []
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search conversations"))
        self.search.setAccessibleName(self.tr("Search conversations"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(self.tr("New conversation"), self)
        self.new_button.setAccessibleName(self.tr("New conversation"))
        self.list = QListView(self)
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setStyleSheet("QListView::item { padding: 5px 4px; }")
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.new_button.clicked.connect(self.new_requested)
        self.search.textChanged.connect(self.search_changed)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.list.clicked.connect(self._clicked)
        self.model.move_requested.connect(
            lambda cid, pid: self.organize_requested.emit("move", cid, pid)
        )

    def set_organization(self, projects: list[Project], personas: list[Persona]) -> None:
        """The projects (folders of the list) and personas (for the menus)."""
        self.personas = list(personas)
        self.model.set_projects(projects)

    def _clicked(self, index: QModelIndex) -> None:
        project = self.model.project_at(index.row())
        if project is not None:  # a folder row: fold or unfold it
            current = self.current_id()
            self.model.toggle(project.id)
            self.select(current)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        conversation = self.model.conversation_at(current.row())
        if conversation is not None:
            self.conversation_selected.emit(conversation.id)

    def current_id(self) -> int | None:
        conversation = self.model.conversation_at(self.list.currentIndex().row())
        return conversation.id if conversation is not None else None

    def select(self, conversation_id: int | None) -> None:
        """Highlight a conversation without emitting ``conversation_selected``."""
        row = self.model.row_of(conversation_id) if conversation_id is not None else -1
        selection = self.list.selectionModel()
        blocked = selection.blockSignals(True)
        if row >= 0:
            index = self.model.index(row)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.scrollTo(index)
        else:
            selection.clear()
        selection.blockSignals(blocked)

    def start_rename(self, conversation_id: int) -> None:
        row = self.model.row_of(conversation_id)
        if row >= 0:
            self.list.edit(self.model.index(row))

    def _context_menu(self, position: QPoint) -> None:
        index = self.list.indexAt(position)
        menu = self.context_menu_at(index.row())
        if menu is not None:
            menu.popup(self.list.viewport().mapToGlobal(position))

    def context_menu_at(self, row: int) -> QMenu | None:
        """The menu for a row of the list (-1: its empty space)."""
        emit = self.organize_requested.emit
        project = self.model.project_at(row)
        if project is not None:
            return organize_menus.project_menu(self, project, emit)
        conversation = self.model.conversation_at(row)
        if conversation is None:
            return organize_menus.list_menu(self, emit) if row < 0 else None
        index = self.model.index(row)
        menu = QMenu(self)
        menu.addAction(self.tr("Rename"), lambda: self.list.edit(index))
        menu.addAction(
            self.tr("Export as Markdown…"), lambda: self.export_requested.emit(conversation.id)
        )
        menu.addAction(self.tr("Summarize"), lambda: self.summarize_requested.emit(conversation.id))
        menu.addSeparator()
        organize_menus.add_conversation_items(
            menu, conversation, self.model.projects(), self.personas, emit
        )
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), lambda: self.delete_requested.emit(conversation.id))
        return menu
