"""The curated model catalog: every entry is downloadable and verifiable, its hash is the
one a named source published, and a damaged catalog or a bad entry is not offered while
the rest still is.

The hash check reads ``../shared/model-catalog/sources.jsonl`` beside the repository (the
published hashes the catalog was built from) and skips when it is not there; nothing
from it is copied into the tests.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from engine.models.catalog import CATALOG_FILE, filter_models, load_catalog

REPO = Path(__file__).resolve().parents[3]
SOURCES = REPO.parent / "shared" / "model-catalog" / "sources.jsonl"


def source_rows() -> list[dict[str, Any]]:
    if not SOURCES.is_file():
        pytest.skip(f"the shared published hashes are not at {SOURCES}")
    return [json.loads(line) for line in SOURCES.read_text(encoding="utf-8").splitlines()]


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_catalog", REPO / "scripts" / "build_catalog.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def write_catalog(path: Path, entries: list[dict[str, Any]]) -> Path:
    document = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    path.write_text(json.dumps(document | {"entries": entries}), encoding="utf-8")
    return path


def shipped_entries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))["entries"]
    return entries


# --- the shipped catalog ---------------------------------------------------------------


def test_every_entry_can_be_downloaded_and_verified() -> None:
    catalog = load_catalog()
    assert catalog.problems == ()
    assert len(catalog.entries) == len(shipped_entries()) >= 20
    for entry in catalog.entries:
        assert entry.url.startswith("https://huggingface.co/") and entry.url.endswith(
            "/" + entry.file
        )
        assert re.fullmatch(r"[0-9a-f]{64}", entry.sha256)
        # The size rule: exact when a source states it, else the sha256 alone decides
        # and an approximate size serves the estimates.
        assert entry.approx_size_bytes > 0
        assert entry.size_bytes is None or entry.size_bytes == entry.approx_size_bytes
        assert entry.license and entry.license_name and entry.license_url.startswith("https://")
        assert entry.trust in ("high", "medium") and entry.hash_source
    ids = [entry.id for entry in catalog.entries]
    assert len(set(ids)) == len(ids)


def test_each_hash_is_the_one_a_named_source_published() -> None:
    rows = {row["url"]: row for row in source_rows()}
    for entry in load_catalog().entries:
        row = rows[entry.url]
        assert entry.sha256 == row["sha256"], entry.id
        assert entry.size_bytes == row.get("size_bytes"), entry.id
        assert row["trust"] in ("high", "medium") and row["trust"] == entry.trust
        if row["trust"] == "medium":  # a medium row only with a named source of the hash
            assert "github-index" not in entry.hash_source, entry.id


def test_the_committed_catalog_is_what_the_build_script_makes() -> None:
    source_rows()  # skips without the shared sources
    script = build_script()
    raw = SOURCES.read_bytes()
    import hashlib

    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    built = script.build(rows, hashlib.sha256(raw).hexdigest())
    assert built == json.loads(CATALOG_FILE.read_text(encoding="utf-8"))


def test_licences_capabilities_and_languages_are_stated() -> None:
    catalog = load_catalog()
    qwen_3b = [e for e in catalog.models() if e.name.startswith("Qwen2.5-3B")]
    assert qwen_3b and all(e.non_commercial and "non-commercial" in e.license_name for e in qwen_3b)
    assert [e.name for e in catalog.models() if e.non_commercial] == [e.name for e in qwen_3b]
    japanese = {e.name for e in catalog.models() if e.strong_japanese}
    assert "TinySwallow-1.5B-Instruct" in japanese and "Qwen3-8B" in japanese
    assert all(e.good_at("ja_JP") for e in catalog.models() if e.strong_japanese)
    qwen3 = catalog.get("QWEN3-4B-Q4_K_M")
    assert qwen3 is not None and qwen3.reasoning and qwen3.thinking_off == "/no_think"
    vision = [e for e in catalog.models() if e.vision]
    assert vision
    for entry in vision:
        projector = catalog.projector_for(entry)
        assert projector is not None and projector.role == "mmproj"


def test_models_filter_by_size_and_language() -> None:
    catalog = load_catalog()
    small = filter_models(catalog.entries, max_bytes=1024**3)
    assert small and all(e.approx_size_bytes <= 1024**3 and e.role == "model" for e in small)
    assert len(small) < len(catalog.models())
    japanese = filter_models(catalog.entries, language="ja")
    assert japanese and all("ja" in e.languages for e in japanese)
    assert not any(e.family == "smollm2" for e in japanese)


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": 1, "entries": [',
        b"\xff\xfe not text",
        b"[1, 2]",
        b'{"format": 99, "entries": []}',
    ],
)
def test_a_damaged_catalog_offers_nothing_and_says_so(
    tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "catalog.json"
    path.write_bytes(content)
    with caplog.at_level(logging.ERROR, logger="engine.models.catalog"):
        catalog = load_catalog(path)
    assert catalog.entries == () and catalog.models() == []
    assert len(catalog.problems) == 1 and "damaged" in catalog.problems[0]
    assert "damaged" in caplog.text
    assert load_catalog(tmp_path / "missing.json").entries == ()


def test_an_entry_without_a_valid_hash_or_url_is_left_out_and_the_rest_offered(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    entries = shipped_entries()
    by_id = {entry["id"]: entry for entry in entries}
    no_hash, md5_only, plain_http, path_name = (entries[i]["id"] for i in range(4))
    del by_id[no_hash]["sha256"]
    by_id[md5_only]["sha256"] = "0" * 32
    by_id[plain_http]["url"] = by_id[plain_http]["url"].replace("https://", "http://")
    by_id[path_name]["file"] = "../../evil.gguf"
    projector = next(e for e in entries if e["role"] == "mmproj")
    entries.remove(projector)
    with caplog.at_level(logging.WARNING, logger="engine.models.catalog"):
        catalog = load_catalog(write_catalog(tmp_path / "catalog.json", entries))
    offered = {entry.id for entry in catalog.entries}
    assert offered.isdisjoint({no_hash, md5_only, plain_http, path_name})
    assert len(offered) == len(entries) - 4
    for bad in (no_hash, md5_only, plain_http, path_name):
        assert bad in caplog.text and any(bad in problem for problem in catalog.problems)
    # A model whose projector is missing is still offered, for text only.
    users = [catalog.get(e["id"]) for e in entries if e.get("projector") == projector["id"]]
    assert users and all(e is not None and not e.vision and e.projector is None for e in users)
    assert any(projector["id"] in p and "text only" in p for p in catalog.problems)


def test_a_duplicate_or_malformed_entry_does_not_hide_the_others(tmp_path: Path) -> None:
    entries = shipped_entries()
    entries += [dict(entries[0]), "not an object", entries[1] | {"approx_size_bytes": -5}]
    entries[2] = entries[2] | {"non_commercial": "no"}
    catalog = load_catalog(write_catalog(tmp_path / "catalog.json", entries))
    assert len(catalog.problems) == 4
    assert len(catalog.entries) == len(shipped_entries()) - 1
    assert catalog.get(entries[0]["id"]) is not None
