"""The main window: sidebar, transcript, composer, status. All wiring in one place."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.composer import Composer
from ui.conversations import ConversationSidebar
from ui.transcript import TranscriptView


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
        close.setAccessibleName("Dismiss message")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str, kind: str) -> None:
        self.setProperty("kind", kind)
        colors = {"error": ("#fdecea", "#8a1c1c"), "notice": ("#fff8e1", "#5d4300")}
        background, foreground = colors.get(kind, colors["notice"])
        self.setStyleSheet(
            f"#banner {{ background: {background}; border: 1px solid {foreground}40;"
            f" border-radius: 6px; }} #banner QLabel {{ color: {foreground}; }}"
            f" #banner QToolButton {{ color: {foreground}; }}"
        )
        self.label.setText(text)
        self.label.setAccessibleName(f"{kind}: {text}")
        self.show()


class MainWindow(QMainWindow):
    """Hisho's main window. It shows state and emits requests; controllers act."""

    prompt_submitted = Signal(str)
    stop_requested = Signal()
    regenerate_requested = Signal()
    export_current_requested = Signal()
    closing = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Hisho")
        self.setObjectName("mainWindow")
        self.resize(1100, 720)
        self.sidebar = ConversationSidebar(self)
        self.transcript = TranscriptView(self)
        self.composer = Composer(self)
        self.banner = Banner(self)
        self.edit_label = QLabel(self)
        self.edit_label.hide()
        self.send_button = QPushButton("Send", self)
        self.send_button.setAccessibleName("Send message")
        self.send_button.setDefault(True)
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setAccessibleName("Stop generating")
        self.stop_button.setEnabled(False)
        self.regenerate_button = QPushButton("Regenerate", self)
        self.regenerate_button.setAccessibleName("Regenerate the last answer")
        self.regenerate_button.setEnabled(False)
        self.model_label = QLabel("No model", self)
        self.model_label.setAccessibleName("Model")
        self.status_label = QLabel("Starting…", self)
        self.status_label.setAccessibleName("Status")
        self._build_layout()
        self._build_menus()
        self._connect_signals()

    def _build_layout(self) -> None:
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.transcript, 1)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.edit_label)
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
        splitter.addWidget(self.sidebar)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 840])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.model_label)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = QAction("&New conversation", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.export_action = QAction("&Export conversation as Markdown…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.choose_model_action = QAction("Choose chat &model…", self)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        file_menu.addActions([self.new_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addAction(self.choose_model_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        self.find_action = QAction("&Search conversations", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.rename_action = QAction("&Rename conversation", self)
        self.rename_action.setShortcut(QKeySequence("F2"))
        edit_menu.addActions([self.find_action, self.rename_action])
        chat_menu = bar.addMenu("&Chat")
        self.stop_action = QAction("&Stop generating", self)
        self.stop_action.setShortcut(QKeySequence("Esc"))
        self.stop_action.setEnabled(False)
        self.regenerate_action = QAction("&Regenerate answer", self)
        self.regenerate_action.setShortcut(QKeySequence("Ctrl+R"))
        self.regenerate_action.setEnabled(False)
        chat_menu.addActions([self.stop_action, self.regenerate_action])

    def _connect_signals(self) -> None:
        self.composer.submitted.connect(self.prompt_submitted)
        self.send_button.clicked.connect(self.composer.submit)
        self.stop_button.clicked.connect(self.stop_requested)
        self.stop_action.triggered.connect(self.stop_requested)
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        self.regenerate_action.triggered.connect(self.regenerate_requested)
        self.new_action.triggered.connect(self.sidebar.new_requested)
        self.export_action.triggered.connect(self.export_current_requested)
        self.quit_action.triggered.connect(self.close)
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

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def set_model(self, text: str) -> None:
        self.model_label.setText(text)

    def show_error(self, text: str) -> None:
        self.banner.show_message(text, "error")

    def show_notice(self, text: str) -> None:
        self.banner.show_message(text, "notice")

    def set_editing(self, editing: bool, text: str = "") -> None:
        """Show that the next send replaces an earlier message."""
        if editing:
            self.edit_label.setText(
                "Editing an earlier message: sending replaces it and what followed. Esc cancels."
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

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
