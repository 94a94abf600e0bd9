"""The main window: sidebar (conversations and files), transcript, composer, status.
All wiring in one place; dropping files anywhere on it adds them, asks about them, or
(one file, dropped on the lower part of the conversation) summarizes it."""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.composer import Composer
from ui.conversations import ConversationSidebar
from ui.drop_target import DropHint, describe_drop, local_paths
from ui.i18n import QT_TRANSLATE_NOOP, engine_text, translate
from ui.library_panel import LibraryPanel
from ui.scope_selector import ScopeSelector
from ui.transcript import TranscriptView

_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)
# The product name, the window's title: the same in every language.
APP_NAME = "Hisho"
#: (value, menu label) of each per-conversation cloud policy.
CONVERSATION_POLICIES = (
    ("", QT_TRANSLATE_NOOP("MainWindow", "Use my setting")),
    ("never", QT_TRANSLATE_NOOP("MainWindow", "Never")),
    ("ask", QT_TRANSLATE_NOOP("MainWindow", "Ask each time")),
    ("auto", QT_TRANSLATE_NOOP("MainWindow", "Automatically when the local model can't answer")),
)

#: (setting value, menu label) of each summary length.
SUMMARY_LENGTHS = (
    ("brief", QT_TRANSLATE_NOOP("MainWindow", "&Brief (a paragraph)")),
    ("bullets", QT_TRANSLATE_NOOP("MainWindow", "B&ullet points")),
    ("detailed", QT_TRANSLATE_NOOP("MainWindow", "&Detailed")),
)
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


class Banner(QFrame):
    """One place where errors and notices reach the user."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName(self.tr("Dismiss message"))
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str, kind: str) -> None:
        text = engine_text(text)  # what the engine said, in the user's language
        self.setProperty("kind", kind)
        colors = {"error": ("#fdecea", "#8a1c1c"), "notice": ("#fff8e1", "#5d4300")}
        background, foreground = colors.get(kind, colors["notice"])
        self.setStyleSheet(
            f"#banner {{ background: {background}; border: 1px solid {foreground}40;"
            f" border-radius: 6px; }} #banner QLabel {{ color: {foreground}; }}"
            f" #banner QToolButton {{ color: {foreground}; }}"
        )
        self.label.setText(text)
        kinds = {"error": self.tr("error"), "notice": self.tr("notice")}
        self.label.setAccessibleName(
            self.tr("{kind}: {text}").format(kind=kinds.get(kind, kind), text=text)
        )
        self.show()


class MainWindow(QMainWindow):
    """Hisho's main window. It shows state and emits requests; controllers act."""

    prompt_submitted = Signal(str)
    stop_requested = Signal()
    regenerate_requested = Signal()
    export_current_requested = Signal()
    #: The window is closing for real (Hisho quits).
    closing = Signal()
    #: The window was closed but Hisho keeps running in the tray.
    closed_to_tray = Signal()
    settings_requested = Signal()
    #: Local paths dropped outside the conversation: add them to the selected library.
    files_dropped = Signal(list)
    #: Local paths dropped on a conversation (its id; None: the one shown, or a new one).
    files_dropped_on_conversation = Signal(list, object)
    #: File › Summarize a file… (the controller asks which).
    summarize_file_requested = Signal()
    #: One file dropped on the "Summarize" target.
    summarize_path_requested = Signal(str)
    #: Chat › Summarize this conversation.
    summarize_conversation_requested = Signal()
    #: Chat › Summary length: "brief", "bullets" or "detailed".
    summary_length_chosen = Signal(str)
    #: Chat › Answer with the cloud model was (un)checked.
    use_cloud_toggled = Signal(bool)
    #: Chat › Cloud in this conversation: "" (my setting), "never", "ask" or "auto".
    cloud_policy_chosen = Signal(str)
    #: Help › Egress log.
    egress_log_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.resize(1100, 720)
        #: Closing hides the window and Hisho keeps running (set where there is a tray).
        self.keep_running_on_close = False
        self._quitting = False
        self.sidebar = ConversationSidebar(self)
        self.library_panel = LibraryPanel(self)
        self.left_tabs = QTabWidget(self)
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.setAccessibleName(self.tr("Conversations and files"))
        self.transcript = TranscriptView(self)
        self.scope_selector = ScopeSelector(self)
        self.conversation_area = QWidget(self)
        self.drop_hint = DropHint(self)
        self.drop_other = DropHint(self, quiet=True)  # the target the pointer is not on
        self.composer = Composer(self)
        self.banner = Banner(self)
        self.edit_label = QLabel(self)
        self.edit_label.hide()
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setAccessibleName(self.tr("Send message"))
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setAccessibleName(self.tr("Stop generating"))
        self.stop_button.setEnabled(False)
        self.regenerate_button = QPushButton(self.tr("Regenerate"), self)
        self.regenerate_button.setAccessibleName(self.tr("Regenerate the last answer"))
        self.regenerate_button.setEnabled(False)
        self.model_label = QLabel(self.tr("No model"), self)
        self.model_label.setAccessibleName(self.tr("Model"))
        self.status_label = QLabel(self.tr("Starting…"), self)
        self.status_label.setAccessibleName(self.tr("Status"))
        self._build_layout()
        self._build_menus()
        self._connect_signals()
        self.setAcceptDrops(True)
        # Text widgets take drops themselves: file drops on them are routed here.
        for widget in (self.transcript.viewport(), self.composer.viewport()):
            widget.installEventFilter(self)

    def _build_layout(self) -> None:
        self.left_tabs.addTab(self.sidebar, self.tr("Chats"))
        self.left_tabs.addTab(self.library_panel, self.tr("Files"))
        self.left_tabs.setTabToolTip(1, self.tr("Your files: add documents and ask about them"))
        right = self.conversation_area
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.transcript, 1)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.edit_label)
        right_layout.addWidget(self.scope_selector)
        row = QHBoxLayout()
        row.addWidget(self.composer, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.regenerate_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        right_layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.left_tabs)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([290, 810])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.model_label)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_action = QAction(self.tr("&New conversation"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.export_action = QAction(self.tr("&Export conversation as Markdown…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.choose_model_action = QAction(self.tr("Choose chat &model file…"), self)
        self.models_action = QAction(self.tr("&Models…"), self)
        self.models_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.summarize_file_action = QAction(self.tr("Summa&rize a file…"), self)
        self.summarize_file_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        file_menu.addActions([self.new_action, self.export_action, self.summarize_file_action])
        file_menu.addSeparator()
        file_menu.addActions([self.models_action, self.choose_model_action, self.settings_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.find_action = QAction(self.tr("&Search conversations"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.rename_action = QAction(self.tr("&Rename conversation"), self)
        self.rename_action.setShortcut(QKeySequence("F2"))
        edit_menu.addActions([self.find_action, self.rename_action])
        chat_menu = bar.addMenu(self.tr("&Chat"))
        self.stop_action = QAction(self.tr("&Stop generating"), self)
        self.stop_action.setShortcut(QKeySequence("Esc"))
        self.stop_action.setEnabled(False)
        self.regenerate_action = QAction(self.tr("&Regenerate answer"), self)
        self.regenerate_action.setShortcut(QKeySequence("Ctrl+R"))
        self.regenerate_action.setEnabled(False)
        chat_menu.addActions([self.stop_action, self.regenerate_action])
        chat_menu.addSeparator()
        self.summarize_conversation_action = QAction(self.tr("Summari&ze this conversation"), self)
        self.summarize_conversation_action.setEnabled(False)
        chat_menu.addAction(self.summarize_conversation_action)
        length_menu = chat_menu.addMenu(self.tr("Summary &length"))
        self.summary_lengths = QActionGroup(self)
        for value, label in SUMMARY_LENGTHS:
            action = QAction(translate("MainWindow", label), self.summary_lengths)
            action.setCheckable(True)
            action.setData(value)
            length_menu.addAction(action)
        self.summary_lengths.triggered.connect(
            lambda action: self.summary_length_chosen.emit(str(action.data()))
        )
        chat_menu.addSeparator()
        self.use_cloud_action = QAction(self.tr("Answer with the &cloud model"), self)
        self.use_cloud_action.setCheckable(True)
        self.use_cloud_action.setEnabled(False)
        self.use_cloud_action.toggled.connect(self.use_cloud_toggled)
        chat_menu.addAction(self.use_cloud_action)
        self.cloud_policy_menu = chat_menu.addMenu(self.tr("Cloud in this &conversation"))
        self.cloud_policies = QActionGroup(self)
        for value, label in CONVERSATION_POLICIES:
            action = QAction(translate("MainWindow", label), self.cloud_policies)
            action.setCheckable(True)
            action.setData(value)
            self.cloud_policy_menu.addAction(action)
        self.cloud_policies.triggered.connect(
            lambda action: self.cloud_policy_chosen.emit(str(action.data()))
        )
        self.cloud_policy_menu.setEnabled(False)
        help_menu = bar.addMenu(self.tr("&Help"))
        self.egress_action = QAction(self.tr("&Egress log — what left this computer…"), self)
        self.egress_action.triggered.connect(self.egress_log_requested)
        help_menu.addAction(self.egress_action)

    def _connect_signals(self) -> None:
        self.composer.submitted.connect(self.prompt_submitted)
        self.send_button.clicked.connect(self.composer.submit)
        self.stop_button.clicked.connect(self.stop_requested)
        self.stop_action.triggered.connect(self.stop_requested)
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        self.regenerate_action.triggered.connect(self.regenerate_requested)
        self.new_action.triggered.connect(self.sidebar.new_requested)
        self.export_action.triggered.connect(self.export_current_requested)
        self.summarize_file_action.triggered.connect(self.summarize_file_requested)
        self.summarize_conversation_action.triggered.connect(self.summarize_conversation_requested)
        self.quit_action.triggered.connect(self.quit)
        self.settings_action.triggered.connect(self.settings_requested)
        self.find_action.triggered.connect(self._focus_search)
        self.rename_action.triggered.connect(self._rename_current)
        self.transcript.link_hovered.connect(self._show_link)

    # --- state the controllers set -------------------------------------------------

    def set_generating(self, generating: bool) -> None:
        self.send_button.setEnabled(not generating)
        self.stop_button.setEnabled(generating)
        self.stop_action.setEnabled(generating)
        if generating:
            self.set_can_regenerate(False)

    def set_can_regenerate(self, possible: bool) -> None:
        self.regenerate_button.setEnabled(possible)
        self.regenerate_action.setEnabled(possible)

    def set_cloud_state(self, available: str, use_cloud: bool, policy: str) -> None:
        """Show the conversation's cloud choice. ``available`` names the cloud model
        ("OpenAI · gpt-4o-mini"), "" when cloud models are off."""
        self.use_cloud_action.blockSignals(True)
        self.use_cloud_action.setChecked(bool(available) and use_cloud)
        self.use_cloud_action.blockSignals(False)
        self.use_cloud_action.setEnabled(bool(available))
        if available:
            label = self.tr("Answer with the &cloud model ({model})").format(model=available)
        else:
            label = self.tr("Answer with the &cloud model (turn on in Settings › Cloud)")
        self.use_cloud_action.setText(label)
        self.cloud_policy_menu.setEnabled(bool(available))
        for action in self.cloud_policies.actions():
            action.setChecked(action.data() == policy)

    def set_summary_length(self, value: str) -> None:
        for action in self.summary_lengths.actions():
            action.setChecked(action.data() == value)

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def set_model(self, text: str) -> None:
        self.model_label.setText(text)

    def show_error(self, text: str) -> None:
        self.banner.show_message(text, "error")

    def show_notice(self, text: str) -> None:
        self.banner.show_message(text, "notice")

    def show_transient(self, text: str, timeout_ms: int = 5000) -> None:
        """A passing note in the status bar (news that needs no action)."""
        self.statusBar().showMessage(text, timeout_ms)

    def set_editing(self, editing: bool, text: str = "") -> None:
        """Show that the next send replaces an earlier message."""
        if editing:
            self.edit_label.setText(
                self.tr(
                    "Editing an earlier message: sending replaces it and what followed."
                    " Esc cancels."
                )
            )
            self.edit_label.show()
            self.composer.setPlainText(text)
            self.composer.setFocus()
            self.composer.moveCursor(self.composer.textCursor().MoveOperation.End)
        else:
            self.edit_label.hide()

    # --- helpers -------------------------------------------------------------------

    def _focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def _rename_current(self) -> None:
        current = self.sidebar.current_id()
        if current is not None:
            self.sidebar.start_rename(current)

    def _show_link(self, url: str) -> None:
        if url:
            self.statusBar().showMessage(url)
        else:
            self.statusBar().clearMessage()

    def bring_to_front(self) -> None:
        """Show the window (from the tray, or minimised), raised and active."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def show_files_tab(self) -> None:
        self.left_tabs.setCurrentWidget(self.library_panel)

    # --- dropping files --------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _DRAG_EVENTS and isinstance(watched, QWidget):
            assert isinstance(event, QDropEvent)
            if local_paths(event.mimeData()):
                self._drag(event, watched.mapTo(self, event.position().toPoint()))
                return True
        elif event.type() == QEvent.Type.DragLeave:
            self._hide_drop_hints()
        return super().eventFilter(watched, event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._drag(event, event.position().toPoint())

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._drag(event, event.position().toPoint())

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._hide_drop_hints()

    def dropEvent(self, event: QDropEvent) -> None:
        self._drag(event, event.position().toPoint())

    def _hide_drop_hints(self) -> None:
        self.drop_hint.hide()
        self.drop_other.hide()

    def _drag(self, event: QDropEvent, position: QPoint) -> None:
        """Accept a drag of local files, show where it goes, and act on the drop."""
        paths = local_paths(event.mimeData())
        if not paths:
            event.ignore()
            self._hide_drop_hints()
            return
        event.acceptProposedAction()
        target = self._drop_target(position, paths)
        if event.type() != QEvent.Type.Drop:
            self.drop_hint.show_over(target.area, target.text)
            if target.other is not None:
                self.drop_other.show_over(*target.other)
            else:
                self.drop_other.hide()
            return
        self._hide_drop_hints()
        if target.action == "summarize":
            self.summarize_path_requested.emit(paths[0])
        elif target.action == "add":
            self.files_dropped.emit(paths)
        else:
            self.files_dropped_on_conversation.emit(paths, target.conversation)

    def _drop_target(self, position: QPoint, paths: list[str]) -> DropTarget:
        """What a drop at ``position`` does: add to the library, ask about the files in a
        conversation, or (one file, lower part of the conversation) summarize it."""
        what = describe_drop(paths)
        widget = self.childAt(position)
        area = self.conversation_area
        if widget is not None and (widget is area or area.isAncestorOf(widget)):
            if self.sidebar.current_id():
                ask_text = self.tr("Ask about {what} in this conversation").format(what=what)
            else:
                ask_text = self.tr("Ask about {what} in a new conversation").format(what=what)
            rect = self._rect_of(area)
            if len(paths) != 1 or os.path.isdir(paths[0]):
                return DropTarget("ask", None, rect, ask_text)
            split = rect.bottom() - int(rect.height() * SUMMARIZE_SHARE)
            ask_rect = QRect(rect.left(), rect.top(), rect.width(), split - rect.top())
            summary_rect = QRect(rect.left(), split, rect.width(), rect.bottom() - split)
            summary_text = self.tr("Summarize {what}").format(what=what)
            if position.y() >= split:
                return DropTarget("summarize", None, summary_rect, summary_text,
                                  (ask_rect, ask_text))  # fmt: skip
            return DropTarget("ask", None, ask_rect, ask_text, (summary_rect, summary_text))
        rows = self.sidebar.list.viewport()
        if widget is not None and (widget is rows or rows.isAncestorOf(widget)):
            index = self.sidebar.list.indexAt(rows.mapFrom(self, position))
            target = self.sidebar.model.conversation_at(index.row())
            if target is not None:
                text = self.tr("Ask about {what} in “{title}”").format(
                    what=what, title=target.title
                )
                return DropTarget("ask", target.id, self._rect_of(self.left_tabs), text)
        library = self.library_panel.current_library()
        if library:
            text = self.tr("Add {what} to {library}").format(what=what, library=library)
        else:
            text = self.tr("Add {what} to your files").format(what=what)
        return DropTarget("add", None, self._rect_of(self.left_tabs), text)

    def _rect_of(self, widget: QWidget) -> QRect:
        return QRect(widget.mapTo(self, QPoint(0, 0)), widget.size())

    def quit(self) -> None:
        """Close for real, even where closing the window keeps Hisho in the tray."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.keep_running_on_close and not self._quitting:
            event.ignore()
            self.hide()
            self.closed_to_tray.emit()
            return
        self.closing.emit()
        super().closeEvent(event)
