"""Export a conversation as a Markdown file the user picks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from engine.atomic import write_atomic
from engine.errors import HishoError
from engine.history import History
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
    path, _ = QFileDialog.getSaveFileName(window, "Export conversation", default, "Markdown (*.md)")
    if not path:
        return
    try:
        write_atomic(Path(path), history.export_markdown(conversation_id).encode())
    except (OSError, HishoError) as exc:
        window.show_error(f"Could not export to {path}: {exc}")
        return
    window.set_status(f"Exported to {path}")
