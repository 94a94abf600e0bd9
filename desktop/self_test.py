"""``hisho --self-test``: prove an installed (or frozen) Hisho works, offline.

In a throw-away data folder, with the default models (bundled in the frozen app, or
installed by setup), it loads the chat model, indexes a small document (embeddings,
Chroma, the manifest, the library process), finds the right passage, answers a question
from it with the document as the source, and summarizes it. Prints one line per step
and a JSON object as the last line; exits 0 only when every step passed. Nothing is
written outside the temporary folder and nothing goes over the network.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.cancel import CancelToken
    from engine.library.library import Library
    from engine.library.types import Passage, Scope
    from engine.models.local import LocalBackend

DOCUMENT = """# The Cape Amber lighthouse

The lighthouse on Cape Amber was built in 1897 by the harbour board.

Its lamp is called Aurora. Aurora was made in Glasgow and can be seen from
thirty kilometres away on a clear night.

The keeper's cottage became a small museum in 1985. It opens every Saturday.
"""
QUESTION = "What is the lamp of the Cape Amber lighthouse called?"


class SelfTestFailed(Exception):
    """A step did not give what it should (the message says what)."""


def _link_models(models: Path, chat_model: Path, embedding_model: Path) -> None:
    """Give the temporary data folder the default models (links; copies where links
    are not allowed, e.g. Windows without developer mode)."""
    models.mkdir(parents=True, exist_ok=True)
    for source in (chat_model, embedding_model):
        target = models / source.name
        try:
            target.symlink_to(source, target_is_directory=source.is_dir())
        except OSError:
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                shutil.copy2(source, target)


def run(out: Callable[[str], None] = print) -> int:
    """Run every step; 0 when all passed."""
    from engine.models.defaults import default_chat_model, default_embedding_model

    chat_model, embedding_model = default_chat_model(), default_embedding_model()
    results: dict[str, Any] = {"ok": False, "frozen": bool(getattr(sys, "frozen", False))}
    saved_home = os.environ.get("HISHO_HOME")
    with tempfile.TemporaryDirectory(prefix="hisho-self-test-") as folder:
        home = Path(folder)
        os.environ["HISHO_HOME"] = str(home)
        try:
            _link_models(home / "data" / "models", chat_model, embedding_model)
            document = home / "cape-amber.md"
            document.write_text(DOCUMENT, encoding="utf-8")
            _steps(document, chat_model, results, out)
            results["ok"] = True
        except Exception as exc:  # every failure is reported, never a traceback only
            results["error"] = f"{type(exc).__name__}: {exc}"
            out(f"FAILED: {results['error']}")
        finally:
            if saved_home is None:
                os.environ.pop("HISHO_HOME", None)
            else:
                os.environ["HISHO_HOME"] = saved_home
    out(json.dumps(results, ensure_ascii=False))
    return 0 if results["ok"] else 1


class _StepLog:
    """One ``ok: step (seconds): detail`` line per passed step; the times go in the report."""

    def __init__(self, results: dict[str, Any], out: Callable[[str], None]) -> None:
        self.timings: dict[str, float] = {}
        results["seconds"] = self.timings
        self._out = out

    def passed(self, name: str, started: float, detail: str) -> None:
        self.timings[name] = round(time.monotonic() - started, 2)
        self._out(f"ok: {name} ({self.timings[name]:.1f} s): {detail}")


def _steps(
    document: Path, chat_model: Path, results: dict[str, Any], out: Callable[[str], None]
) -> None:
    """Load the model, index ``document``, find it, answer from it, summarize it."""
    from desktop.cli_common import open_library
    from engine.cancel import CancelToken
    from engine.library.types import Scope
    from engine.models.local import LocalBackend

    log = _StepLog(results, out)
    cancel = CancelToken()
    started = time.monotonic()
    backend = LocalBackend(chat_model, context_length=2048, threads=0)
    try:
        info = backend.load()
        log.passed("load model", started, f"{info.name}, {info.context_length} tokens of context")
        with open_library() as library:
            _index(library, document, cancel, log)
            scope = Scope("self-test", None)
            _search(library, scope, document, log)
            results["answer"] = _answer(library, scope, backend, document, cancel, log)
        results["summary"] = _summarize(backend, document, cancel, log)
    finally:
        backend.close()


def _index(library: Library, document: Path, cancel: CancelToken, log: _StepLog) -> None:
    from engine.library.types import FileStatus

    started = time.monotonic()
    records = [s.file for s in library.index([document], "self-test", cancel) if s.file]
    done = [r for r in records if r.status is FileStatus.DONE and r.chunks > 0]
    if not done:
        raise SelfTestFailed(f"indexing did not finish: {records[-1] if records else None}")
    log.passed("index", started, f"{done[-1].chunks} passages")


def _search(library: Library, scope: Scope, document: Path, log: _StepLog) -> None:
    started = time.monotonic()
    found = library.search(QUESTION, scope, 3)
    if not found or Path(found[0].path).name != document.name:
        raise SelfTestFailed(f"search did not find the document: {found}")
    log.passed("search", started, f"best passage from {document.name}")


def _answer(
    library: Library,
    scope: Scope,
    backend: LocalBackend,
    document: Path,
    cancel: CancelToken,
    log: _StepLog,
) -> str:
    """The question answered from the library, citing the document; the answer."""
    from engine.chat import assistant
    from engine.storage.history import History
    from engine.types import GenerationOptions, SourcesFound, TurnFinished

    started = time.monotonic()
    options = GenerationOptions(temperature=0.0, max_tokens=64, repeat_penalty=1.0)
    grounding = assistant.grounding_for(
        library.search, scope, backend.context_length, backend.model_path, 3,
        lambda s: library.files(s.library),
    )  # fmt: skip
    sources: tuple[Passage, ...] = ()
    finished: TurnFinished | None = None
    history = History(Path(":memory:"))
    try:
        conversation = history.create_conversation()
        for event in assistant.ask(history, backend, conversation.id, QUESTION, options,
                                   cancel, "", grounding):  # fmt: skip
            if isinstance(event, SourcesFound):
                sources = event.passages
            elif isinstance(event, TurnFinished):
                finished = event
    finally:
        history.close()
    if finished is None or not finished.text.strip() or finished.error:
        raise SelfTestFailed(f"no answer: {finished}")
    if not any(Path(p.path).name == document.name for p in sources):
        raise SelfTestFailed("the answer does not cite the document")
    log.passed("answer", started, finished.text.strip()[:80])
    return finished.text.strip()


def _summarize(backend: LocalBackend, document: Path, cancel: CancelToken, log: _StepLog) -> str:
    """A brief summary of the document; its text."""
    from engine.summary.sources import document_source
    from engine.summary.summarizer import drain, summarize
    from engine.types import SummaryLength

    started = time.monotonic()
    summary = drain(
        summarize(document_source(document), backend, None, cancel, SummaryLength.BRIEF),
        lambda _event: None,
    )
    if summary is None or not summary.text.strip():
        raise SelfTestFailed("the summary is empty")
    log.passed("summarize", started, summary.text.strip()[:80])
    return summary.text.strip()
