"""The global shortcut on Windows: ``RegisterHotKey`` through ctypes.

The hotkey is registered for the GUI thread (no window handle), so Windows posts
``WM_HOTKEY`` to that thread's message queue; Qt's event dispatcher hands every message
it takes from the queue to the native event filters, where this one picks it up.
Not exercised by the test suite (it runs on Linux); kept small for that reason.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication, QObject

from desktop.global_shortcut.base import GlobalShortcut, KeyCombo

log = logging.getLogger(__name__)

WM_HOTKEY = 0x0312
MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
_ids = itertools.count(0x4849)  # "HI": ids an application may use are 0x0000-0xBFFF


class _HotkeyFilter(QAbstractNativeEventFilter):
    """Calls ``on_hotkey`` for WM_HOTKEY messages carrying ``hotkey_id``."""

    def __init__(self, hotkey_id: int, on_hotkey: Callable[[], None]) -> None:
        super().__init__()
        self.hotkey_id = hotkey_id
        self.on_hotkey = on_hotkey

    def nativeEventFilter(self, eventType: QByteArray | bytes | bytearray | memoryview,
                          message: int) -> object:  # fmt: skip
        from ctypes import wintypes

        kind = eventType.data() if isinstance(eventType, QByteArray) else bytes(eventType)
        if kind == b"windows_generic_MSG" and message:
            msg = wintypes.MSG.from_address(int(message))
            if msg.message == WM_HOTKEY and msg.wParam == self.hotkey_id:
                self.on_hotkey()
                return True, 0
        return False, 0


def _user32() -> Any:
    """user32.dll (OSError where there is none: not Windows)."""
    if sys.platform != "win32":
        raise OSError("user32.dll exists only on Windows")
    return ctypes.windll.user32


def _last_error() -> int:
    """The calling thread's last Windows error code."""
    if sys.platform != "win32":
        raise OSError("GetLastError exists only on Windows")
    return ctypes.GetLastError()


def virtual_key(combo: KeyCombo) -> int:
    """The virtual-key code (punctuation is looked up in the current layout)."""
    if combo.windows_vk:
        return combo.windows_vk
    user32 = _user32()
    scan = int(user32.VkKeyScanW(ctypes.c_wchar(chr(combo.x11_keysym))))
    return scan & 0xFF if scan != -1 else 0


class WindowsShortcut(GlobalShortcut):
    """One hotkey registered with RegisterHotKey."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._id = next(_ids)
        self._filter: _HotkeyFilter | None = None
        self._registered = False

    def set_shortcut(self, combo: KeyCombo | None) -> str:
        self._release()
        if combo is None:
            return ""
        user32 = _user32()
        vk = virtual_key(combo)
        if not vk:
            return self.no_such_key(combo)
        mods = MOD_NOREPEAT | (MOD_CONTROL if combo.ctrl else 0) | (MOD_ALT if combo.alt else 0)
        mods |= (MOD_SHIFT if combo.shift else 0) | (MOD_WIN if combo.meta else 0)
        if not user32.RegisterHotKey(None, self._id, mods, vk):
            error = _last_error()
            if error == ERROR_HOTKEY_ALREADY_REGISTERED:
                return self.taken(combo)
            return self.failed(combo, "Windows", error)
        self._registered = True
        if self._filter is None:
            self._filter = _HotkeyFilter(self._id, self.activated.emit)
            app = QCoreApplication.instance()
            if app is not None:
                app.installNativeEventFilter(self._filter)
        log.info("global shortcut %s registered", combo.text)
        return ""

    def close(self) -> None:
        self._release()
        app = QCoreApplication.instance()
        if self._filter is not None and app is not None:
            app.removeNativeEventFilter(self._filter)
        self._filter = None

    def _release(self) -> None:
        if self._registered:
            _user32().UnregisterHotKey(None, self._id)
            self._registered = False
