"""Hisho's translation files: collect the strings, build what Qt loads.

    python scripts/translations.py update   # sources -> assets/i18n/hisho_<lang>.ts
    python scripts/translations.py build    # .ts -> .qm (the setup runs this)

``update`` keeps every translation already made and drops strings the code no longer has;
new strings arrive "unfinished" and the tests fail until they are translated.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "assets" / "i18n"
#: The packages whose strings the user sees (engine/ never imports Qt: it marks its
#: messages with engine.i18n.QT_TRANSLATE_NOOP, and the window translates them).
SOURCE_DIRS = ("ui", "desktop", "engine")
LANGUAGES = ("ja",)


def tool(name: str) -> str:
    """A Qt tool from this Python's PySide6 (pyside6-lupdate, pyside6-lrelease)."""
    found = Path(sys.executable).parent / name
    return str(found) if found.exists() else name


def sources() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for folder in SOURCE_DIRS
        for path in (ROOT / folder).rglob("*.py")
    )


def ts_file(language: str) -> Path:
    return I18N / f"hisho_{language}.ts"


def update(target: Path | None = None, language: str = "ja") -> Path:
    """Run lupdate over the sources into ``target`` (default: the committed .ts)."""
    target = target or ts_file(language)
    target.parent.mkdir(parents=True, exist_ok=True)
    command = [tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none"]
    command += ["-target-language", language, "-ts", str(target)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    _drop_doc_comments(target)
    return target


def _drop_doc_comments(ts: Path) -> None:
    """lupdate reads the code's ``#:`` attribute docs as notes for translators and pins
    them to whatever string follows; they mislead, so they are left out."""
    text = ts.read_text(encoding="utf-8")
    cleaned = re.sub(r"\n\s*<extracomment>.*?</extracomment>", "", text, flags=re.DOTALL)
    if cleaned != text:
        ts.write_text(cleaned, encoding="utf-8")


def build() -> list[Path]:
    """Compile every .ts into the .qm next to it (only those that changed)."""
    built = []
    for ts in sorted(I18N.glob("hisho_*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        command = [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)]
        subprocess.run(command, check=True)
        built.append(qm)
    return built


def main(argv: list[str]) -> int:
    if argv[1:] == ["update"]:
        for language in LANGUAGES:
            print(update(language=language))
        return 0
    if argv[1:] == ["build"]:
        for qm in build():
            print(qm)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
