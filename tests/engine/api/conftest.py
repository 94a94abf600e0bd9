"""The local API on 127.0.0.1 around the session's real model, and a raw HTTP helper
(for what the official client would never send: a foreign Host, no token, a huge body)."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from engine.api.approvals import Approvals
from engine.api.config import ServerConfig
from engine.api.server import ApiServer
from engine.api.service import ApiService, Documents
from engine.models.local import LocalBackend
from engine.storage.api_log import ApiLog
from engine.storage.settings import ChatSettings, Settings
from engine.types import ApiLogEntry

TOKEN = "hisho-test-token-0123456789abcdef"
#: Greedy and short, so a reply is repeatable and quick on one thread.
SETTINGS = Settings(chat=ChatSettings(temperature=0.0, repeat_penalty=1.0, max_reply_tokens=12))


@dataclass
class RunningApi:
    server: ApiServer
    log: ApiLog
    token: str = TOKEN

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return self.server.port

    def client(self, **options: Any) -> Any:
        import openai

        options.setdefault("api_key", self.token)
        return openai.OpenAI(base_url=self.url, max_retries=0, **options)

    def entries(self, count: int, timeout: float = 20) -> list[ApiLogEntry]:
        """The log, once it has ``count`` requests (a request is logged as it ends, a
        moment after its client has the answer)."""
        deadline = time.monotonic() + timeout
        while len(found := self.log.entries()) < count:
            assert time.monotonic() < deadline, f"{len(found)} of {count} requests logged"
            time.sleep(0.02)
        return found

    def raw(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request exactly as given (no header added but what http.client needs)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if body is not None and "Content-Length" not in (headers or {}):
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            connection.close()

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Host": f"127.0.0.1:{self.port}", "Authorization": f"Bearer {self.token}", **extra}


@dataclass
class ApiFactory:
    backend: LocalBackend
    started: list[RunningApi] = field(default_factory=list)

    def __call__(
        self,
        documents: Documents | None = None,
        approvals: Approvals | None = None,
        settings: Settings = SETTINGS,
        **config: Any,
    ) -> RunningApi:
        service = ApiService(self.backend, lambda: settings, documents, approvals)
        log = ApiLog()
        server = ApiServer(ServerConfig(token=TOKEN, port=0, **config), service, log)
        server.start()
        running = RunningApi(server, log)
        self.started.append(running)
        return running


@pytest.fixture()
def make_api(local_backend: LocalBackend) -> Iterator[Callable[..., RunningApi]]:
    factory = ApiFactory(local_backend)
    yield factory
    for running in factory.started:
        running.server.stop()
        running.log.close()


@pytest.fixture()
def api(make_api: Callable[..., RunningApi]) -> RunningApi:
    return make_api()


def chat_body(text: str, **fields: Any) -> bytes:
    return json.dumps({"model": "hisho", "messages": [{"role": "user", "content": text}],
                       **fields}).encode()  # fmt: skip
