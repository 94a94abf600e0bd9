"""GGUF files are checked in Python before llama.cpp reads them: hostile headers built
byte by byte here, the real bundled model, and one through the real model process."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from engine.errors import ModelLoadError
from engine.models.gguf_check import GGUFError, check_gguf, gguf_problem
from engine.models.local import LocalBackend


def text(value: str | bytes) -> bytes:
    data = value.encode() if isinstance(value, str) else value
    return struct.pack("<Q", len(data)) + data


def kv_u32(key: str, value: int) -> bytes:
    return text(key) + struct.pack("<II", 4, value)


def kv_str(key: str, value: str) -> bytes:
    return text(key) + struct.pack("<I", 8) + text(value)


def tensor(name: str, shape: tuple[int, ...], kind: int = 0, offset: int = 0) -> bytes:
    dims = struct.pack("<I", len(shape)) + b"".join(struct.pack("<Q", n) for n in shape)
    return text(name) + dims + struct.pack("<IQ", kind, offset)


def gguf(
    kvs: list[bytes] | None = None,
    tensors: list[bytes] | None = None,
    data: bytes = b"\x00" * 16,
    *,
    magic: bytes = b"GGUF",
    version: int = 3,
    counts: tuple[int, int] | None = None,
) -> bytes:
    """A GGUF file: header, key-value pairs, tensor infos, padding to 32, data."""
    kvs = [kv_str("general.name", "tiny")] if kvs is None else kvs
    tensors = [tensor("w", (4,))] if tensors is None else tensors
    n_tensors, n_kvs = counts or (len(tensors), len(kvs))
    head = magic + struct.pack("<IQQ", version, n_tensors, n_kvs) + b"".join(kvs)
    head += b"".join(tensors)
    return head + b"\x00" * (-len(head) % 32) + data


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / f"{name}.gguf"
    path.write_bytes(data)
    return path


def test_a_well_formed_file_and_the_real_model_pass(tmp_path: Path, chat_model_path: Path) -> None:
    summary = check_gguf(write(tmp_path, "tiny", gguf()))
    assert (summary.version, summary.tensors, summary.keys) == (3, 1, 1)
    real = check_gguf(chat_model_path)
    assert real.tensors > 100 and real.keys > 10
    assert gguf_problem(str(chat_model_path)) == ""


HOSTILE = {
    "bad magic": (gguf(magic=b"GGML"), "does not start like a GGUF file"),
    "version 1": (gguf(version=1), "version 1 is not supported"),
    "absurd tensor count": (gguf(counts=(1 << 40, 1)), "tensor count"),
    "more keys than bytes": (gguf(counts=(1, 100_000)), "more entries than the file"),
    "huge key length": (
        gguf(kvs=[struct.pack("<Q", 1 << 60) + b"x" + struct.pack("<I", 4)]),
        "claims",
    ),
    "string past the end": (gguf(kvs=[text("k") + struct.pack("<IQ", 8, 10_000)]), "past the end"),
    "unknown value type": (gguf(kvs=[text("k") + struct.pack("<I", 77)]), "unknown value type"),
    "array of strings bigger than the file": (
        gguf(kvs=[text("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, 1 << 23)]),
        "more than the file holds",
    ),
    "alignment not a power of two": (gguf(kvs=[kv_u32("general.alignment", 3)]), "alignment"),
    "nine dimensions": (gguf(tensors=[tensor("w", (1,) * 9)]), "9 dimensions"),
    "zero dimension": (gguf(tensors=[tensor("w", (4, 0))]), "dimension of 0"),
    "unknown tensor type": (gguf(tensors=[tensor("w", (4,), kind=99)]), "type 99"),
    "rows not whole blocks": (gguf(tensors=[tensor("w", (5,), kind=2)]), "whole blocks"),
    "misaligned data": (gguf(tensors=[tensor("w", (4,), offset=4)]), "not aligned"),
    "offset past the end": (gguf(tensors=[tensor("w", (4,), offset=4096)]), "past the end"),
    "data truncated": (gguf()[:-8], "past the end"),
    "impossibly large tensor": (
        gguf(tensors=[tensor("w", (1 << 30, 1 << 30, 1 << 30))]),
        "impossibly large",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_headers_are_refused_with_a_reason(tmp_path: Path, case: str) -> None:
    data, reason = HOSTILE[case]
    path = write(tmp_path, case.replace(" ", "-"), data)
    with pytest.raises(GGUFError, match=reason):
        check_gguf(path)
    problem = gguf_problem(str(path))
    assert path.name in problem and "damaged" in problem


def test_a_truncated_real_model_is_refused(tmp_path: Path, chat_model_path: Path) -> None:
    cut = tmp_path / "cut.gguf"
    with chat_model_path.open("rb") as source:
        cut.write_bytes(source.read(chat_model_path.stat().st_size * 2 // 3))
    with pytest.raises(GGUFError, match="past the end of the file"):
        check_gguf(cut)


def test_the_model_process_refuses_before_loading(tmp_path: Path) -> None:
    path = write(tmp_path, "offset-past-end", HOSTILE["offset past the end"][0])
    backend = LocalBackend(path, context_length=512, threads=1)
    with pytest.raises(ModelLoadError, match="lies past the end of the file"):
        backend.load()
    assert backend.pid is None
    backend.close()
