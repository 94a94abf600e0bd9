"""The library process's request table: every operation served, bad requests refused
with a clear error while the process keeps serving."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from engine.errors import LibraryError
from engine.library import protocol
from engine.library.client import LibraryClient
from tests.engine.library.test_library_worker import Events, finished

pytestmark = pytest.mark.timeout(300)

#: Harmless arguments for every operation, on an empty library.
SAMPLES: dict[str, Any] = {
    "add": protocol.AddArguments([], "Empty"),
    "search": protocol.SearchArguments("anything"),
    "files": protocol.FilesArguments(),
    "remove_path": protocol.RemovePathArguments("/no/such/file.txt"),
    "remove_library": protocol.RemoveLibraryArguments("No such library"),
    "passage_context": protocol.PassageContextArguments("no-such-chunk"),
    "busy": protocol.BusyArguments(False),
    "embed": protocol.EmbedArguments(["a sentence to embed"]),
    "document": protocol.DocumentArguments("/no/such/file.pdf"),
}


@dataclass(frozen=True, slots=True)
class _QueryAsNumber:
    query: int


@pytest.fixture()
def client() -> Iterator[LibraryClient]:
    client = LibraryClient()
    yield client
    client.close()


def test_every_operation_is_served() -> None:
    events = Events()
    client = LibraryClient(events)
    try:
        client.start()
        events.wait_for(finished)  # the index is open: ``status`` need not open it
        for name, operation in protocol.OPERATIONS.items():
            arguments = SAMPLES.get(name, protocol.NoArguments())
            client.request(operation, arguments)  # raises LibraryError if not served
        assert client.status().pending == 0
        assert [info.name for info in client.libraries()] == ["Empty"]
    finally:
        client.close()


def test_bad_requests_get_a_clear_error_and_the_process_keeps_serving(
    client: LibraryClient,
) -> None:
    client.request(protocol.PING, protocol.NoArguments())
    pid = client.pid
    unknown = protocol.Operation("no_such_request", protocol.NoArguments, lambda raw: raw)
    with pytest.raises(LibraryError, match="no request 'no_such_request'"):
        client.request(unknown, protocol.NoArguments())
    mistyped = protocol.Operation("search", _QueryAsNumber, lambda raw: raw)
    with pytest.raises(LibraryError, match="takes 'query' as str, not int"):
        client.request(mistyped, _QueryAsNumber(42))
    missing = protocol.Operation("search", protocol.NoArguments, lambda raw: raw)
    with pytest.raises(LibraryError, match="needs 'query'"):
        client.request(missing, protocol.NoArguments())
    assert client.pid == pid  # the same process, still answering
    assert client.search("still there?") == []


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ({"op": "search", "query": "q", "k": True}, "takes 'k' as int, not bool"),
        ({"op": "add", "paths": ["a", 1], "library": "L"}, "takes 'paths' as list[str]"),
        ({"op": "files", "library": None, "colour": "red"}, "takes no colour"),
        ({"op": 7}, "no request 7"),
    ],
)
def test_decode_checks_each_argument(message: dict[str, Any], error: str) -> None:
    with pytest.raises(LibraryError, match=re.escape(error)):
        protocol.decode(message)


def test_a_request_reads_back_as_it_was_sent() -> None:
    arguments = protocol.SearchArguments("tea", library="Notes", path=None, k=3)
    message = protocol.encode(protocol.SEARCH, arguments, request_id=5)
    assert message["op"] == "search" and message["id"] == 5
    assert protocol.decode(message) == (protocol.SEARCH, arguments)
