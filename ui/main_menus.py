"""The main window's menu bar: File, Edit, Chat and Help, built from tables.

Each plain menu is a table of (attribute, label, shortcut) rows (None: a separator, a
:class:`Submenu`: a table of its own, like File › Export);
the Chat menu adds two choice submenus (summary length, cloud in this conversation)
and the conversation's switches (thinking, the cloud model) in named steps. The labels
are translated in the "MainWindow" context, where they began. The window connects the
actions to its signals.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from engine.types import ThinkingSupport
from ui.i18n import QT_TRANSLATE_NOOP, translate


class Submenu(NamedTuple):
    """A menu row that opens a submenu (kept as the ``name`` attribute) of ``rows``."""

    name: str
    label: str
    rows: tuple[Row, ...]


#: A menu row: (attribute, label, shortcut), a submenu, or None for a separator.
Row = tuple[str, str, QKeySequence.StandardKey | str | None] | Submenu | None

EXPORT_ROWS: tuple[Row, ...] = (
    ("export_action", QT_TRANSLATE_NOOP("MainWindow", "This conversation as &Markdown…"),
     "Ctrl+E"),
    ("export_all_action", QT_TRANSLATE_NOOP("MainWindow", "&All conversations (Hisho JSON)…"),
     None),
)  # fmt: skip
FILE_ROWS: tuple[Row, ...] = (
    ("new_action", QT_TRANSLATE_NOOP("MainWindow", "&New conversation"),
     QKeySequence.StandardKey.New),
    ("import_action", QT_TRANSLATE_NOOP("MainWindow", "&Import conversations…"), "Ctrl+Shift+I"),
    Submenu("export_menu", QT_TRANSLATE_NOOP("MainWindow", "&Export"), EXPORT_ROWS),
    ("summarize_file_action", QT_TRANSLATE_NOOP("MainWindow", "Summa&rize a file…"),
     "Ctrl+Shift+S"),
    None,
    ("models_action", QT_TRANSLATE_NOOP("MainWindow", "&Models…"), "Ctrl+Shift+M"),
    ("choose_model_action", QT_TRANSLATE_NOOP("MainWindow", "Choose chat &model file…"), None),
    ("settings_action", QT_TRANSLATE_NOOP("MainWindow", "&Settings…"), "Ctrl+,"),
    None,
    ("quit_action", QT_TRANSLATE_NOOP("MainWindow", "&Quit"), QKeySequence.StandardKey.Quit),
)  # fmt: skip
EDIT_ROWS: tuple[Row, ...] = (
    ("find_action", QT_TRANSLATE_NOOP("MainWindow", "&Search conversations"),
     QKeySequence.StandardKey.Find),
    ("rename_action", QT_TRANSLATE_NOOP("MainWindow", "&Rename conversation"), "F2"),
    None,
    ("copy_answer_action", QT_TRANSLATE_NOOP("MainWindow", "&Copy the last answer"),
     "Ctrl+Shift+C"),
    ("edit_question_action", QT_TRANSLATE_NOOP("MainWindow", "&Edit the last question"),
     "Ctrl+Shift+E"),
    ("fork_action", QT_TRANSLATE_NOOP("MainWindow", "&Fork from the last answer"),
     "Ctrl+Shift+F"),
    None,
    ("command_palette_action", QT_TRANSLATE_NOOP("MainWindow", "Command &palette…"), "Ctrl+K"),
)  # fmt: skip
CHAT_ROWS: tuple[Row, ...] = (
    ("stop_action", QT_TRANSLATE_NOOP("MainWindow", "&Stop generating"), "Esc"),
    ("regenerate_action", QT_TRANSLATE_NOOP("MainWindow", "&Regenerate answer"), "Ctrl+R"),
    None,
    ("summarize_conversation_action",
     QT_TRANSLATE_NOOP("MainWindow", "Summari&ze this conversation"), None),
)  # fmt: skip
HELP_ROWS: tuple[Row, ...] = (
    ("egress_action", QT_TRANSLATE_NOOP("MainWindow", "&Egress log — what left this computer…"),
     None),
    ("tools_log_action", QT_TRANSLATE_NOOP("MainWindow", "&Tools log — every tool call…"), None),
)  # fmt: skip
#: Actions that start disabled (the controllers enable them when they apply).
DISABLED_AT_START = ("stop_action", "regenerate_action", "summarize_conversation_action")

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


class MainMenus:
    """The menu bar's actions (the window connects them to its signals)."""

    new_action: QAction
    import_action: QAction
    export_menu: QMenu
    export_action: QAction
    export_all_action: QAction
    summarize_file_action: QAction
    models_action: QAction
    choose_model_action: QAction
    settings_action: QAction
    quit_action: QAction
    find_action: QAction
    rename_action: QAction
    copy_answer_action: QAction
    edit_question_action: QAction
    fork_action: QAction
    command_palette_action: QAction
    stop_action: QAction
    regenerate_action: QAction
    summarize_conversation_action: QAction
    egress_action: QAction
    tools_log_action: QAction

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        bar = window.menuBar()
        self._add_menu(bar, translate("MainWindow", "&File"), FILE_ROWS)
        self._add_menu(bar, translate("MainWindow", "&Edit"), EDIT_ROWS)
        chat_menu = self._add_menu(bar, translate("MainWindow", "&Chat"), CHAT_ROWS)
        self.summary_lengths = self._add_choices(
            chat_menu.addMenu(translate("MainWindow", "Summary &length")), SUMMARY_LENGTHS
        )
        chat_menu.addSeparator()
        self.think_action = QAction(translate("MainWindow", "&Think before answering"), window)
        self.think_action.setIconText(translate("MainWindow", "Think"))
        self.think_action.setCheckable(True)
        self.think_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        chat_menu.addAction(self.think_action)
        self.show_thinking_state(ThinkingSupport.NONE, True)
        self.use_cloud_action = QAction(
            translate("MainWindow", "Answer with the &cloud model"), window
        )
        self.use_cloud_action.setCheckable(True)
        self.use_cloud_action.setEnabled(False)
        chat_menu.addAction(self.use_cloud_action)
        self.cloud_policy_menu = chat_menu.addMenu(
            translate("MainWindow", "Cloud in this &conversation")
        )
        self.cloud_policies = self._add_choices(self.cloud_policy_menu, CONVERSATION_POLICIES)
        self.cloud_policy_menu.setEnabled(False)
        self._add_menu(bar, translate("MainWindow", "&Help"), HELP_ROWS)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        for name in DISABLED_AT_START:
            getattr(self, name).setEnabled(False)

    def _add_menu(self, bar: QMenuBar | QMenu, title: str, rows: tuple[Row, ...]) -> QMenu:
        menu = bar.addMenu(title)
        for row in rows:
            if row is None:
                menu.addSeparator()
                continue
            if isinstance(row, Submenu):
                setattr(self, row.name, self._add_menu(menu, translate("MainWindow", row.label),
                                                       row.rows))  # fmt: skip
                continue
            name, label, shortcut = row
            action = QAction(translate("MainWindow", label), self.window)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            setattr(self, name, action)
            menu.addAction(action)
        return menu

    def _add_choices(self, menu: QMenu, choices: tuple[tuple[str, str], ...]) -> QActionGroup:
        """One checkable action per (value, label); the group says which was chosen."""
        group = QActionGroup(self.window)
        for value, label in choices:
            action = QAction(translate("MainWindow", label), group)
            action.setCheckable(True)
            action.setData(value)
            menu.addAction(action)
        return group

    def show_cloud_state(self, available: str, use_cloud: bool, policy: str) -> None:
        """See :meth:`ui.main_window.MainWindow.set_cloud_state`."""
        self.use_cloud_action.blockSignals(True)
        self.use_cloud_action.setChecked(bool(available) and use_cloud)
        self.use_cloud_action.blockSignals(False)
        self.use_cloud_action.setEnabled(bool(available))
        if available:
            label = translate("MainWindow", "Answer with the &cloud model ({model})")
            label = label.format(model=available)
        else:
            label = translate(
                "MainWindow", "Answer with the &cloud model (turn on in Settings › Cloud)"
            )
        self.use_cloud_action.setText(label)
        self.cloud_policy_menu.setEnabled(bool(available))
        self.check(self.cloud_policies, policy)

    def show_thinking_state(self, support: ThinkingSupport, on: bool) -> None:
        """See :meth:`ui.main_window.MainWindow.set_thinking_state`."""
        action = self.think_action
        action.blockSignals(True)
        action.setChecked(
            support is ThinkingSupport.ALWAYS or (support is not ThinkingSupport.NONE and on)
        )
        action.blockSignals(False)
        action.setEnabled(support is ThinkingSupport.SWITCH)
        if support is ThinkingSupport.SWITCH:
            tip = translate(
                "MainWindow",
                "Let the model think before it answers in this conversation: slower, "
                "often better on hard questions. Its thinking is shown folded.",
            )
        elif support is ThinkingSupport.ALWAYS:
            tip = translate(
                "MainWindow", "This model always thinks before it answers; it can't be turned off."
            )
        else:
            tip = translate("MainWindow", "The model in use has no thinking to turn off.")
        action.setToolTip(tip)
        action.setStatusTip(tip)

    @staticmethod
    def check(group: QActionGroup, value: str) -> None:
        """Check the action of ``group`` whose value is ``value``."""
        for action in group.actions():
            action.setChecked(action.data() == value)
