"""The user's language: Qt translators for Hisho's own strings and for Qt's.

Every user-visible string goes through Qt's translation system: ``self.tr("…")`` in a
QObject subclass, ``QCoreApplication.translate("Context", "…")`` elsewhere, and
``QT_TRANSLATE_NOOP("Context", "…")`` for module-level labels, translated where they are
shown. ``pyside6-lupdate`` collects them into ``assets/i18n/hisho_ja.ts`` (``make
translations``); the setup builds the ``.qm`` files Qt loads (``pyside6-lrelease``).

English is the source language, so it needs no translation file. The language follows the
system unless the user picks one in Settings; a change applies at the next start, because
widgets take their texts when they are built.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

I18N_DIR = Path(__file__).resolve().parent.parent / "assets" / "i18n"
#: The languages Hisho speaks: (setting value, name shown in that language).
LANGUAGES = (("en", "English"), ("ja", "日本語"))
SYSTEM = "system"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` without translating it yet (for
    labels built at import time, before the translator is installed)."""
    return text


def translate(context: str, text: str) -> str:
    """``text`` (marked with QT_TRANSLATE_NOOP in ``context``) in the user's language."""
    return QCoreApplication.translate(context, text)


#: The default library's name as the user reads it (it is stored in English).
DEFAULT_LIBRARY_LABEL = QT_TRANSLATE_NOOP("Library", "My files")


def library_label(name: str) -> str:
    """A library's name as shown: the default one in the user's language."""
    from engine.library.types import DEFAULT_LIBRARY

    return translate("Library", DEFAULT_LIBRARY_LABEL) if name == DEFAULT_LIBRARY else name


def resolve(setting: str, system: QLocale | None = None) -> str:
    """The language code to use for the ``ui.language`` setting ("system", "en", "ja")."""
    codes = {code for code, _name in LANGUAGES}
    if setting in codes:
        return setting
    locale = system or QLocale.system()
    for name in locale.uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in codes:
            return code
    return "en"


def install(app: QCoreApplication, setting: str) -> str:
    """Install the translators for ``setting`` on ``app`` (replacing earlier ones) and
    return the language in use. A missing ``.qm`` file leaves the UI in English."""
    uninstall(app)
    language = resolve(setting)
    if language == "en":
        return language
    translators: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(str(I18N_DIR / f"hisho_{language}.qm")):
        translators.append(ours)
    qt_own = QTranslator(app)  # Qt's standard buttons and dialogs (OK, Cancel, …)
    if qt_own.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        translators.append(qt_own)
    if not translators or translators[0] is not ours:
        return "en"
    for translator in translators:
        app.installTranslator(translator)
    app.setProperty("hisho_translators", translators)
    QLocale.setDefault(QLocale(language))
    return language


def uninstall(app: QCoreApplication) -> None:
    """Remove the translators ``install`` put on ``app``: the UI is English again."""
    for translator in app.property("hisho_translators") or []:
        app.removeTranslator(translator)
    app.setProperty("hisho_translators", [])
    QLocale.setDefault(QLocale.system())
