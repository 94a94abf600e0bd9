"""Hisho within reach while it runs: tray icon, quick prompt, global shortcut, the
Settings dialog, and launches handed over by a later ``hisho``.

:func:`build_at_hand` builds and wires these once the main controllers exist
(desktop/wiring.py, after the window's first paint); :func:`start_at_hand` shows the
tray, grabs the shortcut and does what this launch asked for. The composition root
(desktop/app.py) calls both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from desktop import global_shortcut
from desktop.controllers.launch import LaunchController
from desktop.controllers.preferences import (
    DesktopPreferences,
    PreferencesController,
    keyboard_settings_command,
)
from desktop.controllers.quick import QuickController
from desktop.controllers.shortcut import ShortcutController
from desktop.controllers.tray import TrayController
from desktop.launch import Launch
from desktop.wiring import Controllers
from engine.storage.settings import DEFAULT_QUICK_SHORTCUT
from ui.main_window import MainWindow
from ui.quick_prompt import QuickPrompt
from ui.settings_dialog import DesktopFacts
from ui.tray import TrayIcon

ICON = Path(__file__).resolve().parent.parent / "assets" / "icons" / "hisho.svg"


def app_icon() -> QIcon:
    return QIcon(str(ICON)) if ICON.is_file() else QIcon()


@dataclass
class AtHand:
    """The pieces that keep Hisho at hand, wired to the window and to each other."""

    prefs: DesktopPreferences
    quick: QuickController
    tray: TrayController
    shortcut: ShortcutController
    preferences: PreferencesController
    launch: LaunchController

    def close(self) -> None:
        self.shortcut.close()
        self.tray.close()
        self.quick.prompt.close()


def installed_embedding_models() -> tuple[tuple[str, str, bool], ...]:
    """(setting value, name, knows Japanese) of each installed embedding model."""
    from engine.library.embedder import knows_cjk, model_languages
    from engine.models.defaults import DEFAULT_EMBEDDING_MODEL, embedding_models

    return tuple(
        ("" if path.name == DEFAULT_EMBEDDING_MODEL else str(path), path.name,
         knows_cjk(model_languages(path)))
        for path in embedding_models()
    )  # fmt: skip


def build_at_hand(
    window: MainWindow,
    controllers: Controllers,
    quit_app: Callable[[], None],
    tray_available: Callable[[], bool] | None = None,
    platform_name: str | None = None,
) -> AtHand:
    """Build the tray, quick prompt, shortcut, settings and launch controllers.

    ``tray_available`` and ``platform_name`` default to what Qt says about this
    desktop; tests pass their own (offscreen Qt has neither a tray nor X11)."""
    library = controllers.library
    available = tray_available or QSystemTrayIcon.isSystemTrayAvailable
    prefs = DesktopPreferences(controllers.settings, window)
    prompt = QuickPrompt()
    prompt.set_icon(app_icon())
    prompt.set_toggles(prefs.current.quick_use_documents, prefs.current.quick_include_clipboard)

    def save_toggles(documents: bool, clipboard: bool) -> None:
        prefs.update(quick_use_documents=documents, quick_include_clipboard=clipboard)

    quick = QuickController(
        prompt, window, controllers.conversations, controllers.turns, save_toggles
    )
    tray = TrayController(window, TrayIcon(app_icon(), window), prefs, quick, quit_app, available)
    tray.connect_library(library.pause, library.resume)
    library.progress.connect(tray.set_progress)
    support = global_shortcut.support(platform_name)
    backend = global_shortcut.create(window, platform_name) if support.available else None
    shortcut = ShortcutController(window, support, backend)
    shortcut.activated.connect(quick.toggle)
    shortcut.shortcut_changed.connect(tray.set_shortcut)

    def facts() -> DesktopFacts:
        return DesktopFacts(
            tray_available=tray.active or available(),
            shortcut_available=support.available,
            shortcut_note=shortcut.problem or support.note,
            use_desktop_settings=support.use_desktop_settings,
            quick_command=shortcut.quick_command(),
            can_open_keyboard_settings=keyboard_settings_command() is not None,
            default_shortcut=DEFAULT_QUICK_SHORTCUT,
            embedding_models=installed_embedding_models(),
        )

    preferences = PreferencesController(
        window, prefs, facts, shortcut.apply_and_explain, controllers.cloud, library,
        controllers.local_api,
    )  # fmt: skip
    launch = LaunchController(window, controllers.conversations, controllers.scope, quick)
    return AtHand(prefs, quick, tray, shortcut, preferences, launch)


def start_at_hand(at_hand: AtHand, launch: Launch) -> None:
    """Show the tray icon, grab the shortcut, and do what this launch asked for."""
    at_hand.tray.start(hidden=launch.hidden or launch.quick)
    at_hand.shortcut.start(at_hand.prefs.current.quick_prompt_shortcut)
    at_hand.launch.handle(launch)
