"""Models › Get more models: the curated catalog, sorted for this computer.

A table (model, size, licence, good at, can, how it would do here, state) with filters
by size and language, and below it the chosen model's details: what it needs, how fast
it would write here, its licence (a non-commercial one said plainly), and one button —
Download, Resume, Use this model, or In use. The tab shows rows and emits requests;
desktop/controllers/catalog.py builds the rows and acts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP, engine_text, translate
from ui.tables import read_only_table

COLUMNS = (
    QT_TRANSLATE_NOOP("CatalogTab", "Model"),
    QT_TRANSLATE_NOOP("CatalogTab", "Size"),
    QT_TRANSLATE_NOOP("CatalogTab", "Licence"),
    QT_TRANSLATE_NOOP("CatalogTab", "Good at"),
    QT_TRANSLATE_NOOP("CatalogTab", "Can"),
    QT_TRANSLATE_NOOP("CatalogTab", "On this computer"),
    QT_TRANSLATE_NOOP("CatalogTab", "Speed here"),
    "",
)
#: (label, most bytes) of the size filter.
SIZES = (
    (QT_TRANSLATE_NOOP("CatalogTab", "Any size"), None),
    (QT_TRANSLATE_NOOP("CatalogTab", "Up to 1 GB"), 1024**3),
    (QT_TRANSLATE_NOOP("CatalogTab", "Up to 3 GB"), 3 * 1024**3),
    (QT_TRANSLATE_NOOP("CatalogTab", "Up to 6 GB"), 6 * 1024**3),
)
#: (label, language code) of the language filter.
LANGUAGES = (
    (QT_TRANSLATE_NOOP("CatalogTab", "Any language"), None),
    (QT_TRANSLATE_NOOP("CatalogTab", "Good at Japanese"), "ja"),
    (QT_TRANSLATE_NOOP("CatalogTab", "Good at English"), "en"),
)
#: Each tier, and a non-commercial licence, as a palette role (ui.theme).
TIER_ROLES = {"recommended": "success", "also good": "info", "too big": "error"}
NON_COMMERCIAL_ROLE = "error"


@dataclass(frozen=True, slots=True)
class CatalogRow:
    """One catalog model as the tab shows it (engine sentences still untranslated)."""

    entry_id: str
    name: str  # "Qwen3-4B Q4_K_M"
    parameters: str
    size_bytes: int
    license_name: str
    license_url: str
    non_commercial: bool
    languages: tuple[str, ...]
    strong_japanese: bool
    tools: bool
    thinking: bool
    vision: bool
    tier: str  # "recommended", "also good", "too big"
    tier_label: str  # engine text
    speed: str  # engine text: "about 9 words a second here"
    words_per_second: float  # 0: not known (it would run on the GPU)
    memory: str  # engine text: "Needs about 3.1 GB of memory."
    installed_path: str  # "" when not installed
    partial_bytes: int  # a paused download's bytes so far
    active: bool
    downloading: bool


def _sentence(text: str) -> str:
    """A phrase as a sentence: first letter up, a full stop (none after Japanese)."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith(("。", ".")) else text + ("。" if text[-1:] > "\u3000" else ".")


#: The languages catalog models are good at, by code (others show as their code).
LANGUAGE_NAMES = {
    "ar": QT_TRANSLATE_NOOP("CatalogTab", "Arabic"),
    "de": QT_TRANSLATE_NOOP("CatalogTab", "German"),
    "en": QT_TRANSLATE_NOOP("CatalogTab", "English"),
    "es": QT_TRANSLATE_NOOP("CatalogTab", "Spanish"),
    "fr": QT_TRANSLATE_NOOP("CatalogTab", "French"),
    "hi": QT_TRANSLATE_NOOP("CatalogTab", "Hindi"),
    "it": QT_TRANSLATE_NOOP("CatalogTab", "Italian"),
    "ja": QT_TRANSLATE_NOOP("CatalogTab", "Japanese"),
    "ko": QT_TRANSLATE_NOOP("CatalogTab", "Korean"),
    "nl": QT_TRANSLATE_NOOP("CatalogTab", "Dutch"),
    "pt": QT_TRANSLATE_NOOP("CatalogTab", "Portuguese"),
    "ru": QT_TRANSLATE_NOOP("CatalogTab", "Russian"),
    "th": QT_TRANSLATE_NOOP("CatalogTab", "Thai"),
    "vi": QT_TRANSLATE_NOOP("CatalogTab", "Vietnamese"),
    "zh": QT_TRANSLATE_NOOP("CatalogTab", "Chinese"),
}


def language_name(code: str) -> str:
    """A language's name in the user's language ("English", "英語"), else its code."""
    name = LANGUAGE_NAMES.get(code)
    return translate("CatalogTab", name) if name else code


def size_text(size: int) -> str:
    if size >= 1000 * 1024**2:
        return f"{size / 1024**3:.1f} GB"
    return f"{size / 1024**2:,.0f} MB"


class CatalogTab(QWidget):
    """The catalog's table, its filters and the chosen model's details."""

    download_requested = Signal(str)  # entry id
    use_requested = Signal(str)  # installed path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CatalogRow] = []
        self.shown: list[CatalogRow] = []
        self.summary = QLabel(self)  # this computer, in one line
        self.summary.setWordWrap(True)
        self.size_filter = self._combo(SIZES, self.tr("Size"))
        self.language_filter = self._combo(LANGUAGES, self.tr("Language"))
        self.table, self.model = read_only_table(
            [translate("CatalogTab", column) if column else "" for column in COLUMNS],
            self.tr("Models you can download"),
            self,
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._size_columns()
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setOpenExternalLinks(True)
        self.detail.setMinimumHeight(self.fontMetrics().lineSpacing() * 4 + 4)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.action_button = QPushButton(self)
        self.action_button.setAutoDefault(False)
        self._lay_out()
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.action_button.clicked.connect(self._act)
        self._selection_changed()

    def _size_columns(self) -> None:
        """Names and sizes whole; licence and languages in fixed widths (elided, the
        whole text in the tooltip); how it would do here takes the rest."""
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in ((2, 140), (3, 150)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

    def _combo(self, choices: Sequence[tuple[str, object]], name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        for label, value in choices:
            combo.addItem(translate("CatalogTab", label), value)
        combo.currentIndexChanged.connect(self._refilter)
        return combo

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show:"), self))
        filters.addWidget(self.size_filter)
        filters.addWidget(self.language_filter)
        filters.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.detail, 1)
        actions.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

    def show_catalog(self, rows: Sequence[CatalogRow], summary: str) -> None:
        chosen = self.selected()
        self.rows = list(rows)
        self.summary.setText(engine_text(summary))
        self._refilter(keep=chosen.entry_id if chosen else None)

    def _refilter(self, *_: object, keep: str | None = None) -> None:
        most = self.size_filter.currentData()
        language = self.language_filter.currentData()
        self.shown = [
            row
            for row in self.rows
            if (most is None or row.size_bytes <= most)
            and (language is None or language in row.languages)
        ]
        self.model.removeRows(0, self.model.rowCount())
        for row in self.shown:
            self.model.appendRow(self._items(row))
        at = next((n for n, row in enumerate(self.shown) if row.entry_id == keep), 0)
        if self.shown:
            self.table.selectRow(at)
        self._selection_changed()

    def _items(self, row: CatalogRow) -> list[QStandardItem]:
        names = [
            language_name(code) for code in row.languages if code != "ja" or not row.strong_japanese
        ]
        good_at = ", ".join(names[:3]) + ("…" if len(names) > 3 else "")
        if row.strong_japanese:
            strong = self.tr("{language} (strong)").format(language=language_name("ja"))
            good_at = strong + (", " + good_at if good_at else "")
        licence = row.license_name
        if row.non_commercial:
            licence = self.tr("{licence} · non-commercial").format(licence=licence)
        cells = [row.name, size_text(row.size_bytes), licence, good_at, self._abilities(row),
                 engine_text(row.tier_label), self._speed(row), self._state(row)]  # fmt: skip
        items = [QStandardItem(text) for text in cells]
        for item in items:
            item.setToolTip(item.text())
        items[6].setToolTip(engine_text(row.speed))
        items[5].setForeground(theme.colors().qcolor(TIER_ROLES.get(row.tier, "text")))
        if row.non_commercial:
            items[2].setForeground(theme.colors().qcolor(NON_COMMERCIAL_ROLE))
        if row.tier == "recommended":
            font = items[0].font()
            font.setBold(True)
            items[0].setFont(font)
        return items

    def _speed(self, row: CatalogRow) -> str:
        if not row.words_per_second:
            return self.tr("fast (GPU)")
        if row.words_per_second < 1:
            return self.tr("under 1 word/s")
        return self.tr("{words} words/s").format(words=round(row.words_per_second))

    def _abilities(self, row: CatalogRow) -> str:
        can = [self.tr("chat")]
        can += [self.tr("tools")] if row.tools else []
        can += [self.tr("thinking")] if row.thinking else []
        can += [self.tr("images")] if row.vision else []
        return ", ".join(can)

    def _state(self, row: CatalogRow) -> str:
        if row.active:
            return self.tr("in use")
        if row.installed_path:
            return self.tr("installed")
        if row.downloading:
            return self.tr("downloading…")
        if row.partial_bytes:
            return self.tr("{percent}% downloaded").format(
                percent=min(99, row.partial_bytes * 100 // max(1, row.size_bytes))
            )
        return ""

    def selected(self) -> CatalogRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.shown[indexes[0].row()] if indexes else None

    def select(self, entry_id: str) -> None:
        """Choose the row of ``entry_id`` (clearing filters that hide it)."""
        if all(row.entry_id != entry_id for row in self.shown):
            self.size_filter.setCurrentIndex(0)
            self.language_filter.setCurrentIndex(0)
        self._refilter(keep=entry_id)

    def _selection_changed(self, *_: object) -> None:
        row = self.selected()
        self.action_button.setVisible(row is not None)
        self.detail.setText(self._detail(row) if row is not None else "")
        if row is None:
            return
        self.action_button.setEnabled(not row.active and not row.downloading)
        if row.active:
            self.action_button.setText(self.tr("In use"))
        elif row.installed_path:
            self.action_button.setText(self.tr("Use this model"))
        elif row.partial_bytes and not row.downloading:
            self.action_button.setText(self.tr("Resume download"))
        else:
            self.action_button.setText(
                self.tr("Download ({size})").format(size=size_text(row.size_bytes))
            )

    def _detail(self, row: CatalogRow) -> str:
        from html import escape

        lines = [
            f"<b>{escape(row.name)}</b> · {escape(row.parameters)} · "
            f"{escape(engine_text(row.tier_label))}",
            escape(f"{engine_text(row.memory)} {_sentence(engine_text(row.speed))}"),
            self.tr("Licence: {licence}").format(
                licence=f'<a href="{escape(row.license_url)}">{escape(row.license_name)}</a>'
            ),
        ]
        if row.non_commercial:
            lines.append(
                f'<span style="color:{theme.colors().error}"><b>'
                + self.tr("Non-commercial licence: not for work you are paid for.")
                + "</b></span>"
            )
        return "<br>".join(lines)

    def _act(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.installed_path:
            self.use_requested.emit(row.installed_path)
        else:
            self.download_requested.emit(row.entry_id)
