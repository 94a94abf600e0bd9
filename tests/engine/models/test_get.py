"""Getting a catalog model: the real bundled GGUF from a real HTTP server on 127.0.0.1,
verified by its true sha256; a wrong hash quarantines; a cut connection resumes."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.models.catalog import load_catalog
from engine.models.download import DownloadError
from engine.models.get import download_entry, state
from tests.local_catalog import ENTRY_ID, local_catalog


def test_a_catalog_model_downloads_verified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with local_catalog(tmp_path, monkeypatch) as served:
        catalog = load_catalog()
        entry = catalog.get(ENTRY_ID)
        assert entry is not None and entry.url == served.url  # http to 127.0.0.1 is allowed
        models = tmp_path / "models"
        assert not state(entry, models).installed
        progress = list(download_entry(catalog, entry, models=models))
    assert progress[-1].done == progress[-1].total == served.size
    assert state(entry, models).installed
    assert (models / entry.file).stat().st_size == served.size


def test_a_wrong_hash_is_quarantined_and_never_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with local_catalog(tmp_path, monkeypatch, sha256="0" * 64):
        catalog = load_catalog()
        entry = catalog.get(ENTRY_ID)
        assert entry is not None
        models = tmp_path / "models"
        with pytest.raises(DownloadError, match="does not match its sha256"):
            list(download_entry(catalog, entry, models=models))
    assert not state(entry, models).installed
    assert [p.name.split(".gguf")[0] for p in (models / "quarantine").iterdir()] == [
        "Tiny-Test-Q4_1"
    ]


def test_a_dropped_connection_resumes_where_it_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with local_catalog(tmp_path, monkeypatch) as served:
        catalog = load_catalog()
        entry = catalog.get(ENTRY_ID)
        assert entry is not None
        models = tmp_path / "models"
        served.served.cut_after = served.size // 3
        with pytest.raises(DownloadError, match="try again to resume"):
            list(download_entry(catalog, entry, models=models))
        half = state(entry, models)
        assert half.resumable and 0 < half.partial_bytes < served.size
        served.served.cut_after = None
        list(download_entry(catalog, entry, models=models))
        assert served.served.ranges[-1] == f"bytes={half.partial_bytes}-"
    assert state(entry, models).installed


def test_a_paused_download_keeps_what_arrived(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with local_catalog(tmp_path, monkeypatch):
        catalog = load_catalog()
        entry = catalog.get(ENTRY_ID)
        assert entry is not None
        cancel = CancelToken()
        models = tmp_path / "models"
        for progress in download_entry(catalog, entry, cancel=cancel, models=models):
            if progress.done:
                cancel.cancel()
    paused = state(entry, models)
    assert paused.resumable and not paused.installed
