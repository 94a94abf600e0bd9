"""The local API and the user's documents: answers from the libraries with their sources,
the user's approval once per client, and embeddings — a real library (real files, real
embeddings, real Chroma) behind the real server, asked by the official client."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import openai
import pytest

from engine.api.approvals import Approvals
from engine.api.documents import LibraryDocuments
from engine.library.library import Library
from engine.types import ClientApprovalNeeded
from tests.engine.api.conftest import RunningApi

pytestmark = pytest.mark.timeout(300)

WHALES = ("# Whales\n\nThe blue whale is the largest animal known to have ever existed. It "
          "feeds almost exclusively on krill.\n")  # fmt: skip
ETNA = "Mount Etna is an active stratovolcano on the east coast of Sicily. It erupts often.\n"
QUESTION = [{"role": "user", "content": "What does the blue whale feed on?"}]


@pytest.fixture()
def library(tmp_path: Path, embedder: object) -> Iterator[Library]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "whales.md").write_text(WHALES, encoding="utf-8")
    (tmp_path / "geology").mkdir()
    (tmp_path / "geology" / "etna.txt").write_text(ETNA, encoding="utf-8")
    lib = Library(tmp_path / "library", embedder)  # type: ignore[arg-type]
    list(lib.index([docs], "Nature"))
    list(lib.index([tmp_path / "geology"], "Geology"))
    yield lib
    lib.close()


class User:
    """Answers the approval questions as they come, and counts them."""

    def __init__(self, allow: bool) -> None:
        self.allow = allow
        self.asked: list[ClientApprovalNeeded] = []

    def __call__(self, request: ClientApprovalNeeded) -> None:
        self.asked.append(request)
        threading.Timer(0.05, request.answer, args=(self.allow,)).start()  # the GUI thread


def test_an_answer_from_the_libraries_comes_with_its_sources_after_one_approval(
    make_api: Callable[..., RunningApi], library: Library
) -> None:
    user = User(allow=True)
    remembered: list[str] = []
    api = make_api(LibraryDocuments(library), Approvals(ask=user, remember=remembered.append))
    client = api.client(default_headers={"X-Client-Name": "notes-app"})
    reply = client.chat.completions.create(model="hisho-library", messages=QUESTION)
    sources = reply.model_extra["sources"]
    assert [s["name"] for s in sources] == ["whales.md"]
    assert sources[0]["index"] == 1 and "krill" in sources[0]["text"]
    assert sources[0]["library"] == "Nature" and sources[0]["path"].endswith("whales.md")
    assert reply.choices[0].message.content
    client.chat.completions.create(model="hisho-library", messages=QUESTION)  # not asked again
    assert [(r.client, r.question) for r in user.asked] == [("notes-app", QUESTION[0]["content"])]
    assert remembered == ["notes-app"]
    entry = api.entries(2)[0]
    assert entry.documents and entry.client == "notes-app"

    stream = client.chat.completions.create(model="hisho-library", messages=QUESTION, stream=True)
    first = next(iter(stream))
    assert [s["name"] for s in first.model_extra["sources"]] == ["whales.md"]
    list(stream)


def test_a_refused_client_gets_403_and_is_not_asked_again(
    make_api: Callable[..., RunningApi], library: Library
) -> None:
    user = User(allow=False)
    api = make_api(LibraryDocuments(library), Approvals(ask=user))
    client = api.client(default_headers={"X-Client-Name": "web-scraper"})
    for _ in range(2):
        with pytest.raises(openai.PermissionDeniedError, match="not allowed"):
            client.chat.completions.create(model="hisho-library", messages=QUESTION)
    assert len(user.asked) == 1
    plain = client.chat.completions.create(model="hisho", messages=QUESTION, max_tokens=3)
    assert plain.choices[0].message.content is not None  # the model itself stays usable


def test_without_anyone_to_ask_only_the_listed_clients_read_documents(
    make_api: Callable[..., RunningApi], library: Library
) -> None:
    """``hisho serve``: the allow-list from the settings, and nobody to ask."""
    api = make_api(LibraryDocuments(library), Approvals(allowed=["notes-app"], ask=None))
    listed = api.client(default_headers={"X-Client-Name": "notes-app"})
    assert listed.chat.completions.create(model="hisho-library", messages=QUESTION).model_extra[
        "sources"
    ]
    with pytest.raises(openai.PermissionDeniedError):
        api.client().chat.completions.create(model="hisho-library", messages=QUESTION)


def test_a_question_the_libraries_do_not_answer_says_so_without_the_model(
    make_api: Callable[..., RunningApi], library: Library
) -> None:
    api = make_api(
        LibraryDocuments(library), Approvals(allowed=["OpenAI/Python " + openai.__version__])
    )
    before = api.server.service.backend.last_stats
    question = [{"role": "user", "content": "What does the blue whale feed on?"}]
    reply = api.client().chat.completions.create(
        model="hisho-library", messages=question, extra_body={"library": "Geology"}
    )
    assert reply.model_extra["sources"] == []
    assert "couldn't find anything" in (reply.choices[0].message.content or "")
    assert "Geology" in (reply.choices[0].message.content or "")
    assert api.server.service.backend.last_stats is before


def test_embeddings_are_the_library_models_own_vectors(
    make_api: Callable[..., RunningApi], library: Library, embedder: object
) -> None:
    api = make_api(LibraryDocuments(library))
    client = api.client()
    names = [m.id for m in client.models.list()]
    assert {"hisho-library", "all-MiniLM-L6-v2", "hisho-embedding"} <= set(names)
    texts = ["The blue whale eats krill.", "火山が噴火した。"]
    expected = embedder.embed(texts)  # type: ignore[attr-defined]
    for encoding in ({}, {"encoding_format": "float"}):  # the SDK asks for base64 unless told
        result = client.embeddings.create(model="hisho-embedding", input=texts, **encoding)
        assert [len(d.embedding) for d in result.data] == [384, 384]
        for got, want in zip(result.data, expected, strict=True):
            assert max(abs(a - b) for a, b in zip(got.embedding, want, strict=True)) < 1e-6
        assert math.isclose(sum(x * x for x in result.data[0].embedding), 1.0, rel_tol=1e-4)
    with pytest.raises(openai.NotFoundError):
        client.embeddings.create(model="text-embedding-3-small", input="x")
