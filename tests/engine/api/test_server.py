"""The local API end to end: the official openai client against the real bundled model,
behind the real HTTP server on 127.0.0.1, and what it refuses."""

from __future__ import annotations

import json
import socket
import threading
import time

import openai
import pytest

from engine.types import ChatMessage
from tests.engine.api.conftest import RunningApi, chat_body

QUESTION = [{"role": "user", "content": "Write one sentence about a cat."}]


def test_the_official_client_streams_a_reply_and_gets_the_same_one_whole(api: RunningApi) -> None:
    client = api.client()
    client.chat.completions.create(model="hisho", messages=QUESTION)  # warm the prompt cache
    stream = client.chat.completions.create(
        model="hisho", messages=QUESTION, stream=True, stream_options={"include_usage": True}
    )
    chunks = list(stream)
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    whole = client.chat.completions.create(model="hisho", messages=QUESTION)

    assert chunks[0].choices[0].delta.role == "assistant"
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 3
    assert streamed.strip() and streamed == whole.choices[0].message.content
    assert whole.usage is not None and chunks[-1].usage == whole.usage
    assert 0 < whole.usage.completion_tokens <= 12 and whole.usage.prompt_tokens > 20
    ended = "length" if whole.usage.completion_tokens == 12 else "stop"
    assert whole.choices[0].finish_reason == chunks[-2].choices[0].finish_reason == ended
    assert whole.model == "hisho"


def test_models_lists_the_loaded_model_and_its_alias(api: RunningApi) -> None:
    names = [m.id for m in api.client().models.list()]
    assert names[:2] == [api.server.service.backend.name, "hisho"]
    assert "hisho-library" not in names  # no libraries given to this server
    with pytest.raises(openai.NotFoundError):
        api.client().chat.completions.create(model="gpt-4o", messages=QUESTION)


def test_a_missing_or_wrong_token_is_refused_before_the_model_is_used(api: RunningApi) -> None:
    backend = api.server.service.backend
    before = backend.last_stats
    with pytest.raises(openai.AuthenticationError):
        api.client(api_key="hisho-wrong").chat.completions.create(model="hisho", messages=QUESTION)
    status, headers, _ = api.raw("POST", "/v1/chat/completions", chat_body("hi"),
                                 {"Host": f"127.0.0.1:{api.port}"})  # fmt: skip
    assert status == 401 and headers["www-authenticate"] == "Bearer"
    basic = {"Host": f"localhost:{api.port}", "Authorization": "Basic aGk6aGk="}
    status, _, _ = api.raw("GET", "/v1/models", headers=basic)
    assert status == 401
    assert backend.last_stats is before  # nothing was generated
    outcomes = [e.outcome for e in api.entries(3)]
    assert outcomes == ["refused: invalid_api_key"] * 3


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:{port}", "localhost.evil.example:{port}", "127.0.0.1:1",
     "192.168.1.5:{port}", "", "[::1]:{port}x"],
)  # fmt: skip
def test_a_host_header_that_is_not_this_computer_is_refused(api: RunningApi, host: str) -> None:
    """DNS rebinding: a page whose domain now points at 127.0.0.1 sends its own name."""
    headers = api.headers(Host=host.format(port=api.port))
    status, _, body = api.raw("GET", "/v1/models", headers=headers)
    assert status == 403
    assert json.loads(body)["error"]["code"] == "host_refused"


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "localhost", "[::1]"])
def test_loopback_host_names_are_served(api: RunningApi, host: str) -> None:
    status, _, body = api.raw(
        "GET", "/v1/models", headers=api.headers(Host=host.format(port=api.port))
    )
    assert status == 200 and json.loads(body)["object"] == "list"


def test_an_oversized_body_is_refused_without_being_read(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(max_body_bytes=4096)
    headers = api.headers(**{"Content-Type": "application/json", "Content-Length": "104857600"})
    started = time.monotonic()
    status, headers_back, body = api.raw("POST", "/v1/chat/completions", headers=headers)
    assert status == 413 and json.loads(body)["error"]["code"] == "request_too_large"
    assert headers_back["connection"] == "close"
    assert time.monotonic() - started < 5  # answered at once, not after reading 100 MB
    big = chat_body("word " * 2000)
    status, _, _ = api.raw("POST", "/v1/chat/completions", big, api.headers())
    assert status == 413
    status, _, _ = api.raw("POST", "/v1/chat/completions", b"{}",
                           api.headers(**{"Transfer-Encoding": "chunked"}))  # fmt: skip
    assert status == 411


def test_no_cors_headers_unless_the_origin_is_listed(make_api) -> None:  # type: ignore[no-untyped-def]
    closed = make_api()
    status, headers, _ = closed.raw("GET", "/v1/models", headers=closed.headers())
    assert status == 200 and not any(h.startswith("access-control") for h in headers)
    evil = closed.headers(Origin="http://evil.example")
    status, headers, _ = closed.raw("GET", "/v1/models", headers=evil)
    assert status == 403 and not any(h.startswith("access-control") for h in headers)
    no_cors = closed.headers(**{"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "no-cors"})
    status, _, _ = closed.raw("GET", "/v1/models", headers=no_cors)  # a page's GET: no Origin
    assert status == 403

    listed = make_api(cors_origins=frozenset({"http://localhost:3000"}))
    preflight = {"Host": f"127.0.0.1:{listed.port}", "Origin": "http://localhost:3000",
                 "Access-Control-Request-Method": "POST"}  # fmt: skip
    status, headers, _ = listed.raw("OPTIONS", "/v1/chat/completions", headers=preflight)
    assert status == 204 and headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "Authorization" in headers["access-control-allow-headers"]
    page = listed.headers(Origin="http://localhost:3000")
    status, headers, _ = listed.raw("GET", "/v1/models", headers=page)
    assert status == 200 and headers["access-control-allow-origin"] == "http://localhost:3000"


def test_a_burst_past_the_rate_limit_is_told_when_to_come_back(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(requests_per_minute=6, burst=2)
    statuses = [api.raw("GET", "/v1/models", headers=api.headers()) for _ in range(3)]
    assert [s for s, _, _ in statuses] == [200, 200, 429]
    assert int(statuses[2][1]["retry-after"]) >= 1


def test_every_request_is_in_the_log_with_its_client_and_sizes(api: RunningApi) -> None:
    client = api.client(default_headers={"X-Client-Name": "notes-app"})
    client.chat.completions.create(model="hisho", messages=QUESTION, max_tokens=3)
    api.raw("GET", "/v1/models", headers={"Host": "evil.example"})
    newest, oldest = api.entries(2)
    assert (oldest.client, oldest.method, oldest.path, oldest.model) == (
        "notes-app",
        "POST",
        "/v1/chat/completions",
        "hisho",
    )
    assert oldest.status == 200 and oldest.outcome == "answered"
    assert oldest.bytes_in > 100 and oldest.bytes_out > 100 and oldest.duration_s > 0
    assert (newest.status, newest.outcome, newest.client) == (403, "refused: host_refused",
                                                             "unknown client")  # fmt: skip
    api.log.close()
    assert api.token.encode() not in api.log.path.read_bytes()  # sizes only, never the token


def test_a_stop_string_cuts_the_reply_and_the_model_is_clean_after(api: RunningApi) -> None:
    client = api.client()
    story = [{"role": "user", "content": "Tell me a story about the sea."}]
    full = client.chat.completions.create(model="hisho", messages=story, max_tokens=30)
    text = full.choices[0].message.content or ""
    assert len(text.split()) > 4
    stop = text.split()[3]
    cut = client.chat.completions.create(model="hisho", messages=story, max_tokens=30, stop=stop)
    assert cut.choices[0].message.content == text[: text.index(stop)]
    assert cut.choices[0].finish_reason == "stop"
    again = client.chat.completions.create(model="hisho", messages=story, max_tokens=30)
    assert again.choices[0].message.content == text


def test_a_client_that_hangs_up_mid_stream_stops_its_generation(api: RunningApi) -> None:
    client = api.client()
    expected = client.chat.completions.create(model="hisho", messages=QUESTION).choices[0].message
    body = chat_body("Tell me a very long story about the sea.", stream=True, max_tokens=2000)
    sock = socket.create_connection(("127.0.0.1", api.port))
    sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in api.headers(**{"Content-Type": "application/json",
                                                   "Content-Length": str(len(body))}).items()
    ).encode() + b"\r\n" + body)  # fmt: skip
    received = b""
    while received.count(b"data: ") < 4:
        received += sock.recv(4096)
    sock.close()
    gone = api.entries(2)[0]  # the hung-up request is logged when it ends
    assert gone.outcome == "client went away"
    assert gone.duration_s < 15  # 2000 tokens would take far longer
    after = client.chat.completions.create(model="hisho", messages=QUESTION).choices[0].message
    assert after.content == expected.content  # no leftover tokens from the abandoned reply


def test_twenty_concurrent_clients_each_get_their_own_whole_reply(make_api) -> None:  # type: ignore[no-untyped-def]
    # 41 requests in a minute or two: a rate limit roomy enough that only concurrency is
    # tested (the limit has a test of its own above).
    api = make_api(requests_per_minute=600, burst=50)
    animals = [
        *("cat", "dog", "horse", "fish", "bird", "lion", "tiger", "bear", "wolf", "fox"),
        *("owl", "frog", "snake", "duck", "goat", "sheep", "mouse", "whale", "shark", "eagle"),
    ]
    backend = api.server.service.backend
    client = api.client(timeout=600)

    def ask(animal: str, stream: bool) -> tuple[str, int]:
        messages = [{"role": "user", "content": f"Write one sentence about a {animal}."}]
        if not stream:
            reply = client.chat.completions.create(model="hisho", messages=messages)
            assert reply.usage is not None
            return reply.choices[0].message.content or "", reply.usage.prompt_tokens
        chunks = list(client.chat.completions.create(
            model="hisho", messages=messages, stream=True, stream_options={"include_usage": True}
        ))  # fmt: skip
        usage = chunks[-1].usage
        assert usage is not None
        return "".join(
            c.choices[0].delta.content or "" for c in chunks if c.choices
        ), usage.prompt_tokens

    ask("zebra", False)  # the prompt cache now holds what every question shares
    alone = {a: ask(a, False) for a in animals}
    together: dict[str, tuple[str, int]] = {}
    errors: list[BaseException] = []

    def run(index: int, animal: str) -> None:
        try:
            together[animal] = ask(animal, stream=index % 2 == 0)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(animals)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not errors
    assert together == alone  # every reply whole, and each its own question's
    for animal, (_, prompt_tokens) in together.items():
        messages = [ChatMessage("user", f"Write one sentence about a {animal}.")]
        assert prompt_tokens == backend.count_tokens(messages)[0]
    chats = [e for e in api.entries(41) if e.path == "/v1/chat/completions"]
    assert len(chats) == 41 and all(e.status == 200 for e in chats)
