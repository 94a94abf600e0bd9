"""The question asked at start when the conversation history is damaged.

Restore the newest good automatic backup, start a new history, or go on without saving
this session. Whatever is chosen, the damaged file is kept (moved aside, never
overwritten); the app says where.
"""

from __future__ import annotations

from typing import Protocol

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
    box.setWindowTitle("Conversation history damaged")
    box.setText("Your conversation history could not be opened: the file is damaged.")
    if newest is not None:
        detail = (
            f"Hisho keeps daily backups. The newest good one is from {newest.label}; "
            "conversations since then are not in it."
        )
    else:
        detail = "There is no backup to restore."
    box.setInformativeText(
        f"{detail}\n\nWhatever you choose, the damaged file is kept, renamed, so it can "
        f"still be recovered with other tools.\n\nThe file: {path}"
    )
    buttons = {}
    if newest is not None:
        buttons[box.addButton("Restore backup", QMessageBox.ButtonRole.AcceptRole)] = RESTORE
    buttons[box.addButton("Start a new history", QMessageBox.ButtonRole.DestructiveRole)] = (
        START_NEW
    )
    no_saving = box.addButton("Continue without saving", QMessageBox.ButtonRole.RejectRole)
    buttons[no_saving] = NO_SAVING
    box.setDefaultButton(next(iter(buttons)))
    box.setEscapeButton(no_saving)
    box.exec()
    clicked = box.clickedButton()
    return next((choice for button, choice in buttons.items() if button is clicked), NO_SAVING)
