"""Plain text and source code: find the encoding, decode, clean up newlines.

The encoding is found in this order: a byte order mark; UTF-16/32 without one (from
where the NUL bytes fall); ISO-2022-JP (7-bit, so it must come before UTF-8); strict
UTF-8; an encoding the file declares (HTML's meta charset, verified by decoding);
Shift_JIS/CP932 or EUC-JP when the bytes read as Japanese; charset_normalizer; and
last cp1252. Bytes that look like a program or an image rather than text are refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.types import Extracted, Page

_BOMS = (  # UTF-32 first: its little-endian BOM starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 64 * 1024
_ISO2022_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I", b"\x1b$(D")
# Control bytes that never appear in text (tab, newlines, form feed and ESC do).
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
#: When detectors tie, the encoding people most often mean (Python codec names).
_PREFERRED = ("utf_8", "cp1252", "cp932", "euc_jp", "gb18030", "big5", "cp949", "cp1251")
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e]")
_WESTERN_MARKS = frozenset("’‘“”‚„–—…€•™«»°§©®·×÷¢£¥¦¨ª¬¯±²³´µ¶¸¹º¼½¾¿¡")
_LABEL_ALIASES = {  # labels pages use, mapped to the superset browsers decode them with
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932",
    "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949", "tis-620": "cp874", "iso-8859-9": "cp1254",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text and the encoding it was read with."""

    text: str
    encoding: str


def clean_text(text: str) -> str:
    """Newlines as ``\\n``, no NUL characters, no byte order mark in front."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text[1:] if text.startswith("\ufeff") else text


def read_capped(data: bytes, max_bytes: int) -> tuple[bytes, bool]:
    """The first ``max_bytes`` of ``data`` and whether anything was cut off."""
    return (data[:max_bytes], True) if len(data) > max_bytes else (data, False)


def _try_decode(data: bytes, encoding: str, *, complete: bool) -> str | None:
    """``data`` decoded strictly, or None. An incomplete character at the end of a
    capped read is left out rather than counted as an error."""
    try:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        return decoder.decode(data, final=complete)
    except (UnicodeDecodeError, LookupError):
        return None


def _forced(data: bytes, encoding: str, *, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    return decoder.decode(data, final=complete)


def _wide_unicode_guess(sample: bytes, *, strong: bool) -> str | None:
    """UTF-32/UTF-16 without a BOM, from where the NUL bytes fall.

    ``strong``: the pattern of mostly-ASCII text (half the bytes are NULs, all on one
    side of each pair). Otherwise a weaker one, for text in a non-Latin script where
    only newlines and spaces leave NULs; callers use it only for bytes that are not
    UTF-8, since a stray NUL in ASCII text shows the same pattern.
    """
    sample = sample[: len(sample) // 4 * 4]
    if not sample:
        return None
    quads = len(sample) // 4
    column = [sample[k::4].count(0) for k in range(4)]
    if quads >= 2 and column[2] == column[3] == quads and column[0] < quads:
        return "utf-32-le"
    if quads >= 2 and column[0] == column[1] == quads and column[3] < quads:
        return "utf-32-be"
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0) / pairs, sample[1::2].count(0) / pairs
    if strong:
        return (
            "utf-16-le"
            if odd >= 0.3 and even <= 0.1
            else ("utf-16-be" if even >= 0.3 and odd <= 0.1 else None)
        )
    return (
        "utf-16-le"
        if odd >= 0.005 and even < odd / 2
        else ("utf-16-be" if even >= 0.005 and odd < even / 2 else None)
    )


def _plausible(text: str) -> bool:
    """Decoded text without control characters (other than whitespace)."""
    sample = text[:4096]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\x1b")
    return controls <= len(sample) * 0.01


def _wide_guess(data: bytes, sample: bytes, *, strong: bool, complete: bool) -> Decoded | None:
    encoding = _wide_unicode_guess(sample, strong=strong)
    if encoding is None:
        return None
    text = _try_decode(data, encoding, complete=complete)
    return Decoded(text, encoding) if text is not None and _plausible(text) else None


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    control = sum(sample.count(byte) for byte in _CONTROL)
    return control / len(sample) > 0.05


def _japanese_guess(data: bytes, *, complete: bool) -> Decoded | None:
    """Shift_JIS (as CP932) or EUC-JP when the bytes decode strictly to Japanese text."""
    best: tuple[float, Decoded] | None = None
    for encoding, name in (("cp932", "cp932"), ("euc_jp", "euc-jp")):
        text = _try_decode(data[:_SAMPLE], encoding, complete=complete and len(data) <= _SAMPLE)
        wide = [ch for ch in text or "" if ord(ch) > 0x7F]
        if not wide:
            continue
        share = sum(1 for ch in wide if _JAPANESE.match(ch)) / len(wide)
        if share >= 0.6 and (best is None or share > best[0]):
            full = _try_decode(data, encoding, complete=complete)
            if full is not None:
                best = (share, Decoded(full, name))
    return best[1] if best else None


def _western_guess(data: bytes, *, complete: bool) -> Decoded | None:
    """cp1252 for mostly-ASCII text whose other characters are accented Latin letters
    and typographic marks (detectors often pick a Baltic or Central European code page
    for short French or German text)."""
    text = _try_decode(data, "cp1252", complete=complete)
    if text is None:
        return None
    sample = text[:_SAMPLE]
    wide = [ch for ch in sample if ord(ch) > 0x7F]
    if not wide or any(not (ch.isalpha() or ch in _WESTERN_MARKS) for ch in wide):
        return None
    letters = sum(1 for ch in sample if ch.isalpha())
    accented = sum(1 for ch in wide if ch.isalpha())
    return Decoded(text, "cp1252") if accented <= 0.3 * letters else None


def _detected(data: bytes, *, complete: bool) -> Decoded | None:
    """charset_normalizer's guess, preferring a common encoding among equally good ones."""
    from charset_normalizer import from_bytes

    results = list(from_bytes(data[: 4 * _SAMPLE]))
    if not results:
        return None
    best_chaos = min(result.chaos for result in results)
    tied = [result for result in results if result.chaos <= best_chaos + 1e-3]
    names = [name for result in tied for name in (result.encoding, *result.could_be_from_charset)]
    choice = next((name for name in _PREFERRED if name in names), tied[0].encoding)
    text = _try_decode(data, choice, complete=complete)
    if text is None:
        text = _forced(data, choice, complete=complete)
    return Decoded(text, codecs.lookup(choice).name)


def decode_bytes(data: bytes, *, complete: bool = True, declared: str = "") -> Decoded:
    """Decode the bytes of a text file; ``declared`` is an encoding the file names.

    Raises:
        ExtractError: ``corrupt`` when the bytes are not text at all.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            name = "utf-8-sig" if encoding == "utf-8" else encoding
            return Decoded(_forced(data[len(bom) :], encoding, complete=complete), name)
    sample = data[:_SAMPLE]
    if (wide := _wide_guess(data, sample, strong=True, complete=complete)) is not None:
        return wide
    if any(escape in sample for escape in _ISO2022_ESCAPES) and max(sample) < 0x80:
        for encoding in ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2"):
            if (text := _try_decode(data, encoding, complete=complete)) is not None:
                return Decoded(text, "iso-2022-jp")
    utf8 = _try_decode(data, "utf-8", complete=complete)
    if utf8 is None and (wide := _wide_guess(data, sample, strong=False, complete=complete)):
        return wide
    if _looks_binary(sample):
        raise ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine", "This file looks binary, not text, so Hisho can't read it."
            ),
        )
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    if declared and (text := _try_decode(data, declared, complete=complete)) is not None:
        return Decoded(text, codecs.lookup(declared).name)
    guess = (
        _japanese_guess(data, complete=complete)
        or _western_guess(data, complete=complete)
        or _detected(data, complete=complete)
    )
    return guess or Decoded(_forced(data, "cp1252", complete=complete), "cp1252")


def browser_label(label: str) -> str:
    """The codec a browser would use for a declared charset label ('' if unknown)."""
    label = label.strip().lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""


def drop_nul_tail(data: bytes, least: int = 4096) -> bytes:
    """Without a long run of NUL bytes at the end (a preallocated or crash-cut log, a
    sparse file). Cut on a 4-byte boundary so UTF-16/32 text stays aligned."""
    if not data.endswith(b"\x00" * min(least, len(data))):
        return data
    keep = len(data.rstrip(b"\x00"))
    keep = min(len(data), -(-keep // 4) * 4)
    return data[:keep] if len(data) - keep >= least else data


def extract_text(data: bytes, *, kind: str, max_bytes: int, total_size: int) -> Extracted:
    """A plain-text or source file as one page (``kind`` is ``text`` or ``code``)."""
    capped, cut = read_capped(data, max_bytes)
    cut = cut or total_size > len(data)
    capped = drop_nul_tail(capped)
    decoded = decode_bytes(capped, complete=not cut)
    return Extracted(
        kind=kind,
        pages=(Page(None, clean_text(decoded.text)),),
        encoding=decoded.encoding,
        partial=cut,
        note=size_note(max_bytes) if cut else "",
    )


def size_note(max_bytes: int) -> str:
    return QT_TRANSLATE_NOOP("Engine", "Only the first {size} MB of this file were read.").format(
        size=max_bytes // 2**20 or 1
    )
