"""OCR of scanned pages and pictures, with the real engine (RapidOCR, PP-OCRv6) in the
real guarded child, on pages drawn from ../shared/eval text with a real font.

An OCR page takes 6–9 s on two cores, so the pages here are small and few; those tests
are marked slow. The hostile inputs are refused before any OCR runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.cli_common import source_line
from engine.errors import ExtractError
from engine.library.formats.ocr import text_layer_is_poor
from engine.library.guard import ExtractorProcess
from engine.library.library import Library
from engine.library.types import FileStatus
from engine.library.writer import NO_TEXT
from tests.documents import make_pdf, pdf_file
from tests.scans import (
    EVAL,
    cer,
    eval_text,
    font_path,
    japanese_run,
    page_image,
    save_pdf,
    vertical_image,
    wrap,
)

needs_font = pytest.mark.skipif(font_path() is None, reason="no Noto CJK font (scripts/setup.sh)")
needs_eval = pytest.mark.skipif(not EVAL.is_dir(), reason=f"the eval sets are not at {EVAL}")


def slow(test: Callable[..., None]) -> Callable[..., None]:
    """A test that runs real OCR (seconds a page): marked slow, with a longer timeout."""
    for mark in (pytest.mark.slow, pytest.mark.timeout(600), needs_font, needs_eval):
        test = mark(test)
    return test


@pytest.fixture()
def extractor(hisho_home: Path) -> Iterator[ExtractorProcess]:
    with ExtractorProcess() as process:
        yield process


def _lines(lang: str, document: str, chars: int) -> tuple[str, list[str]]:
    text = eval_text(lang, document, chars)
    return text, wrap(text, 60 if lang == "en" else 34, lang)


@slow
def test_english_and_japanese_pages_of_a_tiff_are_read_page_by_page(
    extractor: ExtractorProcess, tmp_path: Path
) -> None:
    english, en_lines = _lines("en", "Amazon_rainforest.txt", 420)
    japanese, ja_lines = _lines("ja", "CODEN.txt", 170)
    pages = [page_image(en_lines, size=(1654, 760)), page_image(ja_lines, size=(1654, 760))]
    path = tmp_path / "scan.tiff"
    pages[0].save(path, save_all=True, append_images=pages[1:])
    events: list[str] = []
    holds = iter([True, True, True])

    def held() -> bool:  # the job is paused for three looks between the two pages
        if "Reading page 1 of 2 (scanned)" in events and not events[-1].startswith(
            "Reading page 2"
        ):
            hold = next(holds, False)
            events.append("held" if hold else "released")
            return hold
        return False

    extracted = extractor.extract(
        path, progress=lambda _n, _t, message: events.append(message), held=held
    )

    assert extracted.kind == "image"
    assert [page.number for page in extracted.pages] == [1, 2]
    assert all(page.scanned for page in extracted.pages)
    assert cer(english, extracted.pages[0].text) < 0.03
    assert cer(japanese, extracted.pages[1].text) < 0.03
    assert events == [
        "Reading page 1 of 2 (scanned)",
        "held",
        "held",
        "held",
        "released",
        "Reading page 2 of 2 (scanned)",
    ]
    first = extracted.pages[0].lines[0]
    assert extracted.pages[0].text[first.start : first.end] == en_lines[0]
    left, top, width, height = first.region
    assert 0.05 < left < 0.1 and 0.1 < top < 0.25 and width > 0.5 and 0 < height < 0.1


@slow
def test_vertical_japanese_is_read_in_column_order(
    extractor: ExtractorProcess, tmp_path: Path
) -> None:
    japanese = japanese_run(eval_text("ja", "Debian.txt", 2000), 60)  # no Latin letters
    columns = [japanese[i : i + 15] for i in range(0, len(japanese), 15)]
    path = tmp_path / "tategaki.png"
    vertical_image(columns).save(path)

    (page,) = extractor.extract(path).pages

    assert cer(japanese, page.text) < 0.15


@slow
def test_a_scanned_page_is_indexed_and_its_source_says_scanned_page(
    tmp_path: Path, embedder: object, hisho_home: Path
) -> None:
    import pypdfium2 as pdfium

    typed = make_pdf(tmp_path / "typed.pdf", [["The lighthouse keeper logs every ship."]])
    scanned_lines = [
        "Harbour office notice.",
        "The ferry to Kanda Island leaves at 7:40",
        "every morning from pier four.",
    ]
    scanned = save_pdf(tmp_path / "scan-only.pdf", [page_image(scanned_lines, size=(1654, 700))])
    document = pdfium.PdfDocument(str(typed))
    document.import_pages(pdfium.PdfDocument(str(scanned)))
    folder = tmp_path / "docs"
    folder.mkdir()
    document.save(str(folder / "harbour.pdf"))
    document.close()
    library = Library(tmp_path / "library", embedder)  # type: ignore[arg-type]
    try:
        messages = [step.message for step in library.index([folder])]
        (record,) = library.files()
        found = library.search("When does the ferry to Kanda Island leave?", k=3)
        typed_found = library.search("Who logs every ship?", k=1)[0]
    finally:
        library.close()

    assert record.status is FileStatus.DONE and record.pages == 2
    assert "Reading page 2 of 2 (scanned)" in messages
    assert "Reading page 1 of 2 (scanned)" not in messages  # it has its text layer
    best = found[0]
    assert best.page == 2 and best.scanned and "7:40" in best.text
    assert best.regions and all(0 <= value <= 1 for region in best.regions for value in region)
    assert source_line(1, best).endswith("harbour.pdf, scanned page 2")
    assert not typed_found.scanned and typed_found.page == 1
    assert source_line(1, typed_found).endswith("harbour.pdf, page 1")


def _blank_pages_pdf(path: Path) -> Path:
    """Three pages: two with 0-byte content streams, one of no size at all."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 0 0] /Contents 6 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    path.write_bytes(pdf_file(objects))
    return path


def test_hostile_pictures_and_blank_pages_each_get_a_clear_status(
    tmp_path: Path, embedder: object, hisho_home: Path
) -> None:
    from PIL import Image

    folder = tmp_path / "docs"
    folder.mkdir()
    Image.new("1", (20_000, 20_000), 1).save(folder / "huge.png")
    good = Image.new("RGB", (400, 200), "white")
    good.save(folder / "photo.jpg", quality=90)
    data = (folder / "photo.jpg").read_bytes()
    (folder / "photo.jpg").write_bytes(data[: len(data) // 3])  # cut short, as a bad copy is
    _blank_pages_pdf(folder / "blank.pdf")
    (folder / "notes.txt").write_text("The spare key is under the blue flowerpot.", "utf-8")
    library = Library(tmp_path / "library", embedder)  # type: ignore[arg-type]
    try:
        started = time.monotonic()
        list(library.index([folder]))
        took = time.monotonic() - started
        records = {Path(r.path).name: r for r in library.files()}
        found = library.search("Where is the spare key?", k=1)[0]
    finally:
        library.close()

    assert records["huge.png"].status is FileStatus.FAILED
    assert records["huge.png"].error == (
        "This image is 20,000 × 20,000 pixels, more than Hisho reads (50 million). "
        "Save a smaller copy (at most about 7,000 × 7,000) and add that."
    )
    assert records["photo.jpg"].status is FileStatus.FAILED
    assert records["photo.jpg"].error.startswith("This image is damaged")
    assert records["blank.pdf"].status is FileStatus.EMPTY
    assert records["blank.pdf"].error == NO_TEXT
    assert records["notes.txt"].status is FileStatus.DONE
    assert found.name == "notes.txt"
    assert took < 120  # nothing here was handed to OCR (a page of it takes seconds)


def test_a_huge_picture_never_reaches_the_decoder(
    extractor: ExtractorProcess, tmp_path: Path
) -> None:
    from PIL import Image

    path = tmp_path / "wall.png"
    Image.new("1", (20_000, 20_000), 1).save(path)

    with pytest.raises(ExtractError) as caught:
        extractor.extract(path)

    assert caught.value.reason == "unsafe"
    assert "20,000 × 20,000 pixels" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "pictured", "poor"),
    [
        ("", False, True),  # drawn, but no text layer at all
        ("Second page", False, False),  # short, but real
        ("Fig. 3", True, True),  # a scan with a stray caption
        ("The harbour office opens at nine every morning.", True, False),
        ("@@ ## %% ^^ && ** !! ~~ ?? ++ == -- __ ;; :: ,,", False, True),
        ("Ã©tÃ© Ã  la plage, cafÃ© crÃ¨me et thÃ©", False, True),  # mojibake
        ("文献の機械検索に用いられる。定期刊行物の場合", True, False),
    ],
)
def test_a_poor_text_layer_is_told_apart(text: str, pictured: bool, poor: bool) -> None:
    assert text_layer_is_poor(text, pictured) is poor


def test_a_caption_beside_a_picture_is_kept_when_ocr_reads_less() -> None:
    """A page with "Test" over a picture goes to OCR (few letters beside a picture); when
    OCR reads less than the text layer had (a logo read as "■ _ 心"), the layer stays.
    The OCR step is a plain function here: what it returns is the case under test."""
    from engine.library.scanned import read_scanned
    from engine.library.types import Extracted, Page

    extracted = Extracted("pdf", (Page(1, "Test"), Page(2, "")), "t", scan=(1, 2))
    read = {1: Page(1, "■\n_\n心", scanned=True), 2: Page(2, "Invoice 1042", scanned=True)}
    pages = read_scanned(extracted, lambda _kind, number: read[number]).pages
    assert [(p.text, p.scanned) for p in pages] == [("Test", False), ("Invoice 1042", True)]
