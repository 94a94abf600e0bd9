"""The card an empty conversation shows while the starter model is in use.

It says what the bundled starter model can and can't do, names the model recommended
for this computer with its size, licence and speed here, and gets it with one button:
the download runs in the background with progress, speed and time left, can be paused
(it resumes, also after a restart) or cancelled, and ends with "Use it now" — the
conversation then continues with the new model. desktop/controllers/starter.py decides
when the card shows and acts on its requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.catalog_tab import size_text
from ui.i18n import engine_text


@dataclass(frozen=True, slots=True)
class StarterOffer:
    """The model the card offers (engine sentences still untranslated)."""

    starter_name: str  # "SmolLM2-135M-Instruct"
    entry_id: str
    name: str  # "Qwen3-4B Q4_K_M"
    size_bytes: int
    license_name: str
    license_url: str
    non_commercial: bool
    speed: str  # engine text: "about 9 words a second here"
    partial_bytes: int = 0  # a paused download's bytes so far


class StarterCard(QFrame):
    """What the starter model is, and the road to a capable one."""

    get_requested = Signal(str)  # entry id
    more_requested = Signal()  # open Models › Get more models
    pause_requested = Signal()
    cancel_requested = Signal()
    use_requested = Signal(str)  # the downloaded model's path
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("starterCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#starterCard { border: 1px solid palette(mid); border-radius: 10px;"
            " background: palette(alternate-base); }"
        )
        self.offer: StarterOffer | None = None
        self.ready_path = ""
        self.title = QLabel(self)
        self.title.setObjectName("starterTitle")
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.about = self._label()
        self.recommended = self._label()
        self.recommended.setTextFormat(Qt.TextFormat.RichText)
        self.recommended.setOpenExternalLinks(True)
        self.status = self._label()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.get_button = QPushButton(self)
        self.get_button.setDefault(False)
        self.more_button = QPushButton(self.tr("See all models…"), self)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.dismiss_button = QPushButton(self.tr("Not now"), self)
        self.dismiss_button.setFlat(True)
        self._lay_out()
        self._connect()
        self.hide()

    def _label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.get_button, self.pause_button, self.cancel_button,
                       self.more_button):  # fmt: skip
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(self.title)
        layout.addWidget(self.about)
        layout.addWidget(self.recommended)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.get_button.clicked.connect(self._get_or_use)
        self.more_button.clicked.connect(self.more_requested)
        self.pause_button.clicked.connect(self.pause_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.dismiss_button.clicked.connect(self.dismissed)

    def _get_or_use(self) -> None:
        if self.ready_path:
            self.use_requested.emit(self.ready_path)
        elif self.offer is not None:
            self.get_requested.emit(self.offer.entry_id)

    def show_offer(self, offer: StarterOffer | None, starter_name: str) -> None:
        """The starter model's limits and, when one fits here, the model to get."""
        self.offer, self.ready_path = offer, ""
        self.title.setText(self.tr("You're chatting with the starter model"))
        self.about.setText(
            self.tr(
                "{name} is tiny: it starts fast and is fine for trying Hisho out, but it "
                "often gets facts wrong, even when Hisho found the right passage in your "
                "files. A bigger model answers far better."
            ).format(name=starter_name)
        )
        self.recommended.setText(self._offer_text(offer) if offer else "")
        self.recommended.setVisible(offer is not None)
        self._idle(offer)

    def _offer_text(self, offer: StarterOffer) -> str:
        text = self.tr("Recommended for this computer: {name} — {size}, {licence}, {speed}.")
        licence = f'<a href="{escape(offer.license_url)}">{escape(offer.license_name)}</a>'
        text = escape(text).format(
            name=escape(offer.name), size=size_text(offer.size_bytes), licence=licence,
            speed=escape(engine_text(offer.speed)),
        )  # fmt: skip
        if offer.non_commercial:
            warning = self.tr("Its licence does not allow commercial use.")
            text += f'<br><span style="color:{theme.colors().error}">{escape(warning)}</span>'
        return text

    def _idle(self, offer: StarterOffer | None, status: str = "") -> None:
        self.status.setText(status)
        self.status.setVisible(bool(status))
        self.progress.hide()
        self.pause_button.hide()
        self.cancel_button.hide()
        self.get_button.setVisible(offer is not None)
        self.get_button.setEnabled(True)
        if offer is not None and offer.partial_bytes:
            percent = min(99, offer.partial_bytes * 100 // max(1, offer.size_bytes))
            self.get_button.setText(
                self.tr("Resume download ({percent}% done)").format(percent=percent)
            )
        elif offer is not None:
            self.get_button.setText(
                self.tr("Get {name} ({size})").format(
                    name=offer.name, size=size_text(offer.size_bytes)
                )
            )

    def show_progress(self, text: str, done: int, total: int) -> None:
        self.status.setText(engine_text(text))
        self.status.show()
        self.progress.show()
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(done * 1000 / total))
        else:
            self.progress.setRange(0, 0)
        self.get_button.hide()
        self.pause_button.show()
        self.cancel_button.show()

    def show_paused(self, offer: StarterOffer) -> None:
        self.offer = offer
        self._idle(offer, self.tr("Paused. Resume any time, also after a restart."))

    def show_stopped(self, message: str) -> None:
        """Cancelled or failed: the message, and the offer again."""
        self._idle(self.offer, engine_text(message))

    def show_ready(self, name: str, path: str) -> None:
        self.ready_path = path
        self._idle(None, self.tr("{name} is downloaded and verified.").format(name=name))
        self.get_button.setText(self.tr("Use {name} now").format(name=name))
        self.get_button.show()
