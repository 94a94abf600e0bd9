"""`hisho index / search / library / extract / ask --library` from a terminal, for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.desktop.test_cli import hisho
from tests.documents import make_pdf, report_pages
from tests.office_files import make_xlsx

pytestmark = pytest.mark.timeout(600)


@pytest.fixture()
def documents(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    make_pdf(folder / "report.pdf", report_pages())
    (folder / "recipe.md").write_text(
        "# Pancakes\n\nMix flour, two eggs and milk; rest the batter for ten minutes.\n"
    )
    (folder / "slides.key").write_bytes(b"PK\x03\x04key")
    return folder


def test_index_search_list_and_remove(documents: Path, tmp_path: Path) -> None:
    indexed = hisho("index", str(documents), "--library", "Home", "--json")
    assert indexed.returncode == 1, indexed.stderr  # one file could not be read
    result = json.loads(indexed.stdout.strip().splitlines()[-1])
    status = {Path(f["path"]).name: f for f in result["files"]}
    assert status["report.pdf"]["status"] == "done" and status["report.pdf"]["pages"] == 3
    assert status["recipe.md"]["status"] == "done"
    assert status["slides.key"]["status"] == "unsupported" and status["slides.key"]["error"]
    assert result["indexed"] == 2 and result["failed"] == 1

    found = hisho("search", "What is the new lamp called?", "--library", "Home", "-k", "2",
                  "--json")  # fmt: skip
    assert found.returncode == 0, found.stderr
    best = json.loads(found.stdout)["results"][0]
    assert (Path(best["path"]).name, best["page"]) == ("report.pdf", 2)
    assert "Aurelia" in best["text"]

    queries = tmp_path / "queries.txt"
    queries.write_text("How long does the batter rest?\nWho paid for the repairs?\n")
    batch = hisho("search", "--queries", str(queries), "--json", "-k", "1")
    lines = [json.loads(line) for line in batch.stdout.splitlines()]
    assert [Path(q["results"][0]["path"]).name for q in lines] == ["recipe.md", "report.pdf"]

    listed = json.loads(hisho("library", "list", "--json").stdout)
    assert [(i["name"], i["files"], i["failed"]) for i in listed] == [("Home", 3, 1)]
    assert hisho("library", "remove", "Home").returncode == 0
    assert json.loads(hisho("library", "list", "--json").stdout) == []


def test_ask_with_a_library_answers_with_sources(documents: Path) -> None:
    assert hisho("index", str(documents / "report.pdf"), "--library", "Work").returncode == 0
    asked = hisho("ask", "What is the name of the new lamp?", "--library", "Work", "--json",
                  "--temperature", "0", "--max-tokens", "40")  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["sources"] and answer["sources"][0]["page"] == 2
    # Whatever the small model wrote, it was checked, and the evidence under it is the
    # sentence that names the lamp, on page 2, its answer words (or failing those the
    # question's) marked.
    check = answer["check"]
    assert check["sentences"] or answer["answer"].strip()
    key = check["key_sentence"]
    assert "Aurelia" in key["text"] and key["page"] == 2
    assert "Aurelia" in key["marked"] or "lamp" in key["marked"]


def test_extract_prints_the_text_per_page(documents: Path) -> None:
    shown = hisho("extract", str(documents / "report.pdf"))
    assert shown.returncode == 0, shown.stderr
    assert "--- page 2 ---" in shown.stdout and "Aurelia" in shown.stdout
    workbook = make_xlsx(documents / "stock.xlsx", {"Stock": [["Item", "Count"], ["lamps", 12]]})
    sheet = hisho("extract", str(workbook))
    assert sheet.returncode == 0, sheet.stderr
    assert "--- page 1: Stock ---\nItem · Count\nItem: lamps · Count: 12" in sheet.stdout
    refused = hisho("extract", str(documents / "slides.key"))
    assert refused.returncode == 1 and "can't read" in refused.stderr


def test_summarize_a_file_twice_the_second_time_from_the_cache(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "report.pdf", report_pages())
    first = hisho("summarize", str(pdf), "--length", "brief", "--json")
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout)
    assert result["summary"].strip() and result["length"] == "brief"
    assert result["language"] == "en" and result["model_calls"] == 1
    assert result["cached_calls"] == 0
    assert all(p["pages"] == [[1, 3]] for p in result["points"])
    assert "Writing the summary" in first.stderr
    again = json.loads(hisho("summarize", str(pdf), "--length", "brief", "--json").stdout)
    assert again["cached_calls"] == 1 and again["summary"] == result["summary"]
    plain = hisho("summarize", str(pdf), "--length", "brief")
    assert plain.stdout.rstrip().endswith(f"[1] {pdf}, pages 1–3")


def test_summarize_says_why_it_cannot(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    failed = hisho("summarize", str(empty))
    assert failed.returncode == 1
    assert "hisho:" in failed.stderr and "empty.txt" in failed.stderr
