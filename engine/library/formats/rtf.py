"""Rich Text Format (.rtf, and RTF saved as .doc), read by a small tokenizer.

Text is decoded as the file says: ``\\uN`` Unicode escapes (with their ANSI fallbacks
skipped, ``\\ucN``), ``\\'hh`` bytes in the document's code page (``\\ansicpgN``) or in
the current font's character set (``\\fcharset128`` is Shift_JIS), so Japanese RTF from
Word or WordPad reads right. Destinations that hold no body text (font and colour
tables, styles, document info, pictures, objects, field instructions, anything marked
``\\*``) are skipped; ``\\binN`` data is jumped over. Paragraphs with an outline level
or a heading style (from the style sheet's names) become headings. Table cells are
separated by tabs.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from engine.library.formats.text import size_note
from engine.library.types import Extracted, Heading, Page

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|[\r\n]+"
    rb"|([^\\{}\r\n]+)"
)
_SKIP = frozenset({"fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header",
                   "footer", "headerl", "headerr", "headerf", "footerl", "footerr", "footerf",
                   "listtable", "listoverridetable", "revtbl", "rsidtbl", "xmlnstbl",
                   "generator", "themedata", "colorschememapping", "datastore",
                   "latentstyles", "pgdsctbl", "fldinst", "filetbl", "nonshppict",
                   "private", "userprops", "xe", "tc", "bkmkstart", "bkmkend"})  # fmt: skip
_CHARSETS = {0: "", 128: "cp932", 129: "cp949", 134: "gbk", 136: "big5", 161: "cp1253",
             162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257",
             204: "cp1251", 222: "cp874", 238: "cp1250", 77: "mac_roman"}  # fmt: skip
_SYMBOLS = {"emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’", "ldblquote": "“",
            "rdblquote": "”", "bullet": "•", "tab": "\t", "cell": "\t", "emspace": " ",
            "enspace": " ", "qmspace": " "}  # fmt: skip
_BREAKS = frozenset({"par", "line", "sect", "page", "row", "nestrow"})
_ESCAPES = {"~": "\u00a0", "_": "-", "{": "{", "}": "}", "\\": "\\", "\t": "\t"}
_HEADING_STYLE = re.compile(r"^\s*heading\s*([1-9])\s*;?\s*$", re.IGNORECASE)
_MAX_DEPTH = 512


@dataclass
class _Group:
    skip: bool = False
    uc: int = 1
    font: int = -1
    in_styles: bool = False


@dataclass
class _Reader:
    codepage: str = "cp1252"
    fonts: dict[int, str] = field(default_factory=dict)
    styles: dict[int, int] = field(default_factory=dict)  # style number → heading level
    paragraphs: list[tuple[str, int]] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    pending: bytearray = field(default_factory=bytearray)
    pending_codec: str = "cp1252"
    level: int = 0
    style_number: int = 0
    style_name: list[str] = field(default_factory=list)
    skip_chars: int = 0

    def codec(self, group: _Group) -> str:
        return self.fonts.get(group.font) or self.codepage

    def add_bytes(self, data: bytes, group: _Group) -> None:
        if self.skip_chars:
            cut = min(self.skip_chars, len(data))
            self.skip_chars -= cut
            data = data[cut:]
        if not data:
            return
        codec = self.codec(group)
        if codec != self.pending_codec:
            self.flush()
            self.pending_codec = codec
        self.pending += data

    def flush(self) -> None:
        if self.pending:
            self.parts.append(codecs.decode(bytes(self.pending), self.pending_codec, "replace"))
            self.pending.clear()

    def add_text(self, text: str) -> None:
        self.flush()
        self.parts.append(text)

    def end_paragraph(self) -> None:
        self.flush()
        text = "".join(self.parts).strip()
        if text:
            self.paragraphs.append((text, self.level))
        self.parts.clear()


def _font_table_entry(reader: _Reader, word: str, number: int, group: _Group) -> None:
    if word == "f":
        group.font = number
    elif word == "fcharset" and group.font >= 0 and _CHARSETS.get(number):
        reader.fonts[group.font] = _CHARSETS[number]


def _control(reader: _Reader, group: _Group, word: str, arg: bytes | None) -> None:
    number = int(arg) if arg is not None else 0
    if word in ("f", "fcharset"):
        _font_table_entry(reader, word, number, group)
        return
    if group.in_styles:
        if word == "s":
            reader.style_number = number
        return
    if word == "u":
        reader.add_text(chr(number + 65536 if number < 0 else number) if number else "")
        reader.skip_chars = group.uc
    elif word == "uc":
        group.uc = max(0, number)
    elif word == "ansicpg" and number:
        name = f"cp{number}"
        reader.codepage = name if _known(name) else reader.codepage
    elif word in _BREAKS:
        reader.end_paragraph()
    elif word == "pard":
        reader.level = 0
    elif word == "outlinelevel" and 0 <= number < 9:
        reader.level = number + 1
    elif word == "s" and number in reader.styles:
        reader.level = reader.styles[number]
    elif word in _SYMBOLS:
        reader.add_text(_SYMBOLS[word])


def _known(codec: str) -> bool:
    try:
        codecs.lookup(codec)
    except LookupError:
        return False
    return True


def _close_style(reader: _Reader) -> None:
    """A style sheet entry ended (``;``): a heading style's number and level."""
    name = "".join(reader.style_name)
    if match := _HEADING_STYLE.match(name):
        reader.styles[reader.style_number] = int(match.group(1))
    reader.style_name.clear()


def _parse(data: bytes) -> _Reader:
    reader = _Reader()
    stack = [_Group()]
    at, size = 0, len(data)
    destination_next = False
    while at < size:
        match = _TOKEN.match(data, at)
        if match is None:
            at += 1
            continue
        at = match.end()
        group = stack[-1]
        word, arg, hex_byte, symbol, brace, text = match.groups()
        if brace == b"{":
            stack.append(replace(group) if len(stack) < _MAX_DEPTH else _Group(skip=True))
            destination_next = True
            continue
        if brace == b"}":
            if group.in_styles and reader.style_name:
                _close_style(reader)
            if len(stack) > 1:
                stack.pop()
            continue
        first, destination_next = destination_next, False
        if word is not None:
            name = word.decode("ascii")
            if name == "bin" and arg is not None:
                at += max(0, int(arg))
                continue
            if first and name == "stylesheet":
                group.in_styles = True
            elif first and name in _SKIP and name != "stylesheet":
                group.skip = True
            if name == "fonttbl":
                group.skip = True
            if not group.skip or name in ("f", "fcharset"):
                _control(reader, group, name, arg)
        elif symbol == b"*":
            group.skip = group.skip or not group.in_styles
        elif group.skip:
            continue
        elif group.in_styles:
            if text:
                reader.style_name.append(text.decode("latin-1"))
                if b";" in text:
                    _close_style(reader)
        elif hex_byte is not None:
            reader.add_bytes(bytes([int(hex_byte, 16)]), group)
        elif symbol is not None:
            escaped = _ESCAPES.get(symbol.decode("latin-1"), "")
            if escaped:
                reader.add_text(escaped)
        elif text:
            reader.add_bytes(text, group)
    reader.end_paragraph()
    return reader


def extract_rtf(path: Path, *, max_bytes: int) -> Extracted:
    """An RTF document as one page, with its headings."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    cut = len(data) > max_bytes
    reader = _parse(data[:max_bytes])
    parts: list[str] = []
    headings: list[Heading] = []
    length = 0
    for text, level in reader.paragraphs:
        if level:
            headings.append(Heading(length, level, " ".join(text.split())))
        parts.append(text)
        length += len(text) + 1
    title = next((h.title for h in headings if h.level == 1), "")
    return Extracted(
        "rtf",
        (Page(None, "\n".join(parts), tuple(headings)),),
        title=title,
        partial=cut,
        note=size_note(max_bytes) if cut else "",
    )
