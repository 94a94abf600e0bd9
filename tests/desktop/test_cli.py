"""`python -m desktop` from a terminal: version, help, and `ask` with the real model."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from engine.storage import settings as settings_store
from engine.storage.settings import Settings
from tests.conftest import REPO


def hisho(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would, with this test's HISHO_HOME (set by the fixture)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_version_and_help() -> None:
    version = hisho("--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("hisho ")
    help = hisho("--help")
    assert help.returncode == 0, help.stderr
    assert "ask" in help.stdout and "usage: hisho" in help.stdout
    ask_help = hisho("ask", "--help")
    assert ask_help.returncode == 0
    assert "--json" in ask_help.stdout and "--max-tokens" in ask_help.stdout


def test_ask_answers_as_json(hisho_home: Path) -> None:
    # The user's settings file is honoured: a small context and one thread keep this
    # quick (llama.cpp's spinning threads slow down badly on a busy 2-core machine).
    defaults = Settings()
    chat = dataclasses.replace(defaults.chat, context_length=2048, threads=1)
    settings_store.save(dataclasses.replace(defaults, chat=chat))
    result = hisho(
        "ask", "What is the capital of France?", "--json", "--temperature", "0",
        "--max-tokens", "30",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, result.stdout  # one JSON object, nothing else on stdout
    answer = json.loads(lines[0])
    assert answer["status"] == "complete"
    assert answer["answer"].strip()
    assert answer["error"] == ""
    assert answer["model"].startswith("SmolLM2")
    assert 0 < answer["stats"]["generated_tokens"] <= 30
    # `ask` leaves no trace in the window's history.
    assert not (hisho_home / "data" / "history.sqlite3").exists()


def test_ask_with_an_empty_question_fails_with_a_message() -> None:
    for question in ("", "   "):
        result = hisho("ask", question, timeout=60)
        assert result.returncode != 0
        assert "empty" in result.stderr
        assert "Traceback" not in result.stderr


def test_ask_with_a_missing_model_fails_clearly() -> None:
    result = hisho("ask", "hello", "--model", "/nonexistent.gguf", timeout=60)
    assert result.returncode == 1
    assert "No chat model at /nonexistent.gguf" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == ""


def test_the_command_line_reads_a_launch_without_qt() -> None:
    # The terminal decides whether to start the window before importing Qt: the entry
    # point and the launch's data type load with PySide6 made unimportable.
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "import desktop.cli\n"
        "from desktop.launch import parse_launch\n"
        "print(parse_launch(['--quick', 'docs/a.pdf'], '/home/me'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "quick=True" in result.stdout and "/home/me/docs/a.pdf" in result.stdout


def test_ctrl_c_cancels_the_work_and_then_interrupts_again() -> None:
    from desktop.cli_common import cancel_on_sigint

    with cancel_on_sigint() as cancel:
        signal.raise_signal(signal.SIGINT)  # a real SIGINT, handled by the command
        assert cancel.cancelled
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
