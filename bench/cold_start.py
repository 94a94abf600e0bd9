"""Cold start: time from process start to the window's first paint, side by side with
a bare PySide6 QLabel started and measured the same way.

The real app runs as a subprocess (``python -m desktop``) ``--runs`` times, each with a
fresh temporary HISHO_HOME and ``HISHO_STARTUP_REPORT`` pointing at a temp file; the
app writes ``{"first_paint_s", "heavy_before_paint"}`` there at its first paint
(``first_paint_s`` counts from the start of ``desktop.cli.main``). The bare baseline
writes the same report from a ``python -c`` script (counting from its first line), so
``first_paint_ratio = app / bare`` compares the two in one run, interleaved. The wall
time from spawning each process to its report appearing (polled every 5 ms, so it
includes interpreter start-up) is reported too.

A last run under ``python -X importtime`` lists the slowest imports done before the
first paint and, for any heavy module loaded by then, the chain of imports that
pulled it in.

Offscreen by default (``--xvfb`` uses $DISPLAY or a private Xvfb). The last stdout
line is one JSON object; progress goes to stderr. Exit code 0 even when a goal is
missed. Numbers on a shared 2-core machine are noisy: trust the ratio more than the
absolute seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _common import emit, log, median
from _gui import REPO, temp_home, x_display

GOAL_FIRST_PAINT_S = 1.5
HEAVY_MODULES = ("llama_cpp", "torch", "chromadb", "sentence_transformers", "numpy", "onnxruntime")

BARE = """\
import time
started = time.time()
import json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel

class FirstPaint(QObject):
    done = False
    def eventFilter(self, watched, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            with open(os.environ["HISHO_STARTUP_REPORT"], "w") as report:
                json.dump({"first_paint_s": time.time() - started,
                           "heavy_before_paint": []}, report)
        return False

app = QApplication(sys.argv)
label = QLabel("Hisho")
label.resize(1100, 720)
watcher = FirstPaint()
label.installEventFilter(watcher)
label.show()
app.exec()
"""


def files_written(home: Path, report: Path) -> list[str]:
    """Files in ``home`` except the linked models and the report itself."""
    found = []
    for path in home.rglob("*"):
        relative = path.relative_to(home)
        if path.is_file() and path != report and relative.parts[:2] != ("data", "models"):
            found.append(relative.as_posix())
    return sorted(found)


class Launch:
    """One process started in its own session, watched until it writes its report."""

    def __init__(self, argv: list[str], env: dict[str, str], report: Path) -> None:
        self.report = report
        self.stderr_lines: list[str] = []
        self.spawned = time.perf_counter()
        self.popen = subprocess.Popen(
            argv,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            start_new_session=True,  # its model process too is in this group: one kill
        )
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()

    def _read_stderr(self) -> None:
        assert self.popen.stderr is not None
        for line in self.popen.stderr:
            self.stderr_lines.append(line)

    def wait_report(self, timeout: float) -> tuple[dict[str, Any] | None, float, int]:
        """The report, the wall seconds from spawn until it appeared, and how many
        stderr lines had been read by then. The report gets ``files_at_paint``: what
        the process had written in HISHO_HOME by then (its stores opened before the
        paint if the history database is there)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.report.is_file() and self.report.stat().st_size:
                wall = time.perf_counter() - self.spawned
                lines = len(self.stderr_lines)
                written = files_written(self.report.parent, self.report)
                try:
                    data = json.loads(self.report.read_text())
                except ValueError:
                    continue  # caught mid-write: read again
                return dict(data, files_at_paint=written), wall, lines
            elif self.popen.poll() is not None:
                break
            time.sleep(0.005)
        return None, time.perf_counter() - self.spawned, len(self.stderr_lines)

    def stop(self) -> None:
        """End the process group (the app and its model process)."""
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            if self.popen.poll() is not None:
                break
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.popen.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
        # The model process may outlive the app for a moment: end the whole group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self._reader.join(timeout=5)


def launch_once(kind: str, env: dict[str, str], timeout: float, importtime: bool = False):
    """Start the app (or the bare label) once; returns (report, wall_s, stderr lines)."""
    python = str(REPO / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    flags = ["-X", "importtime"] if importtime else []
    argv = [python, *flags, "-m", "desktop"] if kind == "app" else [python, *flags, "-c", BARE]
    with temp_home(f"hisho-bench-cold-{kind}-") as home:
        report = home / "startup-report.json"
        run_env = dict(env, HISHO_HOME=str(home), HISHO_STARTUP_REPORT=str(report))
        launch = Launch(argv, run_env, report)
        try:
            data, wall, lines = launch.wait_report(timeout)
        finally:
            launch.stop()
        if data is None:
            tail = "".join(launch.stderr_lines[-5:]).strip()
            log(f"{kind}: no report within {timeout:.0f} s (exit {launch.popen.returncode}) {tail}")
        return data, wall, launch.stderr_lines[:lines]


def import_chains(lines: list[str]) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """Parse ``-X importtime`` output: the slowest top-level imports, and for each heavy
    module the chain of importers that led to it (outermost first)."""
    entries: list[tuple[int, int, str]] = []  # (depth, cumulative us, name)
    for line in lines:
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        try:
            _, cumulative, name = line.split(":", 1)[1].split("|", 2)
            micros = int(cumulative.strip())
        except ValueError:
            continue
        stripped = name.rstrip("\n")
        depth = (len(stripped) - len(stripped.lstrip(" "))) // 2
        entries.append((depth, micros, stripped.strip()))
    top = sorted(entries, key=lambda e: -e[1])[:12]
    slowest = [
        {"module": name, "depth": depth, "cumulative_ms": round(us / 1000, 1)}
        for depth, us, name in top
    ]
    chains: dict[str, list[str]] = {}
    for index, (depth, _, name) in enumerate(entries):
        if name not in HEAVY_MODULES or name in chains:  # the package, not its children
            continue
        chain, want = [name], depth - 1
        for later_depth, _, later_name in entries[index + 1 :]:  # parents print after
            if want < 0:
                break
            if later_depth == want:
                chain.insert(0, later_name)
                want -= 1
        chains[name] = chain
    return slowest, chains


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="launches of each (app, bare)")
    parser.add_argument("--xvfb", action="store_true", help="use $DISPLAY or a private Xvfb")
    parser.add_argument("--timeout", type=float, default=60.0, help="per launch, seconds")
    return parser.parse_args()


def measure(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        log(f"the machine is busy (load {load:.1f}): expect noisy numbers")
    runs: dict[str, list[float]] = {"app": [], "bare": []}
    walls: dict[str, list[float]] = {"app": [], "bare": []}
    heavy: set[str] = set()
    written: set[str] = set()
    failures = 0
    for kind in ("app", "bare"):  # compile bytecode and warm the page cache; not counted
        launch_once(kind, env, args.timeout)
    for number in range(1, args.runs + 1):
        for kind in ("app", "bare"):  # interleaved, so load changes hit both
            data, wall, _ = launch_once(kind, env, args.timeout)
            if data is None:
                failures += 1
                continue
            runs[kind].append(round(float(data["first_paint_s"]), 4))
            walls[kind].append(round(wall, 4))
            heavy.update(data.get("heavy_before_paint", []))
            if kind == "app":
                written.update(data["files_at_paint"])
            paint = data["first_paint_s"]
            log(f"run {number} {kind}: first paint {paint:.3f} s, wall {wall:.3f} s")
    log("one more app launch under -X importtime")
    data, _, lines = launch_once("app", env, args.timeout, importtime=True)
    slowest, chains = import_chains(lines)
    if data is not None:
        heavy.update(data.get("heavy_before_paint", []))
    app, bare = median(runs["app"]), median(runs["bare"])
    app_wall, bare_wall = median(walls["app"]), median(walls["bare"])
    return {
        "bench": "cold_start",
        "platform": env.get("QT_QPA_PLATFORM", ""),
        "first_paint_s": round(app, 4),
        "first_paint_s_runs": runs["app"],
        "bare_first_paint_s": round(bare, 4),
        "bare_first_paint_s_runs": runs["bare"],
        "first_paint_ratio": round(app / bare, 2) if bare else None,
        "wall_to_paint_s": round(app_wall, 4),
        "bare_wall_to_paint_s": round(bare_wall, 4),
        "wall_ratio": round(app_wall / bare_wall, 2) if bare_wall else None,
        "heavy_before_paint": sorted(heavy),
        "goals": {
            "first_paint_s<=1.5": bool(runs["app"]) and app <= GOAL_FIRST_PAINT_S,
            "heavy_before_paint_empty": not heavy,
        },
        "app_files_written_before_paint": sorted(written),
        # HishoApp.start() (history, model process) is meant to run after the paint.
        "history_opened_before_paint": "data/history.sqlite3" in written,
        "slowest_imports_before_paint": slowest,
        "heavy_import_chains": chains,
        "failed_launches": failures,
        "cpu_count": os.cpu_count(),
        "loadavg_1m": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> int:
    args = parse_args()
    try:
        with (
            x_display(args.xvfb) as display,
            tempfile.TemporaryDirectory(prefix="hisho-bench-pyc-") as pycache,
        ):
            # Bytecode cached (as an installed app has it), in a folder of our own.
            env = dict(os.environ, PYTHONPYCACHEPREFIX=pycache)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            if display:
                env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
            else:
                env["QT_QPA_PLATFORM"] = "offscreen"
            result = measure(args, env)
    except Exception as exc:  # report, never a traceback instead of the JSON line
        log(f"failed: {type(exc).__name__}: {exc}")
        result = {"bench": "cold_start", "error": f"{type(exc).__name__}: {exc}"}
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
