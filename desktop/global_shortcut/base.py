"""What every global shortcut backend shares: the key combination and the base class.

:func:`parse` turns the text the user typed ("Ctrl+Alt+Space") into a :class:`KeyCombo`
with each platform's key code; :class:`GlobalShortcut` is the contract a backend
implements (grab, release, ``activated``) with the failure messages they share. The
package (:mod:`desktop.global_shortcut`) picks the backend for the desktop.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence

from engine.storage.settings import DEFAULT_QUICK_SHORTCUT

_K = Qt.Key
#: Qt key -> (X11 keysym, Windows virtual-key code), for keys that are not plain ASCII.
_SPECIAL_KEYS: dict[int, tuple[int, int]] = {
    _K.Key_Space.value: (0x0020, 0x20),
    _K.Key_Escape.value: (0xFF1B, 0x1B),
    _K.Key_Tab.value: (0xFF09, 0x09),
    _K.Key_Backspace.value: (0xFF08, 0x08),
    _K.Key_Return.value: (0xFF0D, 0x0D),
    _K.Key_Enter.value: (0xFF8D, 0x0D),
    _K.Key_Insert.value: (0xFF63, 0x2D),
    _K.Key_Delete.value: (0xFFFF, 0x2E),
    _K.Key_Pause.value: (0xFF13, 0x13),
    _K.Key_Print.value: (0xFF61, 0x2C),
    _K.Key_Home.value: (0xFF50, 0x24),
    _K.Key_End.value: (0xFF57, 0x23),
    _K.Key_Left.value: (0xFF51, 0x25),
    _K.Key_Up.value: (0xFF52, 0x26),
    _K.Key_Right.value: (0xFF53, 0x27),
    _K.Key_Down.value: (0xFF54, 0x28),
    _K.Key_PageUp.value: (0xFF55, 0x21),
    _K.Key_PageDown.value: (0xFF56, 0x22),
}
_F1 = _K.Key_F1.value


@dataclass(frozen=True, slots=True)
class KeyCombo:
    """One key with its modifiers, in the terms each platform's API wants."""

    text: str  # as the user sees it: "Ctrl+Alt+Space"
    qt_key: int  # Qt.Key value
    x11_keysym: int
    windows_vk: int  # 0: look it up at run time (punctuation depends on the layout)
    ctrl: bool
    alt: bool
    shift: bool
    meta: bool  # the Super/Windows key


class ShortcutError(ValueError):
    """The text is not a shortcut Hisho can grab; the message says why."""


def parse(text: str) -> KeyCombo:
    """Turn "Ctrl+Alt+Space" into a :class:`KeyCombo`.

    Raises:
        ShortcutError: empty, more than one key press, no Ctrl/Alt/Super (it would steal
            a key from every other program), or a key Hisho cannot grab.
    """
    sequence = QKeySequence(text.strip())
    if sequence.isEmpty() or sequence.count() != 1:
        raise ShortcutError(
            QCoreApplication.translate(
                "GlobalShortcut", "“{text}” is not one key combination, like Ctrl+Alt+Space."
            ).format(text=text)
        )
    combo = sequence[0]  # type: ignore[index]  # (PySide6's stubs lack __getitem__)
    key = combo.key().value
    modifiers = combo.keyboardModifiers()
    mods = Qt.KeyboardModifier
    ctrl = bool(modifiers & mods.ControlModifier)
    alt = bool(modifiers & mods.AltModifier)
    shift = bool(modifiers & mods.ShiftModifier)
    meta = bool(modifiers & mods.MetaModifier)
    shown = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    if not (ctrl or alt or meta):
        raise ShortcutError(
            QCoreApplication.translate(
                "GlobalShortcut",
                "{shortcut} has no Ctrl, Alt or Super key: as a global shortcut it would "
                "take that key away from every other program.",
            ).format(shortcut=shown)
        )
    if key in _SPECIAL_KEYS:
        keysym, vk = _SPECIAL_KEYS[key]
    elif _F1 <= key <= _F1 + 23:
        keysym, vk = 0xFFBE + key - _F1, 0x70 + key - _F1
    elif 0x21 <= key <= 0x7E:  # ASCII: X11 keysyms are the (lower-case) characters
        char = chr(key)
        keysym = ord(char.lower())
        vk = ord(char) if char.isalnum() else 0
    else:
        raise ShortcutError(
            QCoreApplication.translate(
                "GlobalShortcut", "Hisho cannot use {shortcut} as a global shortcut; try {default}."
            ).format(shortcut=shown, default=DEFAULT_QUICK_SHORTCUT)
        )
    return KeyCombo(
        sequence.toString(QKeySequence.SequenceFormat.PortableText),
        key,
        keysym,
        vk,
        ctrl,
        alt,
        shift,
        meta,
    )


class GlobalShortcut(QObject):
    """One global shortcut; ``activated`` is emitted on the GUI thread when pressed."""

    activated = Signal()

    def set_shortcut(self, combo: KeyCombo | None) -> str:
        """Grab ``combo`` (None: release the current one).

        Returns:
            "" when it worked, else why not, in words for the user.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Release the shortcut and whatever connection it needed."""

    @staticmethod
    def no_such_key(combo: KeyCombo) -> str:
        """What to say when the keyboard layout has no key for ``combo``."""
        return QCoreApplication.translate(
            "GlobalShortcut", "{shortcut}: this keyboard layout has no such key."
        ).format(shortcut=combo.text)

    @staticmethod
    def taken(combo: KeyCombo) -> str:
        """What to say when another program holds ``combo``."""
        return QCoreApplication.translate(
            "GlobalShortcut",
            "{shortcut} is already used by another program. Choose another shortcut.",
        ).format(shortcut=combo.text)

    @staticmethod
    def failed(combo: KeyCombo, system: str, code: int) -> str:
        """What to say when ``system`` ("X", "Windows", "macOS") refused ``combo`` with
        error ``code`` for another reason."""
        return QCoreApplication.translate(
            "GlobalShortcut",
            "Could not set {shortcut} as a global shortcut ({system} error {code}). "
            "Choose another shortcut.",
        ).format(shortcut=combo.text, system=system, code=code)
