"""A finished reply's Markdown, styled: code blocks highlighted, tables, quotes, headings.

:func:`ui.markdown.markdown_document` does the safe parsing (no HTML, no images); this
styles the result from the theme's palette. A fenced code block becomes a framed block
with its language and a "Copy" link (``hisho://code/<message id>/<n>``) above it,
highlighted by Pygments (imported on first use); its lines never wrap (the view scrolls
sideways instead). Highlighting runs once, when a reply is finished: a streaming reply is
plain text until then.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
    QTextFrameFormat,
    QTextTable,
)

from ui.markdown import markdown_document
from ui.theme import TYPE_SCALE, Palette

_LANGUAGE = QTextFormat.Property.BlockCodeLanguage
_FENCE = QTextFormat.Property.BlockCodeFence
_QUOTE = QTextFormat.Property.BlockQuoteLevel
_HEADING = QTextFormat.Property.HeadingLevel


class Rendered(NamedTuple):
    """A reply ready to insert, and the text of each of its code blocks (for Copy)."""

    fragment: QTextDocumentFragment
    codes: list[str]


def code_href(message_id: int, number: int) -> str:
    return f"hisho://code/{message_id}/{number}"


def render(text: str, palette: Palette, message_id: int, base_size: float) -> Rendered:
    """``text`` (Markdown) as a styled fragment; code blocks link to ``message_id``."""
    document = markdown_document(text)
    _style_text(document, palette, base_size)
    codes: list[str] = []
    for first, last in reversed(_code_runs(document)):
        codes.insert(0, _frame_code(document, first, last, palette))
    for number, (header, language) in enumerate(_code_headers(document)):
        _write_header(header, language, palette, code_href(message_id, number))
    return Rendered(QTextDocumentFragment(document), codes)


def _is_code(block: QTextBlock) -> bool:
    fmt = block.blockFormat()
    return fmt.hasProperty(_FENCE) or fmt.nonBreakableLines()


def _code_runs(document: QTextDocument) -> list[tuple[QTextBlock, QTextBlock]]:
    """(first, last) block of each run of code lines."""
    runs: list[tuple[QTextBlock, QTextBlock]] = []
    block = document.begin()
    while block.isValid():
        if _is_code(block):
            first = last = block
            while last.next().isValid() and _is_code(last.next()):
                last = last.next()
            runs.append((first, last))
            block = last
        block = block.next()
    return runs


def _frame_code(document: QTextDocument, first: QTextBlock, last: QTextBlock, p: Palette) -> str:
    """Frame a run of code lines and highlight it; returns its text."""
    lines = QTextBlockFormat(first.blockFormat())
    lines.setNonBreakableLines(True)
    language = lines.stringProperty(_LANGUAGE)
    cursor = QTextCursor(document)
    end = last.position() + last.length() - 1
    cursor.setPosition(first.position())
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    code = cursor.selectedText().replace("\u2029", "\n")
    frame = QTextFrameFormat()
    frame.setBackground(QColor(p.code))
    frame.setBorder(1)
    frame.setBorderBrush(QBrush(QColor(p.border)))
    frame.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    frame.setPadding(10)
    frame.setTopMargin(6)
    frame.setBottomMargin(6)
    frame.setProperty(_LANGUAGE, language)
    inside = cursor.insertFrame(frame)
    cursor.setPosition(inside.firstPosition())
    cursor.setPosition(inside.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
    cursor.setBlockFormat(lines)
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    plain = QTextCharFormat()
    plain.setFontFamilies(mono.families())
    plain.setFontFixedPitch(True)
    plain.setForeground(QColor(p.on_code))
    cursor.mergeCharFormat(plain)
    _highlight(document, inside.firstPosition(), code, language, p)
    return code


def _code_headers(document: QTextDocument) -> list[tuple[QTextBlock, str]]:
    """The first line and the language of each code frame, in order."""
    return [
        (frame.firstCursorPosition().block(), frame.frameFormat().stringProperty(_LANGUAGE))
        for frame in document.rootFrame().childFrames()
        if not isinstance(frame, QTextTable) and frame.frameFormat().hasProperty(_LANGUAGE)
    ]


def _write_header(block: QTextBlock, language: str, p: Palette, href: str) -> None:
    """The language and a Copy link, on a line of their own above the code."""
    cursor = QTextCursor(block)
    cursor.insertBlock(block.blockFormat())  # the code's first line keeps its format
    cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
    head = QTextBlockFormat()
    head.setBottomMargin(6)
    cursor.setBlockFormat(head)
    label = QTextCharFormat()
    label.setForeground(QColor(p.muted))
    label.setFontWeight(QFont.Weight.DemiBold)
    text = language or QCoreApplication.translate("TranscriptView", "code")
    cursor.insertText(f"{text}    ", label)
    link = QTextCharFormat()
    link.setAnchor(True)
    link.setAnchorHref(href)
    link.setForeground(QColor(p.accent))
    link.setToolTip(QCoreApplication.translate("TranscriptView", "Copy this code"))
    cursor.insertText(QCoreApplication.translate("TranscriptView", "Copy"), link)


def _token_roles() -> list[tuple[object, str]]:
    from pygments import token

    return [
        (token.Comment, "code_comment"),
        (token.Keyword, "code_keyword"),
        (token.Operator.Word, "code_keyword"),
        (token.Name.Builtin, "code_builtin"),
        (token.Name.Function, "code_name"),
        (token.Name.Class, "code_name"),
        (token.Name.Decorator, "code_name"),
        (token.Literal.String, "code_string"),
        (token.Literal.Number, "code_number"),
    ]


def _highlight(document: QTextDocument, start: int, code: str, language: str, p: Palette) -> None:
    """Colour ``code`` (at ``start`` in ``document``) by Pygments' tokens."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language or "text", stripnl=False, ensurenl=False)
    except ClassNotFound:
        return
    roles = _token_roles()
    cursor = QTextCursor(document)
    at = start
    for kind, value in lexer.get_tokens(code):
        role = next((name for parent, name in roles if kind in parent), None)  # type: ignore[operator]
        if role is not None and value.strip():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(getattr(p, role)))
            if role == "code_comment":
                fmt.setFontItalic(True)
            cursor.setPosition(at)
            cursor.setPosition(at + len(value), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        at += len(value)


def _style_text(document: QTextDocument, p: Palette, base_size: float) -> None:
    """Inline code, headings, quotes and tables in the palette and type scale."""
    block = document.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if not _is_code(block):
            if fmt.hasProperty(_QUOTE):
                _style_quote(block, p)
            if fmt.hasProperty(_HEADING):
                _style_heading(block, fmt.headingLevel(), base_size)
            _style_inline_code(block, p)
        block = block.next()
    for frame in document.rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            _style_table(frame, p)


def _style_inline_code(block: QTextBlock, p: Palette) -> None:
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.isValid() and fragment.charFormat().fontFixedPitch():
            cursor = QTextCursor(block.document())
            cursor.setPosition(fragment.position())
            cursor.setPosition(
                fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
            )
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(p.code))
            fmt.setForeground(QColor(p.on_code))
            cursor.mergeCharFormat(fmt)
        iterator += 1


def _style_quote(block: QTextBlock, p: Palette) -> None:
    cursor = QTextCursor(block)
    quote = QTextBlockFormat()
    quote.setBackground(QColor(p.raised))
    quote.setLeftMargin(24)
    cursor.mergeBlockFormat(quote)
    cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
    muted = QTextCharFormat()
    muted.setForeground(QColor(p.muted))
    cursor.mergeCharFormat(muted)


def _style_heading(block: QTextBlock, level: int, base_size: float) -> None:
    cursor = QTextCursor(block)
    cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
    size = {1: "h1", 2: "h2"}.get(level, "h3")
    fmt = QTextCharFormat()
    fmt.setFontPointSize(base_size + TYPE_SCALE[size])
    fmt.setFontWeight(QFont.Weight.DemiBold)
    cursor.mergeCharFormat(fmt)


def _style_table(table: QTextTable, p: Palette) -> None:
    first = table.cellAt(0, 0)
    cursor = QTextCursor(first.firstCursorPosition())
    if cursor.block().length() == 1 and first.lastPosition() > cursor.position():
        cursor.deleteChar()  # Qt starts a table right after code with an empty line
    fmt = table.format()
    fmt.setBorder(1)
    fmt.setBorderBrush(QBrush(QColor(p.border)))
    fmt.setBorderCollapse(True)
    fmt.setCellPadding(6)
    fmt.setCellSpacing(0)
    table.setFormat(fmt)
    for column in range(table.columns()):
        cell = table.cellAt(0, column)
        shade = cell.format()
        shade.setBackground(QColor(p.raised))
        cell.setFormat(shade)
        heading = QTextCursor(cell.firstCursorPosition())
        heading.setPosition(cell.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        heading.mergeCharFormat(bold)
