"""`hisho serve`: the local API without the window, as a real process — the token from a
real Secret Service, the real model, the settings' allow-list, the shared request log."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import openai
import pytest

from engine.api.running import running_api
from engine.storage import settings as settings_store
from engine.storage.api_log import ApiLog
from engine.storage.settings import ApiSettings, Settings
from tests.conftest import REPO
from tests.desktop.test_cli import hisho

pytestmark = [pytest.mark.timeout(300), pytest.mark.usefixtures("keyring_service")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def save_settings(port: int) -> None:
    defaults = Settings()
    chat = dataclasses.replace(defaults.chat, context_length=2048, threads=1, temperature=0.0,
                               max_reply_tokens=12)  # fmt: skip
    api = ApiSettings(port=port, approved_clients=("notes-app",))
    settings_store.save(dataclasses.replace(defaults, chat=chat, api=api))


def start_serving(*args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen([sys.executable, "-m", "desktop", "serve", *args], cwd=REPO,
                               env=env, stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert process.stderr is not None
    deadline = time.monotonic() + 180
    said = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        said.append(line)
        if "serving " in line or not line:
            break
    assert "Ctrl+C stops" in said[-1], "".join(said)
    return process


def test_serve_answers_with_the_keyring_token_and_the_settings_allow_list(hisho_home: Path) -> None:
    port = free_port()
    save_settings(port)
    first, again = hisho("serve", "--token"), hisho("serve", "--token")
    assert first.returncode == 0, first.stderr
    token = first.stdout.strip()
    assert token.startswith("hisho-") and len(token) > 40 and again.stdout.strip() == token
    assert not files_holding(hisho_home, token)  # in the keyring, nowhere else

    process = start_serving()
    try:
        found = running_api()
        assert found is not None and found.kind == "serve" and found.pid == process.pid
        assert found.url == f"http://127.0.0.1:{port}/v1"
        client = openai.OpenAI(base_url=found.url, api_key=token, max_retries=0)
        stream = client.chat.completions.create(
            model="hisho", messages=[{"role": "user", "content": "Say hello."}], stream=True
        )
        text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        assert text.strip()
        library = [{"role": "user", "content": "What is in my notes?"}]
        listed = openai.OpenAI(base_url=found.url, api_key=token, max_retries=0,
                               default_headers={"X-Client-Name": "notes-app"})  # fmt: skip
        reply = listed.chat.completions.create(model="hisho-library", messages=library)
        assert reply.model_extra["sources"] == []  # allowed; the libraries are empty
        with pytest.raises(openai.PermissionDeniedError):
            client.chat.completions.create(model="hisho-library", messages=library)
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=found.url, api_key="hisho-nope", max_retries=0).models.list()
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    assert running_api() is None  # the status file went with it
    log = ApiLog()
    try:
        outcomes = [(e.client, e.status) for e in reversed(log.entries())]
    finally:
        log.close()
    assert [status for _, status in outcomes] == [200, 200, 403, 401]
    assert outcomes[1][0] == "notes-app"
    assert not files_holding(hisho_home, token)


def files_holding(folder: Path, secret: str) -> list[Path]:
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink() and secret.encode() in path.read_bytes()
    ]


def test_serve_refuses_another_address_unless_told(hisho_home: Path) -> None:
    save_settings(free_port())
    refused = hisho("serve", "--host", "0.0.0.0")
    assert refused.returncode == 2
    assert "other computers on the network" in refused.stderr
