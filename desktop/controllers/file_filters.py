"""The file dialogs' filters: every format Hisho reads, then each kind of file.

Shared by *Add files…* (the library controller) and *Summarize a file…*; the
suffixes come from the extractor, so a new format shows up in both dialogs. Also the
filters of *Import conversations…* and *Export › All conversations (Hisho JSON)…*.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from engine.library.extract import (
    DOCUMENTS,
    DOCX,
    HTML,
    MAIL,
    MARKDOWN,
    PRESENTATIONS,
    SPREADSHEETS,
    TEXT_KINDS,
)


def _patterns(suffixes: Sequence[str]) -> str:
    return " ".join(f"*{suffix}" for suffix in sorted(suffixes))


def file_filters() -> str:
    """The file dialog's filters: every format Hisho reads, then each kind."""
    code = [s for s, kind in TEXT_KINDS.items() if kind == "code"]
    text = [s for s, kind in TEXT_KINDS.items() if kind == "text"]
    kinds = [
        ("PDF", [".pdf"]),
        ("Word", sorted(DOCX)),
        (QCoreApplication.translate("LibraryController", "Spreadsheets"), sorted(SPREADSHEETS)),
        (QCoreApplication.translate("LibraryController", "Presentations"), sorted(PRESENTATIONS)),
        (
            QCoreApplication.translate("LibraryController", "E-books and documents"),
            sorted(DOCUMENTS),
        ),
        (QCoreApplication.translate("LibraryController", "Mail"), sorted(MAIL)),
        ("Markdown", sorted(MARKDOWN)),
        (QCoreApplication.translate("LibraryController", "Web pages"), sorted(HTML)),
        (QCoreApplication.translate("LibraryController", "Text"), text),
        (QCoreApplication.translate("LibraryController", "Source code"), code),
    ]
    every = [suffix for _, suffixes in kinds for suffix in suffixes]
    documents = QCoreApplication.translate("LibraryController", "Documents ({patterns})")
    lines = [documents.format(patterns=_patterns(every))]
    lines += [f"{name} ({_patterns(suffixes)})" for name, suffixes in kinds]
    return ";;".join([*lines, QCoreApplication.translate("LibraryController", "All files (*)")])


def import_filters() -> str:
    """The import dialog's filters: the exports Hisho reads (``engine.storage.imports``)."""
    lines = [
        QCoreApplication.translate("TransferController", "Conversation exports (*.zip *.json)"),
        QCoreApplication.translate(
            "TransferController", "ChatGPT or Claude export (*.zip conversations.json)"
        ),
        QCoreApplication.translate("TransferController", "Hisho JSON (*.json)"),
        QCoreApplication.translate("LibraryController", "All files (*)"),
    ]
    return ";;".join(lines)


def export_json_filters() -> str:
    """The filter of the dialog that saves all conversations as Hisho JSON."""
    return QCoreApplication.translate("TransferController", "Hisho JSON (*.json)")
