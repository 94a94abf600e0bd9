"""Export a conversation as a Markdown file the user picks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from engine.errors import HishoError
from engine.storage.atomic import write_atomic
from engine.storage.history import History
from ui.main_window import MainWindow


def export_conversation(window: MainWindow, history: History, conversation_id: int | None) -> None:
    """Ask where to save, then write the conversation there (atomically)."""
    if conversation_id is None:
        return
    conversation = history.conversation(conversation_id)
    if conversation is None:
        return
    safe = "".join(c for c in conversation.title if c not in '\\/:*?"<>|').strip()
    default = str(Path.home() / f"{safe or 'conversation'}.md")
    title = QCoreApplication.translate("Export", "Export conversation")
    path, _ = QFileDialog.getSaveFileName(window, title, default, "Markdown (*.md)")
    if not path:
        return
    try:
        write_atomic(Path(path), history.export_markdown(conversation_id).encode())
    except (OSError, HishoError) as exc:
        window.show_error(
            QCoreApplication.translate("Export", "Could not export to {path}: {error}").format(
                path=path, error=exc
            )
        )
        return
    window.set_status(QCoreApplication.translate("Export", "Exported to {path}").format(path=path))
