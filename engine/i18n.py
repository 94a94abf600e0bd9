"""Messages the engine writes for people, marked for translation without Qt.

The engine never imports Qt, so it cannot translate. It marks each message template with
``QT_TRANSLATE_NOOP("Engine", "Could not copy {name}: {error}.")`` and formats it with
named values; ``pyside6-lupdate`` collects the templates into the translation file (the
"Engine" context), and the window (``ui.i18n.engine_text``) recognises a finished
message by its template and says it again in the user's language, with the same values.
Terminal output stays English.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """``text`` unchanged: a marker for lupdate (``context`` is "Engine")."""
    return text
