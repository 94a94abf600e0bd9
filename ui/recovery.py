"""The question asked at start when the conversation history is damaged.

Restore the newest good automatic backup, start a new history, or go on without saving
this session. Whatever is chosen, the damaged file is kept (moved aside, never
overwritten); the app says where.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

RESTORE = "restore"
START_NEW = "new"
NO_SAVING = "no-saving"


class BackupLike(Protocol):
    @property
    def label(self) -> str: ...


def ask_history_recovery(parent: QWidget, path: str, newest: BackupLike | None) -> str:
    """RESTORE, START_NEW or NO_SAVING, as the user chose (closing the box: NO_SAVING)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Recovery", "Conversation history damaged"))
    box.setText(
        QCoreApplication.translate(
            "Recovery", "Your conversation history could not be opened: the file is damaged."
        )
    )
    if newest is not None:
        detail = QCoreApplication.translate(
            "Recovery",
            "Hisho keeps daily backups. The newest good one is from {date}; "
            "conversations since then are not in it.",
        ).format(date=newest.label)
    else:
        detail = QCoreApplication.translate("Recovery", "There is no backup to restore.")
    kept = QCoreApplication.translate(
        "Recovery",
        "Whatever you choose, the damaged file is kept, renamed, so it can "
        "still be recovered with other tools.",
    )
    the_file = QCoreApplication.translate("Recovery", "The file: {path}").format(path=path)
    box.setInformativeText(f"{detail}\n\n{kept}\n\n{the_file}")
    buttons = {}
    if newest is not None:
        restore = QCoreApplication.translate("Recovery", "Restore backup")
        buttons[box.addButton(restore, QMessageBox.ButtonRole.AcceptRole)] = RESTORE
    start_new = QCoreApplication.translate("Recovery", "Start a new history")
    buttons[box.addButton(start_new, QMessageBox.ButtonRole.DestructiveRole)] = START_NEW
    no_saving = box.addButton(
        QCoreApplication.translate("Recovery", "Continue without saving"),
        QMessageBox.ButtonRole.RejectRole,
    )
    buttons[no_saving] = NO_SAVING
    box.setDefaultButton(next(iter(buttons)))
    box.setEscapeButton(no_saving)
    box.exec()
    clicked = box.clickedButton()
    return next((choice for button, choice in buttons.items() if button is clicked), NO_SAVING)
