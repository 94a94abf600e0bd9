"""Finding the files to index under what the user added, and hashing them."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

#: Folders never worth indexing.
SKIP_DIRS = frozenset({"node_modules", "__pycache__", ".git", ".hg", ".svn", ".venv", "venv"})


def file_sha256(path: Path, cap: int | None = None) -> str:
    """The SHA-256 of a file's bytes (of its first ``cap`` bytes or so when given)."""
    digest = hashlib.sha256()
    read = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            read += len(block)
            if cap is not None and read >= cap:
                break
    return digest.hexdigest()


def scan(paths_: Iterable[Path]) -> Iterator[tuple[Path, Path | None]]:
    """Regular files under the given paths, as (real path, folder it was found in).

    Never follows a symlink out of the folder it was found in (symlinked folders are not
    entered at all, so there are no loops); FIFOs, sockets and devices are skipped, as are
    hidden files and folders like ``.git`` and ``node_modules``.
    """
    seen: set[Path] = set()
    for given in paths_:
        given = Path(given).expanduser()
        try:
            info = given.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            real = given.resolve()
            if real not in seen:
                seen.add(real)
                yield real, None
        elif stat.S_ISDIR(info.st_mode):
            yield from _scan_folder(given.resolve(), seen)


def _scan_folder(root: Path, seen: set[Path]) -> Iterator[tuple[Path, Path | None]]:
    """The regular files inside ``root`` not yet ``seen`` (added to it as they come)."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(files):
            if name.startswith("."):
                continue
            candidate = Path(folder) / name
            try:
                real = candidate.resolve(strict=True)
                mode = real.stat().st_mode
            except (OSError, RuntimeError):  # dangling link, loop, permission
                continue
            if not stat.S_ISREG(mode) or not real.is_relative_to(root) or real in seen:
                continue
            seen.add(real)
            yield real, root
