"""ui/ shows data and emits signals: from the engine it imports only plain data types,
and nothing heavy at import time (pypdfium2 only inside the function that draws a page)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

ALLOWED_ENGINE = {"engine.types", "engine.library.types"}
HEAVY = ("pypdfium2", "numpy", "torch", "chromadb", "sentence_transformers", "llama_cpp")


def imports(path: object) -> list[tuple[str, bool]]:
    """(module, at top level) for every import in a file."""
    tree = ast.parse(Path(str(path)).read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, id(node) in top))
        elif isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
    return found


def test_ui_imports_only_the_engines_data_types() -> None:
    wrong = [
        f"{path.name}: {module}"
        for path in sorted((REPO / "ui").glob("*.py"))
        for module, _ in imports(path)
        if module.startswith("engine") and module not in ALLOWED_ENGINE
    ]
    assert wrong == []


def test_importing_every_ui_module_loads_nothing_heavy() -> None:
    code = (
        "import sys, pkgutil, importlib, ui\n"
        "for m in pkgutil.iter_modules(ui.__path__): importlib.import_module('ui.' + m.name)\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
