"""The sidebar's list with projects: each project a folder row (click: fold or unfold)
with its conversations under it, then the conversations in no project; pinned ones
first in each. A conversation dragged onto a project (or onto one of its
conversations) moves there; dropped among the loose conversations, it leaves its
project. A search lists its matches without folders."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from engine.types import Conversation, Project
from ui.i18n import engine_text, translate

ConversationIdRole = Qt.ItemDataRole.UserRole + 1  # as ui.conversations has it
ProjectIdRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-hisho-conversation"
Row = Project | Conversation


class ProjectListModel(QAbstractListModel):
    """Projects (folder rows) with their conversations, then the loose ones."""

    rename_requested = Signal(int, str)
    #: (conversation id, project id; 0: none): the user dragged it there.
    move_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._snippets: dict[int, str] = {}
        self._projects: list[Project] = []
        self._all: list[Conversation] = []
        self._rows: list[Row] = []
        self.folded: set[int] = set()

    def set_projects(self, projects: list[Project]) -> None:
        self._projects = list(projects)
        self._regroup()

    def projects(self) -> list[Project]:
        return list(self._projects)

    def set_conversations(
        self, conversations: list[Conversation], snippets: dict[int, str] | None = None
    ) -> None:
        self._all = list(conversations)
        self._snippets = dict(snippets or {})
        self._regroup()

    def toggle(self, project_id: int) -> None:
        self.folded ^= {project_id}
        self._regroup()

    def _regroup(self) -> None:
        self.beginResetModel()
        if self._snippets:  # a search: the matches alone
            self._rows = list(self._all)
        else:
            known = {p.id for p in self._projects}
            self._rows = []
            for project in self._projects:
                self._rows.append(project)
                if project.id not in self.folded:
                    self._rows += [c for c in self._all if c.project_id == project.id]
            self._rows += [c for c in self._all if c.project_id not in known]
        self.endResetModel()

    # --- rows ----------------------------------------------------------------------

    def conversation_at(self, row: int) -> Conversation | None:
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, Conversation) else None

    def project_at(self, row: int) -> Project | None:
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, Project) else None

    def row_of(self, conversation_id: int) -> int:
        for row, item in enumerate(self._rows):
            if isinstance(item, Conversation) and item.id == conversation_id:
                return row
        return -1

    def row_of_project(self, project_id: int) -> int:
        for row, item in enumerate(self._rows):
            if isinstance(item, Project) and item.id == project_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        project = self.project_at(index.row()) if index.isValid() else None
        if project is not None:
            return self._project_data(project, role)
        conversation = self.conversation_at(index.row()) if index.isValid() else None
        if conversation is None:
            return None
        title = engine_text(conversation.title)  # "New conversation" in the user's language
        if role == Qt.ItemDataRole.DisplayRole:
            pin = "★ " if conversation.pinned else ""
            indent = "    " if conversation.project_id and not self._snippets else ""
            return f"{indent}{pin}{title}"
        if role == Qt.ItemDataRole.EditRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(conversation.updated_at))
            snippet = self._snippets.get(conversation.id)
            return f"{title}\n{snippet}" if snippet else f"{title}\n{when}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if conversation.pinned:
                return translate("ConversationSidebar", "Pinned: {title}").format(title=title)
            return title
        if role == ConversationIdRole:
            return conversation.id
        return None

    def _project_data(self, project: Project, role: int) -> Any:
        count = sum(1 for c in self._all if c.project_id == project.id)
        if role == Qt.ItemDataRole.DisplayRole:
            arrow = "▸" if project.id in self.folded else "▾"
            return f"{arrow} {project.name} ({count})"
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return translate("ConversationSidebar", "Project {name}, {count} conversations").format(
                name=project.name, count=count
            )
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == ProjectIdRole:
            return project.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index) | Qt.ItemFlag.ItemIsDropEnabled
        if self.project_at(index.row()) is not None:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        conversation = self.conversation_at(index.row())
        if role != Qt.ItemDataRole.EditRole or conversation is None:
            return False
        title = " ".join(str(value).split())
        if not title or title == conversation.title:
            return False
        self.rename_requested.emit(conversation.id, title)
        return True

    # --- drag and drop -------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = [str(i.data(ConversationIdRole)) for i in indexes if i.data(ConversationIdRole)]
        mime.setData(MIME_TYPE, QByteArray(",".join(ids).encode()))
        return mime

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not data.hasFormat(MIME_TYPE):
            return False
        target = parent.row() if parent.isValid() else row
        project = self.project_at(target)
        conversation = self.conversation_at(target)
        project_id = project.id if project else conversation.project_id if conversation else 0
        for text in bytes(data.data(MIME_TYPE).data()).decode().split(","):
            if text.isdigit():
                self.move_requested.emit(int(text), project_id)
        return False  # the list is rebuilt from the history; nothing to remove here
