"""A global shortcut that opens the quick prompt from anywhere.

Qt has no global hotkey API, so each platform gets a small backend of its own:

- X11: ``XGrabKey`` on the root window through ctypes (libX11), on an X connection of
  our own that a ``QSocketNotifier`` watches (:mod:`desktop.global_shortcut.x11`);
- Windows: ``RegisterHotKey`` through ctypes, ``WM_HOTKEY`` caught by a native event
  filter (:mod:`desktop.global_shortcut.windows`);
- Wayland: apps may not grab keys. The desktop's own keyboard settings can run
  ``hisho --quick`` instead (:func:`support` says so);
- macOS: Carbon's ``RegisterEventHotKey`` through ctypes, delivered to a handler on the
  application's event target (:mod:`desktop.global_shortcut.macos`).

A shortcut that another program already holds is reported, never fatal. What the user
reads is translated in the "GlobalShortcut" context.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QGuiApplication

from ui.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from desktop.global_shortcut.base import GlobalShortcut


@dataclass(frozen=True, slots=True)
class Support:
    """Whether this desktop lets Hisho grab a global shortcut, and what to say."""

    available: bool
    #: Why not (or a caveat): shown in the settings.
    note: str = ""
    #: The desktop has keyboard settings where a shortcut can run ``hisho --quick``.
    use_desktop_settings: bool = False


WAYLAND_NOTE = QT_TRANSLATE_NOOP(
    "GlobalShortcut",
    "Wayland does not let apps listen for keys pressed in other windows. Add a shortcut "
    "in your desktop's keyboard settings that runs the command below: it opens the quick "
    "prompt of the running Hisho.",
)
XWAYLAND_NOTE = QT_TRANSLATE_NOOP(
    "GlobalShortcut",
    "This desktop runs on Wayland: the shortcut works only while an X11 window has the "
    "focus. For one that always works, add a shortcut in your desktop's keyboard settings "
    "that runs the command below.",
)


def support(platform_name: str | None = None) -> Support:
    """What a global shortcut can do on this desktop (``platform_name``: Qt's, for tests)."""
    platform = platform_name if platform_name is not None else QGuiApplication.platformName()
    if platform == "xcb":
        if os.environ.get("WAYLAND_DISPLAY"):
            return Support(
                True, translate("GlobalShortcut", XWAYLAND_NOTE), use_desktop_settings=True
            )
        return Support(True)
    if platform in ("windows", "cocoa"):
        return Support(True)
    if platform.startswith("wayland"):
        return Support(False, translate("GlobalShortcut", WAYLAND_NOTE), use_desktop_settings=True)
    return Support(
        False,
        QCoreApplication.translate(
            "GlobalShortcut", "Global shortcuts are not available here (Qt platform “{platform}”)."
        ).format(platform=platform),
    )


def create(
    parent: QObject | None = None, platform_name: str | None = None
) -> GlobalShortcut | None:
    """The backend for this desktop, or None where there is none (see :func:`support`)."""
    platform = platform_name if platform_name is not None else QGuiApplication.platformName()
    if platform == "xcb":
        from desktop.global_shortcut.x11 import X11Shortcut

        return X11Shortcut(os.environ.get("DISPLAY", ""), parent)
    if platform == "windows":
        from desktop.global_shortcut.windows import WindowsShortcut

        return WindowsShortcut(parent)
    if platform == "cocoa":
        from desktop.global_shortcut.macos import MacShortcut

        return MacShortcut(parent)
    return None
