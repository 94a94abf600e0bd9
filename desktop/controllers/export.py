"""Export a conversation as a Markdown file the user picks: the answers alone, or (a
second file type in the save dialog, where the conversation has any) with the model's
thinking folded above each answer."""

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
    plain = QCoreApplication.translate("Export", "Markdown (*.md)")
    thought = QCoreApplication.translate("Export", "Markdown, including thinking (*.md)")
    thinks = any(m.thinking for m in history.messages(conversation_id))
    kinds = f"{plain};;{thought}" if thinks else plain
    path, kind = QFileDialog.getSaveFileName(window, title, default, kinds)
    if not path:
        return
    try:
        text = history.export_markdown(conversation_id, thinking=kind == thought)
        write_atomic(Path(path), text.encode())
    except (OSError, HishoError) as exc:
        window.show_error(
            QCoreApplication.translate("Export", "Could not export to {path}: {error}").format(
                path=path, error=exc
            )
        )
        return
    window.set_status(QCoreApplication.translate("Export", "Exported to {path}").format(path=path))
