"""A library whose vectors live on a real Chroma server (``chroma run`` on 127.0.0.1),
with real files and real embeddings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.errors import LibraryError
from engine.library.chroma_server import ChromaServer, _instrument, check_connection, endpoint
from engine.library.library import Library
from engine.library.types import FileStatus, JobState, Scope
from engine.storage.egress import EgressLog
from tests.chroma_server import chroma_run, chroma_with_token
from tests.engine.library.test_library import FACTS, run, write_files

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with chroma_run(tmp_path_factory.mktemp("chroma-server") / "db") as url:
        yield url


def server_library(folder: Path, embedder: object, server: ChromaServer) -> Library:
    return Library(folder, embedder, server=server)  # type: ignore[arg-type]


def test_files_indexed_on_the_server_are_found_from_a_second_hisho(
    chroma_url: str, embedder: object, tmp_path: Path
) -> None:
    server = ChromaServer(chroma_url, "team-docs")
    docs = write_files(tmp_path / "docs", FACTS)
    with server_library(tmp_path / "first", embedder, server) as first:
        steps = run(first.index([docs], "Team"))
        assert steps[-1].state is JobState.FINISHED
        assert {r.status for r in first.files("Team")} == {FileStatus.DONE}
        assert first.consistent()  # the manifest here and the collection there agree
        [best, *_] = first.search("Which animal is the largest ever?", Scope("Team"), k=3)
        assert best.name == "whales.md" and "blue whale" in best.text

    # Another Hisho, with no manifest of these files, pointed at the same collection.
    with server_library(tmp_path / "second", embedder, server) as second:
        assert second.files() == []
        found = second.search("stratovolcano", k=3)
        assert found[0].name == "volcano.txt"
        assert found[0].keyword_hit and "Mount Etna" in found[0].text
        assert found[0].library == "Team"
        yeast = second.search("Sourdough starter with wild yeast", k=1)
        assert yeast[0].name == "bread.html" and yeast[0].similarity is not None
        assert "never indexed" not in " ".join(p.text for p in second.search("secret", k=8))
        around = second.passage_context(found[0].chunk_id)
        assert [p.chunk_id for p in around] == [found[0].chunk_id]  # a one-chunk file
        whales = str(docs / "whales.md")
        assert all(p.path == whales for p in second.search("songs", Scope("Team", whales)))
        # "Use the whole document" reads the file from the server alone, too.
        [whole] = second.document(Scope("Team", whales))
        assert whole.path == whales and "blue whale" in whole.text
        assert second.document(Scope("Team", str(docs / "absent.md"))) == []


def test_keyword_search_on_the_server_ignores_case_and_reads_japanese(
    chroma_url: str, embedder: object, tmp_path: Path
) -> None:
    docs = write_files(
        tmp_path / "docs",
        {"tokyo.txt": "東京都の人口は約1400万人です。", "ETNA.txt": "MOUNT ETNA ERUPTS OFTEN."},
    )
    server = ChromaServer(chroma_url, "japanese")
    with server_library(tmp_path / "lib", embedder, server) as library:
        run(library.index([docs]))
    with server_library(tmp_path / "reader", embedder, server) as reader:
        assert reader.search("東京の人口は？", k=1)[0].name == "tokyo.txt"
        assert reader.search("etna", k=1)[0].name == "ETNA.txt"


def test_a_server_that_is_down_says_so_and_the_embedded_library_still_searches(
    embedder: object, tmp_path: Path
) -> None:
    docs = write_files(tmp_path / "docs", FACTS)
    with Library(tmp_path / "here", embedder) as here:  # type: ignore[arg-type]
        run(here.index([docs]))
    with chroma_run(tmp_path / "db") as url:
        server = ChromaServer(url, "gone-soon")
        remote = server_library(tmp_path / "remote", embedder, server)
        run(remote.index([docs], "Shared"))
        assert remote.search("krill", k=1)[0].name == "whales.md"
    try:
        with pytest.raises(LibraryError) as refused:
            remote.search("krill")
        assert f"The Chroma server at {url} isn't answering" in str(refused.value)
        with pytest.raises(LibraryError, match="isn't answering"):
            check_connection(server)
        with Library(tmp_path / "here", embedder) as here:  # type: ignore[arg-type]
            assert here.search("krill", k=1)[0].name == "whales.md"
    finally:
        remote.close()


def test_a_wrong_token_is_refused_with_a_clear_message(embedder: object, tmp_path: Path) -> None:
    docs = write_files(tmp_path / "docs", FACTS)
    with chroma_with_token(tmp_path / "db", "the-right-token") as url:
        for token in ("", "a-wrong-token"):
            with pytest.raises(LibraryError) as refused:
                check_connection(ChromaServer(url, "private", token))
            assert f"The Chroma server at {url} refused the token" in str(refused.value)
            wrong = server_library(tmp_path / f"wrong{token}", embedder,
                                   ChromaServer(url, "private", token))  # fmt: skip
            with wrong, pytest.raises(LibraryError, match="refused the token"):
                wrong.search("krill")
        server = ChromaServer(url, "private", "the-right-token")
        assert check_connection(server) == 0
        with server_library(tmp_path / "right", embedder, server) as right:
            run(right.index([docs]))
            assert right.search("krill", k=1)[0].name == "whales.md"
            chunks = right.manifest.chunk_count()
        assert chunks >= 3 and check_connection(server) == chunks


def test_another_models_collection_is_refused_not_mixed(
    chroma_url: str, embedder: object, tmp_path: Path
) -> None:
    import chromadb

    port = chroma_url.rsplit(":", 1)[1]
    client = chromadb.HttpClient(host="127.0.0.1", port=int(port))
    client.create_collection("other-model", metadata={"hisho_embedding_model": "bge-m3"})
    library = server_library(tmp_path / "lib", embedder, ChromaServer(chroma_url, "other-model"))
    with library, pytest.raises(LibraryError, match="holds vectors of bge-m3"):
        library.search("krill")


def test_addresses_plain_http_only_at_home_https_elsewhere() -> None:
    assert endpoint("127.0.0.1:8000") == ("http", "127.0.0.1", 8000)
    assert endpoint("localhost") == ("http", "localhost", 8000)
    assert endpoint("chroma.example.org") == ("https", "chroma.example.org", 443)
    assert endpoint("https://203.0.113.9:8443") == ("https", "203.0.113.9", 8443)
    assert endpoint("http://192.168.1.20:8000") == ("http", "192.168.1.20", 8000)
    with pytest.raises(LibraryError, match="only over https"):
        endpoint("http://8.8.8.8:8000")
    for bad in ("ftp://127.0.0.1", "http://", "http://127.0.0.1:8000/api/v2", "http://h:port"):
        with pytest.raises(LibraryError, match="must look like"):
            endpoint(bad)


def test_requests_to_a_server_elsewhere_go_in_the_egress_log(
    chroma_url: str, tmp_path: Path
) -> None:
    """The network guard lets tests reach this machine only, so the log's hook is put on
    a client of the real loopback server; ``connect`` puts it on every client of a
    server that is not on this computer (and on none here: loopback never leaves)."""
    import chromadb

    from engine.library.chroma_server import connect

    ledger = EgressLog(tmp_path / "egress.sqlite3")
    connect(ChromaServer(chroma_url, "logged"), ledger).heartbeat()
    assert ledger.entries() == []
    server = ChromaServer(chroma_url, "logged")
    client = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_url.rsplit(":", 1)[1]))
    _instrument(client, server, ledger)
    client.get_or_create_collection("logged").add(ids=["a"], embeddings=[[0.1, 0.2]])
    entries = ledger.entries()
    assert entries and {e.provider for e in entries} == {"Chroma server"}
    add = next(e for e in entries if e.purpose == "library add")
    assert add.model == "logged" and add.bytes_sent > 0 and add.outcome == "answered"
    assert add.host == chroma_url.removeprefix("http://")
