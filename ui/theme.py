"""Hisho's look in one place: the palette (light and dark), the type scale, spacing, radii.

Widgets take their colours from :func:`colors` (or from Qt palette roles, which
:func:`use` fills from the same palette) and never write colour literals. The theme
follows the OS (``QStyleHints.colorScheme``, live when it changes) unless the user chose
Light or Dark in Settings (``ui.theme``: "system", "light" or "dark"). A change of theme
reaches every widget as a palette change, and the app style sheet built here is set again.

Text keeps the user's language's font: the UI font is the system font, whose fallback
chain carries the CJK faces, so Japanese looks the same in both themes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

SYSTEM, LIGHT_MODE, DARK_MODE = "system", "light", "dark"
MODES = (SYSTEM, LIGHT_MODE, DARK_MODE)

#: Spacing scale (px) and corner radii.
SPACE = (4, 8, 12, 16, 24)
RADIUS_SMALL, RADIUS, RADIUS_LARGE = 4, 8, 12
#: Type scale, in points relative to the base font (body = 0).
TYPE_SCALE = {"small": -1.0, "body": 0.0, "title": 2.0, "h3": 1.5, "h2": 3.0, "h1": 5.0}
#: The readable line length of the transcript (px of text column).
READING_WIDTH = 760


@dataclass(frozen=True, slots=True)
class Palette:
    """Every colour the window uses, by role (``#rrggbb``)."""

    name: str
    window: str  # the window's own background
    surface: str  # text areas, lists, the transcript
    raised: str  # cards: the user's turn, the starter card
    border: str
    text: str
    muted: str  # secondary text: times, models, hints
    accent: str  # links, the selected row, Hisho's name
    on_accent: str  # text on an accent fill
    accent_fill: str
    selection: str
    error: str
    success: str
    warning: str
    info: str
    badge: str  # the cloud badge's fill
    on_badge: str
    error_fill: str  # the error banner
    on_error_fill: str
    notice_fill: str  # the notice banner
    on_notice_fill: str
    code: str  # code blocks and inline code
    on_code: str
    code_keyword: str
    code_string: str
    code_comment: str
    code_number: str
    code_name: str  # functions, classes, decorators
    code_builtin: str
    mark: str  # a found word in a source (translucent over the surface)
    page_backdrop: str  # behind a source's page image

    def qcolor(self, role: str) -> QColor:
        return QColor(getattr(self, role))


LIGHT = Palette(
    name=LIGHT_MODE,
    window="#f6f7f9",
    surface="#ffffff",
    raised="#eef1f8",
    border="#d9dde5",
    text="#1d2129",
    muted="#5b6270",
    accent="#3d46c2",
    on_accent="#ffffff",
    accent_fill="#4650d8",
    selection="#cfd6ff",
    error="#c62828",
    success="#2e7d32",
    warning="#8a5a00",
    info="#1559b0",
    badge="#fff3cd",
    on_badge="#6b4500",
    error_fill="#fdecea",
    on_error_fill="#8a1c1c",
    notice_fill="#fff8e1",
    on_notice_fill="#5d4300",
    code="#f3f4f7",
    on_code="#1d2129",
    code_keyword="#8a1fa3",
    code_string="#0f6b2f",
    code_comment="#5e6673",
    code_number="#a0410a",
    code_name="#1a55b5",
    code_builtin="#8a4b00",
    mark="#ffd54f",
    page_backdrop="#8a8d91",
)

DARK = Palette(
    name=DARK_MODE,
    window="#16171b",
    surface="#1d1f24",
    raised="#2a2d36",
    border="#3a3d47",
    text="#e7e8ec",
    muted="#a3a8b3",
    accent="#a3adff",
    on_accent="#ffffff",
    accent_fill="#4650d8",
    selection="#3c4580",
    error="#ff8f86",
    success="#7fd98e",
    warning="#f0c35a",
    info="#86bcff",
    badge="#4a3b12",
    on_badge="#ffdf8a",
    error_fill="#4a1f1f",
    on_error_fill="#ffd3cf",
    notice_fill="#3d3418",
    on_notice_fill="#ffe9a8",
    code="#121317",
    on_code="#e7e8ec",
    code_keyword="#d49bff",
    code_string="#8fd99a",
    code_comment="#9aa1ad",
    code_number="#ffb37a",
    code_name="#8cc4ff",
    code_builtin="#f2c879",
    mark="#8a6d00",
    page_backdrop="#3a3d42",
)

#: (text role, background role) pairs that must read at WCAG AA (tests/ui/test_theme.py).
TEXT_ON = (
    *((role, "surface") for role in ("text", "muted", "accent", "error", "success", "warning")),
    *((role, "window") for role in ("text", "muted", "accent", "error", "success", "warning")),
    ("info", "surface"),
    ("text", "raised"),
    ("muted", "raised"),
    ("accent", "raised"),
    ("text", "selection"),
    ("on_accent", "accent_fill"),
    ("on_badge", "badge"),
    ("on_error_fill", "error_fill"),
    ("on_notice_fill", "notice_fill"),
    *((role, "code") for role in ("on_code", "muted", "accent", "code_keyword", "code_string")),
    *((role, "code") for role in ("code_comment", "code_number", "code_name", "code_builtin")),
)

_current = LIGHT


def colors() -> Palette:
    """The palette in use now."""
    return _current


def palette_for(mode: str, scheme: Qt.ColorScheme | None = None) -> Palette:
    """The palette of ``mode`` ("system" asks the OS, or takes ``scheme``)."""
    if mode == DARK_MODE:
        return DARK
    if mode == LIGHT_MODE:
        return LIGHT
    if scheme is None:
        scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def qt_palette(p: Palette) -> QPalette:
    """Qt's palette roles filled from ``p`` (the widgets Qt draws follow it)."""
    palette = QPalette()
    role = QPalette.ColorRole
    pairs = {
        role.Window: p.window,
        role.WindowText: p.text,
        role.Base: p.surface,
        role.AlternateBase: p.code,
        role.Text: p.text,
        role.Button: p.surface,
        role.ButtonText: p.text,
        role.BrightText: p.error,
        role.Highlight: p.accent_fill,
        role.HighlightedText: p.on_accent,
        role.Link: p.accent,
        role.LinkVisited: p.accent,
        role.PlaceholderText: p.muted,
        role.ToolTipBase: p.raised,
        role.ToolTipText: p.text,
        role.Mid: p.border,
        role.Midlight: p.border,
        role.Light: p.raised,
        role.Dark: p.muted,
        role.Shadow: p.border,
        role.Accent: p.accent_fill,
    }
    for which, value in pairs.items():
        palette.setColor(which, QColor(value))
    for which in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, which, QColor(p.muted))
    return palette


def style_sheet(p: Palette) -> str:
    """The app's style sheet: rounded controls, cards, tones of labels."""
    return f"""
QPushButton {{ border: 1px solid {p.border}; border-radius: {RADIUS}px;
  padding: 5px 14px; background: {p.surface}; color: {p.text}; }}
QPushButton:hover {{ border-color: {p.accent}; }}
QPushButton:default {{ background: {p.accent_fill}; color: {p.on_accent};
  border-color: {p.accent_fill}; }}
QPushButton:disabled {{ color: {p.muted}; background: {p.window}; }}
QPlainTextEdit#composer, QTextEdit#composer {{ border: 1px solid {p.border};
  border-radius: {RADIUS_LARGE}px; padding: 6px; background: {p.surface}; }}
QLineEdit {{ border: 1px solid {p.border}; border-radius: {RADIUS}px; padding: 4px 8px;
  background: {p.surface}; }}
QLineEdit:focus, QPlainTextEdit#composer:focus, QTextEdit#composer:focus {{
  border-color: {p.accent}; }}
QTextBrowser#transcript {{ border: none; background: {p.surface}; }}
QListView {{ border: none; background: {p.window}; }}
QListView::item:selected {{ background: {p.selection}; color: {p.text};
  border-radius: {RADIUS_SMALL}px; }}
QToolTip {{ background: {p.raised}; color: {p.text}; border: 1px solid {p.border};
  padding: 4px; }}
QWidget#messageActions {{ background: {p.surface}; border: 1px solid {p.border};
  border-radius: {RADIUS}px; }}
QWidget#messageActions QToolButton {{ border: none; padding: 3px; border-radius: 4px; }}
QWidget#messageActions QToolButton:hover {{ background: {p.raised}; }}
QLabel[tone="error"] {{ color: {p.error}; }}
QLabel[tone="ok"] {{ color: {p.success}; }}
QLabel[tone="muted"] {{ color: {p.muted}; }}
"""


class ThemeFollower(QObject):
    """Keeps the app's palette on the chosen mode; follows the OS while "system"."""

    #: The palette now in use (after a change).
    changed = Signal(object)

    def __init__(self, app: QApplication, mode: str = SYSTEM) -> None:
        super().__init__(app)
        self.setObjectName("themeFollower")
        self.app = app
        self.mode = mode if mode in MODES else SYSTEM
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._os_changed)
        self.apply()

    def set_mode(self, mode: str) -> None:
        """Use ``mode`` from now on ("system", "light" or "dark")."""
        self.mode = mode if mode in MODES else SYSTEM
        self.apply()

    def _os_changed(self, scheme: Qt.ColorScheme) -> None:
        if self.mode == SYSTEM:
            self.apply(scheme)

    def apply(self, scheme: Qt.ColorScheme | None = None) -> None:
        global _current
        _current = palette_for(self.mode, scheme)
        self.app.setPalette(qt_palette(_current))
        self.app.setStyleSheet(style_sheet(_current))
        self.changed.emit(_current)


def use(mode: str, app: QApplication | None = None) -> ThemeFollower:
    """Put ``mode`` in place on ``app`` (the running one); one follower per app."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    assert isinstance(app, QApplication)
    follower = app.findChild(ThemeFollower, "themeFollower")
    if follower is None:
        return ThemeFollower(app, mode)
    follower.set_mode(mode)
    return follower


def roles() -> tuple[str, ...]:
    """The palette's colour roles."""
    return tuple(f.name for f in fields(Palette) if f.name != "name")


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""

    def luminance(colour: str) -> float:
        c = QColor(colour)
        channels = []
        for value in (c.redF(), c.greenF(), c.blueF()):
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
