"""Slides, spreadsheets, e-books, OpenDocument, RTF and mail, from files written here.

Each file is built part by part (``tests.office_files``) or byte by byte, so the test
says exactly what is inside; real files from the formats' own test suites are in
``test_formats_real.py`` and hostile ones in ``test_formats_hostile.py``. The chunker
runs with the real embedder's tokenizer where rows must stay whole.
"""

from __future__ import annotations

import email.message
from pathlib import Path
from typing import Any

import pytest

from engine.library.chunker import Chunker
from engine.library.extract import SUPPORTED, extract
from engine.library.types import Extracted, Page
from tests.office_files import cell, make_epub, make_odf, make_pptx, make_xlsx

STYLES = (
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts><numFmt numFmtId="164" formatCode="&quot;¥&quot;#,##0"/></numFmts>'
    '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="9"/>'
    "</cellXfs></styleSheet>"
)


def texts(extracted: Extracted) -> list[str]:
    return [page.text for page in extracted.pages]


def test_xlsx_rows_keep_their_column_headers_one_page_per_sheet(tmp_path: Path) -> None:
    invoices = [
        ["Invoice", "Customer", "Date", "Total"],
        [1042, "Sato", cell("C2", 45296, style=1), cell("D2", 12000, style=2)],
        [1043, "Ito", cell("C3", 45297, style=1), cell("D3", 980.5, style=2)],
    ]
    path = make_xlsx(
        tmp_path / "book.xlsx",
        {"Invoices": invoices, "Rates": [["Tax", cell("B1", 0.1, style=3)]], "Empty": []},
        styles=STYLES,
    )

    result = extract(path)

    assert result.kind == "xlsx"
    assert [(p.number, p.headings[0].title, p.rows) for p in result.pages] == [
        (1, "Invoices", True),
        (2, "Rates", True),
    ]
    assert result.pages[0].text.splitlines() == [
        "Invoice · Customer · Date · Total",
        "Invoice: 1042 · Customer: Sato · Date: 2024-01-05 · Total: ¥12,000",
        "Invoice: 1043 · Customer: Ito · Date: 2024-01-06 · Total: ¥981",
    ]
    assert result.pages[1].text == "Tax · 10%"


def test_xlsx_reads_formulas_as_their_saved_values_and_counts_those_without(
    tmp_path: Path,
) -> None:
    rows = [
        ["Item", "Price", "With tax"],
        ["Tea", 100, cell("C2", 110, formula="B2*1.1")],
        ["Rice", 300, cell("C3", None, formula="B3*1.1")],
    ]
    path = make_xlsx(tmp_path / "calc.xlsx", {"Sheet1": rows})

    result = extract(path)

    lines = result.pages[0].text.splitlines()
    assert lines[1] == "Item: Tea · Price: 100 · With tax: 110"
    assert lines[2] == "Item: Rice · Price: 300"
    assert result.partial
    assert "1 formulas were saved without their results" in result.note


def test_xlsx_shared_strings_and_title_rows(tmp_path: Path) -> None:
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="C3" t="s"><v>2</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>3</v></c><c r="C4"><v>7</v></c></row>'
        "</sheetData></worksheet>"
    )
    path = make_xlsx(
        tmp_path / "s.xlsx", {"在庫": sheet}, shared=["2024年 在庫表", "品名", "数量", "りんご"]
    )

    (page,) = extract(path).pages

    assert page.text.splitlines() == ["2024年 在庫表", "品名 · 数量", "品名: りんご · 数量: 7"]
    assert page.headings[0].title == "在庫"


def test_csv_and_tsv_rows_in_their_encoding(tmp_path: Path) -> None:
    csv_path = tmp_path / "sales.csv"
    csv_path.write_bytes('請求番号,顧客,合計\r\n1042,佐藤,"￥12,000"\r\n'.encode("cp932"))
    tsv_path = tmp_path / "sales.tsv"
    tsv_path.write_text("Name\tCity\nSato\tOsaka, Japan\n", encoding="utf-8")
    semicolons = tmp_path / "eu.csv"
    semicolons.write_text("Name;Amount\nMüller;12,50\n", encoding="utf-8")

    japanese, tabbed, european = extract(csv_path), extract(tsv_path), extract(semicolons)

    assert japanese.kind == "csv" and japanese.encoding == "cp932"
    assert japanese.pages[0].text.splitlines()[1] == "請求番号: 1042 · 顧客: 佐藤 · 合計: ￥12,000"
    assert tabbed.pages[0].text.splitlines()[1] == "Name: Sato · City: Osaka, Japan"
    assert european.pages[0].text.splitlines()[1] == "Name: Müller · Amount: 12,50"


def test_ods_rows_with_repeats(tmp_path: Path) -> None:
    body = (
        '<table:table table:name="Fees">'
        "<table:table-row><table:table-cell><text:p>Plan</text:p></table:table-cell>"
        "<table:table-cell><text:p>Fee</text:p></table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="2"><table:table-cell><text:p>Basic'
        '</text:p></table:table-cell><table:table-cell office:value="500"><text:p>¥500'
        "</text:p></table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row></table:table>'
    )

    result = extract(make_odf(tmp_path / "fees.ods", "ods", body))

    (page,) = result.pages
    assert page.headings[0].title == "Fees" and page.rows
    assert page.text.splitlines() == ["Plan · Fee", *["Plan: Basic · Fee: ¥500"] * 2]


def test_chunks_of_a_sheet_hold_whole_rows_with_their_headers(
    tmp_path: Path, embedder: Any
) -> None:
    header = ["Invoice", "Customer", "Note", "Total"]
    rows = [header] + [
        [1000 + n, f"Customer {n}", "Paid by Dr. Tanaka. See ledger p. 4.", f"¥{n * 100:,}"]
        for n in range(200)
    ]
    path = make_xlsx(tmp_path / "ledger.xlsx", {"Ledger": rows})
    wide = Page(1, " · ".join(f"Column {n}: value {n}" for n in range(120)), rows=True)
    chunker = Chunker(embedder.token_spans, 64, 16, min_tokens=24)

    chunks = chunker.chunk(extract(path).pages)
    wide_chunks = chunker.chunk([wide])

    lines = {line for chunk in chunks for line in chunk.text.splitlines()}
    assert {f"Invoice: {1000 + n} · Customer: Customer {n}" for n in range(200)} <= {
        line.split(" · Note")[0] for line in lines
    }
    for chunk in chunks:
        assert all(line.startswith(("Invoice", "Ledger")) for line in chunk.text.splitlines())
        assert chunk.heading == "Ledger"
    assert len(wide_chunks) > 1
    for chunk in wide_chunks:  # a row longer than a chunk is cut between cells only
        assert chunk.text.startswith("Column ")
        assert chunk.text.rstrip(" ·").split(" · ")[-1].split(": ")[1].startswith("value")


def test_pptx_one_page_per_slide_with_title_and_notes(tmp_path: Path) -> None:
    path = make_pptx(
        tmp_path / "deck.pptx",
        [
            ("Quarterly results", "Revenue rose 12%\nCosts fell", "Mention the new office"),
            ("", "A slide without a title", ""),
        ],
    )

    result = extract(path)

    assert result.kind == "pptx" and result.title == "Quarterly results"
    first, second = result.pages
    assert (first.number, [h.title for h in first.headings]) == (1, ["Quarterly results"])
    assert first.text == (
        "Quarterly results\nRevenue rose 12%\nCosts fell\nNotes:\nMention the new office"
    )
    assert (second.number, second.headings, second.text) == (2, (), "A slide without a title")


def test_odp_slides_odt_headings(tmp_path: Path) -> None:
    slides = (
        '<draw:page draw:name="page1"><draw:frame presentation:class="title"><draw:text-box>'
        "<text:p>Roadmap</text:p></draw:text-box></draw:frame><draw:frame><draw:text-box>"
        "<text:p>Ship in May</text:p></draw:text-box></draw:frame><presentation:notes>"
        '<draw:frame presentation:class="notes"><draw:text-box><text:p>Say why</text:p>'
        "</draw:text-box></draw:frame></presentation:notes></draw:page>"
    )
    text = (
        '<text:h text:outline-level="1">Minutes</text:h><text:p>We<text:s text:c="2"/>met.'
        '</text:p><text:h text:outline-level="2">Actions</text:h><text:list><text:list-item>'
        "<text:p>Buy tea</text:p></text:list-item></text:list>"
    )

    deck = extract(make_odf(tmp_path / "deck.odp", "odp", slides))
    notes = extract(make_odf(tmp_path / "notes.odt", "odt", text))

    (slide,) = deck.pages
    assert (slide.number, slide.headings[0].title) == (1, "Roadmap")
    assert slide.text == "Roadmap\nShip in May\nNotes:\nSay why"
    assert notes.pages[0].text == "Minutes\nWe  met.\nActions\nBuy tea"
    assert [(h.level, h.title) for h in notes.pages[0].headings] == [(1, "Minutes"), (2, "Actions")]
    assert notes.title == "Minutes"


def test_epub_chapters_are_pages_with_headings(tmp_path: Path) -> None:
    path = make_epub(
        tmp_path / "book.epub",
        ["<h1>Chapter One</h1><p>It was a dark night.</p>", "<p>No heading here.</p>", ""],
        title="The Book",
    )

    result = extract(path)

    assert result.kind == "epub" and result.title == "The Book"
    assert [(p.number, p.headings[0].title) for p in result.pages] == [
        (1, "Chapter One"),
        (2, "Chapter 1"),
    ]
    assert "It was a dark night." in result.pages[0].text


def test_rtf_in_shift_jis_with_unicode_escapes_and_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "memo.rtf"
    path.write_bytes(
        b"{\\rtf1\\ansi\\ansicpg932{\\fonttbl{\\f0\\fcharset128 MS Mincho;}}"
        b"{\\stylesheet{\\s1 heading 1;}}{\\info{\\title hidden}}"
        b"\\pard\\s1\\f0 \\'8c\\'8e\\'97\\'e1\\par"
        b"\\pard \\u26481?\\u20140? {\\*\\fldinst HYPERLINK}"
        b"{\\pict 0a0b0c}office\\par}"
    )

    result = extract(path)

    (page,) = result.pages
    assert page.text == "月例\n東京 office"
    assert [(h.level, h.title) for h in page.headings] == [(1, "月例")]


def _message(subject: str, body: str) -> email.message.EmailMessage:
    message = email.message.EmailMessage()
    message["From"] = "Sato Hanako <sato@example.com>"
    message["To"] = "ito@example.com"
    message["Date"] = "Fri, 05 Jan 2024 10:30:00 +0900"
    message["Subject"] = subject
    message.set_content(body)
    return message


def test_eml_headers_body_and_attachments_as_files(tmp_path: Path) -> None:
    message = _message("Invoice 1042", "Please find the invoice attached.")
    message.add_attachment(
        b"Invoice,Total\n1042,12000\n", maintype="text", subtype="csv", filename="invoice.csv"
    )
    message.add_attachment(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", filename="a.png")
    message.add_attachment(b"PK\x03\x04junk", maintype="application", subtype="zip",
                           filename="photos.zip")  # fmt: skip
    path = tmp_path / "mail.eml"
    path.write_bytes(message.as_bytes())

    result = extract(path)

    body, attachment = result.pages
    assert body.text.startswith("From: Sato Hanako <sato@example.com>\nTo: ito@example.com\n")
    assert body.text.endswith("Subject: Invoice 1042\n\nPlease find the invoice attached.")
    assert body.headings[0].title == "Invoice 1042 — Sato Hanako, 2024-01-05 10:30"
    assert attachment.rows and attachment.text.splitlines()[1] == "Invoice: 1042 · Total: 12000"
    assert [h.title for h in attachment.headings] == [body.headings[0].title, "invoice.csv"]
    assert result.title == "Invoice 1042"
    assert "photos.zip" in result.note and "a.png" not in result.note


def test_mbox_messages_in_order(tmp_path: Path) -> None:
    path = tmp_path / "Inbox"  # Thunderbird's folders have no extension
    with path.open("wb") as out:
        for n in range(3):
            out.write(b"From sato@example.com Fri Jan  5 10:30:00 2024\n")
            # a body line starting "From " that the writer did not quote as ">From "
            out.write(_message(f"Note {n}", f"From the start: body {n}\n").as_bytes())
            out.write(b"\n")

    result = extract(path)

    assert result.kind == "mbox"
    assert [p.headings[0].title.split(" — ")[0] for p in result.pages] == [
        "Note 0",
        "Note 1",
        "Note 2",
    ]
    assert "From the start: body 1" in result.pages[1].text


def test_a_zip_is_read_as_what_its_parts_say(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "renamed.docx", {"Data": [["Key", "Value"], ["a", 1]]})

    result = extract(path)

    assert result.kind == "xlsx"
    assert result.pages[0].text.splitlines()[1] == "Key: a · Value: 1"


@pytest.mark.parametrize(
    "suffix",
    [".pptx", ".xlsx", ".xlsm", ".ods", ".odp", ".odt", ".epub", ".rtf", ".csv", ".tsv",
     ".eml", ".mbox", ".msg"],
)  # fmt: skip
def test_new_kinds_are_listed_as_supported(suffix: str) -> None:
    assert suffix in SUPPORTED
