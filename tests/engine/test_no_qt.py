"""engine/ works where Qt does not exist, and importing it does no work at all."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

RunCode = Callable[..., subprocess.CompletedProcess[str]]

IMPORT_EVERYTHING_WITHOUT_QT = r"""
import importlib, importlib.abc, json, os, pkgutil, sys

QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
HEAVY = ("llama_cpp", "torch", "chromadb", "sentence_transformers", "transformers")


class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in QT:
            raise ImportError(f"{name} is not installed here (blocked by the test)")
        return None


sys.meta_path.insert(0, BlockQt())
try:
    import PySide6  # noqa: F401
    blocker_works = False
except ImportError:
    blocker_works = True


def fail(name):
    raise


import engine

names = sorted(m.name for m in pkgutil.walk_packages(engine.__path__, "engine.", onerror=fail))
for name in names:
    importlib.import_module(name)
home = os.environ["HISHO_HOME"]
print(json.dumps({
    "blocker_works": blocker_works,
    "modules": names,
    "qt": sorted(m for m in sys.modules if m.split(".")[0] in QT),
    "heavy": sorted(m for m in sys.modules if m.split(".")[0] in HEAVY),
    "home": sorted(os.listdir(home)),
}))
"""


def test_every_engine_module_imports_with_qt_absent(
    run_engine_code: RunCode, tmp_path: Path
) -> None:
    home = tmp_path / "untouched-home"
    home.mkdir()

    result = run_engine_code(IMPORT_EVERYTHING_WITHOUT_QT, home)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["blocker_works"], "the test's Qt blocker must really block"
    for expected in ("engine.chat.assistant", "engine.storage.history",
                     "engine.models.local", "engine.models.process",
                     "engine.storage.settings", "engine.types"):  # fmt: skip
        assert expected in report["modules"]
    assert report["qt"] == []
    # Heavy libraries load lazily, when first needed, so the window can show first.
    assert report["heavy"] == []
    # Nothing is loaded or written at import time.
    assert report["home"] == []
