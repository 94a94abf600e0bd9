"""The main window: sidebar (conversations and files), transcript, composer, status.
All wiring in one place; the menus are in ui/main_menus.py, and where a drop of files
goes (add them, ask about them, or summarize one) in ui/window_drops.py."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QWidget,
)

from engine.types import Conversation, Persona, Project, PromptPreset, ThinkingSupport
from ui.banner import Banner
from ui.command_palette import PALETTE_ACTION, CommandPalette
from ui.composer import Composer
from ui.conversations import ConversationSidebar
from ui.drop_target import DropHint, local_paths
from ui.library_panel import LibraryPanel
from ui.main_menus import MainMenus
from ui.prompt_popup import PromptPopup
from ui.scope_selector import ScopeSelector
from ui.starter_card import StarterCard
from ui.think_button import ThinkButton
from ui.transcript import TranscriptView
from ui.window_drops import DropRouter
from ui.window_layout import lay_out

_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)
# The product name, the window's title: the same in every language.
APP_NAME = "Hisho"


class MainWindow(QMainWindow):
    """Hisho's main window. It shows state and emits requests; controllers act.

    Its public face is its signals and ``set_``/``show_`` methods below; the child
    widgets are its own (tests look at them as a user would).
    """

    prompt_submitted = Signal(str)
    stop_requested = Signal()
    regenerate_requested = Signal()
    export_current_requested = Signal()
    #: File › Import conversations… and File › Export › All conversations (Hisho JSON)….
    import_requested = Signal()
    export_all_requested = Signal()
    #: The window is closing for real (Hisho quits).
    closing = Signal()
    #: The window was closed but Hisho keeps running in the tray.
    closed_to_tray = Signal()
    settings_requested = Signal()
    #: File › Models… and File › Choose chat model file….
    models_requested = Signal()
    choose_model_requested = Signal()
    #: The conversation list: New, a row chosen, Delete, Export, a search, a rename.
    new_conversation_requested = Signal()
    conversation_selected = Signal(int)
    delete_conversation_requested = Signal(int)
    export_conversation_requested = Signal(int)
    conversation_search_changed = Signal(str)
    rename_conversation_requested = Signal(int, str)
    #: (action, id, value): projects, pins, personas (ui.organize_menus lists them).
    organize_requested = Signal(str, int, int)
    #: Esc in the composer while an earlier message is being edited.
    cancel_edit_requested = Signal()
    #: (action, message id): a message's Copy or Edit.
    message_action_requested = Signal(str, int)
    #: A link in the transcript was clicked (QUrl).
    external_link_clicked = Signal(QUrl)
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
    #: Summarize, from a conversation's menu in the list (its id).
    summarize_listed_conversation_requested = Signal(int)
    #: Summarize the text selected in the transcript.
    summarize_selection_requested = Signal(str)
    #: The Files panel: ask about a file, or summarize it (FileRecord).
    ask_about_file_requested = Signal(object)
    summarize_record_requested = Signal(object)
    #: Chat › Summary length: "brief", "bullets" or "detailed".
    summary_length_chosen = Signal(str)
    #: Chat › Answer with the cloud model was (un)checked.
    use_cloud_toggled = Signal(bool)
    #: Chat › Think before answering (or the Think button) was (un)checked.
    thinking_toggled = Signal(bool)
    #: Chat › Cloud in this conversation: "" (my setting), "never", "ask" or "auto".
    cloud_policy_chosen = Signal(str)
    #: Help › Egress log.
    egress_log_requested = Signal()
    #: Help › Tools log.
    tools_log_requested = Signal()

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
        self.starter_card = StarterCard(self)
        self.scope_selector = ScopeSelector(self)
        self.conversation_area = QWidget(self)
        self.drop_hint = DropHint(self)
        self.drop_other = DropHint(self, quiet=True)  # the target the pointer is not on
        self.composer = Composer(self)
        self.banner = Banner(self)
        self.edit_label = QLabel(self)
        self.edit_label.hide()
        self._build_buttons()
        lay_out(self)
        self.prompt_popup = PromptPopup(self.composer, self)  # "/" in the composer
        self.menus = MainMenus(self)
        self.menus.command_palette_action.setObjectName(PALETTE_ACTION)
        self.command_palette = CommandPalette(self.menuBar(), self)
        self.think_button.use(self.menus.think_action)
        self.drops = DropRouter(self, (self.drop_hint, self.drop_other), self.conversation_area,
                                self.sidebar, self.library_panel, self.left_tabs)  # fmt: skip
        self._connect_signals()
        self.setAcceptDrops(True)
        # Text widgets take drops themselves: file drops on them are routed here.
        for widget in (self.transcript.viewport(), self.composer.viewport()):
            widget.installEventFilter(self)

    def _build_buttons(self) -> None:
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setAccessibleName(self.tr("Send message"))
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setAccessibleName(self.tr("Stop generating"))
        self.stop_button.setEnabled(False)
        self.regenerate_button = QPushButton(self.tr("Regenerate"), self)
        self.regenerate_button.setAccessibleName(self.tr("Regenerate the last answer"))
        self.regenerate_button.setEnabled(False)
        self.think_button = ThinkButton(self)
        self.model_label = QLabel(self.tr("No model"), self)
        self.model_label.setAccessibleName(self.tr("Model"))
        self.status_label = QLabel(self.tr("Starting…"), self)
        self.status_label.setAccessibleName(self.tr("Status"))

    def _connect_signals(self) -> None:
        menus, sidebar = self.menus, self.sidebar
        self.composer.submitted.connect(self.prompt_submitted)
        self.composer.cancel_edit.connect(self.cancel_edit_requested)
        self.send_button.clicked.connect(self.composer.submit)
        self.stop_button.clicked.connect(self.stop_requested)
        menus.stop_action.triggered.connect(self.stop_requested)
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        menus.regenerate_action.triggered.connect(self.regenerate_requested)
        menus.new_action.triggered.connect(sidebar.new_requested)
        menus.export_action.triggered.connect(self.export_current_requested)
        menus.import_action.triggered.connect(self.import_requested)
        menus.export_all_action.triggered.connect(self.export_all_requested)
        menus.summarize_file_action.triggered.connect(self.summarize_file_requested)
        menus.summarize_conversation_action.triggered.connect(self.summarize_conversation_requested)
        menus.models_action.triggered.connect(self.models_requested)
        menus.choose_model_action.triggered.connect(self.choose_model_requested)
        menus.quit_action.triggered.connect(self.quit)
        menus.settings_action.triggered.connect(self.settings_requested)
        menus.find_action.triggered.connect(self._focus_search)
        menus.rename_action.triggered.connect(self._rename_current)
        menus.command_palette_action.triggered.connect(self.command_palette.open_palette)
        menus.copy_answer_action.triggered.connect(lambda: self.transcript.request_latest("copy"))
        menus.edit_question_action.triggered.connect(lambda: self.transcript.request_latest("edit"))
        menus.fork_action.triggered.connect(lambda: self.transcript.request_latest("fork"))
        menus.use_cloud_action.toggled.connect(self.use_cloud_toggled)
        menus.think_action.toggled.connect(self.thinking_toggled)
        menus.egress_action.triggered.connect(self.egress_log_requested)
        menus.tools_log_action.triggered.connect(self.tools_log_requested)
        menus.summary_lengths.triggered.connect(
            lambda action: self.summary_length_chosen.emit(str(action.data()))
        )
        menus.cloud_policies.triggered.connect(
            lambda action: self.cloud_policy_chosen.emit(str(action.data()))
        )
        self._forward_child_signals()

    def _forward_child_signals(self) -> None:
        """The children's requests, as the window's own signals."""
        sidebar, transcript, panel = self.sidebar, self.transcript, self.library_panel
        sidebar.new_requested.connect(self.new_conversation_requested)
        sidebar.conversation_selected.connect(self.conversation_selected)
        sidebar.delete_requested.connect(self.delete_conversation_requested)
        sidebar.export_requested.connect(self.export_conversation_requested)
        sidebar.search_changed.connect(self.conversation_search_changed)
        sidebar.model.rename_requested.connect(self.rename_conversation_requested)
        sidebar.summarize_requested.connect(self.summarize_listed_conversation_requested)
        sidebar.organize_requested.connect(self.organize_requested)
        transcript.action_requested.connect(self._message_action)
        transcript.code_copied.connect(lambda: self.set_status(self.tr("Copied the code")))
        transcript.external_link_clicked.connect(self.external_link_clicked)
        transcript.summarize_selection_requested.connect(self.summarize_selection_requested)
        transcript.link_hovered.connect(self._show_link)
        panel.ask_about_file.connect(self.ask_about_file_requested)
        panel.summarize_file.connect(self.summarize_record_requested)
        self.drops.add_requested.connect(self.files_dropped)
        self.drops.ask_requested.connect(self.files_dropped_on_conversation)
        self.drops.summarize_requested.connect(self.summarize_path_requested)

    # --- state the controllers set -------------------------------------------------

    def set_generating(self, generating: bool) -> None:
        self.send_button.setEnabled(not generating)
        self.stop_button.setEnabled(generating)
        self.menus.stop_action.setEnabled(generating)
        if generating:
            self.set_can_regenerate(False)

    def set_can_regenerate(self, possible: bool) -> None:
        self.transcript.actions_bar.can_regenerate = possible
        self.regenerate_button.setEnabled(possible)
        self.menus.regenerate_action.setEnabled(possible)

    def set_cloud_state(self, available: str, use_cloud: bool, policy: str) -> None:
        """Show the conversation's cloud choice. ``available`` names the cloud model
        ("OpenAI · gpt-4o-mini"), "" when cloud models are off."""
        self.menus.show_cloud_state(available, use_cloud, policy)

    def set_thinking_state(self, support: ThinkingSupport, on: bool) -> None:
        """Whether the model thinks before answering here (``on``), as it can (``support``)."""
        self.menus.show_thinking_state(support, on)
        self.think_button.show_for(support)

    def set_summary_length(self, value: str) -> None:
        self.menus.check(self.menus.summary_lengths, value)

    def set_can_summarize_conversation(self, possible: bool) -> None:
        self.menus.summarize_conversation_action.setEnabled(possible)

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

    def hide_banner(self) -> None:
        self.banner.hide()

    # --- the conversation list and the composer ---------------------------------------

    def show_conversations(
        self, conversations: Sequence[Conversation], snippets: dict[int, str] | None = None
    ) -> None:
        """List these conversations (with search snippets, by id, when searching)."""
        self.sidebar.model.set_conversations(list(conversations), snippets)

    def show_organization(self, projects: list[Project], personas: list[Persona]) -> None:
        self.sidebar.set_organization(projects, personas)

    def set_prompts(self, prompts: list[PromptPreset]) -> None:
        """The prompt library that "/" in the composer lists."""
        self.prompt_popup.set_prompts(prompts)

    def select_conversation(self, conversation_id: int | None) -> None:
        self.sidebar.select(conversation_id)

    def conversation_search_text(self) -> str:
        return self.sidebar.search.text()

    def composer_text(self) -> str:
        return self.composer.toPlainText()

    def clear_composer(self) -> None:
        self.composer.clear()

    def focus_composer(self) -> None:
        self.composer.setFocus()

    def set_composer_hint(self, hint: str) -> None:
        """What the composer's placeholder says the question will draw on."""
        self.composer.set_hint(hint)

    def transcript_viewport(self) -> QWidget:
        """Where the transcript paints (the start-up report watches it)."""
        return self.transcript.viewport()

    # --- helpers -------------------------------------------------------------------

    def _focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def _rename_current(self) -> None:
        current = self.sidebar.current_id()
        if current is not None:
            self.sidebar.start_rename(current)

    def _message_action(self, action: str, message_id: int) -> None:
        if action == "regenerate":  # (only ever offered on the last answer)
            self.regenerate_requested.emit()
        else:
            self.message_action_requested.emit(action, message_id)

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
                self.drops.drag(event, watched.mapTo(self, event.position().toPoint()))
                return True
        elif event.type() == QEvent.Type.DragLeave:
            self.drops.hide_hints()
        return super().eventFilter(watched, event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.drops.drag(event, event.position().toPoint())

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.drops.drag(event, event.position().toPoint())

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drops.hide_hints()

    def dropEvent(self, event: QDropEvent) -> None:
        self.drops.drag(event, event.position().toPoint())

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
