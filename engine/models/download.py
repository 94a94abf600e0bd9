"""Model downloads that survive interruptions and never load a wrong file.

``download(url, target, ...)`` is a generator of :class:`DownloadProgress`:

- the free space is checked first (the whole remaining size, plus a margin);
- bytes go to ``<target>.part`` with a small ``<target>.part.json`` beside it (URL,
  expected size and sha256, the server's ETag); an interrupted download — cancelled,
  killed, offline — resumes from where it stopped with an HTTP Range request, also after
  a restart (a server that ignores Range, or whose file changed, starts it over);
- when complete, the sha256 is verified and the GGUF header checked; a file that fails
  either is moved to ``models/quarantine/`` and never loaded;
- only then is it renamed into place, so the models folder only ever holds whole,
  verified files.

Every download is a request that leaves the device, so each attempt is written to the
egress log (purpose "model download") when one is given.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from engine.cancel import CancelToken
from engine.errors import HishoError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.models.defaults import sha256_of
from engine.models.gguf_check import gguf_problem
from engine.storage.atomic import write_atomic
from engine.types import EgressEntry

if TYPE_CHECKING:
    from engine.storage.egress import EgressLog

#: Bytes read per step (progress and cancel are checked between them).
CHUNK = 1 << 20
#: Free space kept beyond the download itself.
SPACE_MARGIN = 256 * 1024 * 1024
TIMEOUT_S = 30.0


class DownloadError(HishoError):
    """A download could not be done; ``str()`` says why and what was kept."""


class ServerUnreachableError(DownloadError):
    """The server could not be reached (offline, a wrong address, a firewall)."""


@dataclass(frozen=True, slots=True)
class DownloadProgress:
    """How far a download is: bytes done of ``total`` (0 when unknown), speed, ETA."""

    done: int
    total: int
    bytes_per_s: float
    resumed_from: int = 0

    @property
    def eta_s(self) -> float | None:
        if not self.total or self.bytes_per_s <= 0:
            return None
        return max(0.0, (self.total - self.done) / self.bytes_per_s)

    @property
    def message(self) -> str:
        mb = 1024 * 1024
        done = f"{self.done / mb:,.1f}"
        total = f"{self.total / mb:,.1f}"
        speed = f"{self.bytes_per_s / mb:.1f}"
        eta = self.eta_s
        if not self.total:
            if not self.bytes_per_s:
                return QT_TRANSLATE_NOOP("Engine", "Downloading {done} MB").format(done=done)
            return QT_TRANSLATE_NOOP("Engine", "Downloading {done} MB · {speed} MB/s").format(
                done=done, speed=speed
            )
        if not self.bytes_per_s:
            return QT_TRANSLATE_NOOP("Engine", "Downloading {done} MB of {total} MB").format(
                done=done, total=total
            )
        if eta is None or eta >= 3600:
            return QT_TRANSLATE_NOOP(
                "Engine", "Downloading {done} MB of {total} MB · {speed} MB/s"
            ).format(done=done, total=total, speed=speed)
        return QT_TRANSLATE_NOOP(
            "Engine", "Downloading {done} MB of {total} MB · {speed} MB/s · about {seconds} s left"
        ).format(done=done, total=total, speed=speed, seconds=f"{eta:.0f}")


def quarantine_dir(models: Path) -> Path:
    return models / "quarantine"


def _meta_path(part: Path) -> Path:
    return part.with_name(part.name + ".json")


def _read_meta(part: Path) -> dict[str, object]:
    try:
        data = json.loads(_meta_path(part).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


@dataclass
class _Attempt:
    """One try at a download: what it sent and received and how it ended (egress log)."""

    url: str
    target: Path
    sent: int = 0
    received: int = 0
    outcome: str = "downloaded"
    started: float = field(default_factory=time.monotonic)

    @property
    def part(self) -> Path:
        return self.target.with_name(self.target.name + ".part")

    def record(self, ledger: EgressLog | None) -> None:
        if ledger is not None and self.sent:
            ledger.record(EgressEntry(time.time(), "model download", self.target.name,
                                      urlsplit(self.url).netloc, self.sent, self.received,
                                      None, "model download", self.outcome))  # fmt: skip


def download(
    url: str,
    target: Path,
    sha256: str = "",
    size: int = 0,
    cancel: CancelToken | None = None,
    ledger: EgressLog | None = None,
    free_space: Callable[[Path], int] = lambda folder: shutil.disk_usage(folder).free,
) -> Iterator[DownloadProgress]:
    """Download ``url`` to ``target`` (see the module's docstring). Returns when the
    verified file is in place; stops quietly when cancelled (the part file stays for
    the next try).

    Raises:
        DownloadError: no space, the server refused, the checksum or the GGUF header
            did not match (the file is then in quarantine).
    """
    cancel = cancel or CancelToken()
    if urlsplit(url).scheme not in ("https", "http"):
        raise DownloadError(
            QT_TRANSLATE_NOOP(
                "Engine", "Only http(s) addresses can be downloaded, not “{address}”."
            ).format(address=url)
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    have, request = _resume_request(url, target.with_name(target.name + ".part"))
    attempt = _Attempt(url, target)
    try:
        response = _open(request, have, attempt)
        attempt.sent = len(url) + 200  # request line and headers, roughly
        if response is not None:
            with response:
                complete = yield from _receive(response, have, sha256, size, cancel,
                                               free_space, attempt)  # fmt: skip
            if not complete:
                return
        _verify_and_place(attempt.part, target, sha256)
    finally:
        attempt.record(ledger)


def _resume_request(url: str, part: Path) -> tuple[int, urllib.request.Request]:
    """Bytes already in ``part`` for this URL, and the request for the rest of them."""
    meta = _read_meta(part)
    if part.exists() and meta.get("url") != url:
        part.unlink()  # a different download used this name: start over
        meta = {}
    have = part.stat().st_size if part.exists() else 0
    etag = str(meta.get("etag", ""))
    request = urllib.request.Request(url, headers={"User-Agent": "Hisho"})
    if have:
        request.add_header("Range", f"bytes={have}-")
        if etag:
            request.add_header("If-Range", etag)
    return have, request


def _open(request: urllib.request.Request, have: int, attempt: _Attempt) -> Any:
    """The server's response, or None when a resumed file was already complete."""
    try:
        return urllib.request.urlopen(request, timeout=TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # already complete on a previous run
            return None
        attempt.outcome = f"HTTP {exc.code}"
        raise DownloadError(
            QT_TRANSLATE_NOOP(
                "Engine",
                "The server refused the download (HTTP {status}). Check the address.",
            ).format(status=exc.code)
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        attempt.outcome = "unreachable"
        raise ServerUnreachableError(
            QT_TRANSLATE_NOOP(
                "Engine",
                "Could not reach {host}: {error}. Check the address and the "
                "network, then download again: what arrived so far is kept.",
            ).format(host=urlsplit(attempt.url).netloc, error=exc)
        ) from exc


def _receive(
    response: Any,
    have: int,
    sha256: str,
    size: int,
    cancel: CancelToken,
    free_space: Callable[[Path], int],
    attempt: _Attempt,
) -> Generator[DownloadProgress, None, bool]:
    """Write the response's body to the part file; False when cancelled first."""
    if response.status == 200 and have:
        have = 0  # the server sent the whole file again: start over
    length = int(response.headers.get("Content-Length") or 0)
    total = size or (have + length if length else 0)
    needed = (total - have if total else length) + SPACE_MARGIN
    folder = attempt.target.parent
    if free_space(folder) < needed:
        attempt.outcome = "refused: no space"
        raise DownloadError(
            QT_TRANSLATE_NOOP(
                "Engine",
                "Not enough free space in {folder}: the download needs "
                "{size} GB. Free some space and try again.",
            ).format(folder=folder, size=f"{needed / 1024**3:.1f}")
        )
    facts = {"url": attempt.url, "sha256": sha256, "size": total,
             "etag": response.headers.get("ETag") or ""}  # fmt: skip
    write_atomic(_meta_path(attempt.part), json.dumps(facts).encode("utf-8"))  # kill-safe
    done = yield from _copy(response, have, total, cancel, attempt)
    if done is None:
        return False
    if total and done < total:
        attempt.outcome = "cut off"
        raise DownloadError(
            QT_TRANSLATE_NOOP(
                "Engine",
                "The download stopped at {done} of {total} bytes; try again to resume it.",
            ).format(done=f"{done:,}", total=f"{total:,}")
        )
    return True


def _copy(
    response: Any, have: int, total: int, cancel: CancelToken, attempt: _Attempt
) -> Generator[DownloadProgress, None, int | None]:
    """Append the body to the part file, one chunk a step; the bytes it then holds, or
    None when cancelled (what arrived stays for the next try)."""
    with attempt.part.open("ab" if have else "wb") as out:
        done = have
        yield DownloadProgress(done, total, 0.0, have)
        while True:
            if cancel.cancelled:
                attempt.outcome = "paused"
                return None
            block = response.read(CHUNK)
            if not block:
                break
            out.write(block)
            done += len(block)
            attempt.received += len(block)
            elapsed = time.monotonic() - attempt.started
            speed = attempt.received / elapsed if elapsed > 0 else 0.0
            yield DownloadProgress(done, total, speed, have)
        out.flush()
        os.fsync(out.fileno())
    return done


def _verify_and_place(part: Path, target: Path, sha256: str) -> None:
    if sha256:
        actual = sha256_of(part)
        if actual.lower() != sha256.lower():
            kept = _quarantine(part, target)
            raise DownloadError(
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "The downloaded file does not match its sha256 (expected {expected}…, "
                    "got {actual}…). It was moved to {path} and will not be loaded.",
                ).format(expected=sha256[:12], actual=actual[:12], path=kept)
            )
    problem = gguf_problem(str(part))
    if problem:
        kept = _quarantine(part, target)
        raise DownloadError(
            QT_TRANSLATE_NOOP(
                "Engine", "{problem} It was moved to {path} and will not be loaded."
            ).format(problem=problem, path=kept)
        )
    os.replace(part, target)
    _meta_path(part).unlink(missing_ok=True)


def _quarantine(part: Path, target: Path) -> Path:
    folder = quarantine_dir(target.parent)
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{target.name}.{int(time.time())}"
    os.replace(part, kept)
    _meta_path(part).unlink(missing_ok=True)
    return kept
