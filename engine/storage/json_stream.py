"""A JSON document read one array item at a time.

Conversation exports are one big array (ChatGPT's and Claude's ``conversations.json``)
or an object whose ``conversations`` key holds it (Hisho's own export). The standard
``json`` module decodes a whole document at once; this reader decodes the items one
by one with ``JSONDecoder.raw_decode`` over a text buffer that grows geometrically
while an item is incomplete, so memory holds one item (and a chunk), never the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

_CHUNK = 1 << 20  # characters read at a time
#: The largest item read (characters): a damaged file must not fill memory hunting for
#: the end of an item that never ends.
MAX_ITEM = 512 << 20
_SPACE = " \t\r\n"
_NUMBER = "0123456789+-.eE"


class JsonStreamError(ValueError):
    """The text is not JSON, or ends early; ``items_read`` counts the items read before."""

    def __init__(self, message: str, items_read: int) -> None:
        super().__init__(message)
        self.items_read = items_read


class JsonStream:
    """Reads ``[item, …]`` or ``{"key": value, …, "<items_key>": [item, …], …}``.

    :attr:`header` holds the object's other keys read before the array (all of them
    once :meth:`items` is exhausted); for a bare array it stays empty.
    """

    def __init__(
        self, text: TextIO, items_key: str = "conversations", max_item: int = MAX_ITEM
    ) -> None:
        self._text = text
        self._max_item = max_item
        self._items_key = items_key
        self._buffer = ""
        self._at = 0
        self._eof = False
        self._decoder = json.JSONDecoder()
        self.header: dict[str, Any] = {}
        self.items_read = 0
        self.kind = self._peek()  # "[" or "{"
        if self.kind not in "[{" or not self.kind:
            raise JsonStreamError("not JSON: it does not start with '[' or '{'", 0)

    # --- the buffer -------------------------------------------------------------------

    def _fill(self, at_least: int) -> bool:
        """Read more text (at least ``at_least`` characters unless the file ends)."""
        if self._eof:
            return False
        if self._at > _CHUNK:  # drop what was consumed, now and then (slicing copies)
            self._buffer, self._at = self._buffer[self._at :], 0
        chunk = self._text.read(max(at_least, _CHUNK))
        if not chunk:
            self._eof = True
            return False
        self._buffer += chunk
        return True

    def _peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            while self._at < len(self._buffer) and self._buffer[self._at] in _SPACE:
                self._at += 1
            if self._at < len(self._buffer):
                return self._buffer[self._at]
            if not self._fill(_CHUNK):
                return ""

    def _expect(self, chars: str) -> str:
        char = self._peek()
        if not char or char not in chars:
            found = repr(char) if char else "the end of the file"
            expected = " or ".join(repr(c) for c in chars)
            raise JsonStreamError(f"expected {expected}, found {found}", self.items_read)
        self._at += 1
        return char

    def _value(self) -> Any:
        """Decode the value that starts here, reading more text while it is incomplete."""
        self._peek()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._at)
            except json.JSONDecodeError as exc:
                # Grow geometrically, so a large item costs linear time in all.
                pending = len(self._buffer) - self._at
                if pending > self._max_item:
                    raise JsonStreamError(
                        f"an item is larger than {self._max_item >> 20} M characters",
                        self.items_read,
                    ) from exc
                if self._fill(pending):
                    continue
                raise JsonStreamError(str(exc), self.items_read) from exc
            # A number may go on in the next chunk ("12" of "1234", "4" of "4.5e-7").
            rest = self._buffer[end : end + 64]
            scalar = not isinstance(value, dict | list | str)
            if scalar and len(rest) < 64 and not rest.strip(_NUMBER) and self._fill(_CHUNK):
                continue
            self._at = end
            return value

    # --- the document -----------------------------------------------------------------

    def items(self) -> Iterator[Any]:
        """Each item of the array, decoded one at a time."""
        self._expect(self.kind)
        if self.kind == "[":
            yield from self._array_items()
            self._end()
            return
        if self._peek() == "}":
            self._at += 1
            self._end()
            return
        while True:
            key = self._value()
            if not isinstance(key, str):
                raise JsonStreamError("an object key is not a string", self.items_read)
            self._expect(":")
            if key == self._items_key and self._peek() == "[":
                self._at += 1
                yield from self._array_items()
            else:
                self.header[key] = self._value()
            if self._expect(",}") == "}":
                break
        self._end()

    def _array_items(self) -> Iterator[Any]:
        if self._peek() == "]":
            self._at += 1
            return
        while True:
            item = self._value()
            self.items_read += 1
            yield item
            if self._expect(",]") == "]":
                return

    def _end(self) -> None:
        if self._peek():
            raise JsonStreamError("more text follows the end of the document", self.items_read)
