"""Press keys on an X server as a person would (the XTEST extension, through ctypes):
global shortcuts are only seen when the key comes from the server itself."""

from __future__ import annotations

import ctypes
import ctypes.util

KEYSYMS = {
    "Control_L": 0xFFE3, "Alt_L": 0xFFE9, "Shift_L": 0xFFE1, "Return": 0xFF0D,
    "Escape": 0xFF1B, "space": 0x20, "h": 0x68,
}  # fmt: skip


class Keyboard:
    """A second X client that types on ``display`` (":N")."""

    def __init__(self, display: str) -> None:
        self.x = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        self.xtst = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        self.x.XOpenDisplay.restype = ctypes.c_void_p
        self.x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x.XKeysymToKeycode.restype = ctypes.c_ubyte
        self.x.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x.XFlush.argtypes = [ctypes.c_void_p]
        self.x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [
            ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong,
        ]  # fmt: skip
        self.display = self.x.XOpenDisplay(display.encode())
        if not self.display:
            raise RuntimeError(f"cannot open the X display {display}")

    def press(self, *names: str) -> None:
        """Hold the keys down in order, then let go in reverse (a chord)."""
        codes = [self.x.XKeysymToKeycode(self.display, KEYSYMS[name]) for name in names]
        for code in codes:
            self.xtst.XTestFakeKeyEvent(self.display, code, 1, 0)
        for code in reversed(codes):
            self.xtst.XTestFakeKeyEvent(self.display, code, 0, 0)
        self.x.XFlush(self.display)

    def close(self) -> None:
        if self.display:
            self.x.XCloseDisplay(self.display)
            self.display = None
