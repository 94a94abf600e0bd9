"""The project dialog: a project's name and the defaults of the conversations in it (what
they answer from, their system prompt, their model)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from engine.library.types import Scope
from engine.types import Project

#: (label, model file; "" for the one in use) for the model choices.
ModelChoice = tuple[str, str]


def model_combo(parent: QWidget, choices: list[ModelChoice], current: str) -> QComboBox:
    """A choice of model files, the first being "the model in use" (""), ``current`` chosen."""
    combo = QComboBox(parent)
    combo.addItem(parent.tr("The model in use"), "")
    for label, path in choices:
        combo.addItem(label, path)
    if current and combo.findData(current) < 0:
        combo.addItem(current, current)  # a file no longer installed is still shown
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class ProjectDialog(QDialog):
    """Create or edit a project."""

    def __init__(
        self,
        parent: QWidget | None,
        project: Project | None,
        scopes: list[tuple[str, Scope | None]],
        models: list[ModelChoice],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit project") if project else self.tr("New project"))
        self._id = project.id if project else 0
        self.name = QLineEdit(project.name if project else "", self)
        self.name.setPlaceholderText(self.tr("Project name"))
        self.name.setAccessibleName(self.tr("Project name"))
        self.scope = QComboBox(self)
        self.scope.setAccessibleName(self.tr("Answer from"))
        for label, scope in scopes:
            self.scope.addItem(label, scope)
        current = project.scope if project else None
        found = next((i for i, (_l, s) in enumerate(scopes) if s == current), 0)
        self.scope.setCurrentIndex(found)
        self.system_prompt = QPlainTextEdit(project.system_prompt if project else "", self)
        self.system_prompt.setPlaceholderText(self.tr("The settings' system prompt"))
        self.system_prompt.setAccessibleName(self.tr("System prompt"))
        self.system_prompt.setTabChangesFocus(True)
        self.model = model_combo(self, models, project.model if project else "")
        self.model.setAccessibleName(self.tr("Model"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Answer from"), self.scope)
        form.addRow(self.tr("System prompt"), self.system_prompt)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(buttons)
        self.name.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.ok_button.setEnabled(bool(self.name.text().strip()))

    def project(self) -> Project:
        """The project as the dialog shows it (id 0: a new one)."""
        return Project(
            self._id,
            " ".join(self.name.text().split()),
            self.scope.currentData(),
            self.system_prompt.toPlainText().strip(),
            self.model.currentData() or "",
        )
