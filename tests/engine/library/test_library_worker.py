"""The library process, as the window uses it: a real child process over JSON lines."""

from __future__ import annotations

import json
import os
import queue
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.library.client import LibraryClient
from engine.library.types import FileStatus, IngestProgress, JobState

pytestmark = pytest.mark.timeout(300)


class Events:
    """Collects the client's events (they arrive on the client's thread)."""

    def __init__(self) -> None:
        self.queue: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()

    def __call__(self, name: str, payload: dict[str, Any]) -> None:
        self.queue.put((name, payload))

    def wait_for(self, check: Any, timeout: float = 180.0) -> tuple[str, dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                name, payload = self.queue.get(timeout=1)
            except queue.Empty:
                continue
            if check(name, payload):
                return name, payload
        raise AssertionError("the library process never sent the expected event")


def finished(name: str, payload: dict[str, Any]) -> bool:
    progress = payload.get("progress")
    return isinstance(progress, IngestProgress) and progress.state is JobState.FINISHED


@pytest.fixture()
def client_events() -> Iterator[tuple[LibraryClient, Events]]:
    events = Events()
    client = LibraryClient(events)
    yield client, events
    client.close()


def test_index_and_search_through_the_process(
    client_events: tuple[LibraryClient, Events], tmp_path: Path
) -> None:
    client, events = client_events
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "orbit.txt").write_text("The Hubble telescope orbits Earth at about 540 km.")
    (folder / "tea.md").write_text("# Tea\n\nMatcha is powdered green tea from Japan.")
    queued = client.add([folder], "Notes")
    assert sorted(Path(r.path).name for r in queued) == ["orbit.txt", "tea.md"]
    events.wait_for(finished)
    files = client.files("Notes")
    assert {r.status for r in files} == {FileStatus.DONE}
    best = client.search("How high does Hubble orbit?", k=2)[0]
    assert best.name == "orbit.txt" and "540" in best.text
    assert [i.name for i in client.libraries()] == ["Notes"]
    context = client.passage_context(best.chunk_id)
    assert [p.chunk_id for p in context] == [best.chunk_id]


def test_watched_folder_changes_are_followed(
    client_events: tuple[LibraryClient, Events], tmp_path: Path
) -> None:
    client, events = client_events
    folder = tmp_path / "watched"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha notes about mountains.")
    client.add([folder], "Watched")
    events.wait_for(finished)
    (folder / "b.txt").write_text("Beta notes about the rainforest canopy.")
    events.wait_for(finished)
    assert client.search("rainforest canopy", k=1)[0].name == "b.txt"
    (folder / "a.txt").unlink()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if [Path(r.path).name for r in client.files()] == ["b.txt"]:
            break
        time.sleep(0.3)
    assert [Path(r.path).name for r in client.files()] == ["b.txt"]


def test_kill_9_while_indexing_then_resume(
    client_events: tuple[LibraryClient, Events], tmp_path: Path
) -> None:
    client, events = client_events
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        body = " ".join(f"Fact {i}.{n}: item {i} has property {n * i}." for n in range(25))
        (folder / f"doc{i:02}.txt").write_text(body)
    client.add([folder], "Big")

    def some_done(name: str, payload: dict[str, Any]) -> bool:
        progress = payload.get("progress")
        return isinstance(progress, IngestProgress) and progress.files_done >= 3

    events.wait_for(some_done)
    pid = client.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    events.wait_for(lambda name, _: name == "stopped")
    # The next request starts a new process: it reconciles and continues.
    status = client.status()
    assert status.pid != pid
    events.wait_for(finished)
    status = client.status()
    assert status.pending == 0 and status.consistent is True
    files = client.files("Big")
    assert len(files) == 40 and {r.status for r in files} == {FileStatus.DONE}
    assert client.search("item 32 property", k=5)


def test_pause_resume_and_cancel(
    client_events: tuple[LibraryClient, Events], tmp_path: Path
) -> None:
    client, events = client_events
    folder = tmp_path / "slow"
    folder.mkdir()
    for i in range(24):
        (folder / f"n{i:02}.txt").write_text(f"Note {i}. " + "Some longer text here. " * 120)
    client.add([folder], "Slow")
    client.pause()
    events.wait_for(
        lambda n, p: (
            isinstance(p.get("progress"), IngestProgress) and p["progress"].state is JobState.PAUSED
        )
    )
    before = len([r for r in client.files("Slow") if r.status is FileStatus.DONE])
    time.sleep(1.5)
    assert len([r for r in client.files("Slow") if r.status is FileStatus.DONE]) == before
    client.resume()
    client.cancel()
    events.wait_for(
        lambda n, p: (
            isinstance(p.get("progress"), IngestProgress)
            and p["progress"].state in (JobState.CANCELLED, JobState.FINISHED)
        )
    )
    status = client.status()
    assert status.pending == 0 and status.consistent is True


def test_changing_the_embedding_model_re_embeds_after_confirmation(
    tmp_path: Path, hisho_home: Path, embedding_model_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "moon.txt").write_text("The Moon's surface gravity is about one sixth of Earth's.")
    events = Events()
    client = LibraryClient(events)
    try:
        client.add([folder], "Space")
        events.wait_for(finished)
    finally:
        client.close()
    # Another model (here the same weights under another name) is chosen in the settings.
    other = tmp_path / "other-model"
    other.symlink_to(embedding_model_path, target_is_directory=True)
    settings_file = hisho_home / "config" / "settings.json"
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text(json.dumps({"version": 1, "library": {"embedding_model": str(other)}}))
    events = Events()
    client = LibraryClient(events)
    try:
        client.start()
        _, payload = events.wait_for(lambda name, _: name == "embedding_model_changed")
        assert payload["new"] == "other-model" and payload["chunks"] >= 1
        assert client.status().pending == 0  # nothing re-embedded before the user agrees
        client.rebuild()
        events.wait_for(lambda name, _: name == "changed")
        assert client.search("gravity on the Moon", k=1)[0].name == "moon.txt"
        assert client.status().consistent is True
    finally:
        client.close()


def test_a_damaged_index_is_found_at_start_and_rebuilt_with_a_notice(tmp_path: Path) -> None:
    from engine import paths

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "orbit.txt").write_text("The Hubble telescope orbits Earth at about 540 km.")
    events = Events()
    client = LibraryClient(events)
    try:
        client.add([folder], "Notes")
        events.wait_for(finished)
    finally:
        client.close()
    database = paths.library_dir() / "chroma" / "chroma.sqlite3"
    database.write_bytes(b"\xee" * 8192 + database.read_bytes()[8192:])  # a bad disk

    events = Events()
    client = LibraryClient(events)
    try:
        client.status()  # starts the process
        _, notice = events.wait_for(lambda name, _: name == "notice")
        assert (
            "search index was damaged" in notice["message"]
            and "nothing was lost" in notice["message"]
        )
        events.wait_for(lambda name, _: name == "changed")
        assert client.status().consistent is True
        assert client.search("How high does Hubble orbit?", k=1)[0].name == "orbit.txt"
        assert list(paths.library_dir().glob("chroma.damaged-*"))  # kept, not deleted
    finally:
        client.close()
