"""Soak: SIGKILL the engine at random moments, hundreds of times; nothing confirmed is lost.

Each iteration starts a child Python that works on one shared data folder, the way the
app does, and prints a line for everything it has confirmed; the parent kills it with
SIGKILL at a random moment, then opens the data again as the next start would:

- ``messages``: the child appends messages to the history; every acknowledged message
  must be there afterwards (and the database must pass ``integrity_check``).
- ``settings``: the child saves settings over and over; the file must load without a
  warning and be the last confirmed version or the one being written.
- ``indexing``: the child indexes a folder (files are edited between iterations so
  there is work); afterwards ``Library.reconcile`` and the rest of the indexing run (as
  the next start does), and the manifest and the vector index must hold exactly the
  same chunks, with every file indexed.

- ``download``: the child downloads a model (the bundled one, from a local HTTP server
  throttled so the kill lands mid-transfer); afterwards the next try must resume from
  what arrived (an HTTP Range request, never from zero once bytes were kept) and end
  with the verified, identical file.

Progress goes to stderr; the last stdout line is one JSON object (``iterations``,
``losses``, per scenario counts). ``losses`` must be 0.

    .venv/bin/python bench/soak.py [--iterations 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import emit, log
from _library import installed_embedding_model, library_home

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo

REPO = Path(__file__).resolve().parent.parent
#: (scenario, share of the iterations)
SCENARIOS = (("messages", 0.40), ("settings", 0.35), ("indexing", 0.13), ("download", 0.12))

CHILD = {
    "messages": """
import sys
from engine import paths
from engine.storage.history import History
history = History(paths.history_db())
conversation = history.create_conversation()
n = 0
while True:
    message = history.append_message(conversation.id, "user", f"soak {sys.argv[1]} {n}")
    print("ack", message.id, message.content, flush=True)
    n += 1
""",
    "settings": """
import dataclasses
from engine.storage import settings
current, _ = settings.load()
n = current.chat.max_reply_tokens
while True:
    n += 1
    chat = dataclasses.replace(current.chat, max_reply_tokens=n)
    settings.save(dataclasses.replace(current, chat=chat))
    print("ack", n, flush=True)
""",
    "indexing": """
import sys
from pathlib import Path
from engine import paths
from engine.library.embedder import Embedder, resolve_embedding_model
from engine.library.library import Library
library = Library(paths.library_dir(), Embedder(resolve_embedding_model(sys.argv[2])))
library.reconcile()
print("ready", flush=True)
for step in library.index([Path(sys.argv[1])], "Soak"):
    if step.file is not None and step.file.status.value == "done":
        print("ack", step.file.path, flush=True)
""",
    "download": """
import sys
from pathlib import Path
from engine.models.download import download
print("ready", flush=True)
for step in download(sys.argv[1], Path(sys.argv[2]), sys.argv[3]):
    print("ack", step.done, flush=True)
print("ack done", flush=True)
""",
}


def child(scenario: str, *arguments: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD[scenario], *arguments], cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip


def run_and_kill(process: subprocess.Popen[bytes], delay: float, ready: str) -> list[str]:
    """Wait for a line starting with ``ready``, wait ``delay`` more, then SIGKILL the
    child's group; return every complete line it printed (a line without its newline
    was not confirmed)."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    data = b""
    deadline = None
    while process.poll() is None:
        if select.select([fd], [], [], 0.005)[0]:
            data += os.read(fd, 1 << 16)
        if deadline is None and any(
            line.startswith(ready.encode()) for line in data.split(b"\n")[:-1]
        ):
            deadline = time.monotonic() + delay
        if deadline is not None and time.monotonic() >= deadline:
            break
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    while chunk := os.read(fd, 1 << 16):
        data += chunk
    process.stdout.close()
    return data.decode("utf-8", "replace").split("\n")[:-1]


def check_messages(lines: list[str]) -> int:
    from engine import paths
    from engine.storage.history import History

    acked = {}
    for line in lines:
        kind, number, content = line.split(" ", 2)
        if kind == "ack":
            acked[int(number)] = content
    lost = 0
    history = History(paths.history_db())
    try:
        for message_id, content in acked.items():
            saved = history.message(message_id)
            lost += saved is None or saved.content != content
    finally:
        history.close()
    with contextlib.closing(sqlite3.connect(paths.history_db())) as db:
        lost += db.execute("PRAGMA integrity_check").fetchone() != ("ok",)
    return lost


def check_settings(lines: list[str]) -> int:
    from engine.storage import settings

    acked = [int(line.split()[1]) for line in lines if line.startswith("ack")]
    loaded, warning = settings.load()
    if warning:
        return 1
    if not acked:
        return 0
    return int(loaded.chat.max_reply_tokens not in (acked[-1], acked[-1] + 1))


def check_library(embedder: Any, folder: Path) -> int:
    """Start as the app would: reconcile, finish the indexing; then all must agree."""
    from engine import paths
    from engine.library.library import Library
    from engine.library.types import FileStatus

    with Library(paths.library_dir(), embedder) as library:
        library.reconcile()
        for _ in library.index([folder], "Soak"):
            pass
        files = library.files("Soak")
        done = all(record.status is FileStatus.DONE for record in files)
        return int(not (library.consistent() and done and len(files) == DOCS))


DOCS = 24


def check_download(url: str, served: Any, target: Path, sha256: str, body: bytes) -> int:
    """The next try, as the app would make it: resume from the part file, then the
    verified file must equal the original. Then start clean for the next kill."""
    from engine.models.download import download

    part = target.with_name(target.name + ".part")
    kept = part.stat().st_size if part.exists() else 0
    served.ranges.clear()
    rate, served.rate = served.rate, 0
    lost = 0
    try:
        for _ in download(url, target, sha256):
            pass
        lost += target.read_bytes() != body
        if kept and not target.exists():
            lost += 1
        if kept and served.ranges and not served.ranges[0].startswith(f"bytes={kept}-"):
            lost += 1  # started over instead of resuming
    except Exception as exc:
        log(f"download did not resume: {exc}")
        lost += 1
    finally:
        served.rate = rate
        for leftover in (target, part, part.with_name(part.name + ".json")):
            leftover.unlink(missing_ok=True)
    return lost


def write_docs(folder: Path, rng: random.Random, edits: int) -> None:
    """The folder to index; ``edits`` files get a new line (so there is work to do)."""
    folder.mkdir(exist_ok=True)
    for i in range(DOCS):
        path = folder / f"doc{i:02}.txt"
        if not path.exists():
            path.write_text(
                " ".join(f"Fact {i}.{n}: item {i} has value {n * i}." for n in range(40))
            )
    for i in rng.sample(range(DOCS), edits):
        with (folder / f"doc{i:02}.txt").open("a", encoding="utf-8") as handle:
            handle.write(f"\nEdited {rng.random():.6f}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.monotonic()
    counts = {name: 0 for name, _ in SCENARIOS}
    acked = {name: 0 for name, _ in SCENARIOS}
    losses = {name: 0 for name, _ in SCENARIOS}
    model = installed_embedding_model()
    from engine.models.defaults import default_chat_model, sha256_of
    from tests.model_server import serve

    chat_model = default_chat_model()
    body = chat_model.read_bytes()
    body_sha = sha256_of(chat_model)
    with library_home() as home, serve(body, "soak-model.gguf") as (url, served):
        served.rate = len(body) // 2  # two seconds a download: the kill lands inside
        from engine.library.embedder import Embedder

        embedder = Embedder(model)
        folder = home / "docs"
        names = [name for name, _ in SCENARIOS]
        weights = [share for _, share in SCENARIOS]
        for iteration in range(args.iterations):
            # Every scenario at least once, then at random by its share.
            scenario = (
                names[iteration] if iteration < len(names) else rng.choices(names, weights)[0]
            )
            if scenario == "indexing":
                write_docs(folder, rng, edits=6)
                process = child(scenario, str(folder), str(model))
                lines = run_and_kill(process, rng.uniform(0, 4), "ready")
                lost = check_library(embedder, folder)
            elif scenario == "download":
                target = home / "downloads" / "soak-model.gguf"
                process = child(scenario, url, str(target), body_sha)
                lines = run_and_kill(process, rng.uniform(0, 1.8), "ready")
                lost = check_download(url, served, target, body_sha, body)
            else:
                lines = run_and_kill(child(scenario, str(iteration)), rng.uniform(0, 0.3), "ack")
                check = check_messages if scenario == "messages" else check_settings
                lost = check(lines)
            counts[scenario] += 1
            acked[scenario] += sum(line.startswith("ack") for line in lines)
            losses[scenario] += lost
            if lost or (iteration + 1) % 10 == 0:
                total = sum(losses.values())
                log(f"{iteration + 1}/{args.iterations}: {scenario}, losses so far {total}")
    emit({
        "iterations": args.iterations,
        "losses": sum(losses.values()),
        "by_scenario": {name: {"kills": counts[name], "acknowledged": acked[name],
                               "losses": losses[name]} for name in names},
        "seconds": round(time.monotonic() - started, 1),
        "seed": args.seed,
    })  # fmt: skip


if __name__ == "__main__":
    main()
