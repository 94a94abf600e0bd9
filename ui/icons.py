"""Icons from one maintained open set: Material Design Icons (Pictogrammers, Apache-2.0),
through QtAwesome (MIT), which ships the font in its wheel, so nothing is fetched.

Icons are named here by what they mean (``icon("copy")``) and drawn in the theme's
colours, so they follow light and dark. QtAwesome is imported on first use.
"""

from __future__ import annotations

import os

from PySide6.QtGui import QIcon

from ui import theme

#: Meaning -> Material Design Icons name (one set, one size grid).
NAMES = {
    "copy": "mdi6.content-copy",
    "edit": "mdi6.pencil-outline",
    "regenerate": "mdi6.refresh",
    "fork": "mdi6.source-fork",
    "send": "mdi6.send",
    "stop": "mdi6.stop-circle-outline",
    "search": "mdi6.magnify",
    "new": "mdi6.plus",
    "command": "mdi6.console-line",
    "check": "mdi6.check",
}


def icon(meaning: str) -> QIcon:
    """The icon for ``meaning`` in the current theme's text colour (accent when active)."""
    os.environ.setdefault("QT_API", "pyside6")  # QtAwesome speaks through QtPy
    import qtawesome

    palette = theme.colors()
    result: QIcon = qtawesome.icon(
        NAMES[meaning],
        color=palette.muted,
        color_active=palette.accent,
        color_disabled=palette.border,
    )
    return result
