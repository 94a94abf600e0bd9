"""The composition root: builds everything, in this order, and wires it together.

1. privacy switches and logging (``cli.main`` did the environment, and found no
   running Hisho to hand this launch to),
2. QApplication, then the single-instance server (a Hisho that started meanwhile
   gets the launch instead), then the main window, shown at once (nothing heavy
   imported yet; not shown for ``--hidden`` / ``--quick`` where there is a tray),
3. right after the first paint: settings, history, model backend, controllers;
   the model loads on a worker, in its own process, and the library process starts
   (it owns the document index and warms its embedding model in the background);
   the controllers are wired in desktop/wiring.py; then the tray, quick prompt,
   global shortcut (desktop/at_hand.py) and what this launch asked for. Launches
   handed over before then wait for it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from desktop.launch import Launch
from desktop.workers import Workers
from engine import paths
from engine.errors import DamagedStoreError, StorageError
from engine.models.defaults import resolve_chat_model
from engine.storage import settings as settings_store
from engine.storage.backup import back_up, backups, restore, set_aside
from engine.storage.history import History
from ui import i18n, recovery, theme
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from desktop.at_hand import AtHand
    from desktop.wiring import Controllers
    from engine.models.local import LocalBackend
    from engine.storage.history import History
    from engine.storage.settings import Settings

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent.parent / "assets"
UNSAVED = QT_TRANSLATE_NOOP(
    "HishoApp", "Conversations in this session will not be saved. Nothing was deleted."
)
#: Modules that must not be imported before the window is painted.
HEAVY_MODULES = ("llama_cpp", "torch", "chromadb", "sentence_transformers", "numpy", "onnxruntime")


class _FirstPaint(QObject):
    """Writes the time to first paint (and heavy modules loaded by then) to the file
    named by HISHO_STARTUP_REPORT; bench/cold_start.py reads it."""

    def __init__(self, report: Path, started: float) -> None:
        super().__init__()
        self.report = report
        self.started = started
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            heavy = sorted(m for m in HEAVY_MODULES if m in sys.modules)
            data = {"first_paint_s": time.time() - self.started, "heavy_before_paint": heavy}
            self.report.write_text(json.dumps(data))
        return False


class _StartAfterPaint(QObject):
    """Calls ``start`` once the window has painted (history, model and controllers
    must not delay the first paint)."""

    def __init__(self, start: Callable[[], None]) -> None:
        super().__init__()
        self.start = start

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.start)
        return False


class HishoApp:
    """Owns the long-lived objects of one GUI session.

    ``launch`` is what this start asked for; ``quit_app`` ends the event loop (the tray's
    Quit); ``tray_available`` defaults to Qt's answer for this desktop."""

    def __init__(
        self,
        qt_app: QApplication,
        launch: Launch | None = None,
        quit_app: Callable[[], None] | None = None,
        tray_available: Callable[[], bool] | None = None,
        loaded: tuple[Settings, str] | None = None,
    ) -> None:
        self.qt_app = qt_app
        self._loaded = loaded  # the settings run_gui read first, with their warning
        self.launch = launch or Launch()
        self.quit_app = quit_app or (lambda: None)
        self.tray_available = tray_available
        self.window = MainWindow()
        self.workers = Workers()
        #: Library calls, one at a time (the library process serves one request at a time).
        self.library_workers = Workers(max_threads=1)
        self.history: History | None = None
        self.backend: LocalBackend | None = None
        self.controllers: Controllers | None = None
        self.at_hand: AtHand | None = None
        self._handed_over: list[tuple[list[str], str]] = []  # launches before start()
        self.started = False

    def start(self) -> None:
        """Everything that may take a moment, after the window is on screen."""
        if self.started:
            return
        self.started = True
        from desktop.wiring import build_controllers, with_tools
        from engine.models.local import LocalBackend

        settings, warning = self._loaded or settings_store.load()
        self.history = self._open_history()
        model = resolve_chat_model(settings.chat.model_path)
        chat = settings_store.for_model(settings, model.name)  # the model's own settings
        self.backend = LocalBackend(
            model, chat.context_length, chat.threads, gpu_layers=chat.gpu_layers
        )
        controllers = with_tools(self.window, build_controllers(
            self.window, self.history, self.backend, settings, self.workers, self.library_workers
        ))  # fmt: skip
        self.controllers = controllers
        self.window.closing.connect(self.shutdown)
        controllers.chat.start()
        controllers.cloud.start()
        controllers.library.start()
        controllers.local_api.start()  # off unless Settings › Local API turned it on
        if warning:
            self.window.show_notice(warning)
        self._start_at_hand(controllers)

    def _open_history(self) -> History:
        """The history; a damaged one is offered its newest good backup (or a new start),
        and a fresh backup is taken once a day."""
        from engine.storage.history import History

        path = paths.history_db()
        try:
            history = History(path)
        except DamagedStoreError as exc:
            return self._recover_history(path, exc)
        except StorageError as exc:
            self.window.show_error(f"{exc}\n{translate('HishoApp', UNSAVED)}")
            return History(Path(":memory:"))
        self.workers.run_call(
            lambda: back_up(path),
            on_result=lambda _path: None,
            on_error=lambda message: log.warning("history backup failed: %s", message),
        )
        return history

    def _recover_history(self, path: Path, error: StorageError) -> History:
        from engine.storage.history import History

        found = backups()
        choice = recovery.ask_history_recovery(self.window, str(path), found[0] if found else None)
        try:
            if choice == recovery.RESTORE and found:
                aside = restore(found[0], path)
                history = History(path)
                self.window.show_notice(
                    translate(
                        "HishoApp",
                        "The history was restored from the backup of {date}. "
                        "The damaged file is kept as {aside}.",
                    ).format(date=found[0].label, aside=aside)
                )
                return history
            if choice == recovery.START_NEW:
                aside = set_aside(path)
                history = History(path)
                self.window.show_notice(
                    translate(
                        "HishoApp",
                        "A new history was started; the damaged file is kept as {aside}.",
                    ).format(aside=aside)
                )
                return history
        except StorageError as exc:
            self.window.show_error(f"{exc}\n{translate('HishoApp', UNSAVED)}")
            return History(Path(":memory:"))
        self.window.show_error(f"{error}\n{translate('HishoApp', UNSAVED)}")
        return History(Path(":memory:"))

    def _start_at_hand(self, controllers: Controllers) -> None:
        from desktop.at_hand import build_at_hand, start_at_hand

        self.at_hand = build_at_hand(self.window, controllers, self.quit_app, self.tray_available)
        start_at_hand(self.at_hand, self.launch)
        for argv, cwd in self._handed_over:
            self.at_hand.launch.handle_request(argv, cwd)
        self._handed_over.clear()

    def handle_request(self, argv: list[str], cwd: str) -> None:
        """A later ``hisho`` handed over its arguments (single instance)."""
        if self.at_hand is None:
            self._handed_over.append((argv, cwd))  # done once everything is built
        else:
            self.at_hand.launch.handle_request(argv, cwd)

    def shows_window_at_start(self) -> bool:
        """Whether to show the window now: not for ``--hidden`` or ``--quick`` where a
        tray will hold Hisho (without one, the window is the only way back to it)."""
        if not (self.launch.hidden or self.launch.quick):
            return True
        available = self.tray_available or QSystemTrayIcon.isSystemTrayAvailable
        return not available() and not self.launch.hidden

    def shutdown(self) -> None:
        if self.at_hand is not None:
            self.at_hand.close()
            self.at_hand = None
        if self.controllers is not None:
            self.controllers.catalog.shutdown()
            if self.controllers.whole is not None:
                self.controllers.whole.shutdown()  # before the history closes
            self.controllers.transfer.shutdown()
            self.controllers.chat.shutdown()
            self.controllers.summary.shutdown()
            self.controllers.cloud.close()
            if self.controllers.tools is not None:
                self.controllers.tools.close()  # the MCP servers' child processes end
            self.controllers.local_api.shutdown()  # before the model and library it uses
            self.controllers.library.shutdown()
        if self.backend is not None:
            self.backend.close()
        if self.history is not None:
            self.history.close()
            self.history = None


def _setup_logging() -> None:
    try:
        log_file = paths.ensure_dir(paths.log_dir()) / "hisho.log"
        handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def run_gui(argv: list[str], started: float | None = None, launch: Launch | None = None) -> int:
    """Start the desktop app and run its event loop (unless a Hisho that started
    meanwhile takes this launch)."""
    from desktop.instance_server import claim

    started = started or time.time()
    _setup_logging()
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    server, reply = claim(argv[1:], os.getcwd())
    if server is None:
        if reply is not None and not reply.ok:
            print(f"hisho: {reply.message}", file=sys.stderr)
            return 1
        return 0
    app.setQuitOnLastWindowClosed(False)  # the tray, or the window closing, quits
    app.setApplicationName("Hisho")
    app.setApplicationDisplayName("Hisho")
    app.setOrganizationName("Hisho")
    app.setDesktopFileName("hisho")
    icon = ASSETS / "icons" / "hisho.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    loaded = settings_store.load()
    ui_settings = loaded[0].ui
    i18n.install(app, ui_settings.language)  # before any widget takes its texts
    theme.use(ui_settings.theme, app)  # the palette and style, before the window is built
    hisho = HishoApp(app, launch, quit_app=app.quit, loaded=loaded)
    server.request.connect(hisho.handle_request)
    hisho.window.closing.connect(app.quit)
    report = os.environ.get("HISHO_STARTUP_REPORT")
    if report:
        watcher = _FirstPaint(Path(report), started)
        hisho.window.installEventFilter(watcher)
        hisho.window.transcript_viewport().installEventFilter(watcher)
    if hisho.shows_window_at_start():
        starter = _StartAfterPaint(hisho.start)
        hisho.window.installEventFilter(starter)
        hisho.window.show()
        QTimer.singleShot(500, hisho.start)  # in case no paint event arrives (minimised)
    else:
        QTimer.singleShot(0, hisho.start)
    app.aboutToQuit.connect(hisho.shutdown)
    app.aboutToQuit.connect(server.close)
    return app.exec()
