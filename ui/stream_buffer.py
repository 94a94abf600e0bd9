"""Text that streams in token by token, painted at most ~20 times a second.

A widget that shows a streaming reply appends each piece here; the buffer hands the
joined text to its ``paint`` callback on a timer, so the document is touched once per
interval, not once per token. The transcript and the quick prompt share it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

#: Repaint interval while a reply streams (ms): ~20 updates a second.
FLUSH_INTERVAL_MS = 50


class StreamBuffer(QObject):
    """Collects streamed text and paints it in batches."""

    def __init__(self, paint: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paint = paint
        self._pending: list[str] = []
        self.timer = QTimer(self)
        self.timer.setInterval(FLUSH_INTERVAL_MS)
        self.timer.timeout.connect(self.flush)

    def append(self, text: str) -> None:
        """Queue text; it is painted with the next flush."""
        self._pending.append(text)
        if not self.timer.isActive():
            self.timer.start()

    def flush(self) -> None:
        """Paint what is waiting now (the timer stops once nothing is)."""
        if not self._pending:
            self.timer.stop()
            return
        text = "".join(self._pending)
        self._pending.clear()
        self._paint(text)

    def discard(self) -> None:
        """Forget what is waiting and stop the timer."""
        self.timer.stop()
        self._pending.clear()

    def pending(self) -> str:
        """Text waiting for the next repaint."""
        return "".join(self._pending)
