"""What the screenshot scripts share: deterministic settings, saving part of the screen,
dragging files over a widget, and the timer that walks a scenario's steps.

A scenario is a generator: each step does something and yields the condition to wait
for before the next one; :func:`run_scenario` checks it five times a second.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

#: A wait step: the condition to wait for.
Step = Callable[[], bool]


def save_deterministic_settings(max_reply_tokens: int) -> None:
    """Greedy, short, one-thread answers: the same pictures on every run."""
    from engine import settings as settings_store

    defaults = settings_store.Settings()
    chat = dataclasses.replace(
        defaults.chat,
        temperature=0.0,
        max_reply_tokens=max_reply_tokens,
        repeat_penalty=1.0,
        threads=1,
    )
    settings_store.save(dataclasses.replace(defaults, chat=chat))


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
