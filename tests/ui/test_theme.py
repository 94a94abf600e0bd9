"""The theme: every text colour reads (WCAG AA) in light and dark; the app follows it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from engine.types import MessageStatus, StoredMessage
from ui import theme
from ui.transcript import TranscriptView

#: WCAG 2.x level AA for normal text.
AA = 4.5


@pytest.mark.parametrize("palette", [theme.LIGHT, theme.DARK], ids=lambda p: p.name)
def test_every_text_colour_meets_wcag_aa_on_its_background(palette: theme.Palette) -> None:
    failing = []
    for foreground, background in theme.TEXT_ON:
        ratio = theme.contrast(getattr(palette, foreground), getattr(palette, background))
        if ratio < AA:
            failing.append(f"{foreground} on {background}: {ratio:.2f}")
    assert failing == []


def test_every_text_role_is_checked_against_a_background() -> None:
    """A new colour used for text cannot skip the contrast check."""
    checked = {foreground for foreground, _ in theme.TEXT_ON}
    backgrounds = {"window", "surface", "raised", "border", "selection", "accent_fill", "badge"}
    backgrounds |= {"error_fill", "notice_fill", "code", "mark", "page_backdrop"}
    assert set(theme.roles()) - backgrounds <= checked


def test_contrast_is_the_wcag_formula() -> None:
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.fixture()
def app_theme(qapp: QApplication) -> Iterator[theme.ThemeFollower]:
    follower = theme.use("light", qapp)
    yield follower
    follower.set_mode("light")
    qapp.setStyleSheet("")


def test_light_and_dark_fill_qts_palette(
    app_theme: theme.ThemeFollower, qapp: QApplication
) -> None:
    app_theme.set_mode("dark")
    assert theme.colors() is theme.DARK
    assert qapp.palette().color(QPalette.ColorRole.Base).name() == theme.DARK.surface
    assert qapp.palette().color(QPalette.ColorRole.Text).name() == theme.DARK.text
    app_theme.set_mode("light")
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == theme.LIGHT.window


def test_system_mode_follows_the_os_live(app_theme: theme.ThemeFollower) -> None:
    app_theme.set_mode("system")
    app_theme._os_changed(Qt.ColorScheme.Dark)  # what QStyleHints.colorSchemeChanged sends
    assert theme.colors() is theme.DARK
    app_theme._os_changed(Qt.ColorScheme.Light)
    assert theme.colors() is theme.LIGHT
    app_theme.set_mode("dark")
    app_theme._os_changed(Qt.ColorScheme.Light)  # a manual choice stays
    assert theme.colors() is theme.DARK


def test_the_transcript_redraws_in_the_new_theme(
    qtbot: QtBot, app_theme: theme.ThemeFollower
) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.show()
    reply = StoredMessage(2, 1, "assistant", "Hello", MessageStatus.COMPLETE, 0.0, "m")
    view.show_messages([reply])

    def name_colour() -> str:
        return view.document().find("Hisho").charFormat().foreground().color().name()

    assert name_colour() == theme.LIGHT.accent
    app_theme.set_mode("dark")
    qtbot.waitUntil(lambda: name_colour() == theme.DARK.accent, timeout=2000)
    assert "Hello" in view.toPlainText()
