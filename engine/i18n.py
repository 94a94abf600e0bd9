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


#: The languages the window speaks besides English (ui.i18n.LANGUAGES).
SPOKEN = ("en", "ja")


def ui_language(setting: str = "system") -> str:
    """The language the window would use, found without Qt (for the terminal commands):
    the ``ui.language`` setting when it names one, else the first of the system's
    languages that Hisho speaks (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
    then the locale, as ``ui.i18n.resolve`` reads Qt's list), else "en"."""
    if setting in SPOKEN:
        return setting
    import locale
    import os

    names = os.environ.get("LANGUAGE", "").split(":")
    names += [os.environ.get(name, "") for name in ("LC_ALL", "LC_MESSAGES", "LANG")]
    names.append(locale.getlocale()[0] or "")  # on Windows: "Japanese_Japan"
    for name in names:
        code = name.replace("-", "_").split("_")[0].split(".")[0].lower()
        code = "ja" if code == "japanese" else code
        if code in SPOKEN:
            return code
    return "en"
