"""Hostile and huge files of the new kinds: each gets a clear status and nothing else
is lost.

Zip bombs and XML entity attacks in every zip-based format; a million-row CSV and a
1 GB mailbox (written sparse, so the test is quick) read by the real guarded child
under a memory limit far below their size; a mail nested 20 levels deep; workbooks of
formulas saved without their results. Then all of them with a good file in one
library: every file settles with its status and the good one is found.
"""

from __future__ import annotations

import base64
import email.message
import os
import random
import time
from pathlib import Path

import pytest

from engine.errors import ExtractError
from engine.library.deadline import reading_until
from engine.library.extract import extract
from engine.library.guard import ExtractorProcess
from engine.library.library import Library
from engine.library.types import FileStatus
from tests.office_files import (
    ODF_NS,
    SHEET,
    cell,
    make_epub,
    make_odf,
    make_pptx,
    make_xlsx,
    write_zip,
)

PADDING = " " * (8 * 2**20)  # 8 MB of spaces deflate to ~8 KB: 1000:1
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

#: Real files from the formats' own test suites, beside the checkout (not in it).
SHARED_FORMATS = Path(__file__).resolve().parents[3].parent / "shared" / "formats"


def _reason(path: Path) -> tuple[str, str]:
    with pytest.raises(ExtractError) as caught:
        extract(path)
    return caught.value.reason, str(caught.value)


def _sheet(rows: str, head: str = "", tail: str = "") -> str:
    return f'{head}<worksheet xmlns="{SHEET}"><sheetData>{rows}</sheetData>{tail}</worksheet>'


def _odt(body: str, head: str = "", tail: str = "") -> str:
    return (
        f'<?xml version="1.0"?>{head}<office:document-content {ODF_NS}><office:body>'
        f"<office:text><text:p>{body}</text:p></office:text></office:body>{tail}"
        "</office:document-content>"
    )


def _hostile(tmp_path: Path, kind: str, head: str = "", body: str = "hi", tail: str = "") -> Path:
    """A file of ``kind`` whose main XML part carries ``head`` (a DTD), ``body`` (an
    entity reference) and ``tail`` (padding)."""
    path = tmp_path / f"hostile.{kind}"
    if kind == "xlsx":
        row = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{body}</t></is></c></row>'
        return make_xlsx(path, {"S": _sheet(row, head, tail)})
    if kind == "pptx":
        make_pptx(path, [("Title", "x", "")])
        return _replace(path, "ppt/slides/slide1.xml", lambda xml: head + xml.replace(
            "<a:t>x</a:t>", f"<a:t>{body}</a:t>{tail}"))  # fmt: skip
    if kind in ("odt", "ods", "odp"):
        return make_odf(path, kind, "", content=_odt(body, head, tail))
    make_epub(path, ["<p>chapter</p>"])
    return _replace(path, "OEBPS/book.opf", lambda xml: head + xml.replace(
        "A Book", body).replace("</package>", f"{tail}</package>"))  # fmt: skip


def _replace(path: Path, part: str, change: object) -> Path:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts: dict[str, str | bytes] = {n: archive.read(n) for n in archive.namelist()}
    parts[part] = change(parts[part].decode("utf-8", "replace"))  # type: ignore[operator, union-attr]
    return write_zip(path, parts)


KINDS = ["xlsx", "pptx", "ods", "odp", "odt", "epub"]


@pytest.mark.parametrize("kind", KINDS)
def test_zip_bomb_is_refused_in_every_zip_format(tmp_path: Path, kind: str) -> None:
    reason, message = _reason(_hostile(tmp_path, kind, tail=PADDING))

    assert reason == "unsafe"
    assert "zip bomb" in message


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("attack", ["laughs", "xxe"])
def test_xml_entities_are_refused_in_every_zip_format(
    tmp_path: Path, kind: str, attack: str
) -> None:
    head, body = (LAUGHS, "&lol3;") if attack == "laughs" else (XXE, "&xxe;")

    reason, message = _reason(_hostile(tmp_path, kind, head, body))

    assert reason == "unsafe"
    assert "DTD" in message


@pytest.mark.parametrize("disguise", ["long comment", "utf-16"])
def test_a_streamed_sheet_cannot_hide_its_dtd(tmp_path: Path, disguise: str) -> None:
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
    if disguise == "long comment":  # pushes the DTD past the first bytes read
        noise = base64.b64encode(os.urandom(2**21)).decode()  # does not compress: no bomb
        xml: str | bytes = _sheet(row, f"<!--{noise}-->{LAUGHS}")
    else:
        xml = ('<?xml version="1.0" encoding="UTF-16"?>' + _sheet(row, LAUGHS)).encode("utf-16")
    path = make_xlsx(tmp_path / "hidden.xlsx", {"S": "<placeholder/>"})
    path = _replace(path, "xl/worksheets/sheet1.xml", lambda _: xml)

    reason, message = _reason(path)

    assert reason == "unsafe" and "DTD" in message


def test_entities_in_an_epub_chapter_are_never_expanded(tmp_path: Path) -> None:
    path = make_epub(tmp_path / "book.epub", ["<p>safe &xxe; text</p>"])
    path = _replace(path, "OEBPS/c0.xhtml", lambda xml: xml.replace("<html", XXE + "<html", 1))

    text = extract(path).pages[0].text

    assert "safe" in text and "root:" not in text


def test_a_million_row_csv_is_streamed_under_the_time_and_memory_limits(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("id,customer,amount\n")
        for start in range(0, 1_000_000, 100_000):
            out.write("".join(f"{n},c{n},{n % 997}\n" for n in range(start, start + 100_000)))

    with ExtractorProcess(time_limit_s=60, memory_limit_bytes=1024 * 2**20) as whole:
        started = time.monotonic()
        result = whole.extract(path)
        seconds = time.monotonic() - started
    with ExtractorProcess(time_limit_s=60, max_bytes=4 * 2**20) as capped:
        cut = capped.extract(path)

    lines = result.pages[0].text.splitlines()
    assert len(lines) == 1_000_001 and not result.partial
    assert lines[-1] == "id: 999999 · customer: c999999 · amount: 999999"[:-6] + str(999999 % 997)
    assert seconds < 60
    assert cut.partial and "only the first" in cut.note
    assert len(cut.pages[0].text) <= 4 * 2**20


def test_a_sheet_too_slow_to_read_whole_ends_with_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "sparse.csv"  # a million rows of 60 cells, all but one empty
    blank = "," * 60
    with path.open("w", encoding="utf-8") as out:
        out.write(blank + "note\n")
        for start in range(0, 1_000_000, 100_000):
            out.write("".join(f"{blank}row {n}\n" for n in range(start, start + 100_000)))

    with ExtractorProcess(time_limit_s=5) as child:  # stops streaming at 3.5 s
        result = child.extract(path)

    lines = result.pages[0].text.splitlines()
    assert result.partial and "in the time it gives one file" in result.note
    assert 0 < len(lines) < 1_000_001 and lines[-1].startswith("row ")  # one-cell rows: values


def test_streaming_readers_stop_at_the_files_deadline(tmp_path: Path) -> None:
    sheet = tmp_path / "rows.csv"
    sheet.write_text("n,square\n" + "".join(f"{n},{n * n}\n" for n in range(5000)))
    mailbox = tmp_path / "box.mbox"
    mailbox.write_bytes(b"".join(
        b"From a@example.com Mon Jan  1 09:00:00 2024\n" + _mail(f"m{n}", "hi").as_bytes()
        for n in range(5)
    ))  # fmt: skip

    with reading_until(time.monotonic()):  # already past: stop at the first check
        rows, mails = extract(sheet), extract(mailbox)

    assert rows.partial and len(rows.pages[0].text.splitlines()) == 255
    assert "in the time it gives one file" in rows.note
    assert mails.partial and "the first 0 messages were read" in mails.note


def _mail(subject: str, body: str) -> email.message.EmailMessage:
    message = email.message.EmailMessage()
    message["From"] = "a@example.com"
    message["Subject"] = subject
    message["Date"] = "Mon, 01 Jan 2024 09:00:00 +0000"
    message.set_content(body)
    return message


def test_mail_nested_20_levels_reads_five_and_says_so(tmp_path: Path) -> None:
    inner = _mail("level 20", "the innermost secret")
    for level in range(19, 0, -1):
        outer = _mail(f"level {level}", f"body {level}")
        outer.add_attachment(inner)
        inner = outer
    path = tmp_path / "nested.eml"
    path.write_bytes(inner.as_bytes())

    with ExtractorProcess(time_limit_s=30) as process:
        result = process.extract(path)

    assert [p.text.rsplit("\n", 1)[-1] for p in result.pages] == [f"body {n}" for n in range(1, 7)]
    assert result.partial and "nested more than 5 levels" in result.note
    assert "innermost" not in "".join(p.text for p in result.pages)


def test_a_1_gb_mailbox_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "archive.mbox"
    with path.open("wb") as out:
        for n in range(3):
            out.write(b"From a@example.com Mon Jan  1 09:00:00 2024\n")
            out.write(_mail(f"early {n}", f"early body {n}").as_bytes() + b"\n")
        out.seek(2**30)  # a sparse gigabyte
        for n in range(2):
            out.write(b"\nFrom a@example.com Mon Jan  1 09:00:00 2024\n")
            out.write(_mail(f"late {n}", f"late body {n}").as_bytes() + b"\n")
    assert path.stat().st_size > 2**30

    with ExtractorProcess(time_limit_s=60, memory_limit_bytes=512 * 2**20) as process:
        result = process.extract(path)

    subjects = [p.headings[0].title.split(" — ")[0] for p in result.pages]
    assert subjects == ["early 0", "early 1", "early 2", "late 0", "late 1"]


def test_workbook_of_formulas_without_saved_results(tmp_path: Path) -> None:
    rows = [[cell(f"{c}{r}", None, formula=f"RAND()*{r}") for c in "ABC"] for r in range(1, 50)]
    only = make_xlsx(tmp_path / "only.xlsx", {"S": rows})
    headed = make_xlsx(tmp_path / "headed.xlsx", {"S": [["Price", "Tax"], *rows]})

    reason, message = _reason(only)
    result = extract(headed)

    assert reason == "empty" and "saved without their results" in message
    assert result.pages[0].text == "Price · Tax"
    assert result.partial and "147 formulas were saved without their results" in result.note


def test_hostile_files_settle_and_the_rest_is_indexed(tmp_path: Path, embedder: object) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    _hostile(folder, "xlsx", tail=PADDING).rename(folder / "bomb.xlsx")
    _hostile(folder, "pptx", LAUGHS, "&lol3;").rename(folder / "laughs.pptx")
    make_xlsx(folder / "formulas.xlsx", {"S": [[cell("A1", None, formula="NOW()")]]})
    (folder / "cut.ods").write_bytes(b"PK\x03\x04" + b"\0" * 64)
    make_xlsx(folder / "good.xlsx", {"Stock": [["Item", "Count"], ["lanterns", 12]]})

    with Library(tmp_path / "library", embedder) as library:  # type: ignore[arg-type]
        list(library.index([folder]))
        status = {Path(r.path).name: r for r in library.files()}
        found = library.search("How many lanterns are in stock?", k=1)

    assert status["good.xlsx"].status is FileStatus.DONE
    assert found and found[0].name == "good.xlsx" and "Count: 12" in found[0].text
    expected = {"bomb.xlsx": "zip bomb", "laughs.pptx": "DTD",
                "formulas.xlsx": "without their results", "cut.ods": "damaged"}  # fmt: skip
    for name, words in expected.items():
        assert status[name].status is FileStatus.FAILED, name
        assert words in status[name].error, (name, status[name].error)


@pytest.mark.skipif(not SHARED_FORMATS.is_dir(), reason="../shared/formats is not here")
def test_outlook_messages_with_random_damage_are_read_or_refused(tmp_path: Path) -> None:
    sound = SHARED_FORMATS / "poi__attachment_msg_pdf.msg"  # Apache POI's test data
    original = sound.read_bytes()
    pick = random.Random(5)
    outcomes = {"read": 0, "refused": 0}
    for _ in range(150):
        data = bytearray(original)
        for _ in range(pick.randint(1, 8)):  # mostly the header, allocation table, directory
            at = pick.randrange(4096) if pick.random() < 0.7 else pick.randrange(len(data))
            data[at] = pick.randrange(256)
        path = tmp_path / "damaged.msg"
        path.write_bytes(bytes(data))
        try:
            extract(path)
            outcomes["read"] += 1
        except ExtractError as exc:
            assert exc.reason == "corrupt" and str(exc)
            outcomes["refused"] += 1

    assert outcomes["read"] and outcomes["refused"]
