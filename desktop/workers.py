"""Running engine generators off the GUI thread.

Like superqt's ``GeneratorWorker``: each ``yield`` of a long engine job becomes a
``yielded`` signal delivered on the GUI thread; the job's ``CancelToken`` is checked
by the engine between yields. The logic lives in the engine, not in a QThread
subclass.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from engine.errors import HishoError

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    yielded = Signal(object)
    returned = Signal(object)
    errored = Signal(str)
    finished = Signal()


class _Job(QRunnable):
    def __init__(self, run: Callable[[WorkerSignals], None], signals: WorkerSignals) -> None:
        super().__init__()
        self._run = run
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            self._run(self.signals)
        except HishoError as exc:
            self.signals.errored.emit(str(exc))
        except Exception as exc:
            log.exception("background job failed")
            message = QCoreApplication.translate("Workers", "Something went wrong: {error}")
            self.signals.errored.emit(message.format(error=f"{type(exc).__name__}: {exc}"))
        finally:
            self.signals.finished.emit()


class Workers:
    """Starts background jobs on one thread pool; results come back as signals."""

    def __init__(self, max_threads: int = 2) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(max_threads)

    def run_generator(
        self,
        make: Callable[[], Iterator[Any]],
        on_yield: Callable[[Any], None],
        on_error: Callable[[str], None],
        on_finished: Callable[[], None] | None = None,
    ) -> WorkerSignals:
        """Run ``make()`` and call ``on_yield`` (on the GUI thread) for each item."""

        def run(out: WorkerSignals) -> None:
            for item in make():
                out.yielded.emit(item)

        signals = WorkerSignals()
        signals.yielded.connect(on_yield)
        return self._start(run, signals, on_error, on_finished)

    def run_call(
        self,
        call: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[str], None],
        on_finished: Callable[[], None] | None = None,
    ) -> WorkerSignals:
        """Run ``call()`` and hand its result to ``on_result`` on the GUI thread."""
        signals = WorkerSignals()
        signals.returned.connect(on_result)
        return self._start(lambda out: out.returned.emit(call()), signals, on_error, on_finished)

    def _start(
        self,
        run: Callable[[WorkerSignals], None],
        signals: WorkerSignals,
        on_error: Callable[[str], None],
        on_finished: Callable[[], None] | None,
    ) -> WorkerSignals:
        # Connect before the job starts: a job that ends at once (a missing model file)
        # would otherwise emit before anyone listens, and its result would be lost.
        signals.errored.connect(on_error)
        if on_finished is not None:
            signals.finished.connect(on_finished)
        self.pool.start(_Job(run, signals))
        return signals

    def wait(self, timeout_ms: int = 10000) -> bool:
        return self.pool.waitForDone(timeout_ms)
