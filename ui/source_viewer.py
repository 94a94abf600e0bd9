"""A source, shown where it came from: the PDF page (with the passage marked) or, for
other files, the passage in its surrounding text.

The viewer shows what the source controller gives it and emits what the user asks
for (another page, open the file); pages are drawn by the guarded child process and
reach the viewer as images (``ui.pdf_page.PageImage``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QPalette,
    QPixmap,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.library.types import Passage
from ui import theme
from ui.pdf_page import PageImage
from ui.sources import HIGHLIGHT, TermFinder, insert_highlighted, no_terms, source_title

#: Grey around the page (pixels).
PAGE_MARGIN = 14


class SourceViewer(QDialog):
    """One source of an answer: "[2] report.pdf · page 3", the page or the context."""

    #: 1-based page number to show next.
    page_requested = Signal(int)
    open_in_app_requested = Signal()

    def __init__(
        self,
        passage: Passage,
        number: int,
        question: str = "",
        find_terms: TermFinder = no_terms,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.passage = passage
        self.question = question
        self.find_terms = find_terms
        self.page_number = passage.page or 1
        self.page_count = 0
        self.setObjectName("sourceViewer")
        self.setWindowTitle(self.tr("{name} — Hisho").format(name=passage.name))
        self.setAccessibleName(self.tr("Source"))
        self._fit_to_screen(1040, 780)
        self.title = QLabel(source_title(number, passage), self)
        self.title.setAccessibleName(self.tr("Source title"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() + 2)
        font.setBold(True)
        self.title.setFont(font)
        self.path_label = QLabel(passage.path, self)
        self.path_label.setAccessibleName(self.tr("File"))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setStyleSheet("color: palette(placeholder-text);")
        self.open_button = QPushButton(self.tr("Open in default app"), self)
        self.open_button.setAccessibleName(self.tr("Open the file in its default app"))
        self.stack = QStackedWidget(self)
        self.message = QLabel(self)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self._make_page_widgets()
        self.passage_view = self._text_view(self.tr("Cited passage"))
        self.context_view = self._text_view(self.tr("Passage in context"))
        self._build_layout()
        self.previous_button.clicked.connect(lambda: self._go(self.page_number - 1))
        self.next_button.clicked.connect(lambda: self._go(self.page_number + 1))
        self.open_button.clicked.connect(self.open_in_app_requested)
        self._fill_passage()
        self.show_message(self.tr("Opening…"))

    def _make_page_widgets(self) -> None:
        """The page image in its scroll area, and the buttons that turn pages."""
        self.page_image = QLabel(self)
        self.page_image.setAccessibleName(self.tr("Page"))
        self.page_image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        backdrop = theme.colors().page_backdrop
        self.page_image.setStyleSheet(f"background: {backdrop}; padding: {PAGE_MARGIN}px;")
        self.page_area = QScrollArea(self)
        self.page_area.setWidget(self.page_image)
        self.page_area.setWidgetResizable(True)
        self.page_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._image: QImage | None = None
        self.previous_button = QPushButton(self.tr("‹ Previous"), self)
        self.previous_button.setAccessibleName(self.tr("Previous page"))
        self.previous_button.setShortcut(QKeySequence("Ctrl+PgUp"))
        self.previous_button.setToolTip(self.tr("Previous page (Ctrl+Page Up)"))
        self.next_button = QPushButton(self.tr("Next ›"), self)
        self.next_button.setAccessibleName(self.tr("Next page"))
        self.next_button.setShortcut(QKeySequence("Ctrl+PgDown"))
        self.next_button.setToolTip(self.tr("Next page (Ctrl+Page Down)"))
        self.page_label = QLabel(self)
        self.page_label.setAccessibleName(self.tr("Page number"))
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setMinimumWidth(110)

    def _text_view(self, name: str) -> QTextBrowser:
        view = QTextBrowser(self)
        view.setAccessibleName(name)
        view.setOpenLinks(False)
        view.setOpenExternalLinks(False)
        view.document().setDocumentMargin(12)
        return view

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.path_label)
        header.addLayout(titles, 1)
        header.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        pdf = QWidget(self)
        pdf_layout = QVBoxLayout(pdf)
        pdf_layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal, pdf)
        splitter.addWidget(self.page_area)
        side = QWidget(splitter)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        side_layout.addWidget(QLabel("<b>" + self.tr("Cited passage") + "</b>", side))
        side_layout.addWidget(self.passage_view, 1)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([700, 300])
        pdf_layout.addWidget(splitter, 1)
        navigation = QHBoxLayout()
        navigation.addStretch(1)
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.page_label)
        navigation.addWidget(self.next_button)
        navigation.addStretch(1)
        pdf_layout.addLayout(navigation)
        self.pdf_page = pdf
        self.stack.addWidget(self.message)
        self.stack.addWidget(pdf)
        self.stack.addWidget(self.context_view)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

    # --- what the controller shows -----------------------------------------------------

    def show_message(self, text: str) -> None:
        """A sentence instead of the source (loading, file missing, could not be read)."""
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def show_missing(self, text: str) -> None:
        self.show_message(text)
        self.open_button.setEnabled(False)

    def render_width(self) -> int:
        """How wide (in device pixels) to draw pages: enough to fill the view sharply."""
        return int(max(self._fit_width(), 900) * self.devicePixelRatioF())

    def show_page(self, page: PageImage) -> None:
        self.page_number, self.page_count = page.number, page.count
        self._image = page.image
        self.page_label.setText(
            self.tr("Page {number} of {count}").format(number=page.number, count=page.count)
        )
        self.previous_button.setEnabled(page.number > 1)
        self.next_button.setEnabled(page.number < page.count)
        self.stack.setCurrentWidget(self.pdf_page)
        shown = self._fit_page()
        if page.mark_top is not None:
            top = page.mark_top * shown / page.image.width() + PAGE_MARGIN
            self.page_area.ensureVisible(0, int(top), 0, 160)
        else:
            self.page_area.verticalScrollBar().setValue(0)

    def show_context(self, passages: Sequence[Passage]) -> None:
        """The cited passage between its neighbours (overlaps shown once)."""
        view = self.context_view
        view.clear()
        cursor = QTextCursor(view.document())
        muted = QTextCharFormat()
        muted.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        last: Passage | None = None
        cited_at = 0
        for neighbour in passages or [self.passage]:
            text = neighbour.text
            if last is not None and neighbour.page == last.page and neighbour.start < last.end:
                text = text[last.end - neighbour.start :]  # the overlap is shown once
            elif last is not None:
                cursor.insertText("\n\n" if neighbour.page != last.page else " ", muted)
            last = neighbour
            if neighbour.chunk_id == self.passage.chunk_id:
                cited_at = cursor.position()
                self._insert_cited(cursor, text)
            else:
                cursor.insertText(text, muted)
        self.stack.setCurrentWidget(self.context_view)
        cursor.setPosition(cited_at)
        view.setTextCursor(cursor)
        view.ensureCursorVisible()

    # --- pieces ----------------------------------------------------------------------

    def _fit_width(self) -> int:
        return max(self.page_area.viewport().width() - 2 * PAGE_MARGIN, 200)

    def _fit_page(self) -> float:
        """Show the page as wide as the view (never enlarged); returns its width shown."""
        if self._image is None:
            return 0.0
        ratio = self.devicePixelRatioF()
        image = self._image
        if image.width() > self._fit_width() * ratio:
            image = image.scaledToWidth(
                int(self._fit_width() * ratio), Qt.TransformationMode.SmoothTransformation
            )
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.page_image.setPixmap(pixmap)
        return image.width() / ratio

    def _fit_to_screen(self, width: int, height: int) -> None:
        """The preferred size, but never larger than the screen's free area."""
        screen = (parent.screen() if (parent := self.parentWidget()) else None) or self.screen()
        if screen is not None:
            free = screen.availableGeometry()
            width = min(width, int(free.width() * 0.92))
            height = min(height, int(free.height() * 0.92))
        self.resize(width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_page()

    def _insert_cited(self, cursor: QTextCursor, text: str) -> None:
        plain = QTextCharFormat()
        plain.setBackground(HIGHLIGHT.lighter(130))
        marked = QTextCharFormat(plain)
        marked.setBackground(HIGHLIGHT)
        marked.setFontWeight(700)
        insert_highlighted(cursor, text, self.find_terms(self.question, text), plain, marked)

    def _fill_passage(self) -> None:
        cursor = QTextCursor(self.passage_view.document())
        text = self.passage.text
        plain = QTextCharFormat()
        marked = QTextCharFormat()
        marked.setBackground(HIGHLIGHT)
        insert_highlighted(cursor, text, self.find_terms(self.question, text), plain, marked)
        self.passage_view.moveCursor(QTextCursor.MoveOperation.Start)

    def _go(self, number: int) -> None:
        if 1 <= number <= max(self.page_count, 1) and number != self.page_number:
            self.previous_button.setEnabled(False)
            self.next_button.setEnabled(False)
            self.page_label.setText(
                self.tr("Page {number} of {count}").format(number=number, count=self.page_count)
            )
            self.page_requested.emit(number)
