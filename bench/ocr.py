"""OCR through Hisho against the raw engine on the same pages: character error rate
(English, Japanese; clean pages and scan-like copies) and pages per second.

Pages are A4 at 200 dpi, drawn from ../shared/eval text with Noto Sans CJK
(``tests/scans.py``); the scan-like copy is grey, tilted 0.6°, blurred and speckled.
Each page is read two ways in the same run, alternating:

- **Hisho**: the page saved as an image-only PDF (what a scanner writes) and read with
  ``ExtractorProcess.extract``: the guarded child finds no text layer, PDFium draws the
  page at 200 dpi, OCR reads it in a request of its own (time and memory caps), lines
  come back in reading order with their regions;
- **raw**: ``RapidOCR`` called in this process on the page's pixels, with the same
  settings (PP-OCRv6 models from the wheel, line-direction classifier off).

``ratio`` is Hisho's pages/s ÷ the raw engine's (Hisho's overhead: drawing the page,
the child, JSON). The first page of each side warms its engine and is not timed.
The last stdout line is one JSON object; progress goes to stderr.

    HISHO_SHARED=/path/to/shared .venv/bin/python bench/ocr.py [--pages 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import emit, isolated_home, log, median, rounded
from _library import REPO  # noqa: F401  (puts the repo on sys.path)

from engine.library.guard import ExtractorProcess
from tests.scans import EVAL, cer, eval_text, font_path, page_image, save_pdf, scan_like, wrap

DOCUMENTS = {
    "en": ["Amazon_rainforest.txt", "1973_oil_crisis.txt", "American_Broadcasting_Company.txt"],
    "ja": ["CODEN.txt", "Debian.txt", "Google_検索.txt"],
}
GOALS = {"cer_en_max": 0.01, "cer_ja_max": 0.02, "ratio_min": 0.9}


def _pages(count: int) -> list[tuple[str, str, str, Any]]:
    """(lang, style, reference text, image) for ``count`` documents of each language."""
    pages = []
    for lang, documents in DOCUMENTS.items():
        for document in documents[:count]:
            text = eval_text(lang, document, 1400 if lang == "en" else 900)
            image = page_image(wrap(text, 70 if lang == "en" else 38, lang))
            pages.append((lang, "clean", text, image))
            pages.append((lang, "scan", text, scan_like(image)))
    return pages


def _raw_engine() -> Any:
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error"})


def _read_raw(engine: Any, image: Any) -> str:
    import numpy

    result = engine(numpy.asarray(image.convert("RGB")))
    return "\n".join(str(t) for t in (result.txts or ()))


def run(count: int) -> dict[str, Any]:
    pages = _pages(count)
    engine = _raw_engine()
    folder = Path(tempfile.mkdtemp(prefix="hisho-bench-ocr-"))
    rows: list[dict[str, Any]] = []
    with ExtractorProcess() as hisho:
        warm = save_pdf(folder / "warm.pdf", [pages[0][3]])
        hisho.extract(warm)
        _read_raw(engine, pages[0][3])
        for index, (lang, style, text, image) in enumerate(pages):
            path = save_pdf(folder / f"page{index}.pdf", [image])
            started = time.perf_counter()
            read = "".join(page.text for page in hisho.extract(path).pages)
            hisho_s = time.perf_counter() - started
            started = time.perf_counter()
            raw = _read_raw(engine, image)
            raw_s = time.perf_counter() - started
            row = {
                "lang": lang, "style": style, "hisho_s": rounded(hisho_s, 2),
                "raw_s": rounded(raw_s, 2), "hisho_cer": rounded(cer(text, read)),
                "raw_cer": rounded(cer(text, raw)),
            }  # fmt: skip
            log(str(row))
            rows.append(row)
    return _summary(rows)


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def cer_of(lang: str, style: str, key: str) -> float:
        return rounded(median([r[key] for r in rows if r["lang"] == lang and r["style"] == style]))

    hisho_pps = len(rows) / sum(r["hisho_s"] for r in rows)
    raw_pps = len(rows) / sum(r["raw_s"] for r in rows)
    result: dict[str, Any] = {
        "bench": "ocr",
        "pages": len(rows),
        "hisho_pages_per_s": rounded(hisho_pps, 3),
        "raw_pages_per_s": rounded(raw_pps, 3),
        "ratio": rounded(hisho_pps / raw_pps, 3),
    }
    for lang in DOCUMENTS:
        for style in ("clean", "scan"):
            result[f"cer_{lang}_{style}"] = cer_of(lang, style, "hisho_cer")
            result[f"raw_cer_{lang}_{style}"] = cer_of(lang, style, "raw_cer")
    worst_en = max(result["cer_en_clean"], result["cer_en_scan"])
    worst_ja = max(result["cer_ja_clean"], result["cer_ja_scan"])
    result["goals"] = {
        "cer_en": worst_en <= GOALS["cer_en_max"],
        "cer_ja": worst_ja <= GOALS["cer_ja_max"],
        "ratio": result["ratio"] >= GOALS["ratio_min"],
    }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1, help="documents per language (≤ 3)")
    args = parser.parse_args()
    if font_path() is None or not EVAL.is_dir():
        emit({"bench": "ocr", "skipped": f"needs Noto CJK and the eval sets at {EVAL}"})
        return 0
    with isolated_home():
        emit(run(max(1, min(args.pages, 3))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
