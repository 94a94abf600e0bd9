"""A catalog file whose one model is the bundled GGUF, served by a real HTTP server on
127.0.0.1 (tests.model_server) under a catalog file name, with its true sha256 and size:
what the first-run card, the Models window and ``hisho models download NAME`` fetch in
tests. Nothing leaves the machine."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from engine.models.catalog import CATALOG_ENV
from engine.models.defaults import default_chat_model, sha256_of
from tests.model_server import Served, serve

ENTRY_ID = "tiny-test-q4_1"
FILE = "Tiny-Test-Q4_1.gguf"


@dataclass(frozen=True)
class LocalCatalog:
    path: Path  # the catalog file ($HISHO_CATALOG points here)
    url: str
    served: Served
    sha256: str
    size: int


def entry(url: str, sha256: str, size: int, **changes: object) -> dict[str, object]:
    """One catalog entry in the shipped file's shape (see assets/models/catalog.json)."""
    raw: dict[str, object] = {
        "id": ENTRY_ID, "name": "Tiny-Test", "family": "llama", "role": "model",
        "publisher": "HuggingFaceTB", "hf_repo": "HuggingFaceTB/SmolLM2-135M-Instruct",
        "file": FILE, "url": url, "sha256": sha256, "size_bytes": size,
        "approx_size_bytes": size, "parameters": 135_000_000, "parameters_label": "135M",
        "quantization": "Q4_1", "context_length": 8192, "license": "apache-2.0",
        "license_name": "Apache-2.0",
        "license_url": "https://www.apache.org/licenses/LICENSE-2.0",
        "non_commercial": False, "languages": ["en"], "tool_calling": False,
        "reasoning": False, "thinking_off": None, "strong_japanese": False,
        "vision": False, "projector": None, "trust": "high", "hash_source": "test",
    }  # fmt: skip
    raw.update(changes)
    return raw


@contextmanager
def local_catalog(
    folder: Path, monkeypatch: pytest.MonkeyPatch, sha256: str | None = None
) -> Iterator[LocalCatalog]:
    """Serve the bundled model and point ``$HISHO_CATALOG`` at a catalog offering it
    (``sha256`` overrides the true hash, for the quarantine tests)."""
    body = default_chat_model().read_bytes()
    true_hash = sha256_of(default_chat_model())
    with serve(body, FILE) as (url, served):
        path = folder / "catalog.json"
        document = {"format": 1, "entries": [entry(url, sha256 or true_hash, len(body))]}
        path.write_text(json.dumps(document), encoding="utf-8")
        monkeypatch.setenv(CATALOG_ENV, str(path))
        yield LocalCatalog(path, url, served, true_hash, len(body))
