"""Safe Markdown rendering for the transcript.

Qt's Markdown importer does the parsing (CommonMark + GitHub tables, lists, code).
HTML in the text is shown as text, never interpreted; images are replaced by a
visible "[image not loaded: …]" note, so the view never fetches anything: no remote
images, no ``file:`` or UNC paths.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QColor,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
)

_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


def markdown_document(text: str, code_background: QColor | None = None) -> QTextDocument:
    """A document for ``text`` with HTML disabled and images neutralised."""
    document = QTextDocument()
    document.setMarkdown(text, _FEATURES)
    _replace_images(document)
    if code_background is not None:
        _shade_code_blocks(document, code_background)
    return document


def markdown_fragment(text: str, code_background: QColor | None = None) -> QTextDocumentFragment:
    return QTextDocumentFragment(markdown_document(text, code_background))


def _replace_images(document: QTextDocument) -> None:
    images: list[tuple[int, int, str]] = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.charFormat().isImageFormat():
                name = fragment.charFormat().toImageFormat().name()
                images.append((fragment.position(), fragment.length(), name))
            iterator += 1
        block = block.next()
    for position, length, name in reversed(images):
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        note = QTextCharFormat()
        note.setFontItalic(True)
        text = QCoreApplication.translate("Markdown", "[image not loaded: {name}]")
        cursor.insertText(text.format(name=name), note)


def _shade_code_blocks(document: QTextDocument, background: QColor) -> None:
    block = document.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.hasProperty(QTextFormat.Property.BlockCodeFence) or fmt.nonBreakableLines():
            shaded = QTextBlockFormat(fmt)
            shaded.setBackground(background)
            cursor = QTextCursor(block)
            cursor.setBlockFormat(shaded)
        block = block.next()
