"""Where a drop of files on the main window goes: add them to the library, ask about
them in a conversation, or (one file, dropped on the lower part of the conversation)
summarize it. :class:`DropRouter` shows the hints while dragging and says what a drop
asks for through its signals; the window forwards them as its own.

Its strings keep the translation context "MainWindow", where they began.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWidget

from ui.conversations import ConversationSidebar
from ui.drop_target import DropHint, describe_drop, local_paths
from ui.i18n import translate
from ui.library_panel import LibraryPanel

#: The share of the conversation area, at its bottom, that summarizes a dropped file.
SUMMARIZE_SHARE = 0.35


@dataclass(frozen=True, slots=True)
class DropTarget:
    """Where a drop goes: ``action`` is "add", "ask" or "summarize"; ``other`` is the
    neighbouring target shown beside it (its area and text), if any."""

    action: str
    conversation: int | None
    area: QRect
    text: str
    other: tuple[QRect, str] | None = None


class DropRouter(QObject):
    """Follows a drag over the window and routes the drop."""

    #: Local paths dropped outside the conversation.
    add_requested = Signal(list)
    #: Local paths dropped on a conversation (its id; None: the one shown, or a new one).
    ask_requested = Signal(list, object)
    #: One file dropped on the "Summarize" target.
    summarize_requested = Signal(str)

    def __init__(
        self,
        window: QWidget,
        hints: tuple[DropHint, DropHint],
        conversation_area: QWidget,
        sidebar: ConversationSidebar,
        library_panel: LibraryPanel,
        left_side: QWidget,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.conversation_area = conversation_area
        self.sidebar = sidebar
        self.library_panel = library_panel
        self.left_side = left_side
        #: The target the pointer is on, and the one beside it (shown quieter).
        self.hint, self.other = hints

    def hide_hints(self) -> None:
        self.hint.hide()
        self.other.hide()

    def drag(self, event: QDropEvent, position: QPoint) -> None:
        """Accept a drag of local files, show where it goes, and act on the drop."""
        paths = local_paths(event.mimeData())
        if not paths:
            event.ignore()
            self.hide_hints()
            return
        event.acceptProposedAction()
        target = self.target(position, paths)
        if event.type() != QEvent.Type.Drop:
            self.hint.show_over(target.area, target.text)
            if target.other is not None:
                self.other.show_over(*target.other)
            else:
                self.other.hide()
            return
        self.hide_hints()
        if target.action == "summarize":
            self.summarize_requested.emit(paths[0])
        elif target.action == "add":
            self.add_requested.emit(paths)
        else:
            self.ask_requested.emit(paths, target.conversation)

    def target(self, position: QPoint, paths: list[str]) -> DropTarget:
        """What a drop at ``position`` does."""
        what = describe_drop(paths)
        widget = self.window.childAt(position)
        area = self.conversation_area
        if widget is not None and (widget is area or area.isAncestorOf(widget)):
            return self._conversation_target(position, paths, what)
        rows = self.sidebar.list.viewport()
        if widget is not None and (widget is rows or rows.isAncestorOf(widget)):
            index = self.sidebar.list.indexAt(rows.mapFrom(self.window, position))
            listed = self.sidebar.model.conversation_at(index.row())
            if listed is not None:
                text = translate("MainWindow", "Ask about {what} in “{title}”").format(
                    what=what, title=listed.title
                )
                return DropTarget("ask", listed.id, self._rect_of(self.left_side), text)
        library = self.library_panel.current_library()
        if library:
            text = translate("MainWindow", "Add {what} to {library}").format(
                what=what, library=library
            )
        else:
            text = translate("MainWindow", "Add {what} to your files").format(what=what)
        return DropTarget("add", None, self._rect_of(self.left_side), text)

    def _conversation_target(self, position: QPoint, paths: list[str], what: str) -> DropTarget:
        """Ask about the files in the conversation, or (one file, lower part) summarize."""
        if self.sidebar.current_id():
            ask_text = translate("MainWindow", "Ask about {what} in this conversation")
        else:
            ask_text = translate("MainWindow", "Ask about {what} in a new conversation")
        ask_text = ask_text.format(what=what)
        rect = self._rect_of(self.conversation_area)
        if len(paths) != 1 or os.path.isdir(paths[0]):
            return DropTarget("ask", None, rect, ask_text)
        split = rect.bottom() - int(rect.height() * SUMMARIZE_SHARE)
        ask_rect = QRect(rect.left(), rect.top(), rect.width(), split - rect.top())
        summary_rect = QRect(rect.left(), split, rect.width(), rect.bottom() - split)
        summary_text = translate("MainWindow", "Summarize {what}").format(what=what)
        if position.y() >= split:
            return DropTarget("summarize", None, summary_rect, summary_text, (ask_rect, ask_text))
        return DropTarget("ask", None, ask_rect, ask_text, (summary_rect, summary_text))

    def _rect_of(self, widget: QWidget) -> QRect:
        return QRect(widget.mapTo(self.window, QPoint(0, 0)), widget.size())
