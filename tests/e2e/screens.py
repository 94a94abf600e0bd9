"""What the screenshot scripts share: deterministic settings, saving part of the screen
with the texts it shows, dragging files over a widget, and the timer that walks a
scenario's steps.

A scenario is a generator: each step does something and yields the condition to wait
for before the next one; :func:`run_scenario` checks it five times a second.

Each ``NAME.png`` comes with ``NAME.json``: the texts the photographed widgets show,
read from the real widgets at the moment of the grab (:func:`visible_texts`), so a test
can check what the user reads, not only that pixels were drawn.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
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


def grab_area(
    out: Path,
    area: object,
    fallback: object | None = None,
    showing: Sequence[object] = (),
    facts: dict[str, str] | None = None,
) -> None:
    """Save a rectangle of the screen (``fallback.grab()`` where the screen can't be read)
    and, beside it, the texts that ``showing`` (default: ``fallback``) and their visible
    children show, with ``facts`` (what the scenario knows the screen should hold, such
    as the stored answer)."""
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
    widgets = list(showing) or ([fallback] if fallback is not None else [])
    sidecar = {"texts": visible_texts(widgets), "facts": facts or {}}
    out.with_suffix(".json").write_text(
        json.dumps(sidecar, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"saved {out}", flush=True)


def visible_texts(widgets: Sequence[object]) -> list[dict[str, str]]:
    """What each visible widget under ``widgets`` shows in words: ``{"where": the object
    names from the top down and the class, "text": ...}`` (labels, buttons, text views,
    line edits, combo boxes, group boxes, tabs, menus, table and list rows, window
    titles)."""
    from PySide6.QtWidgets import QWidget

    found: list[dict[str, str]] = []
    seen: set[int] = set()  # a popup is a child of the window and a top of its own
    for top in widgets:
        assert isinstance(top, QWidget)
        for widget in [top, *top.findChildren(QWidget)]:
            if widget.isVisible() and id(widget) not in seen:
                seen.add(id(widget))
                where = _where(widget, top)
                found += [{"where": where, "text": t} for t in _texts_of(widget) if t.strip()]
    return found


def _where(widget: Any, top: Any) -> str:
    """ "banner[error]/QLabel": the object names from ``top`` down to ``widget`` (with a
    "kind" property where one is set), then the widget's class."""
    names = []
    current = widget
    while current is not None:
        if current.objectName():
            kind = current.property("kind")
            names.append(current.objectName() + (f"[{kind}]" if isinstance(kind, str) else ""))
        if current is top:
            break
        current = current.parentWidget()
    return "/".join([*reversed(names), type(widget).__name__])


def _texts_of(widget: Any) -> list[str]:
    """The words one widget itself shows (not its children's)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QHeaderView,
        QLabel,
        QLineEdit,
        QMenu,
        QMenuBar,
        QPlainTextEdit,
        QTabBar,
        QTextEdit,
    )

    texts = [widget.windowTitle()] if widget.isWindow() else []
    if isinstance(widget, QLabel | QAbstractButton):
        texts.append(widget.text())
    elif isinstance(widget, QLineEdit):  # an empty one shows its placeholder
        texts.append(widget.text() or widget.placeholderText())
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        texts.append(widget.toPlainText() or widget.placeholderText())
    elif isinstance(widget, QComboBox):
        texts.append(widget.currentText())
    elif isinstance(widget, QGroupBox):
        texts.append(widget.title())
    elif isinstance(widget, QTabBar):
        texts += [widget.tabText(i) for i in range(widget.count())]
    elif isinstance(widget, QMenu | QMenuBar):
        texts += [a.text() for a in widget.actions() if a.isVisible() and not a.isSeparator()]
    elif isinstance(widget, QHeaderView) and widget.model() is not None:
        display, model = Qt.ItemDataRole.DisplayRole, widget.model()
        texts += [str(model.headerData(i, widget.orientation(), display) or "")
                  for i in range(widget.count()) if not widget.isSectionHidden(i)]  # fmt: skip
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        texts += _rows_of(widget.model())
    return texts


def _rows_of(model: Any) -> list[str]:
    """Each cell's text (and its spoken text where it says more: a file's state)."""
    from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

    texts: list[str] = []
    top = QModelIndex()  # (a list model has one column, and hides its columnCount)
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
    for row in range(model.rowCount(top)):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                value = model.data(index, role)
                if value is not None and str(value) not in texts[-1:]:
                    texts.append(str(value))
    return texts


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
    (an AssertionError or any other exception, printed) or time ran out. ``finish``
    shuts the app down either way."""
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
        except Exception:  # a failed check, or a step that broke: the scenario failed
            traceback.print_exc()
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
    drawn window) and keep it with its texts in build/screenshots/ for a person to look
    at."""
    import shutil

    from PySide6.QtGui import QImage

    keep = Path(__file__).resolve().parents[2] / "build" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in sizes.items():
        image = QImage(str(out_dir / f"{name}.png"))
        assert image.width() >= width and image.height() >= height, name
        assert colours(image) > least_colours, name
        for suffix in (".png", ".json"):
            shutil.copy(out_dir / f"{name}{suffix}", keep / f"{name}{suffix}")


@dataclasses.dataclass(frozen=True)
class Shown:
    """What one screenshot shows in words (its JSON sidecar, see :func:`grab_area`)."""

    name: str
    texts: list[dict[str, str]]
    facts: dict[str, str]

    def text(self, where: str = "") -> str:
        """Every text whose place contains ``where``, one per line."""
        return "\n".join(e["text"] for e in self.texts if where in e["where"])

    def of_class(self, name: str) -> list[str]:
        """The texts of the widgets of class ``name`` (a QMenu, not its QMenuBar)."""
        return [e["text"] for e in self.texts if e["where"].rsplit("/", 1)[-1] == name]

    def error_banners(self) -> list[str]:
        return [e["text"] for e in self.texts if "banner[error]" in e["where"]]


def shown(out_dir: Path, name: str) -> Shown:
    """The texts ``name``.png shows; fails when there is no error-free sidecar."""
    data = json.loads((out_dir / f"{name}.json").read_text(encoding="utf-8"))
    result = Shown(name, data["texts"], data["facts"])
    assert result.texts, f"{name}: no texts recorded"
    assert not result.error_banners(), f"{name} shows an error: {result.error_banners()}"
    return result


def words(text: str) -> list[str]:
    """The words and numbers of ``text`` (markup and list bullets drop out when shown)."""
    import re

    return re.findall(r"\w+", text.lower())


def shows_answer(screen: Shown, answer: str, where: str) -> bool:
    """Whether the text at ``where`` holds every word of ``answer``, in order (the
    transcript shows Markdown rendered, so only the words are compared, and list
    numbers and bullets, which are drawn rather than written, are left out)."""
    import re

    prose = re.sub(r"^\s*(?:\d+[.)]|[-*+])\s+", "", answer, flags=re.MULTILINE)
    wanted, seen = words(prose), iter(words(screen.text(where)))
    return bool(wanted) and all(word in seen for word in wanted)
