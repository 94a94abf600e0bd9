"""The global shortcut on X11: ``XGrabKey`` on the root window, through ctypes.

Hisho opens an X connection of its own (Qt's stays untouched), grabs the key with each
combination of the lock modifiers (Caps Lock, Num Lock) so it works whatever their
state, and watches the connection's socket with a ``QSocketNotifier``. A key that
another program already grabbed comes back as a ``BadAccess`` error, caught by an
error handler installed just around the grab.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QTimer

from desktop.global_shortcut.base import GlobalShortcut, KeyCombo

log = logging.getLogger(__name__)

KEY_PRESS, KEY_RELEASE = 2, 3
GRAB_MODE_ASYNC = 1
BAD_ACCESS = 10
SHIFT, LOCK, CONTROL, MOD1, MOD2, MOD4 = 1, 2, 4, 8, 16, 64
#: The modifiers that make a combination; the others (Caps Lock, Num Lock) are ignored.
RELEVANT = SHIFT | CONTROL | MOD1 | MOD4
LOCK_VARIANTS = (0, LOCK, MOD2, LOCK | MOD2)


class XKeyEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("root", ctypes.c_ulong),
        ("subwindow", ctypes.c_ulong),
        ("time", ctypes.c_ulong),
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("x_root", ctypes.c_int),
        ("y_root", ctypes.c_int),
        ("state", ctypes.c_uint),
        ("keycode", ctypes.c_uint),
        ("same_screen", ctypes.c_int),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xkey", XKeyEvent), ("pad", ctypes.c_long * 24)]


class XErrorEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("resourceid", ctypes.c_ulong),
        ("serial", ctypes.c_ulong),
        ("error_code", ctypes.c_ubyte),
        ("request_code", ctypes.c_ubyte),
        ("minor_code", ctypes.c_ubyte),
    ]


ErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(XErrorEvent))


def load_xlib() -> Any:
    """libX11 with the prototypes used here; OSError if it is not installed."""
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    lib = ctypes.CDLL(name)
    display, window = ctypes.c_void_p, ctypes.c_ulong
    prototypes: dict[str, tuple[Any, list[Any]]] = {
        "XOpenDisplay": (display, [ctypes.c_char_p]),
        "XCloseDisplay": (ctypes.c_int, [display]),
        "XDefaultRootWindow": (window, [display]),
        "XKeysymToKeycode": (ctypes.c_ubyte, [display, ctypes.c_ulong]),
        "XGrabKey": (ctypes.c_int, [display, ctypes.c_int, ctypes.c_uint, window,
                                    ctypes.c_int, ctypes.c_int, ctypes.c_int]),
        "XUngrabKey": (ctypes.c_int, [display, ctypes.c_int, ctypes.c_uint, window]),
        "XSync": (ctypes.c_int, [display, ctypes.c_int]),
        "XFlush": (ctypes.c_int, [display]),
        "XPending": (ctypes.c_int, [display]),
        "XNextEvent": (ctypes.c_int, [display, ctypes.POINTER(XEvent)]),
        "XConnectionNumber": (ctypes.c_int, [display]),
        "XSetErrorHandler": (ctypes.c_void_p, [ctypes.c_void_p]),
    }  # fmt: skip
    for function, (restype, argtypes) in prototypes.items():
        getattr(lib, function).restype = restype
        getattr(lib, function).argtypes = argtypes
    return lib


def modifier_mask(combo: KeyCombo) -> int:
    return (
        (CONTROL if combo.ctrl else 0)
        | (MOD1 if combo.alt else 0)
        | (SHIFT if combo.shift else 0)
        | (MOD4 if combo.meta else 0)
    )


class X11Shortcut(GlobalShortcut):
    """Grabs one key combination on an X display (``display_name``: ":0", or "" for $DISPLAY)."""

    def __init__(self, display_name: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._display_name = display_name
        self._xlib: Any = None
        self._display: int | None = None
        self._root = 0
        self._notifier: QSocketNotifier | None = None
        self._grabbed: tuple[int, int] | None = None  # (keycode, modifier mask)
        self._held = False  # auto-repeat sends the key again while it is held
        self._released_at = -1  # X time of the last release (a repeat's press shares it)

    def set_shortcut(self, combo: KeyCombo | None) -> str:
        self._release()
        if combo is None:
            return ""
        problem = self._connect()
        if problem:
            return problem
        keycode = self._xlib.XKeysymToKeycode(self._display, combo.x11_keysym)
        if not keycode:
            return self.no_such_key(combo)
        mask = modifier_mask(combo)
        errors = self._grab(keycode, mask)
        if errors:
            self._ungrab(keycode, mask)
            if BAD_ACCESS in errors:
                return self.taken(combo)
            return self.failed(combo, "X", errors[0])
        self._grabbed = (keycode, mask)
        log.info("global shortcut %s grabbed (keycode %d, mask %#x)", combo.text, keycode, mask)
        QTimer.singleShot(0, self._read_events)  # XSync may have queued events already
        return ""

    def close(self) -> None:
        self._release()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._display is not None:
            self._xlib.XCloseDisplay(self._display)
            self._display = None

    # --- X -----------------------------------------------------------------------------

    def _connect(self) -> str:
        if self._display is not None:
            return ""
        try:
            self._xlib = self._xlib or load_xlib()
        except OSError:
            return QCoreApplication.translate(
                "GlobalShortcut",
                "libX11 is not installed, so Hisho cannot listen for a global shortcut.",
            )
        display = self._xlib.XOpenDisplay(self._display_name.encode() or None)
        if not display:
            return QCoreApplication.translate(
                "GlobalShortcut", "Could not connect to the X display {display}."
            ).format(display=self._display_name or "(default)")
        self._display = display
        self._root = self._xlib.XDefaultRootWindow(display)
        fd = self._xlib.XConnectionNumber(display)
        self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read_events)
        return ""

    def _grab(self, keycode: int, mask: int) -> list[int]:
        """Grab with every lock variant; the X error codes that came back."""
        return self._checked(
            lambda variant: self._xlib.XGrabKey(
                self._display, keycode, mask | variant, self._root, 0, GRAB_MODE_ASYNC,
                GRAB_MODE_ASYNC,
            )
        )  # fmt: skip

    def _ungrab(self, keycode: int, mask: int) -> None:
        self._checked(
            lambda variant: self._xlib.XUngrabKey(
                self._display, keycode, mask | variant, self._root
            )
        )

    def _checked(self, request: Callable[[int], object]) -> list[int]:
        """Make ``request`` for each lock variant and wait for the server (XSync), with an
        error handler of ours installed just for that, so an error (BadAccess: taken)
        is reported to us instead of Xlib's default handler, which ends the process.
        Returns the error codes."""
        display = self._display
        errors: list[int] = []

        def on_error(source: int | None, event: Any) -> int:
            if source == display:
                errors.append(int(event.contents.error_code))
            return 0

        handler = ErrorHandler(on_error)
        previous = self._xlib.XSetErrorHandler(ctypes.cast(handler, ctypes.c_void_p))
        try:
            for variant in LOCK_VARIANTS:
                request(variant)
            self._xlib.XSync(display, 0)
        finally:
            self._xlib.XSetErrorHandler(previous)
        return errors

    def _release(self) -> None:
        if self._grabbed is not None and self._display is not None:
            self._ungrab(*self._grabbed)
        self._grabbed = None

    def _read_events(self) -> None:
        if self._display is None:
            return
        event = XEvent()
        while self._xlib.XPending(self._display):
            self._xlib.XNextEvent(self._display, ctypes.byref(event))
            if event.type in (KEY_PRESS, KEY_RELEASE) and self._is_ours(event.xkey):
                self._key_event(event.type == KEY_PRESS, event.xkey.time)

    def _key_event(self, pressed: bool, at: int) -> None:
        """One activation per press: presses that auto-repeat makes are ignored (they
        come without a release, or right after a release with the same time)."""
        if not pressed:
            self._held, self._released_at = False, at
            return
        repeat = self._held or at == self._released_at
        self._held = True
        if not repeat:
            self.activated.emit()

    def _is_ours(self, key: XKeyEvent) -> bool:
        """Our key (a release counts whatever modifiers are still held)."""
        if self._grabbed is None:
            return False
        keycode, mask = self._grabbed
        if key.type == KEY_RELEASE:
            return bool(key.keycode == keycode)
        return bool(key.keycode == keycode and key.state & RELEVANT == mask)
