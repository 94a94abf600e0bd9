"""Every file of the shared messy-document corpus, through the guarded extractor.

``../shared/corpus`` holds 130 real files from other projects' test suites (see its
README and ``manifest.jsonl``), many damaged on purpose. Each row says whether the file
must be read (``parse``: no error, and the row's ``probe`` line must be in the text) or
refused (``reject``: an error with a message; ``password`` for encrypted PDFs). The
manifest was written when Hisho could not read OpenDocument or RTF and marks those
``reject``; Hisho reads them now, so they must be read, with the probes in
``NOW_READ``. One child process reads them all, with the
guard's limits, so a file that hangs or crashes shows as that file's failure.

Probes are compared after NFKC normalisation with all whitespace removed. An HTML
page's ``<title>`` is returned as ``Extracted.title``, not as body text, so the title
is searched too.
"""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from engine.errors import ExtractError
from engine.library.extract import extract
from engine.library.guard import ExtractorProcess
from engine.library.types import Extracted

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"

_HABIBI = (
    "WeasyPrint maps whole Arabic words to one glyph and the other glyphs of the word to "
    "empty strings in the ToUnicode CMap (<03f2> <>). PDFium outputs those glyphs as their "
    "codes ('ϲΒϴΒ˴'; FPDFText_HasUnicodeMapError flags four of the five, not '˴') and "
    "reverses the text the one glyph expands to ('يبيبَح' for 'حَبيبي'). pypdf and pdfminer "
    "read the CMap literally; no pypdfium2 API gives the raw mapping, so the probe cannot match."
)
#: Files whose probe PDFium (the only PDF engine Hisho may use) cannot produce. They are
#: still read without an error; only the probe check is expected to fail, and a strict
#: xfail reports it if a future PDFium gets them right.
PDFIUM_LIMITS = {
    "pdf/pypdfsamples__015-arabic__habibi.pdf": _HABIBI,
    "pdf/pypdfsamples__015-arabic__habibi-rotated.pdf": _HABIBI,
    "pdf/pypdfsamples__015-arabic__habibi-oneline-cmap.pdf": _HABIBI,
}


#: Files the manifest marks ``reject`` only because their kind was not read then, and
#: a line of each (checked by eye against the file) the extractor must now produce.
NOW_READ = {
    "odt/unstructured__fake.odt": "Lorem ipsum dolor sit amet.",
    "rtf/unstructured__fake-doc.rtf": "My first paragraph.",
}


def _rows() -> list[dict[str, Any]]:
    manifest = CORPUS / "manifest.jsonl"
    if not manifest.is_file():
        return []
    return [json.loads(line) for line in manifest.read_text("utf-8").splitlines() if line]


ROWS = _rows()
needs_corpus = pytest.mark.skipif(not ROWS, reason=f"the shared corpus is not at {CORPUS}")


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def seen_text(extracted: Extracted) -> str:
    return "\n".join([extracted.title, *(page.text for page in extracted.pages)])


def _encrypted(row: dict[str, Any]) -> bool:
    return "password" in row or "encrypted" in str(row.get("notes", "")).lower()


def check(row: dict[str, Any], outcome: Extracted | ExtractError) -> str:
    """'' if ``outcome`` is what the row expects, else what went wrong."""
    if row["file"] in NOW_READ:
        row = {**row, "expected": "parse", "expect_text": True, "probe": NOW_READ[row["file"]]}
    if row["expected"] == "reject":
        if not isinstance(outcome, ExtractError):
            return f"read ({len(seen_text(outcome))} chars) but must be refused"
        if not str(outcome).strip():
            return "refused without a message"
        if _encrypted(row) and outcome.reason != "password":
            return f"encrypted, but the reason is {outcome.reason!r}"
        return ""
    if isinstance(outcome, ExtractError):
        return f"refused ({outcome.reason}: {outcome})"
    probe = row.get("probe") or ""
    if row.get("expect_text") and probe and squeeze(probe) not in squeeze(seen_text(outcome)):
        return f"probe {probe[:60]!r} not in the text (starts {seen_text(outcome)[:80]!r})"
    return ""


def read(process: ExtractorProcess, path: Path) -> Extracted | ExtractError:
    try:
        return process.extract(path)
    except ExtractError as exc:
        return exc


@needs_corpus
def test_corpus_has_every_file_the_manifest_lists() -> None:
    assert len(ROWS) == 130
    missing = [row["file"] for row in ROWS if not (CORPUS / row["file"]).is_file()]
    assert missing == []


@needs_corpus
def test_every_corpus_file_is_read_or_refused_as_expected() -> None:
    failures: list[str] = []
    timings: list[tuple[float, str]] = []
    with ExtractorProcess(time_limit_s=60) as process:
        for row in ROWS:
            started = time.perf_counter()
            outcome = read(process, CORPUS / row["file"])
            timings.append((time.perf_counter() - started, row["file"]))
            if isinstance(outcome, ExtractError) and outcome.reason == "timeout":
                failures.append(f"{row['file']}: hung ({outcome})")
                continue
            problem = check(row, outcome)
            if problem and not (
                row["file"] in PDFIUM_LIMITS and not isinstance(outcome, ExtractError)
            ):
                failures.append(f"{row['file']}: {problem}")
    slowest = ", ".join(f"{name} {seconds:.2f}s" for seconds, name in sorted(timings)[-3:])
    print(f"\ncorpus: {len(ROWS)} files in {sum(s for s, _ in timings):.1f}s; slowest {slowest}")
    assert not failures, f"{len(failures)} corpus files failed:\n" + "\n".join(failures)


@needs_corpus
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason))
        for name, reason in PDFIUM_LIMITS.items()
    ],
)
def test_known_pdfium_limits(name: str) -> None:
    (row,) = [row for row in ROWS if row["file"] == name]

    assert check(row, extract(CORPUS / name)) == ""
