"""Open the vector index in a child process first, when the last session did not close it.

A Chroma database damaged by a crash or a bad disk can make the native code fail in
ways Python cannot catch. So when the library was not closed cleanly last time (its
``chroma.in-use`` marker is still there), the index is first opened, listed and counted
in a child process (``python -m engine.library.probe FOLDER``, or the frozen app with
``--index-probe``); only if that works does the library process open it itself.
Otherwise the index is set aside and rebuilt from the manifest (engine.library.stores).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from engine.child_process import child_command
from engine.i18n import QT_TRANSLATE_NOOP

#: How long a probe may take (opening a large index reads its segments).
PROBE_TIMEOUT_S = 120


def probe_command() -> list[str]:
    return child_command("--index-probe", "engine.library.probe")


def index_problem(folder: Path, model: str, dimension: int) -> str:
    """Why the index at ``folder`` can't be used ("" when a child could open it)."""
    try:
        result = subprocess.run(
            [*probe_command(), str(folder), model, str(dimension)],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return QT_TRANSLATE_NOOP("Engine", "opening it took longer than {seconds} s").format(
            seconds=PROBE_TIMEOUT_S
        )
    except OSError as exc:
        return QT_TRANSLATE_NOOP("Engine", "the check could not start: {error}").format(error=exc)
    if result.returncode == 0:
        return ""
    if result.returncode < 0:
        name = signal.Signals(-result.returncode).name
        return QT_TRANSLATE_NOOP("Engine", "opening it crashed ({name})").format(name=name)
    lines = (result.stdout + result.stderr).strip().splitlines()
    if lines:
        return lines[-1]
    return QT_TRANSLATE_NOOP("Engine", "opening it failed (exit code {code})").format(
        code=result.returncode
    )


def main(argv: list[str] | None = None) -> int:
    """The child: open, list and count; exit 0 if that worked."""
    folder, model, dimension = (sys.argv[1:] if argv is None else argv)[:3]
    os.environ["ANONYMIZED_TELEMETRY"] = "False"
    from engine.errors import HishoError
    from engine.library.vectors import VectorIndex

    try:
        index = VectorIndex(Path(folder), model, int(dimension))
        count = index.count()
        index.ids()
    except HishoError as exc:
        print(exc)
        return 1
    except Exception as exc:
        print(f"{type(exc).__name__}: {exc}")
        return 1
    print(f"ok: {count} vectors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
