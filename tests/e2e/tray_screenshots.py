"""Hisho in the tray, on the current X display (an Xvfb with a tray host, trayer).

Runs the whole app in-process (real model, real tray icon, real global shortcut) in the
HISHO_HOME it is given, checks each step and saves these PNGs to OUT_DIR:

- ``tray-menu.png``: the tray icon's menu, opened under the icon;
- ``quick-prompt.png``: the quick prompt, opened with the global shortcut (a key press
  sent by the X server), a question sent with Enter and the real answer under it;
- ``continued.png``: the exchange continued in the main window ("Continue in Hisho");
- ``settings.png``: File › Settings… with the tray, shortcut and start-up options.

Closing the window keeps Hisho in the tray: checked along the way. Prints one line per
step; exits 0 when every step passed. Usage:
``python tests/e2e/tray_screenshots.py OUT_DIR`` (tests/e2e/test_tray_screenshots.py
runs it under its own Xvfb and trayer).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from tests.e2e.screens import Step, grab_area, launch_app, run_scenario

QUESTION = "Give me two tips for a good night's sleep."


def check(condition: bool, what: str) -> None:
    print(f"{'ok' if condition else 'FAILED'}: {what}", flush=True)
    if not condition:
        raise AssertionError(what)


def scenario(app: object, out_dir: Path, keyboard: object) -> Iterator[Step]:
    """The steps, each yielding what to wait for before the next one."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QGuiApplication

    window = app.window  # type: ignore[attr-defined]
    yield lambda: window.status_label.text() == "Ready" and app.at_hand is not None  # type: ignore[attr-defined]
    background = app.at_hand  # type: ignore[attr-defined]
    tray = background.tray
    yield lambda: tray.active
    check(tray.tray.is_visible(), "the tray icon is shown")
    check(window.keep_running_on_close, "closing the window will keep Hisho in the tray")
    check(background.shortcut.active == "Ctrl+Alt+Space", "the global shortcut is grabbed")

    # The tray menu, opened under the icon.
    icon = tray.tray.icon.geometry()
    check(icon.width() > 0, f"the icon has a place in the tray ({icon})")
    menu = tray.tray.menu
    menu.popup(QPoint(icon.right() - menu.sizeHint().width(), icon.bottom() + 2))
    yield menu.isVisible
    yield lambda: True  # let it paint
    screen = QGuiApplication.primaryScreen().geometry()
    area = menu.geometry().united(icon).adjusted(-60, -4, 16, 16).intersected(screen)
    grab_area(out_dir / "tray-menu.png", area, showing=[menu])
    menu.hide()

    # Closing the window keeps Hisho running in the tray, with a notice the first time.
    window.close()
    yield lambda: not window.isVisible()
    check(app.history is not None, "closing the window did not stop Hisho")  # type: ignore[attr-defined]
    check(tray.tray.last_message is not None, "a notice says Hisho is still running")
    tray.tray.show_action.trigger()
    yield window.isVisible

    # The global shortcut opens the quick prompt over the window; Enter asks.
    prompt = background.quick.prompt
    keyboard.press("Control_L", "Alt_L", "space")  # type: ignore[attr-defined]
    yield lambda: prompt.isVisible() and prompt.isActiveWindow()
    prompt.use_documents.setChecked(False)
    prompt.input.setText(QUESTION)
    keyboard.press("Return")  # type: ignore[attr-defined]
    chat = app.controllers.chat  # type: ignore[attr-defined]
    yield lambda: background.quick.generating
    yield lambda: not app.controllers.turns.busy and prompt.continue_button.isVisible()
    yield lambda: True
    check(bool(prompt.answer.toPlainText().strip()), "the answer is shown under the question")
    reply = chat.history.messages(background.quick.conversation_id)[-1]
    facts = {"question": QUESTION, "answer": reply.content, "status": reply.status.value}
    around = prompt.frameGeometry().adjusted(-24, -24, 24, 24)
    grab_area(out_dir / "quick-prompt.png", around.intersected(screen), prompt, [prompt], facts)

    # "Continue in Hisho": the exchange is a conversation in the main window.
    prompt.continue_button.click()
    yield lambda: not prompt.isVisible() and window.isVisible()
    check(
        chat.conversations.current_id == background.quick.conversation_id,
        "the window shows the exchange",
    )
    check(QUESTION in window.transcript.toPlainText(), "with the question asked")
    yield lambda: True
    grab_area(out_dir / "continued.png", window.frameGeometry(), window, [window], facts)

    # File › Settings…: the options of this feature, with what this desktop allows.
    window.menus.settings_action.trigger()
    dialog = background.preferences.dialog
    yield lambda: dialog is not None and dialog.isVisible()
    yield lambda: True
    check(dialog.close_to_tray.isEnabled(), "close to tray can be chosen (there is a tray)")
    grab_area(out_dir / "settings.png", dialog.frameGeometry(), dialog, [dialog])
    dialog.reject()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    from PySide6.QtWidgets import QSystemTrayIcon

    from tests.xkeys import Keyboard

    qt, app = launch_app(80, size=(1000, 640), position=(40, 60), tray_quits=True)
    print(f"tray available: {QSystemTrayIcon.isSystemTrayAvailable()}", flush=True)
    keyboard = Keyboard(os.environ["DISPLAY"])

    def finish() -> None:
        app.window.quit()
        app.shutdown()
        keyboard.close()

    return run_scenario(qt, scenario(app, args.out_dir, keyboard), args.timeout, finish)


if __name__ == "__main__":
    raise SystemExit(main())
