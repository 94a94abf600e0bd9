"""What the current conversation's questions draw on: chat only, all files, a library or
one file. A compact combo box next to the composer, with a status line beside it
(for instance "Reading report.pdf…" after a drop). When the scope is one file, a
"Use the whole document" switch beside it: on only when the file fits the model's
context, else disabled with how much of it would fit."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QWidget,
)

from engine.library.types import Scope
from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP, library_label, translate

CHAT_ONLY = QT_TRANSLATE_NOOP("ScopeSelector", "Chat only")
ALL_FILES = QT_TRANSLATE_NOOP("ScopeSelector", "All my files")


def scope_label(scope: Scope | None) -> str:
    """How a scope reads in the selector."""
    if scope is None:
        return translate("ScopeSelector", CHAT_ONLY)
    if scope.path:
        return QCoreApplication.translate("ScopeSelector", "File: {name}").format(
            name=scope.describe()
        )
    if scope.library:
        return QCoreApplication.translate("ScopeSelector", "Library: {name}").format(
            name=library_label(scope.library)
        )
    return translate("ScopeSelector", ALL_FILES)


def scope_subject(scope: Scope) -> str:
    """What a scope is about, to go inside a sentence ("Ask about {subject}…")."""
    if scope.path:
        return scope.describe()  # the file's name
    if scope.library:
        return QCoreApplication.translate("ScopeSelector", "the library “{name}”").format(
            name=library_label(scope.library)
        )
    return QCoreApplication.translate("ScopeSelector", "all your files")


class ScopeSelector(QWidget):
    """The "Answer from" combo and a status line; emits ``scope_chosen`` when the user picks."""

    #: Scope | None (None: chat only, no documents).
    scope_chosen = Signal(object)
    #: The user switched "Use the whole document" on (True) or off.
    whole_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scopeSelector")
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(self.tr("Answer from"))
        self.combo.setToolTip(self.tr("What Hisho's answers in this conversation draw on"))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMaximumWidth(320)
        label = QLabel(self.tr("Answer from"), self)
        label.setBuddy(self.combo)
        label.setStyleSheet("color: palette(placeholder-text);")
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Files status"))
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        self._make_whole_widgets(layout)
        layout.addSpacing(8)
        layout.addWidget(self.status, 1)
        self._libraries: list[str] = []
        self._scope: Scope | None = None
        self.combo.activated.connect(self._activated)
        self._fill()

    def _make_whole_widgets(self, layout: QHBoxLayout) -> None:
        """The "Use the whole document" switch and the note on how much fits (hidden
        until a file is the scope)."""
        self.whole = QCheckBox(self.tr("Use the whole document"), self)
        self.whole.setAccessibleName(self.tr("Use the whole document"))
        self.whole.clicked.connect(self.whole_toggled)
        self.whole_note = QLabel(self)
        self.whole_note.setAccessibleName(self.tr("How much of the file fits"))
        self.whole_note.setTextFormat(Qt.TextFormat.PlainText)
        self.whole_note.setStyleSheet("color: palette(placeholder-text);")
        layout.addSpacing(8)
        layout.addWidget(self.whole)
        layout.addWidget(self.whole_note)
        self.hide_whole()

    def hide_whole(self) -> None:
        """No "Use the whole document" (the scope is not one file, or it is not read)."""
        self.whole.hide()
        self.whole_note.hide()

    def offer_whole(self, enabled: bool, checked: bool, tip: str, note: str = "") -> None:
        """Show "Use the whole document": ``enabled`` when the file fits the model's
        context, ``checked`` when the user has it on; ``tip`` says how it fits, and
        ``note`` (how much of the file fits, when not all) shows beside it."""
        self.whole.setEnabled(enabled)
        self.whole.setChecked(checked and enabled)
        self.whole.setToolTip(tip)
        self.whole.show()
        self.whole_note.setText(note)
        self.whole_note.setToolTip(tip)
        self.whole_note.setVisible(bool(note))

    def set_libraries(self, names: list[str]) -> None:
        self._libraries = list(names)
        self._fill()

    def set_scope(self, scope: Scope | None) -> None:
        """Show ``scope`` as the current choice (does not emit ``scope_chosen``)."""
        self._scope = scope
        self._fill()

    def scope(self) -> Scope | None:
        return self._scope

    def set_status(self, text: str, kind: str = "") -> None:
        """A short line about the files (kind "error" shows it in red)."""
        p = theme.colors()
        color = {"error": p.error, "ready": p.success}.get(kind, p.muted)
        self.status.setStyleSheet(f"color: {color};")
        self.status.setText(text)
        self.status.setToolTip(text)

    def choices(self) -> list[tuple[str, Scope | None]]:
        """What the list offers, in order (labels and scopes)."""
        return [(self.combo.itemText(i), self.combo.itemData(i)) for i in range(self.combo.count())]

    def _fill(self) -> None:
        options: list[Scope | None] = [None, Scope()]
        if len(self._libraries) > 1:
            options += [Scope(library=name) for name in self._libraries]
        if self._scope not in options:
            options.append(self._scope)
        combo = self.combo
        blocked = combo.blockSignals(True)
        combo.clear()
        for option in options:
            combo.addItem(scope_label(option), option)
            if option is not None and option.path:
                combo.setItemData(combo.count() - 1, option.path, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(options.index(self._scope))
        combo.blockSignals(blocked)

    def _activated(self, row: int) -> None:
        scope = self.combo.itemData(row)
        if scope != self._scope:
            self._scope = scope
            self.scope_chosen.emit(scope)
