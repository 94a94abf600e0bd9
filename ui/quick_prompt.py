"""The quick prompt: a small frameless window over whatever the user is doing.

One input line (Enter sends, Esc hides; input methods such as Japanese IMEs work as in
any line edit), two toggles ("use my documents", "include clipboard text"), and the
answer streaming underneath, repainted at most ~20 times a second. "Continue in Hisho"
asks for the exchange to be opened in the main window. It shows state and emits
requests; desktop/controllers/quick.py acts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QCursor, QGuiApplication, QIcon, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.i18n import engine_text
from ui.ime import CompositionGuard
from ui.markdown import markdown_fragment
from ui.stream_buffer import StreamBuffer

WIDTH = 640
#: The answer area grows with the answer up to this height, then scrolls.
MAX_ANSWER_HEIGHT = 360

_STYLE = """
#quickPrompt { background: palette(window); border: 1px solid palette(mid);
  border-radius: 10px; }
#quickInput { font-size: 15pt; padding: 6px 8px; border: 1px solid palette(mid);
  border-radius: 6px; background: palette(base); }
#quickInput:focus { border: 1px solid palette(highlight); }
#quickAnswer { border: none; border-top: 1px solid palette(midlight);
  background: palette(window); }
#quickHint, #quickStatus, #quickSources { color: palette(placeholder-text); }
"""


class _Answer(QTextBrowser):
    """Read-only answer text that never loads anything (no remote images, no files)."""

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return None


class QuickPrompt(QWidget):
    """The quick prompt window. Hidden, not destroyed, between uses (it opens fast)."""

    #: The question, when the user pressed Enter.
    submitted = Signal(str)
    #: "Continue in Hisho" was clicked.
    continue_requested = Signal()
    #: (use my documents, include clipboard text) after the user flipped a toggle.
    toggles_changed = Signal(bool, bool)
    #: The prompt was hidden (Esc, or the controller).
    hidden = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(self.tr("Hisho quick prompt"))
        self.setAccessibleName(self.tr("Hisho quick prompt"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setObjectName("quickPrompt")
        self.setStyleSheet(
            _STYLE + f'#quickStatus[kind="error"] {{ color: {theme.colors().error}; }}'
        )
        self.setFixedWidth(WIDTH)
        self.icon = QLabel(self)
        self.input = QLineEdit(self)
        self.input.setObjectName("quickInput")
        self.input.setAccessibleName(self.tr("Question"))
        self.input.setPlaceholderText(self.tr("Ask Hisho…"))
        self.input.setClearButtonEnabled(True)
        self.ime = CompositionGuard(self.input)  # Enter/Esc while composing stay with the IME
        self.use_documents = QCheckBox(self.tr("Use my documents"), self)
        self.use_documents.setToolTip(self.tr("Answer from all the files you added to Hisho"))
        self.include_clipboard = QCheckBox(self.tr("Include clipboard text"), self)
        self.include_clipboard.setToolTip(
            self.tr("Send the text on the clipboard with your question")
        )
        self.hint = QLabel(self.tr("Enter to ask · Esc to hide"), self)
        self.hint.setObjectName("quickHint")
        self.answer = _Answer(self)
        self.answer.setObjectName("quickAnswer")
        self.answer.setAccessibleName(self.tr("Answer"))
        self.answer.setOpenLinks(False)
        self.answer.document().setDocumentMargin(8)
        self.sources = QLabel(self)
        self.sources.setObjectName("quickSources")
        self.sources.setWordWrap(True)
        self.sources.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel(self)
        self.status.setObjectName("quickStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.continue_button = QPushButton(self.tr("Continue in Hisho"), self)
        self.continue_button.setAccessibleName(
            self.tr("Continue this conversation in the Hisho window")
        )
        self.continue_button.setAutoDefault(False)
        self._stream = StreamBuffer(self._paint_answer, self)
        self._build_layout()
        self._connect_signals()
        self.reset()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.icon)
        top.addWidget(self.input, 1)
        toggles = QHBoxLayout()
        toggles.addWidget(self.use_documents)
        toggles.addSpacing(12)
        toggles.addWidget(self.include_clipboard)
        toggles.addStretch(1)
        toggles.addWidget(self.hint)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(toggles)
        layout.addWidget(self.answer)
        layout.addWidget(self.sources)
        layout.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.input.returnPressed.connect(self._submit)
        self.continue_button.clicked.connect(self.continue_requested)
        self.use_documents.toggled.connect(self._toggled)
        self.include_clipboard.toggled.connect(self._toggled)
        self.answer.document().documentLayout().documentSizeChanged.connect(self._fit_answer)

    # --- showing -------------------------------------------------------------------------

    def set_icon(self, icon: QIcon) -> None:
        self.icon.setPixmap(icon.pixmap(QSize(28, 28)))

    def set_toggles(self, use_documents: bool, include_clipboard: bool) -> None:
        for box, value in ((self.use_documents, use_documents),
                           (self.include_clipboard, include_clipboard)):  # fmt: skip
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)

    def show_prompt(self) -> None:
        """Show over the screen the mouse is on, raised, with the keyboard focus."""
        if not self.isVisible():
            self.adjustSize()
            self.move(self._place(self.sizeHint()))
        self.show()
        self.raise_()
        self.activateWindow()
        self.input.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        self.input.selectAll()

    def _place(self, size: QSize) -> QPoint:
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)
        return QPoint(area.center().x() - WIDTH // 2, area.top() + area.height() // 5)

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self.hidden.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)

    # --- the exchange ----------------------------------------------------------------------

    def reset(self) -> None:
        """Empty: no question, no answer."""
        self.input.clear()
        self._stop_stream()
        self.answer.clear()
        self.answer.hide()
        self.sources.clear()
        self.sources.hide()
        self.set_status("")
        self.continue_button.hide()
        self.adjustSize()

    def begin_answer(self) -> None:
        """An answer is about to stream in (the previous one is cleared)."""
        self._stop_stream()
        self.answer.clear()
        self.sources.clear()
        self.sources.hide()
        self.answer.show()
        self.adjustSize()

    def append_answer(self, text: str) -> None:
        """Queue answer text; it is painted with the next flush (at most 20 a second)."""
        self._stream.append(text)

    def flush(self) -> None:
        self._stream.flush()

    def _paint_answer(self, text: str) -> None:
        cursor = QTextCursor(self.answer.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        bar = self.answer.verticalScrollBar()
        bar.setValue(bar.maximum())

    def show_sources(self, names: Sequence[str]) -> None:
        if names:
            listed = " · ".join(f"[{n}] {name}" for n, name in enumerate(names, start=1))
            self.sources.setText(self.tr("Sources: {sources}").format(sources=listed))
            self.sources.show()
            self.adjustSize()

    def finish_answer(self, markdown: str) -> None:
        """Show the whole answer, rendered (replaces the streamed plain text)."""
        self._stop_stream()
        self.answer.clear()
        code_bg = QColor(theme.colors().code)
        QTextCursor(self.answer.document()).insertFragment(markdown_fragment(markdown, code_bg))
        self.answer.show()
        self.adjustSize()

    def streamed_text(self) -> str:
        """The answer shown so far, with what is waiting for the next repaint."""
        return self.answer.toPlainText() + self._stream.pending()

    def set_status(self, text: str, kind: str = "") -> None:
        """A line under the answer: progress, a notice, or (``kind="error"``) a problem."""
        self.status.setProperty("kind", kind)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(engine_text(text))
        self.status.setVisible(bool(text))

    def set_can_continue(self, possible: bool) -> None:
        self.continue_button.setVisible(possible)

    def _stop_stream(self) -> None:
        self._stream.flush()
        self._stream.discard()

    def _fit_answer(self) -> None:
        """Grow the answer area with its text, up to MAX_ANSWER_HEIGHT."""
        height = int(self.answer.document().size().height()) + 4
        self.answer.setFixedHeight(max(40, min(MAX_ANSWER_HEIGHT, height)))
        if self.isVisible():
            self.adjustSize()

    # --- requests --------------------------------------------------------------------------

    def _submit(self) -> None:
        text = self.input.text()
        if text.strip():
            self.submitted.emit(text.strip())

    def _toggled(self) -> None:
        self.toggles_changed.emit(self.use_documents.isChecked(),
                                  self.include_clipboard.isChecked())  # fmt: skip
