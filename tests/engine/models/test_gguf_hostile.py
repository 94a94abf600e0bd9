"""Malformed and hostile GGUF files written with the `gguf` package (llama.cpp's own
writer), then damaged the ways real attacks and broken downloads do. Each is refused
with a clear reason by the Python check, by the model store, and by the real model
process, which stays usable; a real model whose chat template tries to run a command
loads with ChatML instead, says so, answers, and runs nothing."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import gguf
import numpy as np
import pytest
from gguf.scripts.gguf_new_metadata import MetadataDetails, copy_with_new_metadata

from engine.cancel import CancelToken
from engine.errors import ModelLoadError
from engine.models import store as model_store
from engine.models.gguf_check import GGUFError, check_gguf
from engine.models.local import LocalBackend
from engine.models.store import ModelStoreError
from engine.types import ChatMessage, GenerationOptions


def written(path: Path) -> Path:
    """A small well-formed GGUF file: a llama architecture header and two tensors."""
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("tiny-test")
    writer.add_context_length(256)
    writer.add_tensor("token_embd.weight", np.ones((8, 32), dtype=np.float32))
    writer.add_tensor("output_norm.weight", np.ones((32,), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def bad_magic(data: bytes) -> bytes:
    return b"GGML" + data[4:]


def absurd_tensor_count(data: bytes) -> bytes:
    return data[:8] + struct.pack("<Q", 1 << 62) + data[16:]


def absurd_key_count(data: bytes) -> bytes:
    return data[:16] + struct.pack("<Q", 1 << 40) + data[24:]


def offset_past_the_end(data: bytes) -> bytes:
    """The second tensor's data offset moved 1 GiB out (its info ends with the offset)."""
    name = b"output_norm.weight"
    at = data.index(name) + len(name) + 4 + 8 + 4  # n_dims, one dim, type
    return data[:at] + struct.pack("<Q", 1 << 30) + data[at + 8 :]


DAMAGES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (truncated, "past the end of the file"),
    "bad magic": (bad_magic, "does not start like a GGUF file"),
    "absurd tensor count": (absurd_tensor_count, "tensor count"),
    "absurd key count": (absurd_key_count, "count"),
    "offset past the end": (offset_past_the_end, "past the end of the file"),
}


def test_the_gguf_package_writes_a_file_the_check_accepts(tmp_path: Path) -> None:
    summary = check_gguf(written(tmp_path / "tiny.gguf"))
    assert summary.tensors == 2
    assert summary.metadata["general.name"] == "tiny-test"


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_file_is_refused_everywhere_with_a_reason(tmp_path: Path, damage: str) -> None:
    harm, reason = DAMAGES[damage]
    path = tmp_path / f"{damage.replace(' ', '-')}.gguf"
    path.write_bytes(harm(written(tmp_path / "good.gguf").read_bytes()))
    with pytest.raises(GGUFError, match=reason):
        check_gguf(path)
    models = tmp_path / "models"
    models.mkdir()
    with pytest.raises(ModelStoreError, match="not a usable GGUF model"):
        model_store.add(path, models)
    assert list(models.iterdir()) == []  # nothing copied


def test_the_model_process_refuses_each_damage_and_stays_usable(
    tmp_path: Path, chat_model_path: Path
) -> None:
    """One model process: each damaged file is refused before llama.cpp reads it, and
    afterwards the real model loads and answers in the same backend object."""
    good = written(tmp_path / "good.gguf").read_bytes()
    backend = LocalBackend(chat_model_path, context_length=512, threads=1)
    try:
        for damage, (harm, reason) in DAMAGES.items():
            path = tmp_path / f"{damage.replace(' ', '-')}.gguf"
            path.write_bytes(harm(good))
            backend.switch_model(path)
            with pytest.raises(ModelLoadError, match=reason):
                backend.load()
        backend.switch_model(chat_model_path)
        backend.load()
        assert reply(backend, "Say hello.")
    finally:
        backend.close()


def reply(backend: LocalBackend, text: str) -> str:
    options = GenerationOptions(max_tokens=8, temperature=0.0)
    return "".join(backend.stream([ChatMessage("user", text)], options, CancelToken()))


def test_a_chat_template_that_tries_os_popen_never_runs(
    tmp_path: Path, chat_model_path: Path
) -> None:
    """The real model, copied by the gguf package with a hostile template: it loads with
    the ChatML fallback (reported), answers, and the command never ran."""
    marker = tmp_path / "pwned"
    attack = (
        "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"
        "{% for m in messages %}{{ m['content'] }}{% endfor %}"
    )
    hostile = tmp_path / "hostile-template.gguf"
    reader = gguf.GGUFReader(str(chat_model_path))
    architecture = reader.get_field(gguf.Keys.General.ARCHITECTURE)
    assert architecture is not None
    writer = gguf.GGUFWriter(str(hostile), str(architecture.contents()), endianess=reader.endianess)
    template = MetadataDetails(gguf.GGUFValueType.STRING, attack)
    copy_with_new_metadata(reader, writer, {gguf.Keys.Tokenizer.CHAT_TEMPLATE: template}, [])
    assert check_gguf(hostile).metadata["tokenizer.chat_template"] == attack

    backend = LocalBackend(hostile, context_length=512, threads=1)
    try:
        info = backend.load()
        assert "fallback" in info.chat_template_source
        assert reply(backend, "Say hello.")
    finally:
        backend.close()
    assert not marker.exists()
