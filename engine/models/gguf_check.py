"""Check a GGUF model file's structure before llama.cpp reads it.

Malformed model files have crashed llama.cpp and its users (CVE-2024-39720; the Talos
GGUF heap overflows): counts, lengths and offsets in the header were trusted. Here the
whole header is walked in Python first, with every count, length and offset checked
against the file's size and sane limits: the magic and version, the key-value pairs
(types, string lengths, array counts), every tensor's dimensions, type and data range.
Only a file that passes reaches native code. Pure Python (``struct``), no llama.cpp.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from typing import BinaryIO

from engine.i18n import QT_TRANSLATE_NOOP

GGUF_MAGIC = b"GGUF"
#: ggml tensor type id -> (elements per block, bytes per block), from the ``gguf``
#: package's GGML_QUANT_SIZES (gguf 0.19, MIT licence).
TENSOR_TYPES: dict[int, tuple[int, int]] = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24), 8: (32, 34),
    9: (32, 40), 10: (256, 84), 11: (256, 110), 12: (256, 144), 13: (256, 176),
    14: (256, 210), 15: (256, 292), 16: (256, 66), 17: (256, 74), 18: (256, 98),
    19: (256, 50), 20: (32, 18), 21: (256, 110), 22: (256, 82), 23: (256, 136), 24: (1, 1),
    25: (1, 2), 26: (1, 4), 27: (1, 8), 28: (1, 8), 29: (256, 56), 30: (1, 2),
    34: (256, 54), 35: (256, 66), 39: (32, 17), 40: (64, 36), 41: (128, 18),
}  # fmt: skip
#: Value types: id -> struct format of a scalar (8 = string, 9 = array).
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
            10: "<Q", 11: "<q", 12: "<d"}  # fmt: skip
_STRING, _ARRAY = 8, 9
MAX_DIMS = 4
MAX_COUNT = 1 << 24  # tensors, keys, or elements of one array
MAX_STRING = 1 << 26  # 64 MiB: a chat template or a token is far smaller
MAX_ELEMENTS = 1 << 40
#: Longer strings (chat templates, licences) are checked but not kept in the summary.
MAX_META_STRING = 4096


class GGUFError(ValueError):
    """The file is not a well-formed GGUF model; ``str()`` says what is wrong."""


@dataclass(frozen=True, slots=True)
class GGUFSummary:
    version: int
    tensors: int
    keys: int
    data_start: int
    #: Scalar and short string metadata ("general.name", "llama.context_length", …).
    metadata: dict[str, int | float | bool | str] = field(default_factory=dict)
    #: Weights counted from the tensor table.
    parameters: int = 0


class _Reader:
    def __init__(self, handle: BinaryIO, size: int) -> None:
        self.handle = handle
        self.size = size
        self.at = 0

    def take(self, count: int, what: str) -> bytes:
        if count < 0 or self.at + count > self.size:
            raise GGUFError(f"{what} runs past the end of the file (offset {self.at:,})")
        data = self.handle.read(count)
        if len(data) != count:
            raise GGUFError(f"the file ended early while reading {what}")
        self.at += count
        return data

    def unpack(self, fmt: str, what: str) -> int | float | bool:
        value: int | float | bool = struct.unpack(fmt, self.take(struct.calcsize(fmt), what))[0]
        return value

    def count(self, what: str, most: int = MAX_COUNT) -> int:
        value = int(self.unpack("<Q", what))
        if value > most:
            raise GGUFError(f"{what} is {value:,}, more than a model can have")
        return value

    def string(self, what: str) -> bytes:
        length = int(self.unpack("<Q", f"the length of {what}"))
        if length > MAX_STRING:
            raise GGUFError(f"{what} claims {length:,} bytes")
        return self.take(length, what)

    def skip(self, count: int, what: str) -> None:
        if count < 0 or self.at + count > self.size:
            raise GGUFError(f"{what} runs past the end of the file (offset {self.at:,})")
        self.handle.seek(count, os.SEEK_CUR)
        self.at += count


Value = int | float | bool | str | None


def _value(reader: _Reader, kind: int, key: str, depth: int = 0) -> Value:
    """Read (or skip) one value; returns scalars and short strings (None for arrays)."""
    if kind in _SCALARS:
        return reader.unpack(_SCALARS[kind], f"the value of {key}")
    if kind == _STRING:
        text = reader.string(f"the value of {key}")
        return text.decode("utf-8", "replace") if len(text) <= MAX_META_STRING else None
    if kind == _ARRAY and depth == 0:
        element = int(reader.unpack("<I", f"the element type of {key}"))
        count = reader.count(f"the length of array {key}")
        if element in _SCALARS:
            reader.skip(count * struct.calcsize(_SCALARS[element]), f"array {key}")
        elif element in (_STRING, _ARRAY):
            if count * 8 > reader.size - reader.at:
                raise GGUFError(f"array {key} claims {count:,} entries, more than the file holds")
            for _ in range(count):
                _value(reader, element, key, depth + 1)
        else:
            raise GGUFError(f"array {key} has an unknown element type {element}")
        return None
    raise GGUFError(f"{key} has an unknown value type {kind}")


def check_gguf(path: str | os.PathLike[str]) -> GGUFSummary:
    """Walk the file's header and tensor table; raise :class:`GGUFError` if anything is
    out of bounds. Returns what was found."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        reader = _Reader(handle, size)
        version, tensors, keys = _header(reader, size)
        metadata, alignment = _metadata(reader, keys)
        ranges = [_tensor(reader, alignment) for _ in range(tensors)]
        data_start = -(-reader.at // alignment) * alignment
    for offset, length, name, _elements in ranges:
        if data_start + offset + length > size:
            raise GGUFError(
                f"tensor {name}'s data ({length:,} bytes at {data_start + offset:,}) lies "
                f"past the end of the file ({size:,} bytes): it is truncated or damaged"
            )
    parameters = sum(elements for *_, elements in ranges)
    return GGUFSummary(version, tensors, keys, data_start, metadata, parameters)


def _header(reader: _Reader, size: int) -> tuple[int, int, int]:
    """(version, tensor count, key count) from the fixed start of the file."""
    if size < 24 or reader.take(4, "the magic number") != GGUF_MAGIC:
        raise GGUFError("it does not start like a GGUF file")
    version = int(reader.unpack("<I", "the version"))
    if version not in (2, 3):
        raise GGUFError(f"GGUF version {version} is not supported")
    tensors = reader.count("the tensor count")
    keys = reader.count("the key count")
    if keys * 13 > size or tensors * 32 > size:
        raise GGUFError("the header claims more entries than the file can hold")
    return version, tensors, keys


def _metadata(reader: _Reader, keys: int) -> tuple[dict[str, int | float | bool | str], int]:
    """The ``keys`` metadata values worth keeping, and the data alignment they set."""
    alignment = 32
    metadata: dict[str, int | float | bool | str] = {}
    for _ in range(keys):
        key = reader.string("a key name").decode("utf-8", "replace")
        kind = int(reader.unpack("<I", f"the type of {key}"))
        value = _value(reader, kind, key)
        if value is not None:
            metadata[key] = value
        if key == "general.alignment":
            alignment = _alignment(value, kind)
    return metadata, alignment


def _alignment(value: Value, kind: int) -> int:
    """``general.alignment``, which must be a small power of two stored as an integer."""
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or kind not in (4, 10)
        or value <= 0
        or value & (value - 1)
        or value > 1 << 16
    ):
        raise GGUFError(f"general.alignment is not a small power of two: {value}")
    return value


def _tensor(reader: _Reader, alignment: int) -> tuple[int, int, str, int]:
    """One entry of the tensor table: (data offset, data bytes, name, elements)."""
    name = reader.string("a tensor name").decode("utf-8", "replace")
    dims = int(reader.unpack("<I", f"the dimensions of {name}"))
    if not 1 <= dims <= MAX_DIMS:
        raise GGUFError(f"tensor {name} has {dims} dimensions")
    shape = [int(reader.unpack("<Q", f"the shape of {name}")) for _ in range(dims)]
    kind = int(reader.unpack("<I", f"the type of {name}"))
    offset = int(reader.unpack("<Q", f"the offset of {name}"))
    if kind not in TENSOR_TYPES:
        raise GGUFError(f"tensor {name} has type {kind}, which this Hisho does not know")
    block, block_bytes = TENSOR_TYPES[kind]
    elements = 1
    for n in shape:
        if n <= 0 or n > MAX_ELEMENTS:
            raise GGUFError(f"tensor {name} has a dimension of {n:,}")
        elements *= n
        if elements > MAX_ELEMENTS:
            raise GGUFError(f"tensor {name} is impossibly large")
    if shape[0] % block:
        raise GGUFError(f"tensor {name}'s rows do not fill whole blocks of its type")
    if offset % alignment:
        raise GGUFError(f"tensor {name}'s data is not aligned")
    return offset, elements // block * block_bytes, name, elements


def gguf_problem(path: str) -> str:
    """'' if ``path`` is a well-formed GGUF file, else a sentence for the user."""
    return checked_gguf(path)[1]


def checked_gguf(path: str) -> tuple[GGUFSummary | None, str]:
    """(the file's summary, "") if ``path`` is a well-formed GGUF file, else (None, a
    sentence for the user)."""
    try:
        return check_gguf(path), ""
    except FileNotFoundError:
        return None, QT_TRANSLATE_NOOP("Engine", "The model file does not exist: {path}").format(
            path=path
        )
    except OSError as exc:
        return None, QT_TRANSLATE_NOOP(
            "Engine", "The model file cannot be read ({error}): {path}"
        ).format(error=exc.strerror, path=path)
    except GGUFError as exc:
        return None, QT_TRANSLATE_NOOP(
            "Engine",
            "This is not a usable GGUF model file ({error}); it may be damaged or "
            "incomplete, and was not loaded: {path}",
        ).format(error=exc, path=path)
