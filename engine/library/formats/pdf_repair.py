"""Looking inside damaged PDFs, for the cases PDFium alone gets wrong.

Two jobs, both on the raw bytes and both bounded:

- :func:`salvage`: PDFium refuses a file whose page tree is gone (say, part of the file
  was overwritten with zeros) even when most pages are intact. A new page tree is
  appended that lists every page object still found in the file, with a fresh
  cross-reference table, so PDFium can open the pages that survive.
- :func:`has_undecodable_streams`: PDFium shows a page whose content stream cannot be
  decompressed as blank, without an error. For a file with no text, a Flate or LZW
  stream that does not decode tells "damaged" apart from "blank or scanned".
"""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(?<![0-9])([0-9]{1,7})\s+([0-9]{1,5})\s+obj\b")
_PAGE_TYPE = re.compile(rb"/Type\s*/Page(?![A-Za-z0-9])")
_STREAM = re.compile(rb"\bstream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_MAX_STREAMS = 500
_CHECKED_BYTES = 256 * 1024


def salvage(data: bytes) -> bytes | None:
    """``data`` with a rebuilt page tree appended, or None when no page object is left."""
    offsets: dict[int, tuple[int, int]] = {}
    pages: dict[tuple[int, int], None] = {}
    for match in _OBJECT.finditer(data):
        number, generation = int(match.group(1)), int(match.group(2))
        offsets[number] = (match.start(), generation)
        end = data.find(b"endobj", match.end(), match.end() + 64 * 1024)
        body = data[match.end() : end if end > 0 else match.end() + 4096]
        if body.lstrip().startswith(b"<<") and _PAGE_TYPE.search(body.split(b"stream", 1)[0]):
            pages[(number, generation)] = None
    if not pages:
        return None
    # A linearization dictionary would send PDFium to the damaged first-page tables.
    data = data.replace(b"/Linearized", b"/Xinearized", 1)
    top = max(offsets) + 1
    kids = b" ".join(b"%d %d R" % page for page in pages)
    tail = b"\n"
    offsets[top] = (len(data) + len(tail), 0)
    tail += b"%d 0 obj\n<</Type/Pages/Kids[%s]/Count %d>>\nendobj\n" % (top, kids, len(pages))
    offsets[top + 1] = (len(data) + len(tail), 0)
    tail += b"%d 0 obj\n<</Type/Catalog/Pages %d 0 R>>\nendobj\n" % (top + 1, top)
    xref_at = len(data) + len(tail)
    rows = [b"0000000000 65535 f \n"]
    for number in range(1, top + 2):
        entry = offsets.get(number)
        rows.append(b"%010d %05d n \n" % entry if entry else b"0000000000 65535 f \n")
    trailer = b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n"
    tail += b"xref\n0 %d\n" % (top + 2) + b"".join(rows) + trailer % (top + 2, top + 1, xref_at)
    return data + tail


def has_undecodable_streams(data: bytes) -> bool:
    """True when a Flate or LZW stream stored in the clear fails to decompress."""
    for count, match in enumerate(_STREAM.finditer(data)):
        if count >= _MAX_STREAMS:
            break
        header = data[max(0, match.start() - 4096) : match.start()]
        header = header[header.rfind(b"obj") + 3 :] if b"obj" in header else header
        filters = _FILTER.search(header)
        names = _NAME.findall(filters.group(1)) if filters else []
        if len(names) != 1:
            continue
        end = data.find(b"endstream", match.end(), match.end() + _CHECKED_BYTES + 16)
        body = data[match.end() : end if end > 0 else match.end() + _CHECKED_BYTES]
        body = body[:_CHECKED_BYTES].rstrip(b"\r\n")
        if names[0] in (b"FlateDecode", b"Fl") and not _flate_ok(body):
            return True
        early = 0 if re.search(rb"/EarlyChange\s+0", header) else 1
        if names[0] in (b"LZWDecode", b"LZW") and not _lzw_ok(body, early):
            return True
    return False


def _flate_ok(body: bytes) -> bool:
    try:
        zlib.decompressobj().decompress(body, 1 << 20)
    except zlib.error:
        return False
    return True


def _lzw_ok(body: bytes, early: int) -> bool:
    """Whether ``body`` is a valid LZW code sequence (PDF's variant, MSB first)."""
    total_bits = len(body) * 8
    position, width, next_code, previous = 0, 9, 258, -1
    while position + width <= total_bits:
        start = position >> 3
        chunk = int.from_bytes(body[start : start + 3].ljust(3, b"\0"), "big")
        code = (chunk >> (24 - (position & 7) - width)) & ((1 << width) - 1)
        position += width
        if code == 256:  # clear table
            width, next_code, previous = 9, 258, -1
            continue
        if code == 257:  # end of data
            return True
        if previous < 0:
            if code > 255:
                return False
        elif code > next_code:
            return False
        elif next_code < 4096:
            next_code += 1
            if next_code + early >= 1 << width and width < 12:
                width += 1
        previous = code
    return True
