"""`hisho models catalog / recommend / download NAME`, run as a user would (the real CLI
in a subprocess) against a real catalog file whose model, the bundled GGUF, a real HTTP
server on 127.0.0.1 serves (tests.local_catalog)."""

from __future__ import annotations

import json
import os
import pty
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from engine import paths
from engine.models.defaults import sha256_of
from engine.models.hardware import MeasuredSpeed
from engine.models.speed import load_measured, save_measured
from engine.storage import settings as settings_store
from engine.storage.egress import EgressLog
from engine.storage.settings import Settings
from tests.conftest import REPO
from tests.local_catalog import ENTRY_ID, FILE, entry, local_catalog

pytestmark = pytest.mark.timeout(300)


def write_catalog(path: Path, *entries: dict[str, object]) -> Path:
    path.write_text(json.dumps({"format": 1, "entries": list(entries)}), encoding="utf-8")
    return path


def hisho(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI as a script runs it: no terminal (stdin empty), this test's HISHO_HOME
    and $HISHO_CATALOG, and ``env`` on top."""
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO,
                          env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=180)  # fmt: skip


def installed() -> Path:
    return paths.models_dir() / FILE


def test_the_catalog_lists_each_model_and_whether_it_is_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with local_catalog(tmp_path, monkeypatch) as served:
        listed = hisho("models", "catalog", "--json")
        assert listed.returncode == 0, listed.stderr
        [model] = json.loads(listed.stdout)
        assert (model["id"], model["state"], model["partial_bytes"]) == (ENTRY_ID, "not", 0)
        assert model["sha256"] == served.sha256 and model["size_bytes"] == served.size
        assert model["license_name"] == "Apache-2.0" and model["languages"] == ["en"]
        assert model["path"] == str(installed())
        table = hisho("models", "catalog")
        assert table.returncode == 0, table.stderr
        row = next(line for line in table.stdout.splitlines() if line.startswith(ENTRY_ID))
        assert "Tiny-Test Q4_1" in row and "Apache-2.0" in row and row.endswith("not")
        assert hisho("models", "download", ENTRY_ID, "--yes").returncode == 0
        again = json.loads(hisho("models", "catalog", "--json").stdout)
        assert again[0]["state"] == "installed"


def test_a_damaged_catalog_offers_what_is_usable_and_says_what_is_not(tmp_path: Path) -> None:
    good = entry("https://example.org/Tiny-Test-Q4_1.gguf", "a" * 64, 1000)
    unhashed = entry("https://example.org/b.gguf", "", 1000, id="no-hash", file="b.gguf")
    noncommercial = entry("https://example.org/c.gguf", "c" * 64, 1000, id="research-only",
                          file="c.gguf", license_name="Research Licence (non-commercial)",
                          non_commercial=True)  # fmt: skip
    env = {"HISHO_CATALOG": str(write_catalog(tmp_path / "c.json", good, unhashed,
                                              noncommercial))}  # fmt: skip
    listed = hisho("models", "catalog", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert [m["id"] for m in json.loads(listed.stdout)] == [ENTRY_ID, "research-only"]
    assert "catalog entry no-hash: no sha256; not offered" in listed.stderr
    table = hisho("models", "catalog", env=env)
    assert "! Research Licence (non-commercial)" in table.stdout
    assert "does not allow commercial use" in table.stdout

    (tmp_path / "broken.json").write_text('{"format": 1, "entries": [', encoding="utf-8")
    broken = hisho("models", "catalog", env={"HISHO_CATALOG": str(tmp_path / "broken.json")})
    assert broken.returncode == 1
    assert "is damaged" in broken.stderr and "no usable model" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_recommend_measures_once_and_puts_japanese_models_first_for_a_japanese_user(
    tmp_path: Path,
) -> None:
    url = "https://example.org/"
    english = entry(url + "e.gguf", "e" * 64, 90_000_000, id="english-1b", file="e.gguf",
                    name="English", parameters=1_000_000_000)  # fmt: skip
    japanese = entry(url + "j.gguf", "f" * 64, 80_000_000, id="japanese-500m", file="j.gguf",
                     name="Japanese", parameters=500_000_000, languages=["ja", "en"],
                     strong_japanese=True)  # fmt: skip
    catalog = write_catalog(tmp_path / "c.json", english, japanese)
    english_user = {"HISHO_CATALOG": str(catalog), "LANGUAGE": "", "LC_ALL": "",
                    "LC_MESSAGES": "", "LANG": "en_US.UTF-8"}  # fmt: skip

    # No speed kept yet: the bundled model is measured here, for real, and kept (with
    # the user's settings: one thread, as llama.cpp's spinning threads crawl on a busy
    # 2-core machine).
    defaults = Settings()
    settings_store.save(replace(defaults, chat=replace(defaults.chat, threads=1)))
    measured = hisho("models", "recommend", "--json", env=english_user)
    assert measured.returncode == 0, measured.stderr
    first = json.loads(measured.stdout)
    assert first["speed"]["source"] == "measured now"
    assert first["speed"]["tokens_per_second"] > 0
    kept = load_measured()
    assert kept is not None
    assert kept.measured.tokens_per_second == first["speed"]["tokens_per_second"]
    assert first["hardware"]["cores"] >= 1 and first["hardware"]["total_ram"] > 0
    assert {m["id"] for m in first["models"]} == {"english-1b", "japanese-500m"}

    # A fast computer (a speed kept from before): both write at reading pace, and the
    # more capable one is recommended, unless the user reads Japanese.
    save_measured(MeasuredSpeed(tokens_per_second=500.0, model_bytes=98_362_432), False)
    english_view = json.loads(hisho("models", "recommend", "--json", env=english_user).stdout)
    assert english_view["speed"]["source"] == "measured earlier"
    assert [(m["id"], m["tier"]) for m in english_view["models"]] == [
        ("english-1b", "recommended"), ("japanese-500m", "also good")]  # fmt: skip
    japanese_user = {**english_user, "LANG": "ja_JP.UTF-8"}
    japanese_view = json.loads(hisho("models", "recommend", "--json", env=japanese_user).stdout)
    assert japanese_view["language"] == "ja"
    assert [m["id"] for m in japanese_view["models"]] == ["japanese-500m", "english-1b"]
    assert japanese_view["models"][0]["tier"] == "recommended"

    table = hisho("models", "recommend", env=japanese_user)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].startswith("This computer: ") and "cores" in lines[0]
    assert "Models strong in Japanese come first" in table.stdout
    assert lines.index("Recommended") < lines.index("Also good")
    japanese_row = next(line for line in lines if "japanese-500m" in line)
    assert "words a second here" in japanese_row and "Needs about" in japanese_row


def test_download_verifies_installs_and_logs_the_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with local_catalog(tmp_path, monkeypatch) as served:
        got = hisho("models", "download", ENTRY_ID, "--yes")
        assert got.returncode == 0, got.stderr
        assert sha256_of(installed()) == served.sha256
        assert f"Installed Tiny-Test Q4_1 at {installed()}" in got.stdout
        assert "hisho models use Tiny-Test-Q4_1" in got.stdout
        assert "Licence: Apache-2.0" in got.stderr and "100%" in got.stderr
        ledger = EgressLog()
        [request] = ledger.entries()
        ledger.close()
        assert (request.purpose, request.outcome) == ("model download", "downloaded")
        assert request.host == served.url.split("/")[2] and request.bytes_received == served.size
        # By its name as the catalog says it, once more: nothing is fetched again.
        again = hisho("models", "download", "Tiny-Test Q4_1")
        assert again.returncode == 0 and "already installed" in again.stdout
        assert len(served.served.ranges) == 1
    used = hisho("models", "use", "Tiny-Test-Q4_1")
    assert used.returncode == 0, used.stderr


def test_a_wrong_hash_is_quarantined_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with local_catalog(tmp_path, monkeypatch, sha256="0" * 64):
        got = hisho("models", "download", ENTRY_ID, "--yes")
    assert got.returncode == 1
    assert "does not match its sha256" in got.stderr and "will not be loaded" in got.stderr
    assert not installed().exists() and "Installed" not in got.stdout
    [kept] = (paths.models_dir() / "quarantine").iterdir()
    assert kept.name.startswith(FILE)


def test_an_unreachable_server_says_the_network_is_needed(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    raw = entry(f"http://127.0.0.1:{port}/{FILE}", "a" * 64, 1000)
    env = {"HISHO_CATALOG": str(write_catalog(tmp_path / "c.json", raw))}
    got = hisho("models", "download", ENTRY_ID, "--yes", env=env)
    assert got.returncode == 1
    assert "needs the network" in got.stderr and f"127.0.0.1:{port}" in got.stderr
    assert "Traceback" not in got.stderr and not installed().exists()


def test_without_a_terminal_the_licence_needs_yes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with local_catalog(tmp_path, monkeypatch) as served:
        raw = entry(served.url, served.sha256, served.size, non_commercial=True,
                    license_name="Research Licence")  # fmt: skip
        write_catalog(served.path, raw)
        got = hisho("models", "download", ENTRY_ID)
        assert got.returncode == 1
        assert "--yes" in got.stderr and "Licence: Research Licence" in got.stderr
        assert "does not allow commercial use" in got.stderr
        assert served.served.ranges == []  # nothing was asked of the server
    assert not any(paths.models_dir().glob(FILE + "*"))


def test_unknown_names_list_close_matches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with local_catalog(tmp_path, monkeypatch) as served:
        got = hisho("models", "download", "tiny-tset-q4", "--yes")
        assert got.returncode == 1
        assert "no catalog model is called “tiny-tset-q4”" in got.stderr
        assert f"Did you mean: {ENTRY_ID}" in got.stderr
        assert served.served.ranges == []


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_terminal_asks_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with local_catalog(tmp_path, monkeypatch) as served:
        declined = on_a_terminal(["models", "download", ENTRY_ID], b"n\n")
        assert declined.returncode == 1 and "not downloaded" in declined.stderr
        assert "Download it and accept the licence? [y/N]" in declined.stderr
        assert served.served.ranges == []
        accepted = on_a_terminal(["models", "download", ENTRY_ID], b"y\n")
        assert accepted.returncode == 0, accepted.stderr
    assert sha256_of(installed()) == served.sha256


def on_a_terminal(args: list[str], typed: bytes) -> subprocess.CompletedProcess[str]:
    """The CLI with its input on a real pseudo-terminal, the user typing ``typed``."""
    main, tty = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "desktop", *args], cwd=REPO,
                                   stdin=tty, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)  # fmt: skip
        os.write(main, typed)
        out, err = process.communicate(timeout=120)
    finally:
        os.close(main)
        os.close(tty)
    return subprocess.CompletedProcess(args, process.returncode, out, err)


@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl+C is not a SIGINT there")
def test_ctrl_c_pauses_and_the_same_command_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with local_catalog(tmp_path, monkeypatch) as served:
        served.served.rate = served.size // 8  # about eight seconds
        process = subprocess.Popen([sys.executable, "-m", "desktop", "models", "download",
                                    ENTRY_ID, "--yes"], cwd=REPO, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)  # fmt: skip
        part = installed().with_name(FILE + ".part")
        deadline = time.monotonic() + 60
        while not (part.exists() and part.stat().st_size > 0) and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 130, err
        assert "paused" in err and "run the same command again to resume" in err
        kept = part.stat().st_size
        assert 0 < kept < served.size and not installed().exists()

        served.served.rate = 0
        resumed = hisho("models", "download", ENTRY_ID)  # accepted already: no --yes
        assert resumed.returncode == 0, resumed.stderr
        assert "Resuming Tiny-Test Q4_1" in resumed.stderr
        assert served.served.ranges[-1] == f"bytes={kept}-"
    assert sha256_of(installed()) == served.sha256
