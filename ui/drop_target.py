"""Dropping files and folders on the window: which drops count, and the hint shown
while dragging."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QMimeData, QRect, Qt
from PySide6.QtWidgets import QLabel, QWidget


def local_paths(mime: QMimeData | None) -> list[str]:
    """The local files and folders a drag carries (none for text, web links, images)."""
    if mime is None or not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def describe_drop(paths: list[str]) -> str:
    """The name of the one item dropped, or how many there are."""
    if len(paths) == 1:
        name = paths[0].rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1]
        return f"“{name}”"
    return QCoreApplication.translate("DropTarget", "{count} items").format(count=len(paths))


class DropHint(QLabel):
    """A dashed frame over the part of the window a drop will go to, saying what happens.

    Transparent for the mouse, so the drag keeps going to the widgets below it."""

    def __init__(self, parent: QWidget, quiet: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("dropHint")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if quiet:  # a target the pointer is not over: there, but not chosen
            self.setStyleSheet(
                "#dropHint { background: rgba(127, 127, 127, 20); color: palette(dark);"
                " border: 2px dashed palette(mid); border-radius: 10px;"
                " font-size: 13pt; font-weight: 500; padding: 16px; }"
            )
        else:
            self.setStyleSheet(
                "#dropHint { background: rgba(25, 118, 210, 38); color: palette(highlight);"
                " border: 2px dashed palette(highlight); border-radius: 10px;"
                " font-size: 15pt; font-weight: 600; padding: 24px; }"
            )
        self.hide()

    def show_over(self, area: QRect, text: str) -> None:
        self.setText(text)
        self.setAccessibleName(text)
        self.setGeometry(area.adjusted(6, 6, -6, -6))
        self.raise_()
        self.show()
