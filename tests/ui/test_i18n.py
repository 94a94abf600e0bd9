"""The Japanese UI: every string the window shows goes through Qt's translation system,
the Japanese file translates all of them, and the window really speaks Japanese.

Three checks that fail when someone adds a string and forgets it: a scan of the code for
literal text handed to widgets, a fresh ``lupdate`` run compared with the committed .ts
file, and the .ts file itself (every message translated, placeholders and mnemonics kept).
"""

from __future__ import annotations

import ast
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from scripts import translations
from ui import i18n

ROOT = Path(__file__).resolve().parents[2]
JA_TS = translations.ts_file("ja")
#: Modules that talk to a terminal, not a window: their text is not part of the UI.
TERMINAL_MODULES = {"cli.py", "library_cli.py", "models_cli.py", "self_test.py", "__main__.py"}
#: Calls whose first argument is text the user reads.
TEXT_METHODS = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setPlaceholderText",
    "setTitle",
    "setLabelText",
    "setItemText",
    "addItem",
    "addAction",
    "addMenu",
    "addTab",
    "showMessage",
    "show_error",
    "show_notice",
    "setHorizontalHeaderLabels",
    "QAction",
    "QPushButton",
    "QLabel",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QMenu",
    "QToolButton",
}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
MNEMONIC = re.compile(r"&([^&\s])")
JAPANESE = re.compile(r"[ぁ-んァ-ン一-龯]")
#: Names that stay in Latin script in any language.
NAMES = {
    "sha",
    "Top",
    "GPU",
    "CPU",
    "Hisho",
    "OpenAI",
    "GGUF",
    "PDF",
    "API",
    "URL",
    "JSON",
    "Chroma",
    "Qt",
    "Ctrl",
    "Enter",
    "Esc",
    "Shift",
}


def messages() -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) of every message in the Japanese file."""
    root = ET.parse(JA_TS).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source") or "", translation))
    return found


def literal_text(node: ast.expr) -> str | None:
    """The English words in a literal argument (None when it is not literal text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    else:
        return None
    return text if re.search(r"[A-Za-z]{2,}", text) else None


def untranslated_calls(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in TEXT_METHODS:
            continue
        for argument in node.args[:2]:  # addAction(icon, text), QMessageBox(parent, text)
            text = literal_text(argument)
            if text is not None:
                yield f"{path.relative_to(ROOT)}:{node.lineno}: {name}({text!r})"


def test_no_literal_text_reaches_a_widget() -> None:
    """Text handed to a widget is a tr()/translate() result, never a bare literal."""
    found = [
        problem
        for folder in translations.SOURCE_DIRS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name not in TERMINAL_MODULES
        for problem in untranslated_calls(path)
    ]
    assert not found, "untranslated text:\n" + "\n".join(found)


#: Exceptions that never reach a person (programming errors, internal signals).
INTERNAL_ERRORS = {
    "ValueError", "TypeError", "KeyError", "RuntimeError", "AssertionError", "IndexError",
    "NotImplementedError", "AttributeError", "LookupError", "OSError", "TemplateError",
    "GGUFError", "JSONDecodeError",
    "CatalogEntryError",  # a bad catalog entry: logged and left out, never shown
    "ProtocolError",  # a malformed request between Hisho's own processes: a bug, logged
    "DatabaseError",  # SQLite's own kind, raised to be recognised by storage_error
    "ApiError",  # the local API's answer to another program: OpenAI's error shape, English
    "GateClosedError",  # a local-API request whose client left while it waited: internal
    "ConnectionResetError",
    "JsonStreamError",  # like JSONDecodeError: where an export's JSON broke, quoted
}  # fmt: skip
#: Keyword arguments that carry a message for people (the library and model processes'
#: events).
MESSAGE_KEYWORDS = {"message", "reason", "note", "text"}


def unmarked_engine_messages(path: Path) -> Iterator[str]:
    """Literal text raised in a user-facing error, or sent as an event's message,
    without the engine.i18n marker."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        candidates: list[ast.expr] = []
        if name.endswith("Error") and name not in INTERNAL_ERRORS:
            candidates += node.args
        candidates += [k.value for k in node.keywords if k.arg in MESSAGE_KEYWORDS]
        for argument in candidates:
            text = literal_text(argument)
            if text is not None and len(text.split()) >= 3:
                yield f"{path.relative_to(ROOT)}:{node.lineno}: {name}({text[:60]!r})"


def test_engine_messages_are_marked_for_translation() -> None:
    """The engine cannot translate (no Qt); it marks what it says to people with
    engine.i18n.QT_TRANSLATE_NOOP so the window can say it in the user's language."""
    found = [
        problem
        for path in sorted((ROOT / "engine").rglob("*.py"))
        for problem in unmarked_engine_messages(path)
    ]
    assert not found, "unmarked engine messages:\n" + "\n".join(found)


def test_the_scan_catches_a_forgotten_string(tmp_path: Path) -> None:
    sample = ROOT / "ui" / "_i18n_sample.py"
    try:
        sample.write_text(
            'def f(button, tr):\n    button.setText("Send")\n    button.setText(tr("Send"))\n'
        )
        assert list(untranslated_calls(sample)) == ["ui/_i18n_sample.py:2: setText('Send')"]
    finally:
        sample.unlink()


def test_the_japanese_file_has_every_string_in_the_code(tmp_path: Path) -> None:
    """A fresh lupdate over the sources finds nothing the committed file lacks."""
    fresh = tmp_path / "fresh.ts"
    shutil.copy(JA_TS, fresh)
    translations.update(fresh)
    committed = {(context, source) for context, source, _ in messages()}
    root = ET.parse(fresh).getroot()
    current = {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }
    assert current - committed == set(), "run `make translations` and translate the new strings"
    assert committed - current == set(), (
        "run `make translations`: the file has strings the code dropped"
    )


def test_every_string_has_a_japanese_translation() -> None:
    problems = []
    all_messages = messages()
    assert len(all_messages) > 300
    for context, source, translation in all_messages:
        text = translation.text or ""
        where = f"{context}: {source!r}"
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not text.strip():
            problems.append(f"untranslated {where}")
            continue
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"placeholders differ {where} -> {text!r}")
        if MNEMONIC.search(source) and not MNEMONIC.search(text):
            problems.append(f"mnemonic lost {where} -> {text!r}")
        english = [w for w in re.findall(r"[A-Za-z]{3,}", PLACEHOLDER.sub("", text))]
        if not JAPANESE.search(text) and set(english) - NAMES:
            problems.append(f"not Japanese {where} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_japanese_sentences_are_polite() -> None:
    """Every sentence of a message ends in a です/ます form, not a plain one."""
    polite = re.compile(r"(です|ます|ました|でした|ません|ください|でしょう|\})$")
    plain = [
        (source, text)
        for _context, source, translation in messages()
        for text in [translation.text or ""]
        for sentence in re.findall(r"[^。]+(?=。)", text)
        if not polite.search(sentence.strip().rstrip("）)」"))
    ]
    assert not plain, "\n".join(f"{source!r} -> {text!r}" for source, text in plain)


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[str]:
    translations.build()
    language = i18n.install(qapp, "ja")
    yield language
    i18n.uninstall(qapp)


def test_the_window_speaks_japanese(japanese: str) -> None:
    from ui.main_window import MainWindow

    assert japanese == "ja"
    window = MainWindow()
    try:
        menus = [action.text() for action in window.menuBar().actions()]
        assert menus[0] == "ファイル(&F)", menus
        assert window.composer.placeholderText() != "" and re.search(
            r"[ぁ-んァ-ン一-龯]", window.composer.placeholderText()
        )
        # Qt's own buttons follow too (qtbase_ja.qm).
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "キャンセル"
    finally:
        window.deleteLater()


def test_english_is_back_after_uninstall(qapp: QApplication) -> None:
    from ui.main_window import MainWindow

    translations.build()
    i18n.install(qapp, "ja")
    i18n.uninstall(qapp)
    window = MainWindow()
    try:
        assert window.menuBar().actions()[0].text() == "&File"
    finally:
        window.deleteLater()


def test_the_language_follows_the_system_unless_chosen() -> None:
    assert i18n.resolve("system", QLocale("ja_JP")) == "ja"
    assert i18n.resolve("system", QLocale("de_DE")) == "en"
    assert i18n.resolve("en", QLocale("ja_JP")) == "en"
    assert i18n.resolve("ja", QLocale("en_US")) == "ja"


def test_engine_messages_are_shown_in_japanese(japanese: str) -> None:
    """The window recognises an engine message by its template and says it again in
    Japanese with the same values, nested messages included; other text is left alone."""
    from ui.i18n import engine_text
    from ui.main_window import MainWindow

    said = engine_text("A model named Qwen 3B.gguf is already installed.")
    assert said == "Qwen 3B.gguf という名前のモデルはすでにインストールされています。"
    nested = engine_text(
        "Hisho can't summarize data.txt: This file looks binary, not text, so Hisho can't read it."
    )
    assert nested.startswith("Hisho は data.txt を要約できません: ")
    assert nested.endswith("バイナリのようなので、Hisho は読み取れません。")
    assert engine_text("[Errno 28] No space left on device") == "[Errno 28] No space left on device"
    window = MainWindow()
    try:
        window.show_error("A model named x.gguf is already installed.\n[Errno 5] I/O error")
        assert window.banner.label.text() == (
            "x.gguf という名前のモデルはすでにインストールされています。\n[Errno 5] I/O error"
        )
    finally:
        window.deleteLater()
