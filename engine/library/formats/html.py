"""HTML: the text a reader sees on the page, with h1–h6 as headings.

Only the standard library's tokenizer is used: nothing is fetched, no external entity
is resolved. Scripts, styles, ``<head>`` (but its ``<title>``), comments, templates and
elements hidden with ``hidden``, ``aria-hidden="true"`` or an inline
``display:none``/``visibility:hidden`` are left out with everything inside them.
Block elements end a line; ``<pre>`` keeps its whitespace; table cells are separated by
tabs, rows by newlines.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from engine.library.formats.text import (
    browser_label,
    clean_text,
    decode_bytes,
    read_capped,
    size_note,
)
from engine.library.types import Extracted, Heading, Page

_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe",
                      "object", "select", "datalist"})  # fmt: skip
_HEAD_CONTENT = frozenset({"head", "title", "meta", "link", "style", "script", "base",
                           "noscript", "template"})  # fmt: skip
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr", "keygen", "frame"})  # fmt: skip
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main",
    "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead",
    "tr", "ul", "option",
})  # fmt: skip
_PARAGRAPH_ENDERS = _BLOCK - {"html", "body", "li", "dd", "dt", "tr", "tbody", "thead", "tfoot",
                              "caption", "option", "summary", "legend"}  # fmt: skip
#: Opening the key closes these when they are the innermost open elements.
_IMPLIED_END = {
    "p": {"p"}, "li": {"li", "p"}, "dt": {"dt", "dd", "p"}, "dd": {"dt", "dd", "p"},
    "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"},
    "tbody": {"tbody", "thead", "tr", "td", "th"}, "tfoot": {"tbody", "thead", "tr", "td", "th"},
    "thead": {"tr", "td", "th"},
}  # fmt: skip
_HEADING = re.compile(r"h([1-6])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "hidden":
            return True
        if name == "aria-hidden" and (value or "").strip().lower() == "true":
            return True
        if name == "style" and value and _HIDDEN_STYLE.search(value):
            return True
    return False


class _TextParser(HTMLParser):
    """Collects visible text, heading positions and the title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, starts a hidden part)
        self.hidden = 0  # open elements that hide their content
        self.pre = 0
        self.title_parts: list[str] | None = None
        self.title = ""
        self.heading: tuple[int, int, list[str]] | None = None  # level, offset, words
        self.headings: list[Heading] = []

    # --- output ------------------------------------------------------------------

    def _tail(self) -> str:
        return self.parts[-1][-2:] if self.parts else ""

    def _emit(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def _break(self, lines: int = 1) -> None:
        if not self.parts:
            return
        while self.parts and self.parts[-1] in (" ", "\t"):  # no spaces at line ends
            self.length -= len(self.parts.pop())
        if not self.parts:
            return
        tail = "".join(self.parts[-2:])[-lines:]
        self._emit("\n" * (lines - (len(tail) - len(tail.rstrip("\n")))))

    def handle_data(self, data: str) -> None:
        if self.title_parts is not None:
            self.title_parts.append(data)
            return
        if self.hidden:
            return
        if not self.pre:
            words = _SPACE.split(data)
            text = " ".join(words)
            if text.startswith(" ") and (not self.parts or self._tail()[-1:] in " \t\n"):
                text = text[1:]
            if not text:
                return
            if text.endswith(" ") and len(text) > 1:
                self._emit(text[:-1])
                text = " "
            data = text
        if self.heading is not None:
            self.heading[2].append(data)
        self._emit(data)

    # --- structure -----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HEAD_CONTENT:  # <body>, or any body element, ends an open <head>
            self._close_through("head")
        implied = _IMPLIED_END.get(tag, set()) | ({"p"} if tag in _PARAGRAPH_ENDERS else set())
        while self.stack and self.stack[-1][0] in implied:
            self._pop()
        if tag == "title" and not self.title and all(t != "svg" for t, _ in self.stack):
            self.title_parts = []
        if tag in _VOID:
            if tag in ("br", "hr") and not self.hidden:
                self._break()
            return
        hides = tag in _SKIPPED or _hidden(attrs)
        self.stack.append((tag, hides))
        self.hidden += hides
        self._open(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:  # XHTML's <div/>: opened and closed at once
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title_parts is not None:
            self.title = " ".join(_SPACE.split("".join(self.title_parts))).strip()
            self.title_parts = None
        if tag == "br" and not self.hidden:  # </br> is read as <br> by browsers
            self._break()
        self._close_through(tag)

    def _close_through(self, tag: str) -> None:
        if any(open_tag == tag for open_tag, _ in self.stack):
            while self.stack and self._pop() != tag:
                pass

    def _open(self, tag: str) -> None:
        if self.hidden:
            return
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCK:
            self._break(2 if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6") else 1)
        elif tag in ("td", "th") and self.parts and self._tail()[-1:] != "\n":
            self._emit("\t")
        if (match := _HEADING.fullmatch(tag)) and self.heading is None:
            self.heading = (int(match.group(1)), self.length, [])

    def _pop(self) -> str:
        tag, hides = self.stack.pop()
        if hides:
            self.hidden -= 1
            return tag
        if self.hidden:
            return tag
        if tag == "pre":
            self.pre -= 1
        if self.heading is not None and _HEADING.fullmatch(tag):
            level, offset, words = self.heading
            title = " ".join(_SPACE.split("".join(words))).strip()
            if title:
                self.headings.append(Heading(offset, level, title))
            self.heading = None
        if tag in _BLOCK:
            self._break(2 if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6") else 1)
        return tag

    def finish(self) -> str:
        self.close()
        while self.stack:
            self._pop()
        return "".join(self.parts).rstrip()


def declared_charset(head: bytes) -> str:
    """The codec for the charset a page declares in its first bytes ('' if none)."""
    match = _META_CHARSET.search(head[:4096])
    return browser_label(match.group(1).decode("ascii", "ignore")) if match else ""


def html_to_text(markup: str) -> tuple[str, tuple[Heading, ...], str]:
    """Visible text, headings and title of an HTML document."""
    parser = _TextParser()
    parser.feed(clean_text(markup))
    text = parser.finish()
    headings = tuple(h for h in parser.headings if h.offset < len(text))
    return text, headings, parser.title


def extract_html(data: bytes, *, max_bytes: int, total_size: int) -> Extracted:
    """An HTML page as one page of visible text."""
    capped, cut = read_capped(data, max_bytes)
    cut = cut or total_size > len(data)
    decoded = decode_bytes(capped, complete=not cut, declared=declared_charset(capped))
    text, headings, title = html_to_text(decoded.text)
    return Extracted(
        kind="html",
        pages=(Page(None, text, headings),),
        title=title,
        encoding=decoded.encoding,
        partial=cut,
        note=size_note(max_bytes) if cut else "",
    )
