"""The user's own servers ("My server"): only private addresses, a real llama.cpp server
(llama_cpp.server with the bundled model) on 127.0.0.1 answering without a consent
question but in the egress log, and the engines found running here — an
Ollama-compatible listing served by a real HTTP server (Ollama itself can't be installed
here)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from engine.cancel import CancelToken
from engine.cloud.servers import (
    KNOWN_ENGINES,
    Engine,
    address_problem,
    detect,
    is_private,
    server_backend,
    server_models,
)
from engine.errors import CloudError
from engine.storage.egress import EgressLog
from engine.storage.secrets import set_key
from engine.storage.settings import MyServer
from engine.types import ChatMessage, GenerationOptions
from tests.cloud import API_KEY, MODEL, CloudServer, free_port


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/v1", "http://localhost:11434/v1", "http://192.168.1.20:1234/v1",
     "http://10.0.0.5/v1", "http://172.16.3.4:8000/v1", "http://100.101.102.103:11434/v1",
     "http://[fd12:3456::1]:8080/v1", "http://[::1]:8080/v1", "http://169.254.10.1/v1",
     "https://192.168.1.20/v1"],
)  # fmt: skip
def test_this_computer_the_lan_and_vpn_ranges_are_my_server(url: str) -> None:
    assert address_problem(url) == ""


@pytest.mark.parametrize(
    "url",
    ["http://8.8.8.8/v1", "https://1.1.1.1:443/v1", "http://[2001:4860:4860::8888]/v1",
     "http://0.0.0.0:8080/v1", "http://172.32.0.1/v1", "http://100.128.0.1/v1",
     "http://[::ffff:8.8.8.8]/v1"],
)  # fmt: skip
def test_a_public_address_is_refused_as_my_server(url: str) -> None:
    assert "can't be “My server”" in address_problem(url)
    with pytest.raises(CloudError, match="Settings › Cloud"):
        server_backend(MyServer("Elsewhere", url), "m", None)


def test_an_address_that_is_not_a_url_is_refused() -> None:
    for url in ("192.168.1.20:8080", "ftp://192.168.1.20/v1", ""):
        assert "must look like" in address_problem(url)
    assert not is_private("not-an-ip") and is_private("fe80::1%eth0")


@pytest.fixture()
def ledger() -> Iterator[EgressLog]:
    log = EgressLog()
    yield log
    log.close()


@pytest.mark.usefixtures("keyring_service")
def test_a_llama_cpp_server_here_answers_without_consent_and_every_request_is_logged(
    cloud_server: CloudServer, ledger: EgressLog
) -> None:
    cloud_server.reset()
    home = MyServer("Home llama.cpp", cloud_server.base_url)
    set_key("server:Home llama.cpp", API_KEY)  # this one was started with --api-key
    assert server_models(home, ledger) == [MODEL]
    backend = server_backend(home, MODEL, ledger)
    options = GenerationOptions(max_tokens=8, temperature=0.0)
    text = "".join(backend.stream([ChatMessage("user", "Say hi.")], options, CancelToken()))
    assert text.strip()
    assert backend.name == f"Home llama.cpp · {MODEL}"
    purposes = [(e.provider, e.purpose, e.outcome) for e in reversed(ledger.entries())]
    assert purposes == [("Home llama.cpp", "list models", "answered"),
                        ("Home llama.cpp", "answer", "answered")]  # fmt: skip
    assert cloud_server.bodies()[0]["model"] == MODEL


class Listing:
    """What the Ollama-compatible test server lists, and which paths it was asked."""

    def __init__(self, tags: bool) -> None:
        self.tags = tags
        self.asked: list[str] = []


@contextmanager
def ollama_like(listing: Listing) -> Iterator[int]:
    """A real HTTP server on 127.0.0.1 answering as Ollama does: /api/tags with its own
    model list, /v1/models with the OpenAI one (or no /api/tags: an older OpenAI-only)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            listing.asked.append(self.path)
            if self.path == "/api/tags" and listing.tags:
                body: Any = {"models": [{"name": "llama3.2:3b", "size": 2019393189},
                                        {"name": "qwen2.5:7b", "size": 4683087332}]}  # fmt: skip
            elif self.path == "/v1/models":
                names = ("llama3.2:3b", "qwen2.5:7b")
                body = {"object": "list", "data": [{"id": n, "object": "model"} for n in names]}
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield int(httpd.server_address[1])
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_engines_running_here_are_found_with_their_models(ledger: EgressLog) -> None:
    assert [e.base_url for e in KNOWN_ENGINES] == [
        "http://127.0.0.1:11434/v1", "http://127.0.0.1:1234/v1", "http://127.0.0.1:8080/v1"
    ]  # fmt: skip
    listing = Listing(tags=True)
    with ollama_like(listing) as port:
        ollama = Engine(
            "Ollama", f"http://127.0.0.1:{port}/v1", f"http://127.0.0.1:{port}/api/tags"
        )
        nobody = Engine("LM Studio", f"http://127.0.0.1:{free_port()}/v1")
        found = detect(ledger, [ollama, nobody])
    assert [(f.engine.name, f.models) for f in found] == [("Ollama", ("llama3.2:3b", "qwen2.5:7b"))]
    assert listing.asked == ["/api/tags"]
    assert [(e.provider, e.purpose) for e in ledger.entries()] == [("Ollama", "list models")]


def test_an_ollama_without_its_own_list_is_read_from_its_openai_side(ledger: EgressLog) -> None:
    listing = Listing(tags=False)
    with ollama_like(listing) as port:
        ollama = Engine(
            "Ollama", f"http://127.0.0.1:{port}/v1", f"http://127.0.0.1:{port}/api/tags"
        )
        found = detect(ledger, [ollama])
    assert [f.models for f in found] == [("llama3.2:3b", "qwen2.5:7b")]
    assert listing.asked == ["/api/tags", "/v1/models"]
    outcomes = [e.outcome for e in reversed(ledger.entries())]
    assert outcomes == ["HTTP 404", "answered"]
