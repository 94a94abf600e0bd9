"""What the screenshot scripts share: deterministic settings, saving part of the screen,
dragging files over a widget, and the timer that walks a scenario's steps.

A scenario is a generator: each step does something and yields the condition to wait
for before the next one; :func:`run_scenario` checks it five times a second.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

#: A wait step: the condition to wait for.
Step = Callable[[], bool]


def save_deterministic_settings(max_reply_tokens: int, language: str = "") -> None:
    """Greedy, short, one-thread answers: the same pictures on every run (and the UI in
    ``language``, when given)."""
    from engine.storage import settings as settings_store

    defaults = settings_store.Settings()
    if language:
        defaults = dataclasses.replace(
            defaults, ui=dataclasses.replace(defaults.ui, language=language)
        )
    chat = dataclasses.replace(
        defaults.chat,
        temperature=0.0,
        max_reply_tokens=max_reply_tokens,
        repeat_penalty=1.0,
        threads=1,
    )
    settings_store.save(dataclasses.replace(defaults, chat=chat))


def launch_app(
    max_reply_tokens: int,
    size: tuple[int, int],
    position: tuple[int, int] = (20, 20),
    language: str = "",
    tray_quits: bool = False,
) -> tuple[Any, Any]:
    """The whole app, started in-process as ``hisho`` starts it: privacy defaults,
    deterministic settings (``language``: the UI language to save and install), the
    window shown at ``position`` with ``size``. ``tray_quits``: the tray's Quit ends the
    event loop (closing the last window doesn't). Returns (QApplication, HishoApp)."""
    from PySide6.QtWidgets import QApplication

    from desktop.app import HishoApp
    from desktop.cli import _privacy_defaults
    from engine.storage import settings as settings_store
    from ui import i18n

    _privacy_defaults()
    save_deterministic_settings(max_reply_tokens, language)
    qt = QApplication([sys.argv[0]])
    if language and i18n.install(qt, language) != language:
        raise RuntimeError(f"no {language} translation is built (run the setup)")
    if tray_quits:
        qt.setQuitOnLastWindowClosed(False)
    app = HishoApp(qt, quit_app=qt.quit if tray_quits else None, loaded=settings_store.load())
    app.window.resize(*size)
    app.window.move(*position)
    app.window.show()
    app.start()
    return qt, app


def grab_area(out: Path, area: object, fallback: object | None = None) -> None:
    """Save a rectangle of the screen (``fallback.grab()`` where the screen can't be read)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QWidget

    assert isinstance(area, QRect)
    screen = QGuiApplication.primaryScreen()
    picture = screen.grabWindow(0, area.x(), area.y(), area.width(), area.height())
    if picture.isNull() and isinstance(fallback, QWidget):
        picture = fallback.grab()
    out.parent.mkdir(parents=True, exist_ok=True)
    if picture.isNull() or not picture.save(str(out)):
        raise RuntimeError(f"could not save {out}")
    print(f"saved {out}", flush=True)


def drag_over(target: object, mime: object) -> None:
    """Files dragged over the middle of ``target`` (not dropped: the hint shows)."""
    from PySide6.QtCore import QMimeData, Qt
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(target, QWidget) and isinstance(mime, QMimeData)
    enter = QDragEnterEvent(target.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(target, enter)


def drag_leave(target: object) -> None:
    from PySide6.QtGui import QDragLeaveEvent
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(target, QWidget)
    QApplication.sendEvent(target, QDragLeaveEvent())


def run_scenario(
    qt: object, steps: Iterator[Step], timeout_s: float, finish: Callable[[], None]
) -> int:
    """Walk ``steps`` in the running event loop; 0 when all passed, 1 when one failed
    (an AssertionError) or time ran out. ``finish`` shuts the app down either way."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    assert isinstance(qt, QApplication)
    state: dict[str, object] = {"waiting": next(steps), "code": 1}

    def tick() -> None:
        try:
            if state["waiting"]():  # type: ignore[operator]
                state["waiting"] = next(steps)
        except StopIteration:
            state["code"] = 0
            end()
        except AssertionError:
            end()

    def end() -> None:
        timer.stop()
        finish()
        qt.quit()

    timer = QTimer()
    timer.setInterval(200)
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(int(timeout_s * 1000), qt.quit)
    qt.exec()
    return int(state["code"])  # type: ignore[call-overload]


# --- for the tests that run a screenshot script and check what it saved --------------


def run_script(name: str, display: str, out_dir: Path, timeout_s: int) -> str:
    """Run tests/e2e/``name`` on ``display`` (xcb) saving into ``out_dir``; its stdout.
    Fails the test when the script fails."""
    import os
    import subprocess

    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)
    script = Path(__file__).resolve().parent / name
    result = subprocess.run(
        [sys.executable, str(script), str(out_dir)],
        env=env, capture_output=True, text=True, timeout=timeout_s,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def colours(image: Any) -> int:
    """How many colours a sample of ``image`` (a QImage) has: a blank grab has one or two."""
    return len(
        {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    )


def keep_screenshots(out_dir: Path, sizes: dict[str, tuple[int, int]], least_colours: int) -> None:
    """Check each named PNG (at least its size, at least ``least_colours`` colours: a
    drawn window) and keep it in build/screenshots/ for a person to look at."""
    import shutil

    from PySide6.QtGui import QImage

    keep = Path(__file__).resolve().parents[2] / "build" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in sizes.items():
        image = QImage(str(out_dir / f"{name}.png"))
        assert image.width() >= width and image.height() >= height, name
        assert colours(image) > least_colours, name
        shutil.copy(out_dir / f"{name}.png", keep / f"{name}.png")
