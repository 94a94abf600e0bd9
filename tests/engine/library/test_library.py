"""The document library with real parts: real files, real embeddings, real Chroma."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.errors import LibraryError
from engine.library.library import Library
from engine.library.scan import scan
from engine.library.types import FileStatus, IngestProgress, JobState, Scope
from tests.documents import make_pdf

pytestmark = pytest.mark.timeout(300)

FACTS = {
    "whales.md": "# Whales\n\nThe blue whale is the largest animal known to have ever existed. "
    "It feeds almost exclusively on krill.\n\n## Songs\n\nHumpback whales sing long, complex "
    "songs that travel great distances through the ocean.",
    "volcano.txt": "Mount Etna is an active stratovolcano on the east coast of Sicily. It is "
    "one of the most active volcanoes in the world and erupts frequently.",
    "bread.html": "<html><head><title>Baking bread</title><style>.x{}</style></head><body>"
    "<h1>Sourdough</h1><p>Sourdough bread is leavened by wild yeast and lactic acid bacteria "
    "kept alive in a starter.</p><script>var secret = 'never indexed';</script></body></html>",
}


def write_files(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(steps: Iterator[IngestProgress]) -> list[IngestProgress]:
    return list(steps)


@pytest.fixture()
def library(tmp_path: Path, embedder: object) -> Iterator[Library]:
    lib = Library(tmp_path / "library", embedder)  # type: ignore[arg-type]
    yield lib
    lib.close()


def test_index_a_folder_then_find_each_fact(library: Library, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "docs", FACTS)
    steps = run(library.index([folder], "Nature"))
    assert steps[-1].state is JobState.FINISHED
    assert steps[-1].files_done == steps[-1].files_total == 3
    records = {Path(r.path).name: r for r in library.files("Nature")}
    assert {r.status for r in records.values()} == {FileStatus.DONE}
    assert all(r.chunks >= 1 for r in records.values())
    assert library.consistent()

    best = library.search("What does the blue whale eat?", k=3)[0]
    assert best.name == "whales.md"
    assert "krill" in best.text
    assert best.similarity is not None and best.similarity > 0.3
    assert library.search("Which volcano erupts often in Sicily?")[0].name == "volcano.txt"
    assert library.search("How is sourdough leavened?")[0].name == "bread.html"
    # Script text is never indexed.
    assert not any("never indexed" in p.text for p in library.search("secret never indexed"))


def test_headings_are_recorded_with_each_chunk(library: Library, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "docs", {"whales.md": FACTS["whales.md"]})
    run(library.index([folder]))
    songs = library.search("humpback songs", k=1)[0]
    assert songs.heading == "Whales › Songs"


def test_pdf_answers_cite_the_right_page(library: Library, tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "manual.pdf",
        [
            ["Chapter one", "This manual explains how to install the heater."],
            ["Chapter two", "The vault access code is 4417 and it changes every March."],
            ["Chapter three", "Warranty terms last for two years from the date of purchase."],
        ],
    )
    run(library.index([pdf]))
    record = library.files()[0]
    assert record.status is FileStatus.DONE and record.pages == 3
    best = library.search("What is the vault access code?", k=3)[0]
    assert (best.name, best.page) == ("manual.pdf", 2)
    assert library.search("How long is the warranty?", k=1)[0].page == 3


def test_japanese_document_and_question(library: Library, tmp_path: Path) -> None:
    folder = write_files(
        tmp_path / "ja",
        {
            "fuji.txt": "富士山は静岡県と山梨県にまたがる活火山である。標高は3776メートルで、"
            "日本で最も高い山である。",
            "tea.txt": "緑茶は日本で広く飲まれている。静岡県は茶の生産量が多いことで知られる。",
        },
    )
    (folder / "sjis.txt").write_bytes(
        "京都は千年の都として知られる古い町です。".encode("shift_jis")
    )
    run(library.index([folder]))
    assert {r.status for r in library.files()} == {FileStatus.DONE}
    assert library.search("富士山の標高は何メートルですか", k=1)[0].name == "fuji.txt"
    assert library.search("京都は何として知られていますか", k=1)[0].name == "sjis.txt"


def test_two_kanji_words_and_half_width_forms_are_found(library: Library, tmp_path: Path) -> None:
    """Pairs of characters match what trigrams cannot: a two-kanji word alone, and
    half-width katakana asked in full width (NFKC on both sides)."""
    folder = write_files(
        tmp_path / "ja2",
        {
            "town.txt": "この町の人口は約五万人です。駅の近くに市場があります。",
            "menu.txt": "本日のﾗﾝﾁはｶﾚｰﾗｲｽです。",
            "park.txt": "公園には大きな池と古い桜の木があります。",
        },
    )
    run(library.index([folder]))
    manifest = library.manifest
    hits = manifest.keyword_search('"人口"', table="chunks_bigrams", limit=5, library=None,
                                   file_id=None)  # fmt: skip
    assert len(hits) == 1 and manifest.chunks_by_id(hits)[hits[0]].path.endswith("town.txt")
    assert library.search("人口", k=1)[0].name == "town.txt"
    assert library.search("カレーライス", k=1)[0].name == "menu.txt"


def test_an_older_manifest_gets_the_pair_index_on_open(tmp_path: Path) -> None:
    from engine.library.manifest import Manifest
    from engine.library.manifest_schema import MIGRATIONS
    from engine.storage.sqlite_store import SqliteStore

    path = tmp_path / "manifest.sqlite3"
    old = SqliteStore(path, MIGRATIONS[:1])  # as the first release wrote it
    with old._transaction() as db:
        db.execute("INSERT INTO libraries(name, created_at) VALUES ('L', 0)")
        db.execute(
            "INSERT INTO files(id, library, path, size, mtime, status, queued_at)"
            " VALUES (1, 'L', '/x/town.txt', 1, 0, 'done', 0)"
        )
        db.execute(
            "INSERT INTO chunks(chunk_id, file_id, seq, page, heading, start, end, context,"
            " text) VALUES ('c1', 1, 0, NULL, '', 0, 10, '', 'この町の人口は約五万人です。')"
        )
    old.close()
    manifest = Manifest(path)
    try:
        assert manifest.keyword_search('"人口"', table="chunks_bigrams", limit=5, library=None,
                                       file_id=None) == ["c1"]  # fmt: skip
        # The trigram index the first release wrote is gone (migration 3), triggers too.
        tables = {r["name"] for r in manifest._query("SELECT name FROM sqlite_master")}
        assert not {name for name in tables if name.startswith("chunks_grams")}
        assert {"chunks_words", "chunks_bigrams"} <= tables
    finally:
        manifest.close()


def test_scope_limits_the_search(library: Library, tmp_path: Path) -> None:
    run(library.index([write_files(tmp_path / "a", {"whales.md": FACTS["whales.md"]})], "A"))
    run(library.index([write_files(tmp_path / "b", {"volcano.txt": FACTS["volcano.txt"]})], "B"))
    in_b = library.search("blue whale krill", Scope(library="B"))
    assert in_b and {p.library for p in in_b} == {"B"}
    volcano = str(tmp_path / "b" / "volcano.txt")
    only = library.search("whale", Scope(path=volcano))
    assert {p.path for p in only} == {volcano}
    assert library.search("whale", Scope(path=str(tmp_path / "nope.txt"))) == []
    assert {i.name for i in library.libraries()} == {"A", "B"}


def test_unchanged_files_are_skipped_and_changed_ones_replaced(
    library: Library, tmp_path: Path
) -> None:
    folder = write_files(tmp_path / "docs", FACTS)
    run(library.index([folder]))
    before = {r.path: r for r in library.files()}
    # Nothing changed: nothing queued, and add() says where each file stands.
    assert {r.status for r in library.add([folder])} == {FileStatus.DONE}
    assert library.manifest.pending() == []
    # Touch without changing content: queued, hashed, and kept without re-embedding.
    volcano = folder / "volcano.txt"
    os.utime(volcano, (time.time() + 5, time.time() + 5))
    run(library.index([folder]))
    after = library.files()
    assert {r.path: r.indexed_at for r in after} == {p: r.indexed_at for p, r in before.items()}
    # Edit in place: new chunks replace the old ones, and the index agrees.
    volcano.write_text("Mount Etna last erupted with a lava fountain visible from Catania.")
    os.utime(volcano, (time.time() + 10, time.time() + 10))
    run(library.index([folder]))
    assert "Catania" in library.search("Where was the lava fountain visible from?")[0].text
    assert not any("stratovolcano" in p.text for p in library.search("stratovolcano Sicily"))
    assert library.consistent()


def test_bad_files_get_a_status_and_the_rest_is_indexed(library: Library, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "mixed", {"good.txt": FACTS["volcano.txt"]})
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    (folder / "notes.key").write_bytes(b"PK\x03\x04 not really")
    run(library.index([folder]))
    status = {Path(r.path).name: r for r in library.files()}
    assert status["good.txt"].status is FileStatus.DONE
    assert status["empty.txt"].status is FileStatus.EMPTY
    assert "No text found" in status["empty.txt"].error
    assert status["binary.txt"].status is FileStatus.FAILED and status["binary.txt"].error
    assert status["broken.pdf"].status is FileStatus.FAILED and status["broken.pdf"].error
    assert status["notes.key"].status is FileStatus.UNSUPPORTED
    assert library.search("Etna")[0].name == "good.txt"


def test_scan_stays_inside_the_folder(tmp_path: Path) -> None:
    outside = write_files(tmp_path / "outside", {"secret.txt": "outside the added folder"})
    folder = write_files(tmp_path / "added", {"inside.txt": "inside"})
    (folder / "escape.txt").symlink_to(outside / "secret.txt")
    (folder / "loop").symlink_to(folder)  # a folder link: never entered, so no loop
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    (folder / "inner-link.txt").symlink_to(folder / "inside.txt")  # same file twice
    os.mkfifo(folder / "pipe.txt")
    (folder / ".hidden.txt").write_text("hidden")
    found = sorted(p.name for p, _ in scan([folder]))
    assert found == ["inside.txt"]


def test_removed_files_and_libraries_leave_no_vectors(library: Library, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "docs", FACTS)
    run(library.index([folder], "Mine"))
    library.remove_path(folder / "whales.md")
    assert {Path(r.path).name for r in library.files()} == {"volcano.txt", "bread.html"}
    assert library.consistent()
    library.remove_library("Mine")
    assert library.files() == [] and library.vectors.count() == 0


def test_reconcile_follows_changes_made_while_closed(tmp_path: Path, embedder: object) -> None:
    folder = write_files(tmp_path / "docs", FACTS)
    with Library(tmp_path / "lib", embedder) as library:  # type: ignore[arg-type]
        run(library.index([folder]))
    (folder / "bread.html").unlink()
    (folder / "new.txt").write_text("Saturn's rings are made mostly of water ice.")
    with Library(tmp_path / "lib", embedder) as library:  # type: ignore[arg-type]
        queued = library.reconcile()
        assert [Path(r.path).name for r in queued] == ["new.txt"]
        run(library.ingest())
        assert {Path(r.path).name for r in library.files()} == {"whales.md", "volcano.txt",
                                                                "new.txt"}  # fmt: skip
        assert library.search("What are Saturn's rings made of?")[0].name == "new.txt"
        assert library.consistent()


def test_apply_changes_from_a_watcher(library: Library, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "docs", {"volcano.txt": FACTS["volcano.txt"]})
    run(library.index([folder]))
    (folder / "fresh.md").write_text("Penguins live almost exclusively in the Southern Hemisphere.")
    (folder / "volcano.txt").unlink()
    assert library.apply_changes({folder / "fresh.md"}, {folder / "volcano.txt"}) == 2
    run(library.ingest())
    assert [Path(r.path).name for r in library.files()] == ["fresh.md"]


def test_cancel_stops_and_forgets_files_never_indexed(library: Library, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "many", {f"doc{i}.txt": f"Document {i}. " * 30
                                             for i in range(12)})  # fmt: skip
    cancel = CancelToken()
    seen: list[IngestProgress] = []
    for step in library.index([folder], cancel=cancel):
        seen.append(step)
        if step.file is not None and step.file.status is FileStatus.INDEXING:
            cancel.cancel()  # while the first file is being read
    assert seen[-1].state is JobState.CANCELLED
    kept = library.files()
    assert kept and len(kept) < 12
    assert all(r.status in (FileStatus.DONE, FileStatus.EMPTY) for r in kept)
    assert library.manifest.pending() == []
    assert library.consistent()


def test_progress_reports_every_file_and_an_eta(library: Library, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "docs", {f"n{i}.txt": f"Note number {i} about topic {i}."
                                             for i in range(5)})  # fmt: skip
    steps = run(library.index([folder]))
    done_files = [s.file for s in steps if s.file and s.file.status is FileStatus.DONE]
    assert len(done_files) == 5
    assert any(s.file and s.file.status is FileStatus.INDEXING for s in steps)
    assert [s.files_done for s in steps] == sorted(s.files_done for s in steps)
    assert steps[-1].state is JobState.FINISHED and steps[-1].chunks_done >= 5


def test_one_writer_only(library: Library, embedder: object) -> None:
    with pytest.raises(LibraryError, match="Another Hisho"):
        Library(library.folder, embedder)  # type: ignore[arg-type]


def test_vector_index_rebuilds_from_the_manifest(library: Library, tmp_path: Path) -> None:
    run(library.index([write_files(tmp_path / "docs", FACTS)]))
    count = library.manifest.chunk_count()
    library.vectors.reset(library.embedder.name, library.embedder.dimension)  # index lost
    assert not library.consistent()
    steps = list(library.rebuild())
    assert steps[-1] == (count, count)
    assert library.consistent()
    assert library.search("blue whale krill")[0].name == "whales.md"


def test_missing_vectors_are_requeued_by_reconcile(library: Library, tmp_path: Path) -> None:
    run(library.index([write_files(tmp_path / "docs", FACTS)]))
    whales = next(r for r in library.files() if r.path.endswith("whales.md"))
    library.vectors.delete_file(whales.id)  # as if a crash lost them
    library.vectors.add(["orphan-1"], [[0.0] * library.embedder.dimension], [{"file_id": 999}])
    library.reconcile()
    assert "orphan-1" not in library.vectors.ids()
    assert [Path(r.path).name for r in library.manifest.pending()] == ["whales.md"]
    run(library.ingest())
    assert library.consistent()


def test_a_2_gb_file_is_capped_and_marked_partial(library: Library, tmp_path: Path) -> None:
    big = tmp_path / "huge.log"
    with big.open("w") as handle:
        handle.write("Boot sequence completed; the reactor coolant pump started at 06:14.\n" * 50)
    os.truncate(big, 2 * 1024**3)  # sparse: 2 GB on paper, little on disk
    run(library.index([big]))
    [record] = library.files()
    assert record.status is FileStatus.DONE and record.partial
    assert "64 MB" in record.error  # the note says how much was read
    assert library.search("When did the coolant pump start?")[0].name == "huge.log"


def test_unreadable_and_vanished_files(library: Library, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "docs", {"ok.txt": FACTS["volcano.txt"], "gone.txt": "x"})
    library.add([folder])
    (folder / "gone.txt").unlink()  # deleted after it was queued, before it was read
    run(library.ingest())
    assert [Path(r.path).name for r in library.files()] == ["ok.txt"]
    assert library.consistent()


def _damage_chroma(folder: Path) -> None:
    database = folder / "chroma" / "chroma.sqlite3"
    data = bytearray(database.read_bytes())
    data[0:8192] = b"\xee" * 8192  # the header and the first pages: "not a database"
    database.write_bytes(bytes(data))


@pytest.mark.parametrize("crashed", [False, True], ids=["closed cleanly", "after a crash"])
def test_a_damaged_vector_index_is_set_aside_and_rebuilt_from_the_manifest(
    tmp_path: Path, embedder: object, crashed: bool
) -> None:
    folder = tmp_path / "library"
    first = Library(folder, embedder)  # type: ignore[arg-type]
    run(first.index([write_files(tmp_path / "docs", FACTS)]))
    chunks = first.manifest.chunk_count()
    first.close()
    _damage_chroma(folder)
    if crashed:  # the last session never closed the index: it is probed in a child first
        (folder / "chroma.in-use").touch()
    library = Library(folder, embedder)  # type: ignore[arg-type]
    try:
        assert library.vectors.count() == 0  # a new, empty index
        assert library.damaged_index is not None
        aside, problem = library.damaged_index
        assert aside.name.startswith("chroma.damaged-") and (aside / "chroma.sqlite3").exists()
        assert problem
        steps = list(library.rebuild())
        assert steps[-1] == (chunks, chunks) and library.consistent()
        assert library.search("blue whale krill")[0].name == "whales.md"
    finally:
        library.close()
    assert not (folder / "chroma.in-use").exists()  # closed cleanly this time


def test_an_index_left_open_by_a_crash_but_intact_is_kept(tmp_path: Path, embedder: object) -> None:
    folder = tmp_path / "library"
    first = Library(folder, embedder)  # type: ignore[arg-type]
    run(first.index([write_files(tmp_path / "docs", FACTS)]))
    first.close()
    (folder / "chroma.in-use").touch()  # as after kill -9
    library = Library(folder, embedder)  # type: ignore[arg-type]
    try:
        assert library.vectors.count() > 0 and library.damaged_index is None
        assert library.consistent()
    finally:
        library.close()
