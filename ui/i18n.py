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

import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from engine.library.types import DEFAULT_LIBRARY

log = logging.getLogger(__name__)

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


#: The language ``install`` put in place ("en" until then).
_language = "en"
#: Per language: (pattern, template) of every engine message with a translation.
_engine_patterns: dict[str, list[tuple[re.Pattern[str], str]]] = {}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def current_language() -> str:
    """The language ``install`` put in place: "en" or "ja"."""
    return _language


def _patterns(language: str) -> list[tuple[re.Pattern[str], str]]:
    """The engine's message templates (the "Engine" context of the translation file),
    as patterns that match a formatted message, most specific first."""
    if language not in _engine_patterns:
        found: list[tuple[re.Pattern[str], str]] = []
        try:
            contexts = list(ET.parse(I18N_DIR / f"hisho_{language}.ts").getroot().iter("context"))
        except (OSError, ET.ParseError):
            contexts = []
        for context in contexts:
            if context.findtext("name") != "Engine":
                continue
            for message in context.iter("message"):
                source = message.findtext("source") or ""
                if not _PLACEHOLDER.sub("", source).strip():
                    continue  # nothing but values: it would match any message
                seen: set[str] = set()
                parts = []
                for at, piece in enumerate(_PLACEHOLDER.split(source)):
                    if at % 2 == 0:
                        parts.append(re.escape(piece))
                    elif piece in seen:
                        parts.append(f"(?P={piece})")
                    else:
                        seen.add(piece)
                        parts.append(f"(?P<{piece}>.*?)")
                found.append((re.compile("".join(parts), re.DOTALL), source))
        found.sort(key=lambda item: -len(_PLACEHOLDER.sub("", item[1])))
        _engine_patterns[language] = found
    return _engine_patterns[language]


def engine_text(message: str, depth: int = 0) -> str:
    """A message from the engine (engine.i18n) in the user's language: recognised by its
    template and said again with the same values, which are translated in turn when
    they are engine messages themselves. Anything else (an operating system's error, a
    library's message), and every line of it that is not recognised, stays as it is."""
    if _language == "en" or not message or depth > 2:
        return message
    for pattern, source in _patterns(_language):
        match = pattern.fullmatch(message)
        if match is not None:
            values = {k: engine_text(v, depth + 1) for k, v in match.groupdict().items()}
            try:
                return translate("Engine", source).format(**values)
            except (KeyError, IndexError, ValueError):  # a translation that lost a value
                return message
    if "\n" in message:
        return "\n".join(engine_text(line, depth + 1) for line in message.split("\n"))
    return message


#: The default library's name as the user reads it (it is stored in English).
DEFAULT_LIBRARY_LABEL = QT_TRANSLATE_NOOP("Library", "My files")


def library_label(name: str) -> str:
    """A library's name as shown: the default one in the user's language."""
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
    ours = QTranslator(app)
    if not ours.load(str(I18N_DIR / f"hisho_{language}.qm")):
        ours.deleteLater()
        log.warning("no %s translation in %s (run the setup); the window stays English",
                    language, I18N_DIR)  # fmt: skip
        return "en"
    translators = [ours]
    qt_own = QTranslator(app)  # Qt's standard buttons and dialogs (OK, Cancel, …)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{language}", qt_dir):
        translators.append(qt_own)
    for translator in translators:
        app.installTranslator(translator)
    app.setProperty("hisho_translators", translators)
    QLocale.setDefault(QLocale(language))
    global _language
    _language = language
    return language


def uninstall(app: QCoreApplication) -> None:
    """Remove the translators ``install`` put on ``app``: the UI is English again."""
    for translator in app.property("hisho_translators") or []:
        app.removeTranslator(translator)
    app.setProperty("hisho_translators", [])
    global _language
    _language = "en"
    QLocale.setDefault(QLocale.system())
