"""kill -9 at any moment loses nothing the app had already confirmed.

Each test runs the real engine in a child process, SIGKILLs it while it is writing,
and then opens the same files again the way the next start of the app would.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

from engine import paths
from engine.chat.turn import SAVE_EVERY_S
from engine.storage import settings
from engine.storage.history import History
from engine.storage.settings import Settings, UiSettings
from engine.types import MessageStatus

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

ChildEnv = Callable[[Path], dict[str, str]]


@contextlib.contextmanager
def child(code: str, env: dict[str, str], stderr: IO[str]) -> Iterator[subprocess.Popen[str]]:
    """A child Python in its own process group; the group is killed when done."""
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the child's own group: it and its model
        process.wait(timeout=10)
        assert process.stdout is not None
        process.stdout.close()


def kill_and_drain(process: subprocess.Popen[str]) -> list[str]:
    """SIGKILL the child; return the complete lines it had printed but we had not read."""
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.stdout is not None
    rest = process.stdout.read()
    return [line for line in rest.splitlines(keepends=True) if line.endswith("\n")]


APPEND_FOREVER = """
from engine import paths
from engine.storage.history import History
from engine.types import MessageStatus
history = History(paths.history_db())
conversation = history.create_conversation()
reply = history.append_message(conversation.id, "assistant", "", MessageStatus.STREAMING)
history.update_message(reply.id, "half an answer", MessageStatus.STREAMING)
print("streaming", reply.id, flush=True)
n = 0
while True:
    message = history.append_message(conversation.id, "user", f"note {n}")
    print("ack", message.id, message.content, flush=True)
    n += 1
"""


@pytest.mark.parametrize("kill_after", [1, 30, 200])
def test_every_acknowledged_message_survives_kill_9(
    kill_after: int, child_env: ChildEnv, hisho_home: Path, tmp_path: Path
) -> None:
    acked: dict[int, str] = {}
    streaming_ids: list[int] = []
    with (
        (tmp_path / "child.err").open("w+") as err,
        child(APPEND_FOREVER, child_env(hisho_home), err) as process,
    ):
        assert process.stdout is not None
        lines: list[str] = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("ack") and sum(x.startswith("ack") for x in lines) == kill_after:
                lines += kill_and_drain(process)
                break
        err.seek(0)
        assert any(x.startswith("ack") for x in lines), err.read()
    for line in lines:
        kind, number, *content = line.rstrip("\n").split(" ", 2)
        if kind == "ack":
            acked[int(number)] = content[0]
        else:
            streaming_ids.append(int(number))
    assert len(acked) >= kill_after

    history = History(paths.history_db())  # the next start of the app
    try:
        for message_id, content in acked.items():
            saved = history.message(message_id)
            assert saved is not None, f"acknowledged message {message_id} was lost"
            assert (saved.content, saved.status) == (content, MessageStatus.COMPLETE)
        (reply_id,) = streaming_ids
        reply = history.message(reply_id)
        assert reply is not None
        assert (reply.content, reply.status) == ("half an answer", MessageStatus.INTERRUPTED)
    finally:
        history.close()
    with contextlib.closing(sqlite3.connect(paths.history_db())) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


ANSWER_UNTIL_KILLED = """
import json, time
from engine import paths
from engine.chat.assistant import ask
from engine.cancel import CancelToken
from engine.storage.history import History
from engine.models.local import LocalBackend
from engine.models.defaults import default_chat_model
from engine.types import GenerationOptions, Token, TurnStarted
history = History(paths.history_db())
backend = LocalBackend(default_chat_model(), context_length=512, threads=1)
backend.load()
conversation = history.create_conversation()
options = GenerationOptions(temperature=0.0, max_tokens=400, repeat_penalty=1.0, ignore_eos=True)
for event in ask(history, backend, conversation.id, "Tell me a long story.", options,
                 CancelToken()):
    if isinstance(event, TurnStarted):
        print(json.dumps(["started", event.reply_message_id, time.monotonic()]), flush=True)
    elif isinstance(event, Token):
        print(json.dumps(["token", event.text, time.monotonic()]), flush=True)
"""


def test_killing_the_app_mid_reply_keeps_what_was_shown(
    child_env: ChildEnv, hisho_home: Path, tmp_path: Path
) -> None:
    shown: list[str] = []
    reply_id = 0
    with (
        (tmp_path / "child.err").open("w+") as err,
        child(ANSWER_UNTIL_KILLED, child_env(hisho_home), err) as process,
    ):
        assert process.stdout is not None
        started_at = 0.0
        after_save = -1  # tokens seen since the first one streamed after a save was due
        for line in process.stdout:
            kind, value, at = json.loads(line)
            if kind == "started":
                reply_id, started_at = value, at
                continue
            shown.append(value)
            if after_save < 0 and at - started_at > SAVE_EVERY_S + 0.2:
                after_save = 0
            elif after_save >= 0:
                after_save += 1
            if after_save == 2:  # the save ran before this token was produced
                for rest in kill_and_drain(process):
                    shown.append(json.loads(rest)[1])
                break
        err.seek(0)
        assert after_save == 2, f"the reply ended early: {''.join(shown)!r}\n{err.read()}"

    history = History(paths.history_db())  # the next start of the app
    try:
        reply = history.message(reply_id)
        assert reply is not None
        assert reply.status is MessageStatus.INTERRUPTED
        assert reply.content, "the text streamed before the crash should have been saved"
        assert "".join(shown).startswith(reply.content)
        question = history.messages(reply.conversation_id)[0]
        assert (question.content, question.status) == (
            "Tell me a long story.",
            MessageStatus.COMPLETE,
        )
    finally:
        history.close()


SAVE_FOREVER = """
from engine.storage import settings
from engine.storage.settings import Settings, UiSettings
choices = [Settings(ui=UiSettings(theme="light")), Settings(ui=UiSettings(theme="dark"))]
n = 0
while True:
    settings.save(choices[n % 2])
    print("saved", n, flush=True)
    n += 1
"""


def test_settings_are_never_half_written(
    child_env: ChildEnv, hisho_home: Path, tmp_path: Path
) -> None:
    with (
        (tmp_path / "child.err").open("w+") as err,
        child(SAVE_FOREVER, child_env(hisho_home), err) as process,
    ):
        assert process.stdout is not None
        deadline = time.monotonic() + 30
        for line in process.stdout:
            if line.startswith("saved 40") or time.monotonic() > deadline:
                kill_and_drain(process)
                break
        err.seek(0)
        assert paths.settings_file().exists(), err.read()

    loaded, warning = settings.load()
    assert warning == ""
    assert loaded in (Settings(ui=UiSettings(theme="light")), Settings(ui=UiSettings(theme="dark")))
