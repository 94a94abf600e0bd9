"""`hisho models download NAME`: get a catalog model from a terminal, verified.

NAME is a catalog entry's id or its name (``hisho models catalog``); an unknown one
lists the close matches. The licence is shown first (and whether it forbids commercial
use) and a terminal asks before anything is fetched; without a terminal ``--yes``
accepts it. Then ``engine.models.get.download_entry`` fetches the model (and a vision
model's projector) exactly as the window does: checked against the catalog's sha256
and size, a wrong file quarantined, each request in the egress log. Progress goes to
stderr (percent, speed, time left). Ctrl+C pauses: the part file stays, and the same
command resumes it (without asking again: the licence was accepted). Exit status: 0
installed (or already here), 1 failed or refused, 130 paused.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from typing import TYPE_CHECKING

from desktop.catalog_cli import NON_COMMERCIAL, load, size_text
from desktop.cli_common import cancel_on_sigint, warn

if TYPE_CHECKING:
    from collections.abc import Iterator

    from engine.models.catalog import Catalog, CatalogEntry
    from engine.models.download import DownloadProgress

#: A progress line rewritten at most this often on a terminal (seconds).
REDRAW_S = 0.25
NEEDS_NETWORK = (
    "Downloading a model needs the network: connect this computer, then run the same command again."
)


def find_entry(catalog: Catalog, name: str) -> CatalogEntry | None:
    """The chat model ``name`` means (an id or a name, without case); None, with the
    close matches said on stderr, when it means none or several."""
    wanted = name.strip().lower()
    models = catalog.models()
    found = catalog.get(wanted)
    if found is not None and found.role == "model":
        return found
    if found is not None:  # a vision projector: it comes with its model
        owners = [m.id for m in models if m.projector == found.id]
        warn(f"{found.id} is the image part of {', '.join(owners) or 'a model'}; download that")
        return None
    named = [m for m in models if wanted in (m.name.lower(), m.display_name.lower())]
    if len(named) == 1:
        return named[0]
    close = [m.id for m in named] or _close_matches(wanted, models)
    message = f"no catalog model is called “{name}”"
    if named:
        message = f"“{name}” comes in several files; name one"
    if close:
        message += ". Did you mean: " + ", ".join(close)
    warn(message + " (all of them: hisho models catalog)")
    return None


def _close_matches(wanted: str, models: list[CatalogEntry]) -> list[str]:
    ids = [m.id for m in models]
    by_name = {m.name.lower(): m.id for m in models}
    similar = difflib.get_close_matches(wanted, ids, n=5, cutoff=0.6)
    similar += [by_name[n] for n in difflib.get_close_matches(wanted, list(by_name), 3, 0.6)]
    similar += [i for i in ids if wanted and wanted in i]
    return list(dict.fromkeys(similar))[:8]


def download_command(args: argparse.Namespace) -> int:
    from engine.models.get import files_to_get, state

    catalog = load()
    entry = find_entry(catalog, args.what) if catalog is not None else None
    if catalog is None or entry is None:
        return 1
    missing = [part for part in files_to_get(catalog, entry) if not state(part).installed]
    if not missing:
        print(f"{entry.display_name} is already installed.")
        _print_use(entry)
        return 0
    if any(state(part).resumable for part in missing):
        done = sum(state(part).partial_bytes for part in missing)
        print(f"Resuming {entry.display_name}: {size_text(done)} are here already.",
              file=sys.stderr)  # fmt: skip
    elif not _accepted(catalog, entry, args.yes):
        return 1
    return _fetch(catalog, entry, missing)


def _accepted(catalog: Catalog, entry: CatalogEntry, yes: bool) -> bool:
    """The licence said on stderr, and accepted: ``--yes``, or "y" on a terminal."""
    from engine.models.get import files_to_get
    from engine.models.hardware import memory_needed

    size = sum(part.approx_size_bytes for part in files_to_get(catalog, entry))
    lines = [f"{entry.display_name} ({size_text(size)}) from {entry.url.split('/')[2]}",
             f"Licence: {entry.license_name}, {entry.license_url}"]  # fmt: skip
    if entry.non_commercial:
        lines.append(NON_COMMERCIAL)
    lines.append(f"Needs about {memory_needed(entry) / 1024**3:.1f} GB of memory to run. The "
                 "file is checked against its published sha256 before it is used.")  # fmt: skip
    print("\n".join(lines), file=sys.stderr)
    if yes:
        return True
    if not sys.stdin.isatty():
        warn("not downloaded: accept the licence above with --yes (no terminal to ask on)")
        return False
    print("Download it and accept the licence? [y/N] ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline().strip().lower()
    except KeyboardInterrupt:
        answer = ""
    if answer not in ("y", "yes"):
        print("not downloaded", file=sys.stderr)
        return False
    return True


def _fetch(catalog: Catalog, entry: CatalogEntry, missing: list[CatalogEntry]) -> int:
    from engine.models.download import ServerUnreachableError
    from engine.models.get import download_entry, state
    from engine.storage.egress import EgressLog

    with cancel_on_sigint() as cancel:
        ledger = EgressLog()
        try:
            _Progress(missing).show(download_entry(catalog, entry, cancel=cancel, ledger=ledger))
        except ServerUnreachableError as exc:
            warn(exc)
            warn(NEEDS_NETWORK)
            return 1
        finally:
            ledger.close()
    if not all(state(part).installed for part in missing):  # Ctrl+C before the end
        kept = sum(state(part).partial_bytes for part in missing)
        warn(f"paused with {size_text(kept)} here; run the same command again to resume")
        return 130
    _print_use(entry)
    return 0


def _print_use(entry: CatalogEntry) -> None:
    from engine.models.get import state

    path = state(entry).path
    print(f"Installed {entry.display_name} at {path}")
    print(f"Chat with it from now on: hisho models use {path.stem}")
    print(f'Or ask it once: hisho ask --model "{path}" "Hello"')


class _Progress:
    """A download's progress on stderr: one line rewritten on a terminal, else a line
    every tenth of the way."""

    def __init__(self, files: list[CatalogEntry]) -> None:
        self.files = files
        self.index = 0
        self.tty = sys.stderr.isatty()
        self.last: DownloadProgress | None = None
        self.drawn = 0.0
        self.step = -1  # the last tenth printed (no terminal)

    def show(self, steps: Iterator[DownloadProgress]) -> None:
        try:
            for progress in steps:
                self._next_file(progress)
                self._draw(progress)
                self.last = progress
        finally:
            if self.tty and self.last is not None:
                print(file=sys.stderr)

    def _next_file(self, progress: DownloadProgress) -> None:
        last = self.last
        if last is None:
            return
        finished = bool(last.total) and last.done >= last.total
        if (finished or progress.done < last.done) and self.index + 1 < len(self.files):
            self.index += 1
            self.step = -1
            if self.tty:
                print(file=sys.stderr)

    def _draw(self, progress: DownloadProgress) -> None:
        line = self._line(progress)
        if self.tty:
            now = time.monotonic()
            if now - self.drawn >= REDRAW_S or progress.done == progress.total:
                print(f"\r{line}\033[K", end="", file=sys.stderr, flush=True)
                self.drawn = now
            return
        tenth = int(progress.done * 10 / progress.total) if progress.total else 0
        if tenth > self.step:
            print(line, file=sys.stderr, flush=True)
            self.step = tenth

    def _line(self, progress: DownloadProgress) -> str:
        name = self.files[self.index].display_name
        if len(self.files) > 1:
            name += f" (file {self.index + 1} of {len(self.files)})"
        done, speed = size_text(progress.done), f"{progress.bytes_per_s / 1024**2:.1f} MB/s"
        if not progress.total:
            return f"{name}: {done} · {speed}"
        parts = [f"{progress.done / progress.total:.0%}",
                 f"{done} of {size_text(progress.total)}", speed]  # fmt: skip
        eta = progress.eta_s
        if progress.done >= progress.total:
            parts.append("checking the sha256…")
        elif eta is not None:
            parts.append(f"about {_duration(eta)} left")
        return f"{name}: " + " · ".join(parts)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1.0, seconds):.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds // 3600:.0f} h {seconds % 3600 / 60:02.0f} min"
