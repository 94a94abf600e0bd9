"""Text extraction and page drawing behind a process boundary, with time and memory limits.

Parsers are native code (PDFium) or fed hostile input (zip bombs, fuzzed PDFs): one
file can hang, eat all memory or crash. ``ExtractorProcess`` runs
:func:`engine.library.extract.extract` (and, for the source viewer,
:func:`engine.library.render.render_pdf_page`, so the window never loads PDFium)
in a child Python started with ``Popen`` (not
``fork``: the caller has torch and Chroma threads), talking JSON lines over its
stdin/stdout (``engine.child_process``). The child is reused from file to file. A
file that runs past the time limit gets its child killed (``ExtractError("timeout")``);
a child that dies (out of memory, killed, crashed) gives ``ExtractError("memory")`` or
``("corrupt")``; either way the next call starts a fresh child.

The memory limit is ``RLIMIT_AS``, which the child sets on itself as each request
asks: Linux enforces it; macOS accepts it but does not enforce it; Windows has no
``resource`` module and runs without one (the time limit still holds everywhere).

Run as ``python -m engine.library.guard`` this module is that child.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import sys
import threading
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from engine.child_process import ChildProcess, child_command, worker_channel
from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.extract_wire import (
    extracted_from_dict,
    extracted_to_dict,
    page_from_dict,
    page_to_dict,
)
from engine.library.render import rendered_from_dict
from engine.library.scanned import Progress, read_scanned
from engine.library.types import Extracted, Page, Region, RenderedPage

#: The child's exit status when it ran out of memory (``RLIMIT_AS``).
EXIT_MEMORY = 3
DEFAULT_TIME_LIMIT_S = 60.0
DEFAULT_MEMORY_LIMIT = 1536 * 2**20
#: Each scanned page gets its own time limit (6–9 s a page on two cores, plus the load
#: of the OCR models on the first), so a file's whole limit grows with its pages.
OCR_PAGE_TIME_S = 120.0
#: OCR of an A4 page at 200 dpi peaks near 1 GB resident; its address space is larger.
OCR_MEMORY_LIMIT = 4 * 2**30
#: How long a fresh child may take to import and say it is ready.
START_TIMEOUT_S = 60.0


# --- the parent side ---------------------------------------------------------------


def worker_command() -> list[str]:
    """How to start the child (a frozen app re-runs itself with a flag)."""
    return child_command("--extract-worker", "engine.library.guard")


def _returncode(child: ChildProcess) -> int | None:
    with contextlib.suppress(Exception):  # subprocess.TimeoutExpired: still winding down
        return child.popen.wait(timeout=5)
    return None


def _death_error(returncode: int | None) -> ExtractError:
    killed = getattr(signal, "SIGKILL", None)  # the kernel's out-of-memory killer uses it
    if returncode == EXIT_MEMORY or (killed is not None and returncode == -killed):
        return ExtractError(
            "memory",
            QT_TRANSLATE_NOOP(
                "Engine",
                "Reading this file needed more memory than Hisho allows, so it was stopped. "
                "Split the file or save a smaller copy, and add that.",
            ),
        )
    return ExtractError(
        "corrupt",
        QT_TRANSLATE_NOOP(
            "Engine",
            "Hisho's document reader crashed on this file, so it is probably damaged. "
            "Open it and save (or print) a new copy, then add that.",
        ),
    )


_LIVE: weakref.WeakSet[ExtractorProcess] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for process in list(_LIVE):
        process.close()


class ExtractorProcess:
    """A reusable child process that extracts text under a time and a memory limit.

    One call at a time (a lock serialises callers). Use as a context manager, or call
    :meth:`close`; children left at exit are closed by an ``atexit`` hook.
    """

    def __init__(
        self,
        *,
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        memory_limit_bytes: int = DEFAULT_MEMORY_LIMIT,
        max_bytes: int = 64 * 2**20,
        max_pages: int = 5000,
    ) -> None:
        self.time_limit_s = time_limit_s
        self.memory_limit_bytes = memory_limit_bytes
        self.max_bytes = max_bytes
        self.max_pages = max_pages
        self._child: ChildProcess | None = None
        self._ocr_used = False
        self._lock = threading.Lock()
        _LIVE.add(self)

    @property
    def pid(self) -> int | None:
        """The running child's process id (None before the first call or after a kill)."""
        child = self._child
        return child.popen.pid if child is not None and child.alive() else None

    def extract(
        self,
        path: Path,
        *,
        time_limit_s: float | None = None,
        progress: Progress | None = None,
        held: Callable[[], bool] = lambda: False,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Extracted:
        """What :func:`engine.library.extract.extract` returns for ``path``, or its error.

        Scanned pages are then read one a request (:data:`OCR_PAGE_TIME_S`,
        :data:`OCR_MEMORY_LIMIT`), told, held and stopped as ``read_scanned`` says.

        Raises:
            ExtractError: the reader's own errors, plus ``timeout`` (past the time
                limit), ``memory`` or ``corrupt`` (the child died on this file).
        """
        result = self._ask(
            path, time_limit_s, op="extract", max_bytes=self.max_bytes, max_pages=self.max_pages
        )
        extracted = extracted_from_dict(result)

        def read_page(kind: str, number: int) -> Page:
            self._ocr_used, memory = True, max(self.memory_limit_bytes, OCR_MEMORY_LIMIT)
            ask = {"op": "ocr", "kind": kind, "number": number, "memory": memory}
            return page_from_dict(self._ask(path, OCR_PAGE_TIME_S, **ask))

        return read_scanned(extracted, read_page, progress=progress, held=held, cancelled=cancelled)

    def render_page(
        self,
        path: Path,
        number: int,
        width_px: int,
        *,
        passage: str = "",
        regions: Sequence[Region] = (),
        time_limit_s: float | None = None,
    ) -> RenderedPage:
        """Page ``number`` of ``path`` (a PDF or a picture) drawn ``width_px`` wide, with
        ``passage`` boxed, or a scanned page's ``regions``
        (:func:`engine.library.render.render_page`), under the same limits.

        Raises:
            ExtractError: ``corrupt``, ``empty``, ``missing``, ``unreadable`` from the
                renderer, plus ``timeout``, ``memory`` or ``corrupt`` as for :meth:`extract`.
        """
        boxes = [list(region) for region in regions]
        result = self._ask(path, time_limit_s, op="render", number=number, width_px=width_px,
                           passage=passage, regions=boxes)  # fmt: skip
        return rendered_from_dict(result)

    def _ask(self, path: Path, time_limit_s: float | None, **request: Any) -> Any:
        """Send one request about ``path`` to the child; its result, or the error."""
        limit = self.time_limit_s if time_limit_s is None else time_limit_s
        with self._lock:
            child = self._ready_child(ocr=request["op"] == "ocr")
            where = str(Path(path).absolute())
            memory = request.pop("memory", self.memory_limit_bytes)
            child.send(path=where, memory_limit=memory, time_limit=limit, **request)
            reply = child.next_event(timeout=limit)
            if reply == {}:
                self._drop()
                raise ExtractError(
                    "timeout",
                    QT_TRANSLATE_NOOP(
                        "Engine",
                        "Reading “{name}” took longer than {seconds} seconds, so it was "
                        "stopped. The file may be damaged or very large.",
                    ).format(name=Path(path).name, seconds=f"{limit:g}"),
                )
            if reply is None:
                error = _death_error(_returncode(child))
                self._drop()
                raise error
        if not reply.get("ok"):
            raise ExtractError(str(reply.get("reason", "corrupt")), str(reply.get("message")))
        return reply["result"]

    def _ready_child(self, *, ocr: bool = False) -> ChildProcess:
        if self._ocr_used and not ocr:
            self._ocr_used = False  # its memory cap was raised for OCR: start a fresh one
            self._drop()
        if self._child is not None and self._child.alive():
            return self._child
        self._drop()
        child = ChildProcess(worker_command(), "extract-worker.log")
        ready = child.next_event(timeout=START_TIMEOUT_S)
        if not ready or ready.get("event") != "ready":
            child.kill()
            raise ExtractError(
                "unreadable",
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "Hisho's document reader could not start. The log file extract-worker.log "
                    "says why.",
                ),
            )
        self._child = child
        return child

    def _drop(self) -> None:
        if self._child is not None:
            self._child.kill()
        self._child = None

    def close(self) -> None:
        """End the child process (the next call would start a new one)."""
        with self._lock:
            if self._child is not None:
                self._child.quit()
            self._child = None

    def __enter__(self) -> ExtractorProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


_shared: ExtractorProcess | None = None
_shared_lock = threading.Lock()


def _shared_process(memory_limit_bytes: int) -> ExtractorProcess:
    """The process this one shares for guarded calls (a new one for a new memory limit)."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.memory_limit_bytes != memory_limit_bytes:
            if _shared is not None:
                _shared.close()
            _shared = ExtractorProcess(memory_limit_bytes=memory_limit_bytes)
        return _shared


def extract_guarded(
    path: Path,
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    memory_limit_bytes: int = DEFAULT_MEMORY_LIMIT,
) -> Extracted:
    """``extract(path)`` in a shared child process with these limits (see the module)."""
    return _shared_process(memory_limit_bytes).extract(path, time_limit_s=time_limit_s)


def render_page_guarded(
    path: Path,
    page_number: int,
    width_px: int,
    *,
    passage: str = "",
    regions: Sequence[Region] = (),
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    memory_limit_bytes: int = DEFAULT_MEMORY_LIMIT,
) -> RenderedPage:
    """A page drawn as a PNG in the shared child process, with these limits: the caller
    (the window) never loads PDFium or decodes a picture. See
    :meth:`ExtractorProcess.render_page`."""
    process = _shared_process(memory_limit_bytes)
    return process.render_page(
        path, page_number, width_px, passage=passage, regions=regions, time_limit_s=time_limit_s
    )


# --- the child side ----------------------------------------------------------------


def _limit_memory(limit: int) -> None:
    """Cap this process's address space (the child applies what the parent asks)."""
    if sys.platform == "win32":  # no RLIMIT_AS; the time limit still applies
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = resource.RLIM_INFINITY if limit <= 0 else limit
    if hard != resource.RLIM_INFINITY:
        wanted = hard if wanted == resource.RLIM_INFINITY else min(wanted, hard)
    if wanted != soft:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _extract(request: dict[str, Any]) -> dict[str, Any]:
    from engine.library.deadline import reading_within
    from engine.library.extract import extract

    path, max_bytes, max_pages = request["path"], request["max_bytes"], request["max_pages"]
    with reading_within(float(request.get("time_limit") or 0)):  # streaming readers stop early
        extracted = extract(
            Path(path), max_bytes=int(max_bytes), max_pages=int(max_pages), ocr=False
        )
    return extracted_to_dict(extracted)


def _ocr(request: dict[str, Any]) -> dict[str, Any]:
    from engine.library.scanned import ocr_page

    page = ocr_page(Path(request["path"]), str(request["kind"]), int(request["number"]))
    return page_to_dict(page)


def _render(request: dict[str, Any]) -> dict[str, Any]:
    from engine.library.render import render_request

    return render_request(request)


#: What the child does for each request's ``op``.
_OPS = {"extract": _extract, "render": _render, "ocr": _ocr}


def _answer(request: dict[str, Any]) -> dict[str, Any]:
    _limit_memory(int(request.get("memory_limit", 0)))
    try:
        return {"ok": True, "result": _OPS[request["op"]](request)}
    except ExtractError as exc:
        return {"ok": False, "reason": exc.reason, "message": str(exc)}
    except MemoryError:
        raise
    except RecursionError:
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "This file is nested too deeply "
            "to read; it is probably damaged or made to attack readers.",
        )
    except Exception as exc:  # a parser bug must not end the batch: say so, keep going
        print(f"{request.get('op')} failed on {request.get('path')!r}: {exc!r}", file=sys.stderr)
        message = QT_TRANSLATE_NOOP(
            "Engine",
            "Hisho couldn't read this file ({error}); it may be damaged. "
            "Open it and save a new copy, then add that.",
        ).format(error=type(exc).__name__)
    return {"ok": False, "reason": "corrupt", "message": message}


def main() -> int:
    """The child: answer one JSON request per line until stdin closes or ``quit``."""
    protocol = worker_channel(nice=4)  # below the window's priority
    protocol.write(json.dumps({"event": "ready", "pid": os.getpid()}) + "\n")
    protocol.flush()
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("op") == "quit":
            return 0
        try:
            protocol.write(json.dumps(_answer(request)) + "\n")  # ASCII: lone surrogates pass
            protocol.flush()
        except MemoryError:
            return EXIT_MEMORY  # the parent reports it; a fresh child starts for the next file
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
