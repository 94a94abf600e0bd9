"""The global shortcut on macOS: Carbon's ``RegisterEventHotKey`` through ctypes.

Carbon hot keys are what macOS apps (and Qt-based ones through QHotkey) use for a global
shortcut: unlike an event tap they need no Accessibility permission, and the system
delivers ``kEventHotKeyPressed`` to a handler on the application's event target from
the main run loop, which Qt's event dispatcher runs. The handler is a ctypes callback
that emits :attr:`GlobalShortcut.activated`.

Keys are virtual key codes, which name a place on the keyboard, not a character: the
code for a letter or punctuation is looked up in the current ASCII-capable keyboard
layout (``UCKeyTranslate`` over every code), so Ctrl+Alt+A means the key that types
"a" on an AZERTY keyboard too. Keys that type nothing (Space, F5, arrows) have fixed
codes. Qt's Ctrl on macOS is the Command key (⌘) and its Meta is Control (⌃).

The test suite runs on Linux: it loads a stand-in library with the same C functions
(tests/desktop/fake_carbon.c) to check the calls, the structures passed by value and
the callback; the real framework is only reached on a Mac.
"""

from __future__ import annotations

import ctypes
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt

from desktop.global_shortcut.base import GlobalShortcut, KeyCombo

log = logging.getLogger(__name__)

CARBON = "/System/Library/Frameworks/Carbon.framework/Carbon"


def fourcc(code: str) -> int:
    """A Carbon four-character code ("keyb") as the UInt32 the API takes."""
    return int.from_bytes(code.encode("ascii"), "big")


K_EVENT_CLASS_KEYBOARD = fourcc("keyb")
K_EVENT_HOT_KEY_PRESSED = 5
K_EVENT_PARAM_DIRECT_OBJECT = fourcc("----")
TYPE_EVENT_HOT_KEY_ID = fourcc("hkid")
K_EVENT_HOT_KEY_EXCLUSIVE = 1 << 1  # fail when another process has the same hot key
NO_ERR = 0
EVENT_NOT_HANDLED_ERR = -9874
EVENT_HOT_KEY_EXISTS_ERR = -9878
#: Carbon modifier bits (Events.h).
CMD_KEY, SHIFT_KEY, OPTION_KEY, CONTROL_KEY = 1 << 8, 1 << 9, 1 << 11, 1 << 12
#: Hisho's hot key signature, "HSHO", and UCKeyTranslate's options.
SIGNATURE = fourcc("HSHO")
K_UC_KEY_ACTION_DISPLAY = 3
K_UC_KEY_TRANSLATE_NO_DEAD_KEYS_MASK = 1

_K = Qt.Key
#: Virtual key codes (Events.h kVK_*) of keys that type no character.
_FIXED_CODES: dict[int, int] = {
    _K.Key_Space.value: 0x31,
    _K.Key_Return.value: 0x24,
    _K.Key_Enter.value: 0x4C,
    _K.Key_Tab.value: 0x30,
    _K.Key_Backspace.value: 0x33,
    _K.Key_Escape.value: 0x35,
    _K.Key_Delete.value: 0x75,  # forward delete
    _K.Key_Home.value: 0x73,
    _K.Key_End.value: 0x77,
    _K.Key_PageUp.value: 0x74,
    _K.Key_PageDown.value: 0x79,
    _K.Key_Left.value: 0x7B,
    _K.Key_Right.value: 0x7C,
    _K.Key_Down.value: 0x7D,
    _K.Key_Up.value: 0x7E,
    _K.Key_Help.value: 0x72,
}
#: F1 to F20 (the codes follow the keyboard's hardware, not an order).
_FUNCTION_CODES = (
    0x7A, 0x78, 0x63, 0x76, 0x60, 0x61, 0x62, 0x64, 0x65, 0x6D,
    0x67, 0x6F, 0x69, 0x6B, 0x71, 0x6A, 0x40, 0x4F, 0x50, 0x5A,
)  # fmt: skip
#: Characters on a US (ANSI) keyboard: where the layout cannot be read.
_ANSI_CODES: dict[str, int] = {
    **dict(zip("asdfhgzxcv", range(0x00, 0x0A), strict=True)),
    **dict(zip("bqweryt123465=97-80]ou[ip", range(0x0B, 0x24), strict=True)),
    **dict(zip("lj'k;\\,/nm.", range(0x25, 0x30), strict=True)),
    "`": 0x32,
}


class EventHotKeyID(ctypes.Structure):
    _fields_ = [("signature", ctypes.c_uint32), ("id", ctypes.c_uint32)]


class EventTypeSpec(ctypes.Structure):
    _fields_ = [("eventClass", ctypes.c_uint32), ("eventKind", ctypes.c_uint32)]


#: OSStatus handler(EventHandlerCallRef, EventRef, void *userData)
EventHandlerProc = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p,
                                    ctypes.c_void_p)  # fmt: skip


def load_carbon(path: str = CARBON) -> Any:
    """The Carbon framework with the prototypes used here (CoreFoundation's come with
    it); OSError where it cannot be loaded."""
    lib = ctypes.CDLL(path)
    ref, status, u32 = ctypes.c_void_p, ctypes.c_int32, ctypes.c_uint32
    ulong = ctypes.c_ulong
    prototypes: dict[str, tuple[Any, list[Any]]] = {
        "GetApplicationEventTarget": (ref, []),
        "InstallEventHandler": (status, [ref, EventHandlerProc, ulong,
                                         ctypes.POINTER(EventTypeSpec), ref,
                                         ctypes.POINTER(ref)]),
        "RemoveEventHandler": (status, [ref]),
        "RegisterEventHotKey": (status, [u32, u32, EventHotKeyID, ref, u32,
                                         ctypes.POINTER(ref)]),
        "UnregisterEventHotKey": (status, [ref]),
        "GetEventParameter": (status, [ref, u32, u32, ctypes.POINTER(u32), ulong,
                                       ctypes.POINTER(ulong), ref]),
        "TISCopyCurrentASCIICapableKeyboardLayoutInputSource": (ref, []),
        "TISGetInputSourceProperty": (ref, [ref, ref]),
        "CFDataGetBytePtr": (ref, [ref]),
        "CFRelease": (None, [ref]),
        "LMGetKbdType": (ctypes.c_uint8, []),
        "UCKeyTranslate": (status, [ref, ctypes.c_uint16, ctypes.c_uint16, u32, u32, u32,
                                    ctypes.POINTER(u32), ulong, ctypes.POINTER(ulong),
                                    ctypes.POINTER(ctypes.c_uint16)]),
    }  # fmt: skip
    for function, (restype, argtypes) in prototypes.items():
        getattr(lib, function).restype = restype
        getattr(lib, function).argtypes = argtypes
    return lib


def carbon_modifiers(combo: KeyCombo) -> int:
    """Qt's modifiers as Carbon's: Ctrl is ⌘, Meta is ⌃ (Qt swaps them on macOS)."""
    return (
        (CMD_KEY if combo.ctrl else 0)
        | (OPTION_KEY if combo.alt else 0)
        | (SHIFT_KEY if combo.shift else 0)
        | (CONTROL_KEY if combo.meta else 0)
    )


def layout_codes(lib: Any) -> dict[str, int]:
    """Character -> virtual key code in the current ASCII-capable layout ({} if it
    cannot be read): each code 0-127 translated without modifiers."""
    source = lib.TISCopyCurrentASCIICapableKeyboardLayoutInputSource()
    if not source:
        return {}
    found: dict[str, int] = {}
    try:
        key = ctypes.c_void_p.in_dll(lib, "kTISPropertyUnicodeKeyLayoutData")
        data = lib.TISGetInputSourceProperty(source, key)
        layout = lib.CFDataGetBytePtr(data) if data else None
        if not layout:
            return {}
        keyboard = lib.LMGetKbdType()
        chars = (ctypes.c_uint16 * 4)()
        for code in range(128):
            dead, length = ctypes.c_uint32(0), ctypes.c_ulong(0)
            status = lib.UCKeyTranslate(
                layout, code, K_UC_KEY_ACTION_DISPLAY, 0, keyboard,
                K_UC_KEY_TRANSLATE_NO_DEAD_KEYS_MASK, ctypes.byref(dead), len(chars),
                ctypes.byref(length), chars,
            )  # fmt: skip
            if status == NO_ERR and length.value == 1:
                found.setdefault(chr(chars[0]).lower(), code)
    finally:
        lib.CFRelease(source)
    return found


def key_code(combo: KeyCombo, layout: dict[str, int]) -> int | None:
    """The virtual key code of ``combo``'s key, or None when the keyboard has none."""
    if combo.qt_key in _FIXED_CODES:
        return _FIXED_CODES[combo.qt_key]
    function = combo.qt_key - _K.Key_F1.value
    if 0 <= function < len(_FUNCTION_CODES):
        return _FUNCTION_CODES[function]
    if 0x21 <= combo.qt_key <= 0x7E:  # a character (Qt names letters in upper case)
        char = chr(combo.qt_key).lower()
        return layout.get(char) if layout else _ANSI_CODES.get(char)
    return None


class MacShortcut(GlobalShortcut):
    """One hot key registered with Carbon (``library``: the framework's path, by default
    :data:`CARBON`; tests pass a stand-in)."""

    def __init__(self, parent: QObject | None = None, library: str | None = None) -> None:
        super().__init__(parent)
        self._library = library or CARBON
        self._carbon: Any = None
        self._handler_ref: ctypes.c_void_p | None = None
        self._hot_key: ctypes.c_void_p | None = None
        self._id = 1
        # Kept alive for as long as Carbon may call it.
        self._callback = EventHandlerProc(self._on_event)

    def set_shortcut(self, combo: KeyCombo | None) -> str:
        self._release()
        if combo is None:
            return ""
        problem = self._install()
        if problem:
            return problem
        code = key_code(combo, layout_codes(self._carbon))
        if code is None:
            return self.no_such_key(combo)
        self._id += 1
        hot_key = ctypes.c_void_p()
        status = self._carbon.RegisterEventHotKey(
            code, carbon_modifiers(combo), EventHotKeyID(SIGNATURE, self._id),
            self._carbon.GetApplicationEventTarget(), K_EVENT_HOT_KEY_EXCLUSIVE,
            ctypes.byref(hot_key),
        )  # fmt: skip
        if status == EVENT_HOT_KEY_EXISTS_ERR:
            return self.taken(combo)
        if status != NO_ERR:
            return self.failed(combo, "macOS", status)
        self._hot_key = hot_key
        log.info("global shortcut %s registered (key code %#x)", combo.text, code)
        return ""

    def close(self) -> None:
        self._release()
        if self._handler_ref is not None:
            self._carbon.RemoveEventHandler(self._handler_ref)
            self._handler_ref = None

    def _install(self) -> str:
        """Load Carbon and install the hot-key handler (once)."""
        if self._handler_ref is not None:
            return ""
        try:
            self._carbon = self._carbon or load_carbon(self._library)
        except (OSError, AttributeError) as exc:
            log.warning("Carbon could not be loaded: %s", exc)
            return QCoreApplication.translate(
                "GlobalShortcut", "macOS's Carbon framework could not be loaded ({error})."
            ).format(error=exc)
        spec = EventTypeSpec(K_EVENT_CLASS_KEYBOARD, K_EVENT_HOT_KEY_PRESSED)
        ref = ctypes.c_void_p()
        status = self._carbon.InstallEventHandler(
            self._carbon.GetApplicationEventTarget(), self._callback, 1,
            ctypes.byref(spec), None, ctypes.byref(ref),
        )  # fmt: skip
        if status != NO_ERR:
            return QCoreApplication.translate(
                "GlobalShortcut", "Could not listen for global shortcuts (macOS error {error})."
            ).format(error=status)
        self._handler_ref = ref
        return ""

    def _release(self) -> None:
        if self._hot_key is not None:
            self._carbon.UnregisterEventHotKey(self._hot_key)
            self._hot_key = None

    def _on_event(self, _call: int | None, event: int | None, _data: int | None) -> int:
        """Carbon's call for a pressed hot key: ours if its id is the one registered."""
        pressed = EventHotKeyID()
        status = self._carbon.GetEventParameter(
            event, K_EVENT_PARAM_DIRECT_OBJECT, TYPE_EVENT_HOT_KEY_ID, None,
            ctypes.sizeof(pressed), None, ctypes.byref(pressed),
        )  # fmt: skip
        if status != NO_ERR or self._hot_key is None:
            return EVENT_NOT_HANDLED_ERR
        if pressed.signature != SIGNATURE or pressed.id != self._id:
            return EVENT_NOT_HANDLED_ERR
        self.activated.emit()
        return NO_ERR
